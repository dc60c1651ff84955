package privacy

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"reconnect/internal/i18n"
)

// find returns the first finding of kind k, failing the test if none.
func find(t *testing.T, fs []Finding, k Kind) Finding {
	t.Helper()
	for _, f := range fs {
		if f.Kind == k {
			return f
		}
	}
	t.Fatalf("no %s finding in %+v", k, fs)
	return Finding{}
}

// Offsets count code points of the original text, so characters outside
// ASCII and the Basic Multilingual Plane before a match count as one each.
func TestOffsetsAreCodePoints(t *testing.T) {
	text := "Blåbærsyltetøy 😀🇳🇴 – ring 412 34 567!"
	f := find(t, Check(text, Context{}), Phone)
	want := strings.Index(text, "412")
	want = len([]rune(text[:want]))
	if f.Start != want || f.End != want+10 || f.Excerpt != "412 34 567" {
		t.Errorf("got %d–%d %q, want %d–%d", f.Start, f.End, f.Excerpt, want, want+10)
	}
}

// Decomposed input (as some keyboards and Mac file names produce) is
// matched after NFC, but offsets and excerpts refer to the original.
func TestOffsetsIntoDecomposedText(t *testing.T) {
	text := "Kafe\u0301 i Havnekafe\u0301en med Ma\u0301ret A\u0301nne Guttorm, ring 41234567"
	fs := Check(text, testContext())
	runes := []rune(text)
	for _, f := range fs {
		if got := string(runes[f.Start:f.End]); got != f.Excerpt {
			t.Errorf("%s: excerpt %q, text has %q", f.Kind, f.Excerpt, got)
		}
	}
	if f := find(t, fs, Place); f.Excerpt != "Havnekafe\u0301en" {
		t.Errorf("place excerpt %q", f.Excerpt)
	}
	if f := find(t, fs, MemberName); f.Excerpt != "Ma\u0301ret A\u0301nne Guttorm" {
		t.Errorf("member excerpt %q", f.Excerpt)
	}
	if f := find(t, fs, Phone); f.Start != len(runes)-8 {
		t.Errorf("phone starts at %d, want %d", f.Start, len(runes)-8)
	}
}

// An invalid byte counts as one character, as in utf8.RuneCountInString.
func TestInvalidUTF8(t *testing.T) {
	f := find(t, Check("\xff\xfe ring 41234567", Context{}), Phone)
	if f.Start != 8 || f.End != 16 {
		t.Errorf("got %d–%d, want 8–16", f.Start, f.End)
	}
}

func TestEmptyText(t *testing.T) {
	for _, text := range []string{"", " ", "\n\n", "😀"} {
		fs := Check(text, testContext())
		if fs == nil || len(fs) != 0 {
			t.Errorf("Check(%q) = %#v, want empty non-nil", text, fs)
		}
	}
	if fs := Check("Ring 41234567, Kari", Context{}); len(fs) != 1 {
		t.Errorf("empty context: %+v", fs)
	}
}

// Check looks at the first MaxText characters only.
func TestMaxText(t *testing.T) {
	filler := strings.Repeat("æ", MaxText-9) + " "
	fs := Check(filler+"41234567 ring 98765432", Context{})
	if len(fs) != 1 || fs[0].Start != MaxText-8 || fs[0].End != MaxText {
		t.Errorf("got %+v, want only the number ending at MaxText", fs)
	}
	long := strings.Repeat("Ring meg på 412 34 567 ved Storgata 12 i dag. ", 3*MaxText/45)
	for _, f := range Check(long, testContext()) {
		if f.End > MaxText {
			t.Fatalf("finding past MaxText: %+v", f)
		}
	}
}

func TestSortedAndMerged(t *testing.T) {
	fs := Check("Fjordvik legesenter og Kiwi Granlia, Kiwi Granlias kaffe i Storgata 12", testContext())
	var places []string
	for i, f := range fs {
		if i > 0 && f.Start < fs[i-1].Start {
			t.Errorf("not sorted: %+v", fs)
		}
		if f.Kind == Place {
			places = append(places, f.Excerpt)
		}
	}
	if got := strings.Join(places, "|"); got != "Fjordvik legesenter|Kiwi Granlia|Kiwi Granlias|Storgata" {
		t.Errorf("places %q", got)
	}
}

