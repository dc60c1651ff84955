package privacy

import "strings"

// addresses finds street addresses: a Norwegian street name followed by a
// house number ("Storgata 12", "Ole Bulls gate 4", "Kirkeveien 12 B"), or
// an English house number followed by a name and a street type ("221B
// Baker St"). A street word alone is not enough; the house number is what
// makes it an address, and what keeps "Veien videre er lang", "på vei
// hjem" and "the garden gate" out.
func addresses(d *doc, out []span) []span {
	for i, t := range d.toks {
		if t.alpha && i+1 < len(d.toks) && (isHouseNo(d.toks[i+1].key) || d.toks[i+1].key == "nr" || d.toks[i+1].key == "nummer") {
			if s, abbrev, ok := street(d, i); ok {
				if e, ok := houseNumber(d, i+1, abbrev); ok {
					out = append(out, span{kind: Address, s: s, e: e})
				}
			}
		}
		if e, ok := englishAddress(d, i); ok {
			out = append(out, span{kind: Address, s: t.s, e: e})
		}
	}
	return out
}

// streetSuffixes end Norwegian street names, as part of a compound
// ("Storgata") or as a separate word ("Ole Bulls gate"). The definite
// forms of gate and vei/veg may be written in lower case ("bor i
// storgata 12"); the rest must be capitalised, since "sitteplass 12" or
// "delegate 3" are not addresses.
var streetSuffixes = []string{"gata", "gaten", "veien", "vegen", // may be lower case
	"gate", "gt", "vei", "veg", "vn", "allé", "alle", "alléen", "alleen", "plass", "plassen", "stien", "stigen",
	"bakken", "bakke", "svingen", "løkka", "løkken", "brygga", "bryggen", "brygge", "torget", "torg", "kaia",
	"kaien", "tunet", "ringen", "kroken", "terrasse", "terrassen", "promenaden", "veita", "smuget", "stredet"}

const lowerCaseSuffixes = 4

// notStreetPrefixes make compounds that are roads or places, not streets
// with house numbers: "riksvei 7", "fylkesveg 123", "sitteplass".
var notStreetPrefixes = set("riks", "fylkes", "europa", "motor", "snar", "om", "gang", "sykkel", "kjøre", "sitte",
	"stå", "parkerings", "arbeids", "bo", "opp", "ned", "til", "hjem")

// streetAdjectives begin street names written as separate words: "Nedre
// Storgate", "Øvre Slottsgate", "Gamle Drammensvei".
var streetAdjectives = set("nedre", "øvre", "søndre", "nordre", "vestre", "østre", "gamle", "nye", "store",
	"lille", "indre", "ytre", "st")

// street reports whether token i ends a street name and where the name
// starts.
func street(d *doc, i int) (start int, abbrev, ok bool) {
	t := d.toks[i]
	suffix, strong := "", false
	for k, s := range streetSuffixes {
		if strings.HasSuffix(t.key, s) && len(s) > len(suffix) {
			suffix, strong = s, k < lowerCaseSuffixes
		}
	}
	if suffix == "" {
		return 0, false, false
	}
	abbrev = suffix == "gt" || suffix == "vn"
	prefix := strings.TrimSuffix(t.key, suffix)
	switch n := len([]rune(prefix)); {
	case n >= 2:
		if !t.cap && !strong || notStreetPrefixes[prefix] {
			return 0, false, false
		}
		start = t.s
		for j := i - 1; j >= 0 && d.spaceGap(j+1) && streetAdjectives[d.toks[j].key] && d.toks[j].cap; j-- {
			start = d.toks[j].s
		}
		return start, abbrev, true
	case n == 0:
		// A separate street word needs a capitalised name in the genitive
		// before it ("Ole Bulls gate") or an adjective ("Nedre gate").
		j := i - 1
		if j < 0 || !d.spaceGap(i) || !d.toks[j].cap || !d.toks[j].alpha ||
			!(strings.HasSuffix(d.toks[j].key, "s") || streetAdjectives[d.toks[j].key]) {
			return 0, false, false
		}
		start = d.toks[j].s
		for k := j - 1; k >= 0 && k >= j-2 && d.toks[k].cap && d.toks[k].alpha &&
			(d.spaceGap(k+1) || d.toks[k].key == "st" && strings.TrimLeft(d.gap(k+1), ".") == " "); k-- {
			start = d.toks[k].s
		}
		return start, abbrev, true
	}
	return 0, false, false
}

