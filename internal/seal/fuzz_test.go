package seal_test

import (
	"testing"

	"reconnect/internal/seal"
)

// Sealing then opening gives the text back, bound to its place; opening
// anything else fails cleanly, never panics, and never returns text.
func FuzzSealOpen(f *testing.F) {
	kr := seal.NewKeyring(seal.RandomKey())
	other := seal.NewKeyring(seal.RandomKey())
	for _, s := range []string{"", "hei", "Kriseplan: ring 116 123", "\x00\xff", "v1.", "v1.abc.def"} {
		f.Add(s, int64(1))
	}
	f.Fuzz(func(t *testing.T, text string, row int64) {
		v, err := kr.Seal("messages", "body", row, text)
		if err != nil {
			t.Fatal(err)
		}
		got, err := kr.Open("messages", "body", row, v)
		if err != nil || got != text {
			t.Fatalf("round trip: %q %v", got, err)
		}
		if got, err := kr.Open("messages", "body", row+1, v); err == nil {
			t.Fatalf("opened at another row: %q", got)
		}
		if got, err := other.Open("messages", "body", row, v); err == nil {
			t.Fatalf("opened with another key: %q", got)
		}
		if got, err := kr.Open("messages", "body", row, text); err == nil && got != "" && text != v {
			t.Fatalf("opened a value never sealed: %q → %q", text, got)
		}
	})
}
