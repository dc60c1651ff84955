package privacy

import (
	"strconv"
	"strings"
)

// numRun is a number written as digit groups with one separator between
// groups ("412 34 567", "010203-12345", "22.03.2024"). In loose mode,
// used after "+" or "00", a separator may be two characters and include
// parentheses ("(+47) 22 33 44 55", "+1 (555) 123-4567").
type numRun struct {
	groups [][2]int // rune span of each group of digits
	seps   []rune   // seps[k] separates groups k and k+1 (first rune if two)
}

func (r numRun) s() int { return r.groups[0][0] }
func (r numRun) e() int { return r.groups[len(r.groups)-1][1] }

func readRun(d *doc, i int, loose bool) numRun {
	var r numRun
	for {
		j := i
		for j < len(d.low) && isDigit(d.low[j]) {
			j++
		}
		r.groups = append(r.groups, [2]int{i, j})
		seps := " -."
		if loose {
			seps = " -.()"
		}
		k := j
		for k < len(d.low) && k-j < 2 && strings.ContainsRune(seps, d.low[k]) {
			k++
		}
		if k == j || k-j > 1 && !loose || !isDigit(d.at(k)) {
			return r
		}
		r.seps = append(r.seps, d.low[j])
		i = k
	}
}

// digits returns the digits of groups [from, to) run together.
func (r numRun) digits(d *doc, from, to int) string {
	var b strings.Builder
	for _, g := range r.groups[from:to] {
		b.WriteString(d.str(g[0], g[1]))
	}
	return b.String()
}

// numbers finds phone numbers, national identity numbers and postcodes.
// It walks the text once, reading each number that starts at a word
// boundary as a run of groups and deciding what the run is.
func numbers(d *doc, out []span) []span {
	n := len(d.low)
	for i := 0; i < n; {
		if !isDigit(d.low[i]) {
			i++
			continue
		}
		// Inside a word ("abc123") or the tail of "3,5", "10:15", "24/7".
		if p := d.at(i - 1); isWord(p) || strings.ContainsRune(",:/", p) && isDigit(d.at(i-2)) {
			for i < n && isWord(d.low[i]) {
				i++
			}
			continue
		}
		start := -1 // where an international prefix begins
		if d.at(i-1) == '+' {
			start = i - 1
			if d.at(i-2) == '(' {
				start = i - 2
			}
			if p := d.at(start - 1); isWord(p) || p == '+' {
				start = -2 // "2+2": arithmetic, not a phone number
			}
		} else if d.hasAt(i, "00") && d.at(i+2) >= '1' && d.at(i+2) <= '9' {
			start = i
		}
		r := readRun(d, i, start >= 0)
		switch {
		case start == -2:
		case start >= 0:
			out = international(d, r, start, out)
		case !money(d, r):
			out = domestic(d, r, out)
		}
		i = r.e()
	}
	return out
}

// international accepts "+47" followed by a Norwegian number, or "+" and a
// country code followed by groups adding up to 8–15 digits (E.164 allows
// at most 15). The same holds after the "00" dialling prefix.
func international(d *doc, r numRun, start int, out []span) []span {
	skip := 0
	if start == r.s() {
		skip = 2 // the "00" prefix, not a "+"
	}
	all := r.digits(d, 0, len(r.groups))
	if len(all) <= skip || all[skip] == '0' {
		return out
	}
	all = all[skip:]
	total, end := -skip, -1
	for _, g := range r.groups {
		total += g[1] - g[0]
		if strings.HasPrefix(all, "47") {
			if total == 10 && all[2] >= '2' && all[2] <= '9' {
				end = g[1]
				break
			}
		} else if total >= 8 && total <= 15 {
			end = g[1]
		}
	}
	if end < 0 {
		return out
	}
	return append(out, span{kind: Phone, s: start, e: end})
}

// phoneGroupings are the usual ways of writing a Norwegian 8-digit number.
var phoneGroupings = []string{"8", "3,2,3", "2,2,2,2", "4,4"}

// domestic decides what a run without international prefix is. The whole
// run is tried first; if it is none of the known shapes, each group that
// stands alone between spaces is tried by itself ("3 0150 Oslo").
func domestic(d *doc, r numRun, out []span) []span {
	if f, ok := domesticShape(d, r, 0, len(r.groups)); ok {
		return append(out, f)
	}
	for k := range r.groups {
		if len(r.groups) > 1 && (k == 0 || r.seps[k-1] == ' ') && (k == len(r.groups)-1 || r.seps[k] == ' ') {
			if f, ok := domesticShape(d, r, k, k+1); ok {
				out = append(out, f)
			}
		}
	}
	return out
}

