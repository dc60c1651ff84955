package identity_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/width"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

// Targets someone might pose as: reserved words and the fixture world's
// pseudonyms (a moderator and two members).
var lookalikeTargets = []string{"admin", "Moderator", "ReConnect", "staff", "Havbris", "Morgengry", "Fjordvik-verten", "likeperson", "Administrator", "Support", "system"}

var (
	cyrillic = map[rune]rune{'a': 'а', 'e': 'е', 'o': 'о', 'p': 'р', 'c': 'с', 'x': 'х', 'y': 'у', 'i': 'і', 'j': 'ј', 's': 'ѕ',
		'A': 'А', 'B': 'В', 'E': 'Е', 'H': 'Н', 'K': 'К', 'M': 'М', 'O': 'О', 'P': 'Р', 'C': 'С', 'T': 'Т', 'X': 'Х'}
	greek = map[rune]rune{'o': 'ο', 'a': 'α', 'v': 'ν', 'p': 'ρ', 'i': 'ι', 'A': 'Α', 'B': 'Β', 'E': 'Ε', 'H': 'Η', 'K': 'Κ',
		'M': 'Μ', 'N': 'Ν', 'O': 'Ο', 'P': 'Ρ', 'T': 'Τ', 'X': 'Χ', 'Z': 'Ζ'}
	leet = map[rune]rune{'o': '0', 'O': '0', 'i': '1', 'I': '1', 'l': '1', 'e': '3', 'E': '3', 'a': '4', 'A': '4', 's': '5', 'S': '5', 't': '7', 'b': '8', 'B': '8'}
)

// lookalikes generates variants of s that read like s.
func lookalikes(s string) []string {
	out := []string{strings.ToUpper(s), strings.ToLower(s), strings.ToUpper(s[:1]) + strings.ToLower(s[1:]), width.Widen.String(s)}
	rs := []rune(s)
	swap := func(m map[rune]rune, all bool) {
		changed := append([]rune(nil), rs...)
		any := false
		for i, r := range rs {
			if x, ok := m[r]; ok {
				one := append([]rune(nil), rs...)
				one[i] = x
				out = append(out, string(one))
				changed[i], any = x, true
				if !all {
					break
				}
			}
		}
		if any {
			out = append(out, string(changed))
		}
	}
	swap(cyrillic, true)
	swap(greek, true)
	swap(leet, true)
	// Separators slipped in, and "rn" for "m".
	for i := 1; i < len(rs); i++ {
		if rs[i-1] != '-' && rs[i] != '-' {
			out = append(out, string(rs[:i])+"_"+string(rs[i:]), string(rs[:i])+" "+string(rs[i:]))
		}
	}
	out = append(out, strings.ReplaceAll(s, "m", "rn"), strings.ReplaceAll(s, "M", "rn"))
	return out
}

func TestLookalikePseudonymsAreRefused(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		w := testkit.NewWorld(t, db)
		seen := map[string]bool{}
		for _, target := range lookalikeTargets {
			for _, v := range lookalikes(target) {
				seen[v] = true
			}
		}
		for _, v := range []string{"Admin Kari", "kari_admin", "Moderator2", "ReConnect-team", "Staff Anne", "𝐚𝐝𝐦𝐢𝐧",
			"AdminHjelp", "moderatoren", "Fjordvik-verten2", "Likeperson Ola", "ADM1N", "adm1n", "Аdmin", "Havbrls"} {
			seen[v] = true
		}
		delete(seen, "")
		if len(seen) < 300 {
			t.Fatalf("only %d variants generated", len(seen))
		}
		before := testkit.Counts(t, db)
		for v := range seen {
			if err := w.IDs.CheckPseudonym(ctx, nil, v); err == nil {
				t.Errorf("look-alike %q (%+q) accepted", v, v)
			}
		}
		if after := testkit.Counts(t, db); after["users"] != before["users"] {
			t.Fatal("a check wrote something")
		}
		t.Logf("%d look-alike variants refused", len(seen))
	})
}

