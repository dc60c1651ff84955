package privacy

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// doc is a text prepared for matching. The matchers work on low: the
// NFC form of the text, lower-cased rune by rune (simple case mapping
// never changes the number of runes), with unusual spaces, dashes and
// apostrophes replaced by plain ones so one rule covers them all.
//
// Offsets inside doc are rune indexes into low. NFC can merge several
// original runes into one ("a" + combining ring → "å") or, rarely,
// split one, so each rune of low remembers the original rune range of
// the normalisation segment it came from (segStart, segEnd). A finding
// [s, e) in low maps back to [segStart[s], segEnd[e-1]) in the original.
// Text that is already NFC (nearly all input) skips this: the offsets are
// the same.
type doc struct {
	cased  []rune // NFC text in its original case, for capital-letter rules
	low    []rune // matching form, same length as cased
	lowStr string // string(low), so tokens can slice keys without allocating
	byteAt []int  // byteAt[i] is the byte offset in lowStr of rune i; len(low)+1 entries

	segStart, segEnd []int // nil when the input was already NFC

	toks []token
}

// token is a word: a maximal run of letters, combining marks and digits.
type token struct {
	s, e  int    // rune offsets in low
	key   string // lower-cased text, a slice of lowStr
	fkey  string // key with accents folded, for names and places (see foldKey)
	cap   bool   // first letter is upper case in the original
	alpha bool   // letters and marks only
	num   bool   // ASCII digits only
}

// newDoc prepares text. Invalid UTF-8 bytes become U+FFFD one for one,
// which keeps rune counts equal to what the caller counts.
func newDoc(text string) *doc {
	d := &doc{}
	if !utf8.ValidString(text) {
		text = string([]rune(text))
	}
	if norm.NFC.IsNormalString(text) {
		d.cased = []rune(text)
	} else {
		d.cased = make([]rune, 0, len(text))
		var it norm.Iter
		it.InitString(norm.NFC, text)
		orig, prev := 0, 0
		for !it.Done() {
			seg := it.Next()
			n := utf8.RuneCountInString(text[prev:it.Pos()])
			for len(seg) > 0 {
				r, size := utf8.DecodeRune(seg)
				seg = seg[size:]
				d.cased = append(d.cased, r)
				d.segStart = append(d.segStart, orig)
				d.segEnd = append(d.segEnd, orig+n)
			}
			orig += n
			prev = it.Pos()
		}
	}
	d.low = make([]rune, len(d.cased))
	var b strings.Builder
	b.Grow(len(text))
	d.byteAt = make([]int, len(d.cased)+1)
	for i, r := range d.cased {
		r = fold(r)
		d.low[i] = r
		d.byteAt[i] = b.Len()
		b.WriteRune(r)
	}
	d.byteAt[len(d.low)] = b.Len()
	d.lowStr = b.String()
	d.tokenize()
	return d
}

// fold maps one rune to its matching form.
func fold(r rune) rune {
	if r < utf8.RuneSelf { // fast path for ASCII
		switch {
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		case r == '\t' || r == '\r' || r == '\v' || r == '\f':
			return ' '
		case r == '`':
			return '\''
		}
		return r
	}
	switch {
	case r == '\u2028' || r == '\u2029' || r == '\u0085':
		return '\n'
	case r == '\u2019' || r == '\u2018' || r == '\u02bc' || r == '\u00b4':
		return '\''
	case r >= '\u2010' && r <= '\u2015' || r == '\u2212':
		return '-'
	case unicode.IsSpace(r) || r == '\u00a0' || r == '\u202f' || r == '\u2007':
		return ' '
	}
	return unicode.ToLower(r)
}