// houseNumber reads the house number at token k: "12", "3B", "12 B",
// "nr. 12". It returns where the address ends.
func houseNumber(d *doc, k int, abbrev bool) (int, bool) {
	gapOK := func(k int) bool {
		g := d.gap(k)
		if abbrev {
			g = strings.TrimPrefix(g, ".")
		}
		return k < len(d.toks) && (g == "" && abbrev || g != "" && strings.Trim(g, " ") == "")
	}
	if !gapOK(k) {
		return 0, false
	}
	if t := d.toks[k].key; t == "nr" || t == "nummer" {
		k++
		if k >= len(d.toks) || strings.Trim(d.gap(k), ". ") != "" {
			return 0, false
		}
	}
	t := d.toks[k]
	if !isHouseNo(t.key) {
		return 0, false
	}
	e := t.e
	if c := d.at(e); strings.ContainsRune(".:,", c) && isDigit(d.at(e+1)) || c == '%' {
		return 0, false // a time (14.30), a decimal or a percentage
	}
	if k+1 < len(d.toks) && d.spaceGap(k+1) {
		n := d.toks[k+1]
		switch {
		case unitWords[n.key]:
			return 0, false // "Fjordveien 3 ganger"
		case t.num && len(n.key) == 1 && n.key[0] >= 'a' && n.key[0] <= 'h' && n.cap:
			e = n.e // "12 B"
		}
	}
	return e, true
}

// isHouseNo matches 1–4 digits, not starting with 0, and at most one
// letter: "12", "3b", "221b".
func isHouseNo(key string) bool {
	n := 0
	for n < len(key) && isDigit(rune(key[n])) {
		n++
	}
	if n == 0 || n > 4 || key[0] == '0' {
		return false
	}
	rest := key[n:]
	return rest == "" || len(rest) == 1 && rest[0] >= 'a' && rest[0] <= 'z'
}

// unitWords after a number make it a count, not a house number.
var unitWords = set("ganger", "gang", "km", "m", "meter", "min", "minutter", "minutt", "timer", "time", "t", "år",
	"dager", "dag", "uker", "uke", "måneder", "personer", "stk", "kr", "kroner", "times", "minutes", "hours",
	"days", "weeks", "months", "years", "people", "miles", "steps", "skritt", "kg", "prosent", "percent")

// englishTypes end English street names; the abbreviations must be
// capitalised ("Dr" yes, "dr" no) because they double as other words.
var englishTypes = map[string]bool{"street": false, "road": false, "avenue": false, "lane": false, "drive": false,
	"close": false, "way": false, "place": false, "crescent": false, "court": false, "terrace": false,
	"gardens": false, "square": false, "boulevard": false, "grove": false, "mews": false,
	"st": true, "rd": true, "ave": true, "ln": true, "dr": true, "pl": true, "ct": true, "sq": true, "blvd": true}

// englishAddress matches a house number, one to three capitalised words
// and a street type, starting at token i: "12 Baker Street", "5 Elm Road".
func englishAddress(d *doc, i int) (int, bool) {
	t := d.toks[i]
	if !isHouseNo(t.key) || strings.ContainsRune(".,:/-", d.at(t.s-1)) && isDigit(d.at(t.s-2)) {
		return 0, false
	}
	for j := i + 1; j < len(d.toks) && j <= i+4 && d.spaceGap(j); j++ {
		n := d.toks[j]
		if !n.alpha {
			return 0, false
		}
		if abbr, ok := englishTypes[n.key]; ok && j > i+1 && (n.cap || !abbr) {
			return n.e, true
		}
		if !n.cap {
			return 0, false
		}
	}
	return 0, false
}
