package crisis

import (
	"testing"
	"unicode/utf8"
)

// FuzzCheck feeds arbitrary text to Check and verifies the promises of
// its result: no panic, offsets inside the text and on the boundaries of
// its characters (an invalid byte counts as one character), each match
// starting with a word and covering valid UTF-8 if the text is, sorted
// matches, and a level equal to the highest match.
//
//	go test ./internal/crisis -run XXX -fuzz FuzzCheck -fuzztime 1m
func FuzzCheck(f *testing.F) {
	for _, ex := range readCorpus(f) {
		f.Add(ex.text)
	}
	for _, s := range []string{"", "a\x80 kill myself\xff", "ta{r} ~2 livet*", "> I'm gonna kms\n\n- ikke", "dont don't do n't '",
		"Ja\u0308 vil ta livet av meg \u2019\u2019", "kill\u2028myself", "i'm'm'm kill myself"} {
		f.Add(s)
	}
	d := Default()
	f.Fuzz(func(t *testing.T, text string) {
		res := d.Check(text)
		valid := utf8.ValidString(text) // gaps may skip invalid bytes between words
		starts := map[int]bool{len(text): true}
		for i := range text {
			starts[i] = true
		}
		top := None
		for i, m := range res.Matches {
			if m.Start < 0 || m.End <= m.Start || m.End > len(text) || !starts[m.Start] || !starts[m.End] {
				t.Fatalf("bad offsets %+v in %d bytes", m, len(text))
			}
			if valid && !utf8.ValidString(text[m.Start:m.End]) {
				t.Fatalf("match %+v covers invalid UTF-8 %q", m, text[m.Start:m.End])
			}
			if r, _ := utf8.DecodeRuneInString(text[m.Start:]); !isWordStart(r) {
				t.Fatalf("match %+v does not start with a word: %q", m, text[m.Start:m.End])
			}
			if m.Level != Concern && m.Level != Intent || m.Rule == "" {
				t.Fatalf("bad match %+v", m)
			}
			if i > 0 && m.Start < res.Matches[i-1].Start {
				t.Fatalf("not sorted: %+v", res.Matches)
			}
			top = max(top, m.Level)
		}
		if res.Level != top || res.Matches == nil {
			t.Fatalf("level %s, matches %+v", res.Level, res.Matches)
		}
	})
}
