package crisis

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// token is one word of the text as the rules see it. An English
// contraction gives several tokens with the same span ("don't" → "do",
// "not"), so a rule never needs to spell both forms.
type token struct {
	key        string // lower case, NFC, plain apostrophes
	start, end int    // byte offsets of the word in the original text
	sent       int32  // sentence number; a rule never spans two sentences
	clause     int32  // clause number; advances at sentences, commas, line breaks …
	quoted     bool   // on a Markdown block-quote line ("> …")
	skipped    int8   // set by Check: 0 not yet known, else 1 + the words of the skip phrase starting here
}

// isWord reports whether r belongs inside a word: letters, digits and
// combining marks (so decomposed "å" stays one word).
func isWord(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// isWordStart reports whether a word can start with r: a letter or digit,
// not a combining mark left over after an emoji or a symbol.
func isWordStart(r rune) bool { return isWord(r) && (r < utf8.RuneSelf || !unicode.IsMark(r)) }

// isApos reports whether r is written as an apostrophe. Inside a word it
// keeps the word together ("don’t"); elsewhere it separates words.
func isApos(r rune) bool {
	switch r {
	case '\'', '\u2019', '\u2018', '\u02bc', '\u00b4', '`', '\u2032':
		return true
	}
	return false
}

// tokenize splits text into words and marks sentence and clause
// boundaries. It appends to toks and returns it.
func tokenize(text string, toks []token) []token {
	var sent, clause int32
	quoted := false
	i := 0
	// A block quote at the very start of the text.
	if q, _ := quoteStart(text); q {
		quoted = true
	}
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if isWordStart(r) {
			j := i + size
			for j < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if isWord(r2) {
					j += s2
					continue
				}
				if isApos(r2) && j+s2 < len(text) {
					if r3, s3 := utf8.DecodeRuneInString(text[j+s2:]); isWordStart(r3) {
						j += s2 + s3
						continue
					}
				}
				break
			}
			toks = appendWord(toks, text[i:j], i, sent, clause, quoted)
			i = j
			continue
		}
		// A run of separators up to the next word.
		j := i
		newlines, dots := 0, 0
		endSent, endClause := false, false
		for j < len(text) {
			r, size = utf8.DecodeRuneInString(text[j:])
			if isWordStart(r) {
				break
			}
			switch r {
			case '.':
				dots++
			case '!', '?', ';':
				endSent = true
			case '\u2026': // …
				endClause = true
			case ',', ':', '(', ')', '[', ']', '"', '\u201c', '\u201d', '\u00ab', '\u00bb', '\u2013', '\u2014':
				endClause = true
			case '\n', '\u2028', '\u2029':
				newlines++
				endClause = true
				q, list := quoteStart(text[j+size:])
				quoted = q
				if list {
					endSent = true
				}
			}
			j += size
		}
		switch {
		case dots == 1, newlines >= 2:
			endSent = true
		case dots > 1: // an ellipsis pauses; it does not end the thought
			endClause = true
		}
		if endSent {
			sent++
			clause++
		} else if endClause {
			clause++
		}
		i = j
	}
	return toks
}

// quoteStart looks at the start of a line: quoted says it is a Markdown
// block quote ("> …"), list that it starts a list item, heading or quote,
// which ends the sentence before it even without punctuation.
func quoteStart(line string) (quoted, list bool) {
	line = strings.TrimLeft(line, " \t")
	if line == "" {
		return false, false
	}
	switch line[0] {
	case '>':
		return true, true
	case '-', '*', '+', '#':
		return false, true
	}
	return false, false
}

// appendWord adds the tokens of one word w found at byte offset start.
func appendWord(toks []token, w string, start int, sent, clause int32, quoted bool) []token {
	t := token{start: start, end: start + len(w), sent: sent, clause: clause, quoted: quoted}
	key := foldWord(w)
	if parts := expand(key); parts != nil {
		for _, p := range parts {
			t.key = p
			toks = append(toks, t)
		}
		return toks
	}
	t.key = key
	return append(toks, t)
}

