package crisis

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"sync"
	"unicode/utf8"
)

// lookBack is how many words before a match are searched for a negator
// ("ikke", "never" …), within the same clause and up to a stop word.
const lookBack = 6

// hit is a rule match before the matches are resolved.
type hit struct {
	first, last int // token indexes
	start, end  int // byte offsets
	level       Level
	rule        int32
	ignore      bool
}

// tokPool recycles token slices between checks.
var tokPool = sync.Pool{New: func() any { s := make([]token, 0, 256); return &s }}

// Check finds crisis language in text. Matches of idiom rules ("ignore")
// cancel every match they overlap; a match inside a longer match is
// dropped, so the more specific rule decides ("I tried to kill myself" is
// a concern, not intent); a negator in the match's gaps or shortly
// before it, in the same clause, lowers the level by one ("I will never
// kill myself" is a concern, "I don't want to die" nothing); intent in a
// Markdown block quote counts as concern. Check takes time linear in
// the length of the text.
func (d *Detector) Check(text string) Result {
	res := Result{Matches: []Match{}}
	if text == "" {
		return res
	}
	buf := tokPool.Get().(*[]token)
	toks := tokenize(text, (*buf)[:0])
	var hits []hit
	for i := range toks {
		key := toks[i].key
		if ids := d.byWord[key]; ids != nil {
			hits = d.tryAt(toks, i, ids, hits)
		}
		for _, l := range d.prefLens {
			if l > len(key) {
				break
			}
			if l < len(key) && !utf8.RuneStart(key[l]) {
				continue
			}
			if ids := d.byPrefix[key[:l]]; ids != nil {
				hits = d.tryAt(toks, i, ids, hits)
			}
		}
	}
	for i := range hits {
		hits[i].start, hits[i].end = toks[hits[i].first].start, toks[hits[i].last].end
	}
	clear(toks) // drop references to text before pooling
	*buf = toks[:0]
	tokPool.Put(buf)
	if len(hits) == 0 {
		return res
	}
	for _, h := range d.resolve(hits) {
		res.Matches = append(res.Matches, Match{Start: h.start, End: h.end, Level: h.level, Rule: d.rules[h.rule].id})
		res.Level = max(res.Level, h.level)
	}
	return res
}

// tryAt tries the sequences ids, whose first word matches token i.
func (d *Detector) tryAt(toks []token, i int, ids []int32, hits []hit) []hit {
	for _, id := range ids {
		c := &d.seqs[id]
		last, neg, ok := d.match(c.elems, 1, toks, i+1, toks[i].sent)
		if !ok {
			continue
		}
		r := &d.rules[c.rule]
		h := hit{first: i, last: last, level: r.level, rule: c.rule, ignore: r.ignore}
		if !r.ignore {
			if neg || d.negatedBefore(toks, i) {
				h.level--
			}
			if h.level == Intent && toks[i].quoted {
				h.level = Concern
			}
		}
		hits = append(hits, h)
	}
	return hits
}

// maxSkip is how many words of skip phrases ("bare", "egentlig", "rett
// og slett", V2 "jeg") may stand between two words of a rule.
const maxSkip = 3

// match matches elems[k:] from token pos within sentence sent. It returns
// the index of the last token matched and whether a gap skipped a
// negator. Gaps try the shortest skip first. Between two words, up to
// maxSkip words of skip phrases may stand; a word that fits the rule is
// taken as the rule's word, never skipped.
func (d *Detector) match(elems []elem, k int, toks []token, pos int, sent int32) (last int, neg, ok bool) {
	skipped := 0
	for k < len(elems) {
		e := &elems[k]
		if e.gap > 0 {
			next := &elems[k+1] // a gap is always followed by a word
			for p := pos; p <= pos+e.gap && p < len(toks) && toks[p].sent == sent; p++ {
				if !next.matches(toks[p].key) {
					continue
				}
				if l, n, ok := d.match(elems, k+2, toks, p+1, sent); ok {
					for q := pos; q < p; q++ {
						n = n || d.negator(toks, q)
					}
					return l, n, true
				}
			}
			return 0, false, false
		}
		if pos >= len(toks) || toks[pos].sent != sent {
			return 0, false, false
		}
		if !e.matches(toks[pos].key) {
			if n := d.skip(toks, pos); n > 0 && skipped+n <= maxSkip {
				pos += n
				skipped += n
				continue
			}
			return 0, false, false
		}
		skipped = 0
		pos++
		k++
	}
	return pos - 1, false, true
}

