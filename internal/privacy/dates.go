package privacy

import (
	"sort"
	"strings"
	"unicode"
)

// datePlaces adds a date_place finding for each date or time expression
// in a sentence that also names a place or an address. Either alone is
// usually harmless; together ("Kiwi Granlia on Tuesday at 10") they tell
// a reader where to find the author. The finding covers the date.
func datePlaces(d *doc, out []span) []span {
	breaks := sentenceBreaks(d)
	withPlace := map[int]bool{}
	for _, f := range out {
		if f.kind == Place || f.kind == Address {
			withPlace[sort.SearchInts(breaks, f.s+1)] = true
		}
	}
	if len(withPlace) == 0 {
		return out
	}
	for _, x := range dateExprs(d) {
		if withPlace[sort.SearchInts(breaks, x.s+1)] {
			out = append(out, span{kind: DatePlace, s: x.s, e: x.e})
		}
	}
	return out
}

// sentenceBreaks returns the rune offsets where sentences begin, after
// the first. A line break always ends a sentence; "!" and "?" do when
// followed by a space; "." does when the next word starts with a capital
// letter or is not a word, and the dot does not end an abbreviation
// ("kl. 14", "St. Olavs gate", "12. mars").
func sentenceBreaks(d *doc) []int {
	var breaks []int
	n := len(d.low)
	for i := 0; i < n; i++ {
		r := d.low[i]
		if r == '\n' {
			breaks = append(breaks, i+1)
			continue
		}
		if r != '.' && r != '!' && r != '?' && r != '…' {
			continue
		}
		j := i
		for j < n && strings.ContainsRune(".!?…\"')»", d.low[j]) {
			j++
		}
		if j >= n || d.low[j] != ' ' {
			i = j - 1
			continue
		}
		k := j
		for k < n && d.low[k] == ' ' {
			k++
		}
		if k < n && (r != '.' || !unicode.IsLower(d.cased[k]) && !isDigit(d.cased[k])) {
			if t := d.tokenAt(prevWordStart(d, i)); r != '.' || t < 0 || !abbreviations[d.toks[t].key] {
				breaks = append(breaks, k)
			}
		}
		i = j - 1
	}
	return breaks
}

// prevWordStart returns the start of the word just before rune i.
func prevWordStart(d *doc, i int) int {
	for i > 0 && isWord(d.low[i-1]) {
		i--
	}
	return i
}

var abbreviations = set("kl", "st", "nr", "dr", "ca", "mr", "mrs", "ms", "bl", "dvs", "osv", "ref", "tlf", "jf", "vs")

// dateExprs finds dates, weekdays, relative days and clock times.
func dateExprs(d *doc) []span {
	var out []span
	toks := d.toks
	next := func(i int, keys map[string]bool) bool {
		return i+1 < len(toks) && d.spaceGap(i+1) && keys[toks[i+1].key]
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		s, e := t.s, -1
		switch {
		case dayWords[t.key]:
			e = t.e
		case (t.key == "i" || t.key == "in") && next(i, afterI):
			e = toks[i+1].e
		case (t.key == "this" || t.key == "next" || t.key == "last") && next(i, afterThis):
			e = toks[i+1].e
		case weekdays[t.key]:
			e = t.e
			if i > 0 && d.spaceGap(i) && beforeWeekday[toks[i-1].key] {
				s = toks[i-1].s
			}
		case months[t.key] && i+1 < len(toks) && d.spaceGap(i+1) && dayOfMonth(toks[i+1].key) > 0:
			e = toks[i+1].e // "March 12", "mars 12."
		case hour(t.key) && d.at(t.e) == ':' && i+1 < len(toks) && d.gap(i+1) == ":":
			e = clockEnd(d, i)
		case dayOfMonth(t.key) > 0 && i+1 < len(toks):
			e = dateAfterDay(d, i)
		case t.key == "kl" || t.key == "klokka" || t.key == "klokken":
			if i+1 < len(toks) && strings.Trim(d.gap(i+1), ". ") == "" && hour(toks[i+1].key) {
				e = clockEnd(d, i+1)
			}
		case strings.HasSuffix(t.key, "pm") || strings.HasSuffix(t.key, "am"):
			if hour(strings.TrimSuffix(strings.TrimSuffix(t.key, "pm"), "am")) {
				e = t.e // "3pm"
			}
		}
		if e > 0 {
			out = append(out, span{kind: DatePlace, s: s, e: e})
			for i+1 < len(toks) && toks[i+1].s < e {
				i++
			}
		}
	}
	return out
}