// isWord reports whether r belongs inside a word.
func isWord(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func (d *doc) tokenize() {
	n := len(d.low)
	for i := 0; i < n; {
		if !isWord(d.low[i]) {
			i++
			continue
		}
		t := token{s: i, alpha: true, num: true}
		for ; i < n && isWord(d.low[i]); i++ {
			r := d.low[i]
			if !isDigit(r) {
				t.num = false
			}
			if unicode.IsDigit(r) {
				t.alpha = false
			}
		}
		t.e = i
		t.key = d.str(t.s, t.e)
		t.fkey = foldKey(t.key)
		t.cap = unicode.IsUpper(d.cased[t.s])
		if d.toks == nil {
			d.toks = make([]token, 0, n/4+1)
		}
		d.toks = append(d.toks, t)
	}
}

// str returns low[s:e] as a string without allocating.
func (d *doc) str(s, e int) string { return d.lowStr[d.byteAt[s]:d.byteAt[e]] }

// gap returns the text between token i-1 and token i ("" for i == 0).
func (d *doc) gap(i int) string {
	if i <= 0 || i >= len(d.toks) {
		return ""
	}
	return d.str(d.toks[i-1].e, d.toks[i].s)
}

// spaceGap reports whether tokens i-1 and i are separated by white space only.
func (d *doc) spaceGap(i int) bool {
	g := d.gap(i)
	return g != "" && strings.Trim(g, " \n") == ""
}

// at returns low[i], or 0 outside the text.
func (d *doc) at(i int) rune {
	if i < 0 || i >= len(d.low) {
		return 0
	}
	return d.low[i]
}

// hasAt reports whether low starting at rune i begins with s.
func (d *doc) hasAt(i int, s string) bool {
	if i < 0 || i > len(d.low) {
		return false
	}
	return strings.HasPrefix(d.lowStr[d.byteAt[i]:], s)
}

// hasBefore reports whether low ending just before rune i ends with s.
func (d *doc) hasBefore(i int, s string) bool {
	if i < 0 || i > len(d.low) {
		return false
	}
	return strings.HasSuffix(d.lowStr[:d.byteAt[i]], s)
}

// tokenAt returns the index of the token starting at rune i, or -1.
func (d *doc) tokenAt(i int) int {
	lo, hi := 0, len(d.toks)
	for lo < hi {
		m := (lo + hi) / 2
		if d.toks[m].s < i {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(d.toks) && d.toks[lo].s == i {
		return lo
	}
	return -1
}

// orig maps a span in low back to rune offsets in the original text.
func (d *doc) orig(s, e int) (int, int) {
	if d.segStart == nil {
		return s, e
	}
	return d.segStart[s], d.segEnd[e-1]
}

// words splits a name or place into its folded matching keys, the same
// way the text is tokenized, so "Anne-Lise  Berg" gives [anne lise berg].
func words(s string) []string {
	s = norm.NFC.String(s)
	var out []string
	start := -1
	for i, r := range s + " " {
		switch {
		case isWord(r) && start < 0:
			start = i
		case !isWord(r) && start >= 0:
			out = append(out, foldKey(strings.Map(unicode.ToLower, s[start:i])))
			start = -1
		}
	}
	return out
}

// foldKey removes accents from words of four letters or more, so names
// and places match however the writer's keyboard spells them:
// "Havnekafeen" finds "Havnekaféen", "Maret" finds "Máret", "Bjornstad"
// finds "Bjørnstad". Shorter words must match exactly, since folding
// them would make "bo" (to live) the place "Bø" and "pa" the word "på".
// Only Latin letters up to U+017F are folded (this covers Norwegian,
// Sámi and most European names); the common case of a word with nothing
// to fold returns without allocating.
func foldKey(w string) string {
	fold := false
	for _, r := range w {
		if r >= 0xc0 && r < 0x180 && latinBase[r-0xc0] != "" {
			fold = true
			break
		}
	}
	if !fold || utf8.RuneCountInString(w) < 4 {
		return w
	}
	var b strings.Builder
	for _, r := range w {
		if r >= 0xc0 && r < 0x180 && latinBase[r-0xc0] != "" {
			b.WriteString(latinBase[r-0xc0])
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// latinBase maps lower-case letters U+00C0–U+017F to their letters
// without diacritics ("é" → "e", "å" → "a", "č" → "c"), plus the
// letters that have no decomposition but are written plainly on other
// keyboards ("ø" → "o", "æ" → "ae", "đ" → "d", "ŧ" → "t", "ŋ" → "n").
var latinBase = func() (t [0x180 - 0xc0]string) {
	for r := rune(0xc0); r < 0x180; r++ {
		if !unicode.IsLower(r) {
			continue
		}
		var b strings.Builder
		for _, c := range norm.NFD.String(string(r)) {
			if !unicode.Is(unicode.Mn, c) {
				b.WriteRune(c)
			}
		}
		if base := b.String(); base != string(r) {
			t[r-0xc0] = base
		}
	}
	for r, base := range map[rune]string{'ø': "o", 'æ': "ae", 'đ': "d", 'ŧ': "t", 'ŋ': "n", 'ß': "ss", 'œ': "oe"} {
		t[r-0xc0] = base
	}
	return t
}()
