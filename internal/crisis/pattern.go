package crisis

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxAlternatives bounds how many word sequences one rule may expand to.
const maxAlternatives = 1000

// maxGap is the largest gap a rule may leave between words (~1 … ~9).
const maxGap = 9

// elem is one step of a sequence: a word (any of forms, or a word starting
// with any of prefix) or, when gap > 0, up to gap words of anything.
type elem struct {
	gap    int
	forms  []string
	prefix []string
}

// matches reports whether the word key fits e (a word element).
func (e *elem) matches(key string) bool {
	for _, f := range e.forms {
		if f == key {
			return true
		}
	}
	for _, p := range e.prefix {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}

// node is a parsed pattern before expansion: a word or gap, or a group of
// alternative sequences.
type node struct {
	el   *elem
	alts [][]node
}

// chunks splits s at spaces outside braces.
func chunks(s string) ([]string, error) {
	var out []string
	depth, start := 0, -1
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '{':
			depth++
		case c == '}':
			depth--
			if depth < 0 {
				return nil, fmt.Errorf("unexpected }")
			}
		case c == ' ' && depth == 0:
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
			continue
		case c == '|' && depth == 0:
			return nil, fmt.Errorf("| outside braces")
		}
		if start < 0 {
			start = i
		}
	}
	if depth != 0 {
		return nil, fmt.Errorf("missing }")
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out, nil
}

// enclosed reports whether chunk is one brace group from its first to its
// last byte: a group of phrases rather than a word with endings.
func enclosed(chunk string) bool {
	if len(chunk) < 2 || chunk[0] != '{' || chunk[len(chunk)-1] != '}' {
		return false
	}
	depth := 0
	for i := 0; i < len(chunk); i++ {
		switch chunk[i] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 && i != len(chunk)-1 {
				return false
			}
		}
	}
	return true
}

// splitAlts splits the inside of a group at "|" outside inner braces.
func splitAlts(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			depth--
		case '|':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

// parseSeq parses a sequence of words, gaps and groups.
func parseSeq(s string) ([]node, error) {
	cs, err := chunks(s)
	if err != nil {
		return nil, err
	}
	var out []node
	for _, c := range cs {
		switch {
		case c[0] == '~':
			n, err := strconv.Atoi(c[1:])
			if err != nil || n < 1 || n > maxGap {
				return nil, fmt.Errorf("bad gap %q (want ~1 … ~%d)", c, maxGap)
			}
			out = append(out, node{el: &elem{gap: n}})
		case enclosed(c):
			var g node
			alts := splitAlts(c[1 : len(c)-1])
			for _, a := range alts {
				seq, err := parseSeq(strings.TrimSpace(a))
				if err != nil {
					return nil, err
				}
				g.alts = append(g.alts, seq)
			}
			if len(alts) == 1 { // {word} is optional
				g.alts = append(g.alts, nil)
			}
			out = append(out, g)
		default:
			els, err := parseWord(c)
			if err != nil {
				return nil, err
			}
			for _, e := range els {
				out = append(out, node{el: e})
			}
		}
	}
	return out, nil
}

// parseWord parses one word with optional endings in braces and an
// optional "*" at the end. A plain word may stand for several (a hyphen
// or a contraction: "self-harm", "i'm").
func parseWord(w string) ([]*elem, error) {
	wild := strings.HasSuffix(w, "*")
	w = strings.TrimSuffix(w, "*")
	if strings.Contains(w, "*") {
		return nil, fmt.Errorf("%q: * only at the end of a word", w)
	}
	forms := []string{""}
	rest := w
	braces := false
	for rest != "" {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			forms = appendAll(forms, []string{rest})
			break
		}
		j := strings.IndexByte(rest, '}')
		if j < i {
			return nil, fmt.Errorf("%q: unbalanced braces", w)
		}
		inner := rest[i+1 : j]
		if strings.ContainsAny(inner, "{ ~") {
			return nil, fmt.Errorf("%q: braces inside a word take endings only; set phrase groups apart with spaces", w)
		}
		alts := strings.Split(inner, "|")
		if len(alts) == 1 { // ta{r}: the ending is optional
			alts = append(alts, "")
		}
		forms = appendAll(forms, []string{rest[:i]})
		forms = appendAll(forms, alts)
		rest = rest[j+1:]
		braces = true
	}
	if !braces && !wild {
		keys := wordKeys(w)
		if len(keys) == 0 {
			return nil, fmt.Errorf("%q is not a word", w)
		}
		var out []*elem
		for _, k := range keys {
			out = append(out, &elem{forms: []string{k}})
		}
		return out, nil
	}
	e := &elem{}
	seen := map[string]bool{}
	for _, f := range forms {
		keys := wordKeys(f)
		if len(keys) != 1 || (wild && !plainWord(keys[0])) {
			return nil, fmt.Errorf("%q: the form %q is not a single word", w, f)
		}
		k := keys[0]
		if seen[k] {
			continue
		}
		seen[k] = true
		if wild {
			if utf8.RuneCountInString(k) < 3 {
				return nil, fmt.Errorf("%q: a word with * needs at least 3 letters before it", w)
			}
			e.prefix = append(e.prefix, k)
		} else {
			e.forms = append(e.forms, k)
		}
	}
	return []*elem{e}, nil
}

// appendAll returns every a+b for a in heads, b in tails.
func appendAll(heads, tails []string) []string {
	out := make([]string, 0, len(heads)*len(tails))
	for _, h := range heads {
		for _, t := range tails {
			out = append(out, h+t)
		}
	}
	return out
}

// wordKeys returns the tokens a pattern word gives when it appears in a
// text, or nil if it holds anything but letters, digits, hyphens and
// apostrophes.
func wordKeys(w string) []string {
	for _, r := range w {
		if !isWord(r) && !isApos(r) && r != '-' {
			return nil
		}
	}
	var out []string
	for _, t := range tokenize(w, nil) {
		out = append(out, t.key)
	}
	return out
}

// plainWord reports whether k is one word without apostrophes.
func plainWord(k string) bool {
	for _, r := range k {
		if !isWord(r) {
			return false
		}
	}
	return k != ""
}

// expandNodes turns a parsed pattern into every plain sequence it allows.
func expandNodes(nodes []node) ([][]elem, error) {
	out := [][]elem{nil}
	for _, n := range nodes {
		if n.el != nil {
			for i := range out {
				out[i] = appendElem(out[i], *n.el)
			}
			continue
		}
		var tails [][]elem
		for _, a := range n.alts {
			t, err := expandNodes(a)
			if err != nil {
				return nil, err
			}
			tails = append(tails, t...)
		}
		if len(out)*len(tails) > maxAlternatives {
			return nil, fmt.Errorf("more than %d alternatives; split the rule", maxAlternatives)
		}
		next := make([][]elem, 0, len(out)*len(tails))
		for _, h := range out {
			for _, t := range tails {
				s := append([]elem(nil), h...)
				for _, e := range t {
					s = appendElem(s, e)
				}
				next = append(next, s)
			}
		}
		out = next
	}
	return out, nil
}

// appendElem appends e to s, merging neighbouring gaps.
func appendElem(s []elem, e elem) []elem {
	if e.gap > 0 && len(s) > 0 && s[len(s)-1].gap > 0 {
		s[len(s)-1].gap = min(s[len(s)-1].gap+e.gap, maxGap)
		return s
	}
	return append(s, e)
}