// ordinaryNames must all be usable as pseudonyms, one after another.
var ordinaryNames = strings.Split(strings.TrimSpace(`
Solveig|Sunniva|Ingeborg|Åse|Bjørn|Ørjan|Ærlig Ulv|Sigrid|Torstein|Håkon|Ragnhild|Kjellaug|Gunnhild|Eirik|Øystein|Tuva|Maren|Synnøve|Trond|Vegard
Liv|Hege|Terje|Jorunn|Margit|Oddvar|Arnfinn|Gudrun|Halvard|Idun|Jostein|Kristin|Lars|Marit|Nils|Oda|Per|Runa|Steinar|Tone
Ulrikke|Vebjørn|Yngve|Åsmund|Brage|Dagny|Embla|Frøydis|Grete|Hallvard|Ivar|Jofrid|Kåre|Lovise|Magnhild|Njål|Ottar|Ragna|Sølvi|Tormod
Ánde|Áilu|Biret|Čálli|Gáddja|Issát|Jovnna|Máhtte|Niillas|Ovllá|Ráste|Sárá|Ánne Márjá|Elle Sofe|Mihkkal|Ásllat|Bierna|Ellen Ánte|Guhtor|Heaika
Iŋgá|Jovsset|Káren|Lásse|Máret|Nilsa|Ovllá Niillas|Piera|Ristenn|Siŋŋá|Ánte|Duommá|Elle|Gáren|Juhán|Márggu|Rávdná|Sunná|Ovdal|Čeavrris
Morning Mist|Quiet Harbour|Blue Heron|Slow River|Grey Owl|Calm Sea|North Wind|Little Fox|Green Hill|Rainy Day
Willow|Juniper|Harper|Rowan|Ellis|Morgan|Quinn|Avery|Sage|Robin|Hazel|Ivy|Jasper|Milo|Nora|Otis|Piper|Rosie|Theo|Wren
Stille Vann|Morgenrøde|Fjellvind|Skogstjerne|Nordlys|Havørn|Vårregn|Solstråle|Tåkedis|Lyngblomst|Bølgebrus|Snøfnugg|Elvestein|Furutre|Måke|Kråkebolle|Sjøsprøyt|Blåbær|Multe|Tyttebær
Fjellrev|Ugle|Ekorn|Rådyr|Hare|Gaupe|Lemen|Oter|Bever|Elg
Kaffekopp|Strikkepinne|Turgåer|Lesehest|Nattugle|Sovemus|Hagemann|Bokorm|Fiskeren|Skiløper
Anna 77|Kari_H|Ola-Petter|Jon 2|Siv_Lin|Tor-Arne|Eli 54|Ida_R|Ove-Kristian|Mia 3
Solsikke|Lavendel|Rosemarin|Timian|Salvie|Kamille|Prestekrage|Blåklokke|Hestehov|Løvetann
Havgap|Strandsnipe|Tjeld|Ærfugl|Lomvi|Alke|Skarv|Terne|Hegre|Lerke
`), "\n")

func splitNames() []string {
	var out []string
	for _, line := range ordinaryNames {
		out = append(out, strings.Split(line, "|")...)
	}
	return out
}

func TestOrdinaryNamesAreAccepted(t *testing.T) {
	names := splitNames()
	if len(names) < 200 {
		t.Fatalf("only %d names", len(names))
	}
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		w := testkit.NewWorld(t, db)
		for i, n := range names {
			_, err := w.IDs.CreateUser(ctx, &w.Admin, identity.NewUser{Login: "name" + strconv.Itoa(i), Password: testkit.Password,
				Role: identity.ServiceUser, CommunityID: w.Fjordvik.ID, Pseudonym: n})
			if err != nil {
				t.Errorf("ordinary name %q refused: %v %v", n, err, apperr.From(err).Fields)
			}
		}
	})
}

