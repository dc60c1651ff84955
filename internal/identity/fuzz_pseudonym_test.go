package identity

import (
	"strings"
	"testing"
)

// For every pseudonym the rules accept (Latin-script letters, digits,
// separators), the key is stable (a key's key is itself) and ignores
// case and surrounding space. Other scripts are refused before a key is
// ever stored (checkPseudonym), so they are skipped: the fuzzer found
// that a Cyrillic letter with a tail folds in two steps.
func FuzzPseudonymKey(f *testing.F) {
	for _, s := range []string{"Havbris", "HAVBRIS", " havbris ", "Ηavbris", "Hаvbris", "Fjordvik-verten", "Øyvind", "ǅ", "\u0000x", "ß"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		if _, _, problem := checkPseudonym(p); problem != "" {
			return
		}
		k := pseudonymKey(clean(p))
		if again := pseudonymKey(clean(k)); again != k {
			t.Fatalf("not stable: %q → %q → %q", p, k, again)
		}
		if up := pseudonymKey(clean("  " + strings.ToUpper(p) + " ")); strings.EqualFold(p, strings.ToUpper(p)) && up != k {
			t.Fatalf("case or space changes the key: %q → %q, %q", p, k, up)
		}
	})
}
