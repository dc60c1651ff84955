// Package crisis finds suicide and self-harm language in forum text
// written in Norwegian Bokmål or English. ReConnect is not an emergency
// service, yet people in crisis write there: when a post, draft or
// message matches, the caller shows the writer crisis numbers and a kind
// message (it never blocks or hides the text) and puts a crisis alert at
// the top of the moderators' queue.
//
// The rules are phrase lists (phrases/nb.txt, phrases/en.txt) in a small
// format described in docs/crisis-detection.md and at the top of each
// list; a deployment can add or replace lists with New. The package is
// pure logic (no database, no HTTP) and a Detector is safe for concurrent
// use. See docs/crisis-detection.md for the policy, how well it works
// (measured on testdata/corpus.tsv) and its limits.
package crisis

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"sync"
)

// Level says how urgent a text is.
type Level int

// The levels, in increasing urgency. Their String forms are used in JSON
// and as the suffix of i18n keys.
const (
	// None: no crisis language (or only idioms such as "jeg døde av latter").
	None Level = iota
	// Concern: self-harm, hopelessness, a passive wish to die, suicidal
	// thoughts, a past attempt, someone else at risk, a denied intent.
	Concern
	// Intent: suicidal intent, a plan or means, a goodbye, or self-harm
	// happening now or just done.
	Intent
)

// String returns "none", "concern" or "intent".
func (l Level) String() string {
	switch l {
	case Concern:
		return "concern"
	case Intent:
		return "intent"
	}
	return "none"
}

// MarshalText encodes the level as its String form.
func (l Level) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// UnmarshalText decodes "none", "concern" or "intent".
func (l *Level) UnmarshalText(b []byte) error {
	switch string(b) {
	case "none":
		*l = None
	case "concern":
		*l = Concern
	case "intent":
		*l = Intent
	default:
		return fmt.Errorf("crisis: unknown level %q", b)
	}
	return nil
}

// Match is one phrase found in the text.
type Match struct {
	Start int    `json:"start"` // byte offset of the first word in the text
	End   int    `json:"end"`   // byte offset just past the last word
	Level Level  `json:"level"`
	Rule  string `json:"rule"` // the rule's pattern as written in its list: a stable id
}

// Result is the outcome of a check.
type Result struct {
	Level   Level   `json:"level"`   // the highest level among Matches; None if there are none
	Matches []Match `json:"matches"` // sorted by Start, then End; never nil
}

// Detector checks texts against a set of phrase lists. It is read-only
// after New and safe for concurrent use.
type Detector struct {
	rules    []rule
	seqs     []compiled            // every expanded sequence of every rule
	byWord   map[string][]int32    // first word → indexes into seqs
	byPrefix map[string][]int32    // first word's prefix ("drep*") → indexes into seqs
	prefLens []int                 // the distinct byte lengths of the keys of byPrefix, ascending
	negators map[string]bool       // "ikke", "never" …
	stops    map[string]bool       // words that end the search for a negator ("jeg", "but" …)
	cancels  map[string]bool       // words that undo a negator just before them ("can't stop")
	skips    map[string][][]string // first word → skip phrases (rest of their words), longest first
}

// compiled is one expanded sequence of a rule.
type compiled struct {
	elems []elem
	rule  int32
}

var (
	//go:embed phrases/nb.txt
	nbList []byte
	//go:embed phrases/en.txt
	enList []byte
)

// DefaultLists returns copies of the built-in lists, Bokmål then English,
// so a deployment can add its own: New(append(DefaultLists(), mine)...).
func DefaultLists() [][]byte {
	return [][]byte{bytes.Clone(nbList), bytes.Clone(enList)}
}

var defaultDetector = sync.OnceValue(func() *Detector {
	d, err := New(nbList, enList)
	if err != nil {
		panic(err) // the built-in lists are tested
	}
	return d
})

// Default returns the detector built from the built-in Bokmål and English
// lists. It is built once and shared.
func Default() *Detector { return defaultDetector() }

// Parse reads one phrase list and builds a detector from it alone.
func Parse(r io.Reader) (*Detector, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return New(b)
}

// New builds a detector from phrase lists in the format of phrases/nb.txt.
// A bad line gives a *ParseError naming the list (from 1) and the line. A
// pattern may appear only once across all lists, since it is the rule's id.
func New(lists ...[]byte) (*Detector, error) {
	d := &Detector{byWord: map[string][]int32{}, byPrefix: map[string][]int32{},
		negators: map[string]bool{}, stops: map[string]bool{}, cancels: map[string]bool{},
		skips: map[string][][]string{}}
	seen := map[string]rule{}
	for n, data := range lists {
		rules, words, err := parseList(data, n+1)
		if err != nil {
			return nil, err
		}
		for kind, set := range map[string]map[string]bool{"negate": d.negators, "negate-stop": d.stops, "negate-cancel": d.cancels} {
			for _, w := range words[kind] {
				set[w] = true
			}
		}
		for _, p := range words["skip"] {
			ws := strings.Fields(p)
			d.skips[ws[0]] = append(d.skips[ws[0]], ws[1:])
		}
		for _, r := range rules {
			if old, ok := seen[r.id]; ok {
				return nil, &ParseError{List: r.list, Line: r.line,
					Msg: fmt.Sprintf("duplicate rule %q (list %d, line %d)", r.id, old.list, old.line)}
			}
			d.rules = append(d.rules, r)
			seen[r.id] = r
		}
	}
	lens := map[int]bool{}
	for ri, r := range d.rules {
		for _, s := range r.seqs {
			n := len(d.seqs)
			if n >= math.MaxInt32 {
				return nil, errors.New("crisis: too many phrase sequences")
			}
			id := int32(n)
			d.seqs = append(d.seqs, compiled{elems: s, rule: int32(ri)})
			for _, f := range s[0].forms {
				d.byWord[f] = append(d.byWord[f], id)
			}
			for _, p := range s[0].prefix {
				d.byPrefix[p] = append(d.byPrefix[p], id)
				lens[len(p)] = true
			}
		}
	}
	for _, rests := range d.skips {
		slices.SortStableFunc(rests, func(a, b []string) int { return len(b) - len(a) })
	}
	for l := range lens {
		d.prefLens = append(d.prefLens, l)
	}
	slices.Sort(d.prefLens)
	return d, nil
}

// Rules returns the number of rules, for logging at start-up.
func (d *Detector) Rules() int { return len(d.rules) }