func TestPseudonymChangeRules(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		w := testkit.NewWorld(t, db)
		m := w.Member
		if err := w.IDs.ChangePseudonym(ctx, &m, "Stille Vann"); err != nil {
			t.Fatal(err)
		}
		if m.Pseudonym != "Stille Vann" {
			t.Fatalf("pseudonym now %q", m.Pseudonym)
		}
		w.Clock.Advance(29 * 24 * time.Hour)
		if err := w.IDs.ChangePseudonym(ctx, &m, "Tredje Navn"); apperr.From(err).Code != "pseudonym_change_too_soon" {
			t.Fatalf("second change within 30 days: %v", err)
		}
		// The released "Havbris" is held for its former owner for a year.
		m2 := w.Member2
		if err := w.IDs.ChangePseudonym(ctx, &m2, "havbris"); apperr.From(err).Fields["pseudonym"] != "field.pseudonym.taken" {
			t.Fatalf("taking a released pseudonym: %v", err)
		}
		w.Clock.Advance(2 * 24 * time.Hour)
		if err := w.IDs.ChangePseudonym(ctx, &m, "Havbris"); err != nil {
			t.Fatalf("taking one's own old pseudonym back: %v", err)
		}
		w.Clock.Advance(31 * 24 * time.Hour)
		if err := w.IDs.ChangePseudonym(ctx, &m, "Nytt Navn"); err != nil {
			t.Fatal(err)
		}
		w.Clock.Advance(366 * 24 * time.Hour)
		if err := w.IDs.ChangePseudonym(ctx, &m2, "Havbris"); err != nil {
			t.Fatalf("a year later the name is free: %v", err)
		}
		if err := w.IDs.ChangePseudonym(ctx, &w.Provider, "Provider Name"); !apperr.Is(err, apperr.KindNotFound) {
			t.Fatalf("provider with a pseudonym: %v", err)
		}
		// Bad input changes nothing.
		before := testkit.Counts(t, db)
		for _, bad := range []string{"", "ab", strings.Repeat("x", 25), "two  spaces", "-lead", "trail_", "Ж ок", "a\tb", "<b>x</b>", "Moderator Ola"} {
			m3 := w.Member2
			m3.Pseudonym = "unchanged"
			if err := w.IDs.ChangePseudonym(ctx, &m3, bad); err == nil || m3.Pseudonym != "unchanged" {
				t.Errorf("%q accepted", bad)
			}
		}
		if after := testkit.Counts(t, db); after["pseudonym_holds"] != before["pseudonym_holds"] {
			t.Fatal("refused changes wrote holds")
		}
	})
}

func TestReservedWordsByAdministrators(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		w := testkit.NewWorld(t, db)
		if _, err := w.IDs.AddReservedWord(ctx, &w.Member, "Fjordvik"); !apperr.Is(err, apperr.KindNotFound) {
			t.Fatalf("member reserving: %v", err)
		}
		rw, err := w.IDs.AddReservedWord(ctx, &w.Admin, "Kommunen")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.IDs.AddReservedWord(ctx, &w.Admin, "KOMMUNEN"); !apperr.Is(err, apperr.KindConflict) {
			t.Fatalf("duplicate: %v", err)
		}
		for _, p := range []string{"Kommunen", "kommunen ola", "K0mmunen"} {
			if err := w.IDs.CheckPseudonym(ctx, nil, p); apperr.From(err).Fields["pseudonym"] != "field.pseudonym.reserved" {
				t.Errorf("%q: %v", p, err)
			}
		}
		if err := w.IDs.RemoveReservedWord(ctx, &w.Admin, rw.ID); err != nil {
			t.Fatal(err)
		}
		if err := w.IDs.CheckPseudonym(ctx, nil, "Kommunen"); err != nil {
			t.Fatalf("after removal: %v", err)
		}
	})
}
