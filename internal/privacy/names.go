package privacy

import "strings"

// Names is an index of real names, built once and then only read, so one
// index can serve many concurrent checks. A name is stored as its words
// (NFC, lower case) joined by single spaces; a lookup costs one map probe
// per word of the text plus one per candidate length, whatever the size
// of the index.
type Names struct {
	first map[string]uint8    // first word → most words in any name starting with it
	full  map[string]struct{} // every name, words joined by " "
}

// maxNameWords bounds the words of one name; longer entries are skipped.
const maxNameWords = 6

// NewNames indexes other members' full names. Only names of two or more
// words are kept: a first name alone ("Anne") would flag half the forum.
// A name with middle names is also indexed as first + last name, since
// that is how people usually write it ("Per Olav Dahl" → "Per Dahl").
func NewNames(fullNames []string) *Names {
	n := &Names{first: make(map[string]uint8, len(fullNames)/4), full: make(map[string]struct{}, len(fullNames))}
	for _, name := range fullNames {
		w := words(name)
		if len(w) < 2 {
			continue
		}
		n.add(w)
		if len(w) > 2 {
			n.add([]string{w[0], w[len(w)-1]})
		}
	}
	return n
}

func (n *Names) add(w []string) {
	k := len(w)
	if k == 0 || k > maxNameWords {
		return
	}
	n.full[strings.Join(w, " ")] = struct{}{}
	if uint8(k) > n.first[w[0]] {
		n.first[w[0]] = uint8(k)
	}
}

// ownNames indexes the author's names: each full name, first + last, and
// every single name on its own (the author's first name or surname alone
// is already a clue). Initials and particles ("van", "de") are skipped.
func ownNames(names []string) *Names {
	n := &Names{first: map[string]uint8{}, full: map[string]struct{}{}}
	for _, name := range names {
		w := words(name)
		if len(w) >= 2 {
			n.add(w)
			n.add([]string{w[0], w[len(w)-1]})
		}
		for _, part := range strings.Fields(name) {
			pw := words(part) // "Anne-Lise" stays one name of two words
			if len(pw) > 1 || len(pw) == 1 && len([]rune(pw[0])) >= 2 && !particles[pw[0]] {
				n.add(pw)
			}
		}
	}
	return n
}