// foldWord returns the matching form of a word: NFC, lower case, plain
// apostrophes. Plain lower-case words are returned as they are, without
// allocating.
func foldWord(w string) string {
	plain, ascii := true, true
	for _, r := range w {
		if r < utf8.RuneSelf {
			if r >= 'A' && r <= 'Z' || r == '`' {
				plain = false
				break
			}
			continue
		}
		ascii = false
		if unicode.IsUpper(r) || unicode.IsTitle(r) || unicode.IsMark(r) || isApos(r) {
			plain = false
			break
		}
	}
	if plain && (ascii || norm.NFC.IsNormalString(w)) {
		return w
	}
	w = norm.NFC.String(w)
	w = strings.ToLower(w)
	return strings.Map(func(r rune) rune {
		if isApos(r) {
			return '\''
		}
		return r
	}, w)
}

// contractions spells out English contractions, with and without the
// apostrophe, so rules can be written in full words: "i'm gonna" and
// "im going to" both read "i am going to". Forms that are also ordinary
// words ("ill", "id", "its", "were", "well") are not listed without the
// apostrophe.
var contractions = map[string][]string{
	"i'm": {"i", "am"}, "im": {"i", "am"}, "i've": {"i", "have"}, "ive": {"i", "have"},
	"i'll": {"i", "will"}, "i'd": {"i", "would"},
	"can't": {"can", "not"}, "cant": {"can", "not"}, "cannot": {"can", "not"},
	"won't": {"will", "not"}, "wont": {"will", "not"}, "shan't": {"shall", "not"},
	"ain't": {"am", "not"}, "dont": {"do", "not"}, "doesnt": {"does", "not"}, "didnt": {"did", "not"},
	"couldnt": {"could", "not"}, "wouldnt": {"would", "not"}, "shouldnt": {"should", "not"},
	"isnt": {"is", "not"}, "wasnt": {"was", "not"}, "arent": {"are", "not"}, "werent": {"were", "not"},
	"havent": {"have", "not"}, "hasnt": {"has", "not"}, "hadnt": {"had", "not"},
	"gonna": {"going", "to"}, "wanna": {"want", "to"}, "gotta": {"got", "to"},
	"imma": {"i", "am", "going", "to"}, "ima": {"i", "am", "going", "to"},
	"let's": {"let", "us"}, "youre": {"you", "are"}, "theyre": {"they", "are"},
}

// isVerb lists words whose "'s" means "is", not a possessive.
var isVerb = map[string]bool{
	"it": true, "that": true, "there": true, "here": true, "he": true, "she": true, "what": true,
	"who": true, "where": true, "how": true, "everything": true, "nothing": true, "life": true,
}

// suffixes spells out the regular contraction endings.
var suffixes = []struct{ end, word string }{
	{"n't", "not"}, {"'m", "am"}, {"'re", "are"}, {"'ve", "have"}, {"'ll", "will"}, {"'d", "would"},
}

// expand returns the words a contraction stands for, or nil if key is
// an ordinary word. Other words with apostrophes are split at them
// ("o'clock" → "o", "clock"); a possessive "'s" is dropped.
func expand(key string) []string {
	if p, ok := contractions[key]; ok {
		return p
	}
	if !strings.Contains(key, "'") {
		return nil
	}
	for _, s := range suffixes {
		if base, ok := strings.CutSuffix(key, s.end); ok && base != "" && !strings.Contains(base, "'") {
			return []string{base, s.word}
		}
	}
	if base, ok := strings.CutSuffix(key, "'s"); ok && base != "" && !strings.Contains(base, "'") {
		if isVerb[base] {
			return []string{base, "is"}
		}
		return []string{base}
	}
	var out []string
	for _, p := range strings.Split(key, "'") {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}
