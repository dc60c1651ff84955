package main

import (
	"math"
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"
)

// pick draws from list with a Zipf-like skew: earlier entries are more
// common (the first about ten times as common as one a tenth in).
func pick(r *rand.Rand, list []string) string {
	u := r.Float64()
	return list[int(float64(len(list))*u*u)]
}

// pickMild is pick with a milder skew, for nouns and verbs: the most
// common noun is in about a fifth of posts.
func pickMild(r *rand.Rand, list []string) string {
	return list[int(float64(len(list))*math.Pow(r.Float64(), 1.3))]
}

func upperFirst(s string) string {
	c, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(c)) + s[n:]
}

// noun is a noun phrase: usually from the list, sometimes a Bokmål
// compound (the long tail of rare words).
func noun(r *rand.Rand, l *lang) string {
	if l == &nb && r.IntN(12) == 0 {
		return pick(r, compoundHeads) + pick(r, compoundTails)
	}
	return pickMild(r, l.nouns)
}

// place is a made-up place or pet name: rarer still.
func place(r *rand.Rand) string {
	n := 2 + r.IntN(2)
	var b strings.Builder
	for range n {
		b.WriteString(syllables[r.IntN(len(syllables))])
	}
	return upperFirst(b.String())
}

// sentence builds one sentence from the word lists.
func sentence(r *rand.Rand, l *lang) string {
	var s string
	switch k := r.IntN(20); {
	case k < 7:
		s = pick(r, l.subjects) + " " + pickMild(r, l.transitive) + " " + noun(r, l)
		if r.IntN(2) == 0 {
			s += " " + pick(r, l.adverbials)
		}
	case k < 12:
		s = pick(r, l.subjects) + " " + pickMild(r, l.intransitive)
		if r.IntN(2) == 0 {
			s += " " + pick(r, l.adverbials)
		}
		if r.IntN(3) == 0 {
			s += ", " + pick(r, l.connects) + " " + pick(r, l.subjects) + " " + pickMild(r, l.intransitive)
		}
	case k < 14:
		s = pick(r, l.helps) + " " + noun(r, l)
		if r.IntN(2) == 0 {
			s += " " + l.connects[0] + " " + noun(r, l)
		}
	case k < 16:
		return upperFirst(pick(r, l.asks) + " " + noun(r, l) + "?")
	case k < 18:
		s = pick(r, l.hard) + " " + pick(r, l.infinitives) + " " + pick(r, l.adverbials)
	case k < 19:
		s = strings.Replace(l.week, "%s", pick(r, l.adjectives), 1)
	default:
		s = pick(r, l.subjects) + " " + pickMild(r, l.intransitive) + " " + l.at + " " + place(r)
	}
	return upperFirst(s) + "."
}

// body writes a post's Markdown: about 400 characters at the median
// (log-normal), in paragraphs, now and then with a quote, a list,
// emphasis, a link or one of the rare words.
func body(r *rand.Rand, l *lang, reply bool) string {
	target := int(math.Exp(math.Log(380) + 0.7*r.NormFloat64()))
	target = min(max(target, 20), 8000)
	var b strings.Builder
	if reply && r.IntN(20) == 0 {
		b.WriteString("> " + sentence(r, l) + "\n\n")
	}
	if reply && r.IntN(4) == 0 {
		b.WriteString(pick(r, l.openers) + " ")
	}
	start := b.Len()
	for b.Len()-start < target {
		if b.Len() > start && r.IntN(6) == 0 {
			b.WriteString("\n\n")
		} else if b.Len() > start {
			b.WriteByte(' ')
		}
		sn := sentence(r, l)
		if r.IntN(40) == 0 {
			if i := strings.IndexByte(sn, ' '); i > 0 {
				sn = "**" + sn[:i] + "**" + sn[i:]
			}
		}
		b.WriteString(sn)
		if r.IntN(60) == 0 {
			b.WriteString("\n\n")
			for range 2 + r.IntN(3) {
				b.WriteString("- " + upperFirst(noun(r, l)) + "\n")
			}
			b.WriteString("\n")
		}
	}
	if r.IntN(4000/len(rareWords)) == 0 {
		b.WriteString(" " + upperFirst(pick(r, l.subjects)) + " " + pickMild(r, l.transitive) + " " + rareWords[r.IntN(len(rareWords))] + ".")
	}
	if r.IntN(50) == 0 {
		b.WriteString(" " + links[r.IntN(len(links))])
	}
	if r.IntN(crisisOneIn) == 0 {
		lines := crisisLines
		if l == &en {
			lines = crisisLinesEN
		}
		b.WriteString(" " + lines[r.IntN(len(lines))])
	}
	if reply && r.IntN(6) == 0 {
		b.WriteString(" " + pick(r, l.closers))
	}
	return strings.TrimSpace(b.String())
}

// crisisOneIn: about one post in 50 says something the crisis check
// answers (concern, now and then intent), so moderators' alerts are part
// of the load at a plausible rate. (An earlier vocabulary had "orker
// ikke mer" among everyday verbs, and one reply in five raised an
// alert.)
const crisisOneIn = 50

var crisisLines = []string{"Jeg orker ikke mer.", "Noen dager orker jeg ikke mer.", "Jeg føler meg helt håpløs.",
	"Jeg har tenkt på å ta livet mitt."}

var crisisLinesEN = []string{"I can't take it anymore.", "Some days I just can't go on.", "I feel completely hopeless.",
	"I have thought about ending my life."}

// title makes a thread title from a template.
func title(r *rand.Rand, l *lang) string {
	t := pick(r, l.titleTemplates)
	for strings.Contains(t, "%s") {
		t = strings.Replace(t, "%s", noun(r, l), 1)
	}
	t = strings.Replace(t, "%a", pick(r, l.adjectives), 1)
	return upperFirst(t)
}
