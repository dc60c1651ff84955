package identity

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mtibben/confusables"
	"golang.org/x/text/unicode/norm"
)

// Pseudonym length limits, in characters.
const pseudonymMin, pseudonymMax = 3, 24

// builtinReserved are words no pseudonym may be or pose as, whatever
// administrators add. Prefix-reserved words may not start a pseudonym
// either ("Admin Kari", "ModeratorHjelp").
var (
	builtinReserved = []string{"admin", "administrator", "moderator", "mod", "reconnect", "staff", "likeperson",
		"system", "support", "helpdesk", "ansatt", "personale", "redaksjon", "official", "offisiell", "root", "anonym", "anonymous"}
	prefixReserved = []string{"admin", "moderator", "reconnect", "likeperson"}
)

// lookalike folds characters that TR39's skeleton keeps apart but that
// read alike in a pseudonym (i/l/1 after case folding, and digits used
// as letters).
var lookalike = strings.NewReplacer("i", "l", "1", "l", "0", "o", "3", "e", "4", "a", "5", "s", "7", "t", "8", "b", "9", "g")

// pseudonymKey is the uniqueness key of a pseudonym: NFKC, case-folded,
// mapped to its Unicode TR39 confusable skeleton, folded again with the
// look-alike table, without separators. Two pseudonyms with one key
// could pass for each other.
func pseudonymKey(p string) string {
	k := confusables.Skeleton(fold(p))
	k = lookalike.Replace(fold(k))
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '_' {
			return -1
		}
		return r
	}, norm.NFC.String(k))
}

// tokenKeys are the keys of a pseudonym's words, for the reserved-word
// check ("Kari Admin" contains the word "admin").
func tokenKeys(p string) []string {
	words := strings.FieldsFunc(p, func(r rune) bool { return r == ' ' || r == '-' || r == '_' })
	keys := make([]string, 0, len(words))
	for _, w := range words {
		keys = append(keys, pseudonymKey(w))
	}
	return keys
}

// checkPseudonym validates a pseudonym's form and returns it cleaned
// (NFC, single spaces) with its key, or an i18n key for the problem.
// Letters are Latin-script letters, which covers Norwegian (æ, ø, å) and
// the Sámi alphabets (á, č, đ, ŋ, š, ŧ, ž); other scripts are refused so
// that mixed-script look-alikes never start.
func checkPseudonym(p string) (cleaned, key, problem string) {
	if !singleLine(p) {
		return "", "", "field.invalid_characters"
	}
	p = clean(p)
	n := utf8.RuneCountInString(p)
	if n < pseudonymMin || n > pseudonymMax {
		return "", "", "field.pseudonym.length"
	}
	prevSep := true // no separator first, and never two in a row
	for _, r := range p {
		sep := r == ' ' || r == '-' || r == '_'
		switch {
		case sep && prevSep:
			return "", "", "field.pseudonym.separators"
		case sep, unicode.Is(unicode.Latin, r) && unicode.IsLetter(r), '0' <= r && r <= '9':
		default:
			return "", "", "field.pseudonym.chars"
		}
		prevSep = sep
	}
	if prevSep {
		return "", "", "field.pseudonym.separators"
	}
	key = pseudonymKey(p)
	if key == "" {
		return "", "", "field.pseudonym.chars"
	}
	return p, key, ""
}

// reservedMatch reports whether a pseudonym with this key and these word
// keys poses as a reserved word: the whole name or one of its words is
// reserved, or it starts with a prefix-reserved word.
func reservedMatch(key string, words []string, reserved, prefixes []string) bool {
	for _, r := range reserved {
		rk := pseudonymKey(r)
		if rk == "" {
			continue
		}
		if key == rk {
			return true
		}
		for _, w := range words {
			if w == rk {
				return true
			}
		}
	}
	for _, r := range prefixes {
		if rk := pseudonymKey(r); rk != "" && strings.HasPrefix(key, rk) {
			return true
		}
	}
	return false
}
