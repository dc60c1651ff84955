package crisis

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// ParseError reports a bad line in a phrase list.
type ParseError struct {
	List int    // position of the list among those given to New, from 1
	Line int    // line number in that list, from 1
	Msg  string // what is wrong
}

// Error formats the error with the list and line it names.
func (e *ParseError) Error() string {
	return fmt.Sprintf("crisis: list %d, line %d: %s", e.List, e.Line, e.Msg)
}

// rule is one line of a list, expanded to plain word sequences.
type rule struct {
	id     string
	level  Level
	ignore bool
	seqs   [][]elem
	list   int
	line   int
}

// wordSets are the word directives of a list: "negate", "negate-stop",
// "negate-cancel" and "skip", each mapped to its words. A "skip" entry
// may be a phrase ("rett og slett", "kind of"): its words joined by a
// space.
type wordSets map[string][]string

// parseList reads one list. n is its position among the lists, for errors.
func parseList(data []byte, n int) (rules []rule, words wordSets, err error) {
	words = wordSets{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for line := 1; sc.Scan(); line++ {
		fail := func(format string, a ...any) error {
			return &ParseError{List: n, Line: line, Msg: fmt.Sprintf(format, a...)}
		}
		text := sc.Text()
		if line == 1 {
			text = strings.TrimPrefix(text, "\ufeff")
		}
		if !utf8.ValidString(text) {
			return nil, nil, fail("not valid UTF-8")
		}
		if i := strings.IndexByte(text, '#'); i >= 0 {
			text = text[:i]
		}
		text = strings.TrimSpace(text)
		if text == "" {
			continue
		}
		kind, pattern, _ := strings.Cut(strings.ReplaceAll(text, "\t", " "), " ")
		pattern = strings.Join(strings.Fields(pattern), " ")
		if pattern == "" {
			return nil, nil, fail("%q needs a pattern after it", kind)
		}
		r := rule{id: pattern, list: n, line: line}
		switch kind {
		case "intent":
			r.level = Intent
		case "concern":
			r.level = Concern
		case "ignore":
			r.ignore = true
		case "negate", "negate-stop", "negate-cancel":
			for _, w := range strings.Fields(pattern) {
				keys := wordKeys(w)
				if len(keys) != 1 || !plainWord(keys[0]) {
					return nil, nil, fail("%s: %q is not a single word", kind, w)
				}
				words[kind] = append(words[kind], keys[0])
			}
			continue
		case "skip":
			cs, err := chunks(pattern)
			if err != nil {
				return nil, nil, fail("skip: %v", err)
			}
			for _, c := range cs {
				phrase := c
				if enclosed(c) {
					phrase = c[1 : len(c)-1]
				}
				var keys []string
				for _, w := range strings.Fields(phrase) {
					ks := wordKeys(w)
					if len(ks) == 0 {
						return nil, nil, fail("skip: %q is not a word or a {phrase} of words", c)
					}
					keys = append(keys, ks...)
				}
				if len(keys) == 0 || len(keys) > maxSkip {
					return nil, nil, fail("skip: %q must be 1 to %d words", c, maxSkip)
				}
				words[kind] = append(words[kind], strings.Join(keys, " "))
			}
			continue
		default:
			return nil, nil, fail("unknown level %q (want intent, concern, ignore, negate, negate-stop, negate-cancel or skip)", kind)
		}
		nodes, err := parseSeq(pattern)
		if err != nil {
			return nil, nil, fail("%v", err)
		}
		seqs, err := expandNodes(nodes)
		if err != nil {
			return nil, nil, fail("%v", err)
		}
		for _, s := range seqs {
			if len(s) == 0 {
				return nil, nil, fail("the pattern can match no words at all")
			}
			if s[0].gap > 0 || s[len(s)-1].gap > 0 {
				return nil, nil, fail("a pattern cannot start or end with a gap")
			}
		}
		r.seqs = seqs
		rules = append(rules, r)
	}
	if err := sc.Err(); err != nil {
		return nil, nil, &ParseError{List: n, Msg: err.Error()}
	}
	return rules, words, nil
}
