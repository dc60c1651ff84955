package identity

import (
	"strings"
	"testing"
)

// Pseudonym keys are stable (a key's key is itself), ignore case and
// surrounding space, and do not depend on how a look-alike is written.
func FuzzPseudonymKey(f *testing.F) {
	for _, s := range []string{"Havbris", "HAVBRIS", " havbris ", "Ηavbris", "Hаvbris", "Fjordvik-verten", "Øyvind", "ǅ", "\u0000x", "ß"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		k := pseudonymKey(clean(p))
		if again := pseudonymKey(clean(k)); again != k {
			t.Fatalf("not stable: %q → %q → %q", p, k, again)
		}
		if up := pseudonymKey(clean("  " + strings.ToUpper(p) + " ")); strings.EqualFold(p, strings.ToUpper(p)) && up != k {
			t.Fatalf("case or space changes the key: %q → %q, %q", p, k, up)
		}
	})
}
