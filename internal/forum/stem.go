package forum

import (
	"strings"
	"sync"
	"unicode"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/norwegian"
	"golang.org/x/text/unicode/norm"
)

// maxWord bounds the words worth indexing.
const maxWord = 40

// words splits text into lower-cased words of letters and digits.
func words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// fold removes accents except the ring of å, so that "kafé" finds
// "kafe" while æ, ø and å stay letters of their own.
func fold(w string) string {
	d := norm.NFD.String(w)
	var b strings.Builder
	for _, r := range d {
		if unicode.Is(unicode.Mn, r) && r != '\u030a' {
			continue
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

// stems returns a word's Norwegian and English stems (one if equal).
func stems(w string) []string {
	w = fold(w)
	if w == "" || len([]rune(w)) > maxWord {
		return nil
	}
	nb := snowballstem.NewEnv(w)
	norwegian.Stem(nb)
	en := snowballstem.NewEnv(w)
	english.Stem(en)
	a, b := nb.Current(), en.Current()
	if a == b {
		return []string{a}
	}
	return []string{a, b}
}

// terms is what a document is indexed under: both stems of every word.
func terms(text string) string { return joinTerms(text, stems) }

// joinTerms lists the distinct stems of text's words, in order.
func joinTerms(text string, stemsOf func(string) []string) string {
	seen := map[string]bool{}
	var out []string
	for _, w := range words(text) {
		for _, s := range stemsOf(w) {
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	return strings.Join(out, " ")
}

// Indexer computes search terms exactly as the forum does, remembering
// each word's stems, for tools that fill the search index in bulk
// (cmd/reconnect-load). It is safe for concurrent use; its memory grows
// with the vocabulary, so it is not for the server.
type Indexer struct{ memo sync.Map }

// Terms is what a post with this text is indexed under.
func (ix *Indexer) Terms(text string) string { return joinTerms(text, ix.stems) }

// Query is the stem groups a search for q looks up: every group must
// match, by any of its stems.
func (ix *Indexer) Query(q string) [][]string { return queryGroups(q) }

func (ix *Indexer) stems(w string) []string {
	if v, ok := ix.memo.Load(w); ok {
		return v.([]string)
	}
	ss := stems(w)
	ix.memo.Store(w, ss)
	return ss
}

// queryGroups turns a search into groups: every word must match, by
// either of its stems. At most 8 words count.
func queryGroups(q string) [][]string {
	var out [][]string
	seen := map[string]bool{}
	for _, w := range words(q) {
		ss := stems(w)
		if len(ss) == 0 || seen[ss[0]] {
			continue
		}
		seen[ss[0]] = true
		out = append(out, ss)
		if len(out) == 8 {
			break
		}
	}
	return out
}