// domesticShape classifies groups [from, to) of r.
func domesticShape(d *doc, r numRun, from, to int) (span, bool) {
	s, e := r.groups[from][0], r.groups[to-1][1]
	digits := r.digits(d, from, to)
	var shape strings.Builder
	sep := rune(0)
	for k := from; k < to; k++ {
		if k > from {
			shape.WriteByte(',')
			if sep != 0 && r.seps[k-1] != sep {
				return span{}, false // mixed separators: a list of numbers, not one
			}
			sep = r.seps[k-1]
		}
		shape.WriteString(strconv.Itoa(r.groups[k][1] - r.groups[k][0]))
	}
	if isWord(d.at(e)) {
		return span{}, false
	}
	switch sh := shape.String(); {
	case sh == "11" || sh == "6,5" && sep != '.':
		if validNationalID(digits) {
			return span{kind: NationalID, s: s, e: e, strong: true}, true
		}
	case len(digits) == 8 && digits[0] >= '2' && digits[0] <= '9':
		for _, g := range phoneGroupings {
			if sh == g && !(sep == '.' && g == "4,4") && !(sep == '-' && g == "4,4") {
				return span{kind: Phone, s: s, e: e}, true
			}
		}
	case sh == "4":
		return postcode(d, s, e)
	}
	return span{}, false
}

// money reports whether the run is an amount or a percentage: "kr 250",
// "1 500 kroner", "250,-", "40 %", "€ 30". Such numbers are never phone
// numbers even when they have eight digits.
func money(d *doc, r numRun) bool {
	e := r.e()
	if strings.ContainsRune("%€$£", d.at(e)) || d.hasAt(e, ",-") || d.hasAt(e, " %") || d.hasAt(e, " ,-") {
		return true
	}
	if p := d.at(r.s() - 1); strings.ContainsRune("€$£", p) || p == ' ' && strings.ContainsRune("€$£", d.at(r.s()-2)) {
		return true
	}
	if t := d.tokenAt(r.s()); t > 0 && moneyWords[d.toks[t-1].key] && strings.Trim(d.gap(t), " .") == "" {
		return true
	}
	if t := d.tokenAt(r.groups[len(r.groups)-1][0]); t >= 0 && t+1 < len(d.toks) && d.spaceGap(t+1) {
		return moneyWords[d.toks[t+1].key]
	}
	return false
}

var moneyWords = set("kr", "kroner", "krone", "nok", "usd", "eur", "euro", "dollar", "dollars",
	"prosent", "percent", "pct", "mill", "million", "millioner", "millions", "mrd", "pounds")

// postcode accepts four digits followed by a place name: "0150 Oslo",
// "N-5003 Bergen". The name must be capitalised unless the "N-" prefix
// makes the intent plain. Years in phrases like "i 2019 Bergen…" and
// times like "kl 1430" are left alone.
func postcode(d *doc, s, e int) (span, bool) {
	start, prefixed := s, false
	for _, p := range []string{"n-", "no-"} {
		if d.hasBefore(s, p) && !isWord(d.at(s-len(p)-1)) {
			start, prefixed = s-len(p), true
		}
	}
	t := d.tokenAt(s)
	if t < 0 || t+1 >= len(d.toks) || d.str(e, d.toks[t+1].s) != " " {
		return span{}, false
	}
	next := d.toks[t+1]
	if !next.alpha || len([]rune(next.key)) < 2 || !next.cap && !prefixed ||
		notPlaceWords[next.key] || months[next.key] || weekdays[next.key] {
		return span{}, false
	}
	if t > 0 && clockWords[d.toks[t-1].key] {
		return span{}, false // a time: "kl 1430"
	}
	if v, _ := strconv.Atoi(d.str(s, e)); !prefixed && v >= 1900 && v <= 2099 &&
		(t == 0 || notPostcodeBefore[d.toks[t-1].key] || strings.ContainsAny(d.gap(t), ".!?\n")) {
		return span{}, false // a year: "i 2019 Bergen …", "2020 Begynte jeg …"
	}
	return span{kind: Postcode, s: start, e: next.e}, true
}

// notPlaceWords are capitalised words that follow a number without being
// a place: pronouns at a sentence start, months, weekdays.
var notPlaceWords = set("jeg", "eg", "du", "vi", "me", "de", "dei", "han", "hun", "ho", "det", "den", "var", "er", "og", "men",
	"i", "the", "a", "an", "and", "but", "was", "is", "it", "we", "they", "he", "she", "my", "min", "mitt",
	"kr", "kroner", "nok", "år", "years", "steps", "skritt")

// notPostcodeBefore are words that make a number from 1900 to 2099 a
// year. Such a number at the start of a sentence is taken as a year too.
var notPostcodeBefore = set("i", "in", "år", "året", "siden", "since", "fra", "from", "til", "to", "until", "innen",
	"høsten", "våren", "sommeren", "vinteren", "summer", "winter", "spring", "autumn", "fall",
	"kr", "nok", "ca", "about", "over", "under", "rundt", "around")

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
