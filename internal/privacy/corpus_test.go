package privacy

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
)

// allKinds in table order.
var allKinds = []Kind{Phone, Email, ProfileLink, Address, Postcode, NationalID, Place, OwnName, MemberName, DatePlace}

// minRecall is the recall each listed kind must reach on the corpus.
var minRecall = map[Kind]float64{Phone: 0.95, Email: 0.95, NationalID: 0.95, Place: 0.95}

const minPrecision = 0.9

type example struct {
	line    int
	want    map[Kind]bool
	text    string
	heldOut bool // after the "=== held-out" marker: written after tuning
}

func readCorpus(t testing.TB) []example {
	f, err := os.Open("testdata/corpus.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []example
	sc := bufio.NewScanner(f)
	heldOut := false
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.HasPrefix(line, "# === held-out") {
			heldOut = true
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		kinds, text, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("corpus.tsv:%d: no tab", n)
		}
		want := map[Kind]bool{}
		if kinds != "-" {
			for _, k := range strings.Split(kinds, ",") {
				want[Kind(k)] = true
			}
		}
		out = append(out, example{n, want, text, heldOut})
	}
	return out
}

type tally struct{ tp, fp, fn int }

func (c tally) precision() float64 { return ratio(c.tp, c.tp+c.fp) }
func (c tally) recall() float64    { return ratio(c.tp, c.tp+c.fn) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// TestCorpus measures precision and recall per kind on the labelled
// corpus, matching kinds per sentence, and fails below the thresholds.
// It prints one table for the whole corpus and one for the held-out
// part. Run with -v to see the tables and every mistake.
func TestCorpus(t *testing.T) {
	examples := readCorpus(t)
	c := testContext()
	var heldOut []example
	for _, ex := range examples {
		if ex.heldOut {
			heldOut = append(heldOut, ex)
		}
	}
	counts, positives, all := score(t, examples, c, true)
	t.Log("\nwhole corpus: " + table(examples, counts, positives, all))
	hc, hp, ha := score(t, heldOut, c, false)
	t.Log("\nheld-out part: " + table(heldOut, hc, hp, ha))

	if len(examples) < 200 {
		t.Errorf("corpus has %d sentences, want at least 200", len(examples))
	}
	kinds := make([]Kind, 0, len(minRecall))
	for k := range minRecall {
		kinds = append(kinds, k)
	}
	sort.Slice(kinds, func(i, j int) bool { return kinds[i] < kinds[j] })
	for _, k := range kinds {
		if r := counts[k].recall(); r < minRecall[k] {
			t.Errorf("%s recall %.3f, want at least %.2f", k, r, minRecall[k])
		}
	}
	for _, k := range allKinds {
		if positives[k] < 10 {
			t.Errorf("%s has %d positive sentences, want at least 10", k, positives[k])
		}
	}
	if p := all.precision(); p < minPrecision {
		t.Errorf("overall precision %.3f, want at least %.2f", p, minPrecision)
	}
}

// score counts, per kind, sentences where the kind was found and expected
// (TP), found only (FP) or expected only (FN).
func score(t *testing.T, examples []example, c Context, logMistakes bool) (map[Kind]*tally, map[Kind]int, tally) {
	counts := map[Kind]*tally{}
	for _, k := range allKinds {
		counts[k] = &tally{}
	}
	positives := map[Kind]int{}
	for _, ex := range examples {
		got := map[Kind]bool{}
		for _, f := range Check(ex.text, c) {
			got[f.Kind] = true
		}
		for k := range ex.want {
			if counts[k] == nil {
				t.Fatalf("corpus.tsv:%d: unknown kind %q", ex.line, k)
			}
			positives[k]++
		}
		for _, k := range allKinds {
			switch {
			case got[k] && ex.want[k]:
				counts[k].tp++
			case got[k]:
				counts[k].fp++
				if logMistakes {
					t.Logf("false positive %-12s corpus.tsv:%d %s", k, ex.line, ex.text)
				}
			case ex.want[k]:
				counts[k].fn++
				if logMistakes {
					t.Logf("false negative %-12s corpus.tsv:%d %s", k, ex.line, ex.text)
				}
			}
		}
	}
	var all tally
	for _, k := range allKinds {
		x := counts[k]
		all.tp, all.fp, all.fn = all.tp+x.tp, all.fp+x.fp, all.fn+x.fn
	}
	return counts, positives, all
}

// table formats the counts as a Markdown table for docs/privacy-check.md.
func table(examples []example, counts map[Kind]*tally, positives map[Kind]int, all tally) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d sentences\n| kind | positives | TP | FP | FN | precision | recall |\n|---|---|---|---|---|---|---|\n", len(examples))
	for _, k := range allKinds {
		x := counts[k]
		fmt.Fprintf(&b, "| %s | %d | %d | %d | %d | %.3f | %.3f |\n", k, positives[k], x.tp, x.fp, x.fn, x.precision(), x.recall())
	}
	fmt.Fprintf(&b, "| **all** | %d | %d | %d | %d | %.3f | %.3f |", all.tp+all.fn, all.tp, all.fp, all.fn, all.precision(), all.recall())
	return b.String()
}
