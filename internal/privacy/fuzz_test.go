package privacy

import (
	"testing"
	"unicode/utf8"
)

// FuzzCheck feeds arbitrary text to Check and verifies the promises of
// its result: no panic, offsets inside the text, excerpts equal to the
// text they point at, sorted, no overlapping findings of one kind.
//
//	go test ./internal/privacy -run XXX -fuzz FuzzCheck -fuzztime 1m
func FuzzCheck(f *testing.F) {
	for _, ex := range readCorpus(f) {
		f.Add(ex.text)
	}
	f.Add("Ma\u0301ret A\u0301nne Guttorm \xff\xfe +47 (0) 22--33 ")
	c := testContext()
	f.Fuzz(func(t *testing.T, text string) {
		fs := Check(text, c)
		runes := []rune(text)
		if len(runes) > MaxText {
			runes = runes[:MaxText]
		}
		last := map[Kind]int{}
		for i, x := range fs {
			if x.Start < 0 || x.End <= x.Start || x.End > len(runes) {
				t.Fatalf("bad offsets %+v in %d runes", x, len(runes))
			}
			if x.Excerpt != string(runes[x.Start:x.End]) {
				t.Fatalf("excerpt %q, text has %q", x.Excerpt, string(runes[x.Start:x.End]))
			}
			if !utf8.ValidString(x.Excerpt) || x.Advice == "" {
				t.Fatalf("bad finding %+v", x)
			}
			if i > 0 && x.Start < fs[i-1].Start {
				t.Fatalf("not sorted: %+v", fs)
			}
			if e, ok := last[x.Kind]; ok && x.Start < e {
				t.Fatalf("overlapping %s findings: %+v", x.Kind, fs)
			}
			last[x.Kind] = x.End
		}
	})
}
