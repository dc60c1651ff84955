package crisis

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
)

// The thresholds from the issue, on the whole corpus: recall on intent
// sentences (an intent sentence counts as found when it raises an alert,
// level concern or higher) and precision of the alert.
const (
	minIntentRecall = 0.9
	minPrecision    = 0.8
)

type example struct {
	line int
	want Level
	lang string
	text string
	part int // 0 before any marker, 1 after "=== held-out", 2 after "=== held-out 2"
}

// The parts of the corpus. The first held-out part was measured once in
// the first round and has been tuned on since the second; held-out 2 was
// written before the second round of tuning and never tuned on.
const (
	partTuning   = 0
	partHeldOut1 = 1
	partHeldOut2 = 2
)

func readCorpus(t testing.TB) []example {
	f, err := os.Open("testdata/corpus.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []example
	sc := bufio.NewScanner(f)
	part := partTuning
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "# === held-out 2"):
			part = partHeldOut2
		case strings.HasPrefix(line, "# === held-out"):
			part = partHeldOut1
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.SplitN(line, "\t", 3)
		if len(cols) != 3 {
			t.Fatalf("corpus.tsv:%d: want 3 tab-separated columns", n)
		}
		var want Level
		if err := want.UnmarshalText([]byte(cols[0])); err != nil {
			t.Fatalf("corpus.tsv:%d: %v", n, err)
		}
		if cols[1] != "nb" && cols[1] != "en" {
			t.Fatalf("corpus.tsv:%d: unknown language %q", n, cols[1])
		}
		out = append(out, example{n, want, cols[1], cols[2], part})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// score holds the counts for one part of the corpus.
type score struct {
	n         int
	confusion [3][3]int // [want][got]
}

func (s *score) add(want, got Level) {
	s.n++
	s.confusion[want][got]++
}

// alert counts: an alert is any level from concern up.
func (s *score) alert() (tp, fp, fn int) {
	for w := None; w <= Intent; w++ {
		for g := None; g <= Intent; g++ {
			c := s.confusion[w][g]
			switch {
			case w > None && g > None:
				tp += c
			case g > None:
				fp += c
			case w > None:
				fn += c
			}
		}
	}
	return
}

func (s *score) precision() float64 {
	tp, fp, _ := s.alert()
	return ratio(tp, tp+fp)
}

func (s *score) recall() float64 {
	tp, _, fn := s.alert()
	return ratio(tp, tp+fn)
}

// levelRecall is the share of sentences labelled want that got an alert
// (exact false) or exactly their level (exact true).
func (s *score) levelRecall(want Level, exact bool) float64 {
	row := s.confusion[want]
	hit := row[Concern] + row[Intent]
	if exact {
		hit = row[want]
	}
	return ratio(hit, row[None]+row[Concern]+row[Intent])
}

func (s *score) count(want Level) int {
	row := s.confusion[want]
	return row[None] + row[Concern] + row[Intent]
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// TestCorpus checks the detector on the labelled corpus and fails below
// the thresholds. Run with -v to see the tables (Markdown, as in
// docs/crisis-detection.md) and every sentence that got another level
// than its label:
//
//	go test ./internal/crisis -run Corpus -v
func TestCorpus(t *testing.T) {
	examples := readCorpus(t)
	d := Default()
	parts := map[string]*score{}
	names := []string{"whole corpus", "  nb", "  en",
		"tuning part (incl. old held-out)", "  tuning nb", "  tuning en",
		"held-out (old, now tuned on)", "  held-out (old) nb", "  held-out (old) en",
		"held-out 2", "  held-out 2 nb", "  held-out 2 en"}
	for _, n := range names {
		parts[n] = &score{}
	}
	for _, ex := range examples {
		res := d.Check(ex.text)
		got := res.Level
		parts["whole corpus"].add(ex.want, got)
		parts["  "+ex.lang].add(ex.want, got)
		if ex.part == partHeldOut2 {
			parts["held-out 2"].add(ex.want, got)
			parts["  held-out 2 "+ex.lang].add(ex.want, got)
		} else {
			parts["tuning part (incl. old held-out)"].add(ex.want, got)
			parts["  tuning "+ex.lang].add(ex.want, got)
		}
		if ex.part == partHeldOut1 {
			parts["held-out (old, now tuned on)"].add(ex.want, got)
			parts["  held-out (old) "+ex.lang].add(ex.want, got)
		}
		if got != ex.want {
			var rules []string
			for _, m := range res.Matches {
				rules = append(rules, fmt.Sprintf("%s %q", m.Level, m.Rule))
			}
			part := ""
			switch ex.part {
			case partHeldOut1:
				part = " (held-out old)"
			case partHeldOut2:
				part = " (held-out 2)"
			}
			t.Logf("corpus.tsv:%d%s want %s, got %s: %s  [%s]", ex.line, part, ex.want, got, ex.text, strings.Join(rules, "; "))
		}
	}

	var b strings.Builder
	b.WriteString("\n| part | sentences | intent / concern / none | alert TP | FP | FN | precision | recall | intent recall | intent exact | concern recall |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, n := range names {
		s := parts[n]
		tp, fp, fn := s.alert()
		fmt.Fprintf(&b, "| %s | %d | %d / %d / %d | %d | %d | %d | %.3f | %.3f | %.3f | %.3f | %.3f |\n",
			strings.TrimSpace(n), s.n, s.count(Intent), s.count(Concern), s.count(None), tp, fp, fn,
			s.precision(), s.recall(), s.levelRecall(Intent, false), s.levelRecall(Intent, true), s.levelRecall(Concern, false))
	}
	whole := parts["whole corpus"]
	b.WriteString("\nwhole corpus, label (rows) × result (columns):\n\n| | none | concern | intent |\n|---|---|---|---|\n")
	for w := None; w <= Intent; w++ {
		c := whole.confusion[w]
		fmt.Fprintf(&b, "| %s | %d | %d | %d |\n", w, c[None], c[Concern], c[Intent])
	}
	t.Log(b.String())

	if whole.n < 240 {
		t.Errorf("corpus has %d sentences, want at least 240", whole.n)
	}
	if n := parts["held-out (old, now tuned on)"].n; n < 60 {
		t.Errorf("old held-out part has %d sentences, want at least 60", n)
	}
	if n := parts["held-out 2"].n; n < 80 {
		t.Errorf("held-out 2 has %d sentences, want at least 80", n)
	}
	if r := whole.levelRecall(Intent, false); r < minIntentRecall {
		t.Errorf("recall on intent sentences %.3f, want at least %.2f", r, minIntentRecall)
	}
	if p := whole.precision(); p < minPrecision {
		t.Errorf("alert precision %.3f, want at least %.2f", p, minPrecision)
	}
}
