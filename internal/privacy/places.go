package privacy

import (
	"strings"
	"unicode/utf8"
)

// place is one entry of the community's place list, as matching keys.
type place struct {
	words []string
	stem  string // stem of the last word, "" if too short to stem
}

// places finds names from the community's place list. Like names they
// match whole words in any case and across extra spaces or a hyphen;
// unlike names, also as part of a hyphenated compound ("Storgata-kafeen"
// names the place just as well). The last word matches in any of its
// Norwegian forms: "Storgata" also finds "Storgate" and "Storgatas",
// "Fjordvik legesenter" also finds "Fjordvik legesenteret", "Kiwi
// Granlia" also finds "Kiwi Granlias". The other words must match
// exactly (after accent folding, see foldKey).
//
// The index of a list is built once and cached (see cached).
func places(d *doc, list []string, out []span) []span {
	if len(list) == 0 {
		return out
	}
	index := cached("places", list, placeIndex)
	for i, t := range d.toks {
		if d.gap(i) == "'" {
			continue
		}
		end := -1
		for _, key := range []string{t.fkey, stem(t.fkey)} {
			for _, p := range index[key] {
				if e, ok := p.match(d, i); ok && e > end {
					end = e
				}
			}
		}
		if end > 0 {
			out = append(out, span{kind: Place, s: t.s, e: end})
		}
	}
	return out
}

// placeIndex indexes places by the key of their first word: the word
// itself, or for one-word places its stem.
func placeIndex(list []string) map[string][]place {
	index := map[string][]place{}
	for _, name := range list {
		w := words(name)
		if len(w) == 0 || len(w) > maxNameWords {
			continue
		}
		p := place{words: w, stem: stem(w[len(w)-1])}
		key := w[0]
		if len(w) == 1 && p.stem != "" {
			key = p.stem
		}
		index[key] = append(index[key], p)
	}
	return index
}

// match reports whether the place starts at token i, and where it ends.
func (p place) match(d *doc, i int) (int, bool) {
	n := len(p.words)
	if i+n > len(d.toks) {
		return 0, false
	}
	for k, w := range p.words {
		t := d.toks[i+k]
		if k > 0 && !(d.spaceGap(i+k) || d.gap(i+k) == "-") {
			return 0, false
		}
		if k < n-1 {
			if t.fkey != w {
				return 0, false
			}
			continue
		}
		if t.fkey != w && t.fkey != w+"s" && (p.stem == "" || stem(t.fkey) != p.stem) {
			return 0, false
		}
	}
	if e := i + n; e < len(d.toks) && d.gap(e) == "'" && d.toks[e].key != "s" {
		return 0, false
	}
	return d.toks[i+n-1].e, true
}

// stem strips a genitive "s" and a Norwegian definite or plural ending
// (-ene, -ane, -en, -et, -a, -e), so the forms of one word share a stem:
// gate/gata/gaten → "gat", veien/vei → "vei", torget/torg → "torg". It
// returns "" when less than three letters would remain, since short
// stems would make unrelated words equal.
func stem(w string) string {
	n := utf8.RuneCountInString(w)
	if n > 4 && strings.HasSuffix(w, "s") {
		w, n = w[:len(w)-1], n-1
	}
	for _, suf := range []string{"ene", "ane", "en", "et", "a", "e"} {
		if strings.HasSuffix(w, suf) && n-len(suf) >= 3 {
			w, n = w[:len(w)-len(suf)], n-len(suf)
			break
		}
	}
	if n < 3 {
		return ""
	}
	return w
}