var particles = set("van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "af", "av", "bin", "al")

// find returns a span for every run of at least minWords words of d that
// is a name in the index. Names match whole words only: "Anne" is not
// found in "Anne-Lise", nor "Ola Nordmann" in "Ola Nordmannsen" or "Ola
// Nordmann-Hansen", but "Nordmann" is found in "Nordmann-familien". Words
// may be separated by any white space or a hyphen, and the last word may
// carry a genitive "s" ("Ola Nordmanns", "Ola Nordmann's").
func (n *Names) find(d *doc, minWords int, kind Kind, out []span) []span {
	if n == nil || len(n.first) == 0 {
		return out
	}
	buf := make([]byte, 0, 128)
	for i := 0; i < len(d.toks); i++ {
		t := d.toks[i]
		if !t.alpha || joined(d, i) {
			continue
		}
		most := int(n.first[t.fkey])
		if most == 0 && n.first[stripS(t.fkey)] > 0 {
			most = 1
		}
		most = min(most, len(d.toks)-i)
		for k := most; k >= max(minWords, 1); k-- {
			e, ok := n.match(d, i, k, buf[:0])
			if ok && caseOK(d, i, k) {
				out = append(out, span{kind: kind, s: t.s, e: e, words: k})
				i += k - 1
				break
			}
		}
	}
	return out
}

// match checks whether tokens [i, i+k) spell a name, using buf for the key.
func (n *Names) match(d *doc, i, k int, buf []byte) (int, bool) {
	for j := i; j < i+k; j++ {
		if !d.toks[j].alpha || j > i && !(d.spaceGap(j) || d.gap(j) == "-") {
			return 0, false
		}
		if j > i {
			buf = append(buf, ' ')
		}
		buf = append(buf, d.toks[j].fkey...)
	}
	if e := i + k; e < len(d.toks) {
		// The name goes on ("Ola Nordmann-Hansen", "Kari-Anne") unless what
		// follows the hyphen is an ordinary lower-case word
		// ("Nordmann-familien").
		if g := d.gap(e); g == "-" && d.toks[e].cap || g == "'" && d.toks[e].key != "s" {
			return 0, false
		}
	}
	if _, ok := n.full[string(buf)]; ok {
		return d.toks[i+k-1].e, true
	}
	if last := d.toks[i+k-1].fkey; stripS(last) != last {
		if _, ok := n.full[string(buf[:len(buf)-1])]; ok {
			return d.toks[i+k-1].e, true
		}
	}
	return 0, false
}

// personNames finds the author's own names and other members' full names.
// When the author's full name is found it is reported as own_name only
// (the author is a member too); the author's surname inside another
// member's full name is that member's name, not the author's.
func personNames(d *doc, c Context, out []span) []span {
	own := cached("own", c.AuthorNames, ownNames).find(d, 1, OwnName, nil)
	members := c.Members.find(d, 2, MemberName, nil)
	for _, m := range members {
		if !overlapsAny(m, own, 2) {
			out = append(out, m)
		}
	}
	for _, o := range own {
		if o.words > 1 || !overlapsAny(o, members, 2) {
			out = append(out, o)
		}
	}
	return out
}

// overlapsAny reports whether a overlaps a span in list of at least minWords words.
func overlapsAny(a span, list []span, minWords int) bool {
	for _, b := range list {
		if b.words >= minWords && overlaps(a, b) {
			return true
		}
	}
	return false
}

// joined reports whether token i continues a word joined by a hyphen or
// an apostrophe ("Lise" in "Anne-Lise").
func joined(d *doc, i int) bool {
	g := d.gap(i)
	return g == "-" || g == "'"
}

// stripS removes a genitive "s" from words longer than two letters.
func stripS(w string) string {
	if len(w) > 2 && strings.HasSuffix(w, "s") {
		return w[:len(w)-1]
	}
	return w
}

// caseOK applies the capital-letter rule: names that are also ordinary
// words ("Per" and "per dag", "Liv" and "livet", "Berg", "Will") count
// only when written with a capital letter. Other names match in any case,
// since some members write all in lower case.
func caseOK(d *doc, i, k int) bool {
	common, capital := false, false
	for j := i; j < i+k; j++ {
		common = common || commonWords[d.toks[j].key] || commonWords[stripS(d.toks[j].key)]
		capital = capital || d.toks[j].cap
	}
	return capital || !common
}

// commonWords are Norwegian and English words that are also first names
// or surnames; as names they need a capital letter.
var commonWords = set(
	// first names
	"per", "dag", "liv", "sol", "mai", "ask", "bjørn", "ørn", "stein", "rose", "iris", "siv", "tone", "eli", "vår",
	"hans", "jo", "bo", "gro", "lykke", "stig", "mette", "rune", "odd", "even", "roar", "bent", "are", "else",
	"helle", "linn", "elv", "sommer", "grace", "hope", "faith", "joy", "will", "mark", "bill", "frank", "may",
	"june", "april", "august", "art", "max", "sunny", "dawn", "rain", "ray", "ivy", "jack", "summer", "ben",
	// surnames
	"berg", "dal", "dahl", "bakke", "bakken", "haug", "hauge", "haugen", "lie", "li", "lien", "lund", "lunde", "holm",
	"nes", "vik", "foss", "fosse", "sand", "strand", "aas", "eng", "myr", "fjell", "bø", "moe", "mo", "moen",
	"hagen", "nordmann", "glad", "mørk", "lyng", "hegg", "rogn", "alm", "lind", "stang", "bratt", "vang", "berge",
	"løken", "sterk", "storm", "fjord", "dale", "hill", "wood", "ford", "field", "lee", "long", "short", "little",
	"hunter", "king", "young", "white", "black", "brown", "green", "rich", "baker", "cook", "fisher", "mason")