// dateAfterDay reads what follows a day number at token i: a month name
// ("12. mars", "12th of March") or a numeric date ("12.03", "12/3/2024").
func dateAfterDay(d *doc, i int) int {
	toks := d.toks
	g, n := d.gap(i+1), toks[i+1]
	if g == " " || g == ". " || g == "." && !n.num {
		if months[n.key] {
			return n.e
		}
		if n.key == "of" && i+2 < len(toks) && d.spaceGap(i+2) && months[toks[i+2].key] {
			return toks[i+2].e
		}
	}
	if (g == "." && len(n.key) == 2 || g == "/" && len(n.key) <= 2) && n.num && toks[i].num {
		if m, _ := small(n.key); m >= 1 && m <= 12 && (i == 0 || !clockWords[toks[i-1].key]) {
			e := n.e
			if i+2 < len(toks) && d.gap(i+2) == g && toks[i+2].num && (len(toks[i+2].key) == 2 || len(toks[i+2].key) == 4) {
				e = toks[i+2].e
			}
			return e
		}
	}
	return -1
}

// clockEnd extends a clock time from the hour token: "14", "14.30", "10:15".
func clockEnd(d *doc, i int) int {
	e := d.toks[i].e
	if i+1 < len(d.toks) && (d.gap(i+1) == "." || d.gap(i+1) == ":") && len(d.toks[i+1].key) == 2 && d.toks[i+1].num {
		if m, _ := small(d.toks[i+1].key); m < 60 {
			e = d.toks[i+1].e
		}
	}
	return e
}

// dayOfMonth returns the day in "12", "12th", "1st", or 0.
func dayOfMonth(k string) int {
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		k = strings.TrimSuffix(k, suf)
	}
	n, ok := small(k)
	if !ok || n < 1 || n > 31 {
		return 0
	}
	return n
}

func hour(k string) bool {
	n, ok := small(k)
	return ok && n <= 24
}

// small parses one or two ASCII digits.
func small(k string) (int, bool) {
	if len(k) == 0 || len(k) > 2 || !isDigit(rune(k[0])) || !isDigit(rune(k[len(k)-1])) {
		return 0, false
	}
	n := 0
	for i := 0; i < len(k); i++ {
		n = n*10 + int(k[i]-'0')
	}
	return n, true
}

var clockWords = set("kl", "klokka", "klokken", "at")

var dayWords = set("idag", "imorgen", "imorra", "igår", "ikveld", "inatt", "today", "tomorrow", "tonight",
	"yesterday", "tonite", "overmorgen", "iforgårs")

var afterI = set("dag", "morgen", "morgon", "morra", "mårå", "morgo", "går", "gaar", "kveld", "kveldt", "natt",
	"ettermiddag", "morges", "formiddag", "helga", "helgen", "helg", "overmorgen", "forgårs")

var afterThis = set("morning", "afternoon", "evening", "weekend")

var beforeWeekday = set("på", "paa", "om", "neste", "sist", "forrige", "førstkommende", "kommande", "kommende",
	"hver", "kvar", "on", "next", "last", "this", "every")

var months = set("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
	"november", "desember", "january", "february", "march", "may", "june", "july", "october", "december",
	"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "oct", "nov", "des", "dec")

// weekdays holds Bokmål, Nynorsk and English weekday names with their
// definite and plural forms ("tirsdagen", "tirsdager", "tysdag", "Mondays").
var weekdays = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{"mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag", "måndag",
		"tysdag", "laurdag", "sundag", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"} {
		for _, suf := range []string{"", "en", "er", "ene", "s", "ar", "ane"} {
			m[w+suf] = true
		}
	}
	return m
}()
