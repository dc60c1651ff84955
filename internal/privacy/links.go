package privacy

import (
	"strings"
	"unicode"
)

// emails finds e-mail addresses, both plain ("kari@example.no") and
// spelled out to dodge filters ("kari (at) example dot no", "kari
// krøllalfa example punktum no"). A forum mention like "@kari" has no
// local part and no domain, so it is not an address.
func emails(d *doc, out []span) []span {
	var spelled []string // the spelled-out forms present at all; usually none
	for _, at := range spelledAt {
		if strings.Contains(d.lowStr, at) {
			spelled = append(spelled, at)
		}
	}
	if len(spelled) == 0 && !strings.Contains(d.lowStr, "@") {
		return out
	}
	for i, r := range d.low {
		if r == '@' {
			if s := localStart(d, i); s < i {
				if e := domainEnd(d, i+1, false); e > 0 {
					out = append(out, span{kind: Email, s: s, e: e})
				}
			}
			continue
		}
		if r != ' ' && r != '(' && r != '[' && r != '{' {
			continue
		}
		for _, at := range spelled {
			if !d.hasAt(i, at) {
				continue
			}
			l := i
			if r != ' ' && d.at(l-1) == ' ' {
				l--
			}
			j := i + len([]rune(at))
			if r != ' ' && d.at(j) == ' ' {
				j++
			}
			if s := localStart(d, l); s < l-1 || s < l && r != ' ' {
				if e := domainEnd(d, j, true); e > 0 {
					out = append(out, span{kind: Email, s: s, e: e})
				}
			}
		}
	}
	return out
}

var spelledAt = []string{"(at)", "[at]", "{at}", "(a)", " at ", " krøllalfa ", " snabel-a "}

func localStart(d *doc, i int) int {
	s := i
	for s > 0 && (isWord(d.low[s-1]) || strings.ContainsRune("._%+-", d.low[s-1])) {
		s--
	}
	for s < i && !isWord(d.low[s]) {
		s++
	}
	return s
}

// domainEnd reads a domain starting at rune j and returns where it ends,
// or -1. Spelled domains may write the dot as " dot ", "(dot)" or
// " punktum " and must end in a well-known top-level domain, since
// "at home" would otherwise look like half an address.
func domainEnd(d *doc, j int, spelled bool) int {
	labels, end, lastLetters, last := 0, -1, false, ""
	for {
		s := j
		for j < len(d.low) && (isWord(d.low[j]) || d.low[j] == '-') {
			j++
		}
		if j == s {
			break
		}
		labels++
		end, last = j, d.str(s, j)
		lastLetters = true
		for _, r := range last {
			if !unicode.IsLetter(r) {
				lastLetters = false
			}
		}
		dot := 0
		if d.at(j) == '.' && isWord(d.at(j+1)) {
			dot = 1
		} else if spelled {
			for _, w := range []string{" dot ", "(dot)", " (dot) ", "[dot]", " [dot] ", " punktum ", " prikk "} {
				if d.hasAt(j, w) {
					dot = len([]rune(w))
					break
				}
			}
		}
		if dot == 0 {
			break
		}
		j += dot
	}
	if labels < 2 || !lastLetters || len(last) < 2 || spelled && !knownTLD[last] {
		return -1
	}
	return end
}

var knownTLD = set("no", "com", "net", "org", "se", "dk", "fi", "is", "de", "uk", "eu", "io", "info", "me", "nu", "online")

// profileLinks finds links to personal profiles on social networks, and
// handles given next to a network's name ("snap: kari_99").
func profileLinks(d *doc, out []span) []span {
	chunks := make([][2]int, 0, len(d.toks)) // runs of non-space text
	slash := strings.ContainsRune(d.lowStr, '/')
	for i := 0; i < len(d.low); {
		if d.low[i] == ' ' || d.low[i] == '\n' {
			i++
			continue
		}
		s := i
		for i < len(d.low) && d.low[i] != ' ' && d.low[i] != '\n' {
			i++
		}
		s, e := trimChunk(d, s, i)
		chunks = append(chunks, [2]int{s, e})
		if slash && s < e && strings.ContainsRune(d.str(s, e), '/') {
			if u := urlStart(d, s, e); isProfileURL(d.str(u, e)) {
				out = append(out, span{kind: ProfileLink, s: u, e: e})
			}
		}
	}
	for c, ch := range chunks {
		t := d.tokenAt(ch[0])
		if t < 0 || !platformWords[d.toks[t].key] {
			continue
		}
		for k := c + 1; k < len(chunks) && k <= c+3; k++ {
			h := strings.TrimPrefix(d.str(chunks[k][0], chunks[k][1]), ":")
			if isHandle(h) {
				out = append(out, span{kind: ProfileLink, s: ch[0], e: chunks[k][1]})
				break
			}
		}
	}
	return out
}

// urlStart skips text glued before a link, as in the Markdown
// "[profilen min](https://facebook.com/kari)": the link starts after the
// last bracket before its first slash.
func urlStart(d *doc, s, e int) int {
	u := s
	for i := s; i < e && d.low[i] != '/'; i++ {
		if d.low[i] == '(' || d.low[i] == '[' || d.low[i] == '<' {
			u = i + 1
		}
	}
	return u
}

// trimChunk drops quotes, brackets and sentence punctuation around a chunk.
func trimChunk(d *doc, s, e int) (int, int) {
	for s < e && strings.ContainsRune("(<[\"'«", d.low[s]) {
		s++
	}
	for e > s && strings.ContainsRune(".,;:!?)>]\"'»", d.low[e-1]) {
		e--
	}
	return s, e
}

var platformWords = set("insta", "instagram", "snap", "snapchat", "snapen", "snappen", "tiktok", "twitter",
	"facebook", "fb", "threads", "bluesky", "bsky", "discord", "kik", "telegram")

// isHandle reports whether c looks like a user name on a network rather
// than an ordinary word: "@kari", "kari_n", "kari.nordmann", "kari99".
func isHandle(c string) bool {
	at := strings.HasPrefix(c, "@")
	c = strings.TrimPrefix(c, "@")
	if len(c) < 3 || len(c) > 30 {
		return false
	}
	letters, digitsAtEnd, dotBetween := 0, 0, false
	for i := 0; i < len(c); i++ {
		b := c[i]
		switch {
		case b >= 'a' && b <= 'z':
			letters++
			digitsAtEnd = 0
		case b >= '0' && b <= '9':
			digitsAtEnd++
		case b == '_':
			digitsAtEnd = 0
		case b == '.':
			dotBetween = dotBetween || i > 0 && i < len(c)-1 && c[i-1] >= 'a' && c[i+1] >= 'a'
			digitsAtEnd = 0
		default:
			return false
		}
	}
	if letters == 0 {
		return false
	}
	if i := strings.LastIndexByte(c, '.'); i >= 0 && knownTLD[c[i+1:]] {
		return false // a domain, not a handle
	}
	return at || strings.Contains(c, "_") || dotBetween || digitsAtEnd >= 2 && letters >= 2
}