func TestStrongOnlyForNationalID(t *testing.T) {
	for _, f := range Check("Fnr 15033750061, tlf 41234567, Storgata 12, Kari", testContext()) {
		if f.Strong != (f.Kind == NationalID) {
			t.Errorf("%+v", f)
		}
	}
}

// withChecks completes nine digits with both check digits, or returns ""
// when no valid number starts with them.
func withChecks(nine string) string {
	var n [11]int
	for i := 0; i < 9; i++ {
		n[i] = int(nine[i] - '0')
	}
	k1, k2 := checkDigits(n)
	if k1 < 0 || k2 < 0 {
		return ""
	}
	return fmt.Sprintf("%s%d%d", nine, k1, k2)
}

func TestValidNationalID(t *testing.T) {
	for nine, ok := range map[string]bool{
		"150337500": true,  // ordinary
		"550637700": true,  // D-number
		"024837800": true,  // H-number
		"128736902": true,  // synthetic test number
		"310237500": false, // 31 February
		"001037500": false, // day 0
		"151337500": false, // month 13
		"720137500": false, // D-number day 32
	} {
		id := withChecks(nine)
		if id == "" {
			id = withChecks(nine[:8] + "1")
		}
		if got := validNationalID(id); got != ok {
			t.Errorf("%s: got %v, want %v", id, got, ok)
		}
		if ok {
			bad := id[:10] + string('0'+(id[10]-'0'+1)%10)
			if validNationalID(bad) {
				t.Errorf("%s with a wrong K2 accepted", bad)
			}
		}
	}
}

// Names that are also ordinary words need a capital letter.
func TestCommonWordNames(t *testing.T) {
	c := Context{AuthorNames: []string{"Per Liv Berg"}}
	if fs := Check("Jeg går en tur per dag, livet er et berg", c); len(fs) != 0 {
		t.Errorf("common words flagged: %+v", fs)
	}
	if fs := Check("Hilsen Per", c); len(fs) != 1 || fs[0].Kind != OwnName {
		t.Errorf("capitalised name missed: %+v", fs)
	}
}

// The author's full name is own_name even when the member index has it;
// the author's surname inside another member's name is that member's.
func TestOwnNameVersusMemberName(t *testing.T) {
	fs := Check("Kari Nordmann og Ola Nordmann", testContext())
	if len(fs) != 2 || fs[0].Kind != OwnName || fs[1].Kind != MemberName {
		t.Errorf("%+v", fs)
	}
	for _, f := range fs {
		if f.Kind == MemberName && strings.Contains(f.Advice, "Ola") {
			t.Errorf("advice names the member: %+v", f)
		}
	}
}

// One Names index serves many goroutines; run with -race.
func TestConcurrentChecks(t *testing.T) {
	c := testContext()
	c.Members = NewNames(append(generatedNames(20000), testMembers...))
	examples := readCorpus(t)
	want := make([]string, len(examples))
	for i, ex := range examples {
		want[i] = fmt.Sprint(Check(ex.text, c))
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := range examples {
				ex := examples[(i+g*37)%len(examples)]
				if got := fmt.Sprint(Check(ex.text, c)); got != want[(i+g*37)%len(examples)] {
					t.Errorf("goroutine %d: %q gave %s", g, ex.text, got)
				}
			}
		}(g)
	}
	wg.Wait()
}

// Every advice key and kind label exists in both languages.
func TestCatalogueHasEveryKind(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range allKinds {
		for _, key := range []string{advice[k], "privacy.kind." + string(k)} {
			for _, l := range i18n.Supported {
				if !cat.Has(l, key) {
					t.Errorf("%s missing in %s", key, l)
				}
			}
		}
	}
}