// skip returns the number of words of the longest skip phrase starting at
// token pos, within its sentence, or 0. A negator is never skipped. The
// answer is kept in the token, as many sequences may ask at one place.
func (d *Detector) skip(toks []token, pos int) int {
	if n := toks[pos].skipped; n > 0 {
		return int(n) - 1
	}
	n := d.skipAt(toks, pos)
	if 0 <= n && n < math.MaxInt8 { // always: parseList keeps skip phrases to maxSkip words
		toks[pos].skipped = int8(n + 1)
	}
	return n
}

func (d *Detector) skipAt(toks []token, pos int) int {
	rests, ok := d.skips[toks[pos].key]
	if !ok || d.negators[toks[pos].key] {
		return 0
	}
	sent := toks[pos].sent
next:
	for _, rest := range rests {
		if pos+len(rest) >= len(toks) {
			continue
		}
		for j, w := range rest {
			if t := &toks[pos+1+j]; t.sent != sent || t.key != w || d.negators[w] {
				continue next
			}
		}
		return 1 + len(rest)
	}
	return 0
}

// negatedBefore reports whether a negator comes shortly before token i:
// among the lookBack words before it, in its clause, after the last stop
// word ("jeg", "I", "but" …).
func (d *Detector) negatedBefore(toks []token, i int) bool {
	for j := i - 1; j >= 0 && j >= i-lookBack && toks[j].clause == toks[i].clause; j-- {
		if d.negator(toks, j) {
			return true
		}
		if d.stops[toks[j].key] {
			return false
		}
	}
	return false
}

// negator reports whether token q negates: it is a negator and neither of
// the next two words cancels it ("can't stop", "klarer ikke å slutte").
func (d *Detector) negator(toks []token, q int) bool {
	if !d.negators[toks[q].key] {
		return false
	}
	for k := q + 1; k <= q+2 && k < len(toks); k++ {
		if d.cancels[toks[k].key] {
			return false
		}
	}
	return true
}

// resolve drops matches overlapped by an idiom and matches inside longer
// ones, then those lowered to None. The result is sorted by start.
func (d *Detector) resolve(hits []hit) []hit {
	var ign, det []hit
	for _, h := range hits {
		if h.ignore {
			ign = append(ign, h)
		} else {
			det = append(det, h)
		}
	}
	if len(ign) > 0 {
		// maxEnd[i] is the largest end among ign[:i+1], sorted by start.
		slices.SortFunc(ign, func(a, b hit) int { return cmp.Compare(a.start, b.start) })
		maxEnd := make([]int, len(ign))
		for i, g := range ign {
			maxEnd[i] = g.end
			if i > 0 {
				maxEnd[i] = max(maxEnd[i], maxEnd[i-1])
			}
		}
		kept := det[:0]
		for _, h := range det {
			n := sort.Search(len(ign), func(i int) bool { return ign[i].start >= h.end }) // idioms starting before h ends
			if n > 0 && maxEnd[n-1] > h.start {
				continue
			}
			kept = append(kept, h)
		}
		det = kept
	}
	slices.SortFunc(det, func(a, b hit) int {
		if c := cmp.Compare(a.start, b.start); c != 0 {
			return c
		}
		if c := cmp.Compare(b.end, a.end); c != 0 {
			return c
		}
		if c := cmp.Compare(b.level, a.level); c != 0 {
			return c
		}
		return cmp.Compare(a.rule, b.rule)
	})
	out := det[:0]
	end := -1
	for _, h := range det {
		if h.end <= end {
			continue // inside an earlier, longer match
		}
		end = h.end
		if h.level > None {
			out = append(out, h)
		}
	}
	return out
}
