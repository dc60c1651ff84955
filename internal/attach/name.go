package attach

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// maxNameRunes bounds the cleaned name, extension included.
const maxNameRunes = 100

// safeName turns whatever name the browser sent into a plain base name
// whose extension matches kind: no folders (/ or \), no control, format or
// bidirectional-override characters (which can make "gpj.exe" read as
// "exe.jpg"), none of "*:<>?| that some systems refuse, no leading or
// trailing dots and spaces, at most maxNameRunes runes. A trailing
// extension of one to five letters and digits is replaced; anything else
// ("v2.1") is kept and the extension added.
func safeName(name, kind string) string {
	name = strings.ToValidUTF8(name, "")
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = norm.NFC.String(strings.Map(func(r rune) rune {
		switch {
		case unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp):
			return -1
		case unicode.IsSpace(r):
			return ' '
		case strings.ContainsRune(`"*:<>?|`, r):
			return '_'
		}
		return r
	}, name))
	stem := trimName(name)
	if i := strings.LastIndexByte(stem, '.'); i >= 0 && isExtension(stem[i+1:]) {
		stem = trimName(stem[:i])
	}
	ext := extension(kind)
	if n := maxNameRunes - len(ext); utf8.RuneCountInString(stem) > n {
		stem = trimName(string([]rune(stem)[:n]))
	}
	if stem == "" {
		stem = "attachment"
	}
	return stem + ext
}

func extension(kind string) string {
	switch kind {
	case PDF:
		return ".pdf"
	case JPEG:
		return ".jpg"
	}
	return ".png"
}

func trimName(s string) string { return strings.Trim(s, ". ") }

// isExtension reports one to five ASCII letters and digits, at least one a
// letter: "pdf", "jpeg", "mp4", but not "1" in "v2.1".
func isExtension(s string) bool {
	if len(s) == 0 || len(s) > 5 {
		return false
	}
	letter := false
	for _, c := range []byte(s) {
		switch {
		case 'a' <= c|0x20 && c|0x20 <= 'z':
			letter = true
		case '0' <= c && c <= '9':
		default:
			return false
		}
	}
	return letter
}
