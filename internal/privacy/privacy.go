// Package privacy finds details in a forum post that may identify its
// author or other people: phone numbers, e-mail addresses, profile
// links, street addresses, postcodes, national identity numbers, local
// place names, real names, and dates tied to places. Members of the
// forum fear being recognised, and harmless details add up; the check
// lets the member see what a stranger could piece together before
// publishing. It only advises: callers show the findings and let the
// member edit or post anyway.
//
// The package is pure logic (no database, no HTTP) and safe for
// concurrent use. See docs/privacy-check.md for what it finds, how well
// (measured on testdata/corpus.tsv), and its limits.
package privacy

import (
	"sort"
	"unicode/utf8"
)

// Kind names a sort of identifying detail.
type Kind string

// The kinds of finding. Each has advice "privacy.advice.<kind>" and a
// label "privacy.kind.<kind>" in the i18n catalogue.
const (
	Phone       Kind = "phone"
	Email       Kind = "email"
	ProfileLink Kind = "profile_link"
	Address     Kind = "address"
	Postcode    Kind = "postcode"
	NationalID  Kind = "national_id"
	Place       Kind = "place"
	OwnName     Kind = "own_name"
	MemberName  Kind = "member_name"
	DatePlace   Kind = "date_place"
)

// Finding is one detail found in the text.
type Finding struct {
	Kind    Kind   `json:"kind"`
	Start   int    `json:"start"`   // offset of the first character, in Unicode code points of the original text
	End     int    `json:"end"`     // offset just past the last character, in code points
	Excerpt string `json:"excerpt"` // the matched text itself
	Advice  string `json:"advice"`  // an i18n key; the caller translates it
	Strong  bool   `json:"strong"`  // the strongest warnings (national ID)
}

// Context is what the caller knows about the author and community.
type Context struct {
	AuthorNames []string // the author's own real name(s), e.g. ["Kari Nordmann"]; may be empty
	Places      []string // the community's place list
	Members     *Names   // real names of other members; may be nil
}

// MaxText is the longest text Check accepts, in characters (code
// points). Callers refuse longer input; Check itself looks only at the
// first MaxText characters so a caller's mistake cannot cost unbounded
// time.
const MaxText = 20000

// advice holds the i18n key for each kind, spelled out so the catalogue
// test sees every key in use.
var advice = map[Kind]string{
	Phone:       "privacy.advice.phone",
	Email:       "privacy.advice.email",
	ProfileLink: "privacy.advice.profile_link",
	Address:     "privacy.advice.address",
	Postcode:    "privacy.advice.postcode",
	NationalID:  "privacy.advice.national_id",
	Place:       "privacy.advice.place",
	OwnName:     "privacy.advice.own_name",
	MemberName:  "privacy.advice.member_name",
	DatePlace:   "privacy.advice.date_place",
}

// span is a finding in doc offsets, before mapping to the original text.
type span struct {
	kind   Kind
	s, e   int
	strong bool
	words  int // for names: how many words matched
}

// Check returns the findings in text, sorted by Start (then by End and
// Kind); overlapping findings of the same kind are merged into one. It
// never returns nil, so callers encode "no findings" as [] in JSON.
func Check(text string, c Context) []Finding {
	if utf8.RuneCountInString(text) > MaxText {
		text = string([]rune(text)[:MaxText])
	}
	out := []Finding{}
	if text == "" {
		return out
	}
	d := newDoc(text)
	var sp []span
	sp = numbers(d, sp)
	sp = emails(d, sp)
	sp = profileLinks(d, sp)
	sp = addresses(d, sp)
	sp = places(d, c.Places, sp)
	sp = personNames(d, c, sp)
	sp = suppress(sp, len(d.low))
	sp = datePlaces(d, sp)

	orig := []rune(text)
	for _, f := range sp {
		s, e := d.orig(f.s, f.e)
		out = append(out, Finding{Kind: f.kind, Start: s, End: e, Strong: f.strong,
			Excerpt: string(orig[s:e]), Advice: advice[f.kind]})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		if a.End != b.End {
			return a.End > b.End
		}
		return a.Kind < b.Kind
	})
	return merge(out, orig)
}

// merge joins overlapping findings of the same kind. out is sorted by
// Start, so a finding can only overlap an earlier one of its kind.
func merge(in []Finding, orig []rune) []Finding {
	out := in[:0]
	last := map[Kind]int{} // kind → index in out of its latest finding
	for _, f := range in {
		if i, ok := last[f.Kind]; ok && f.Start < out[i].End {
			if f.End > out[i].End {
				out[i].End = f.End
				out[i].Excerpt = string(orig[out[i].Start:out[i].End])
			}
			out[i].Strong = out[i].Strong || f.Strong
			continue
		}
		last[f.Kind] = len(out)
		out = append(out, f)
	}
	return out
}

// covers says which findings make another kind redundant where they
// overlap: a name or place inside an e-mail address or profile link is
// already covered by that finding, and a place-list name that contains a
// number ("Rema 1000 Sjøgata") is not a postcode.
var covers = map[Kind][]Kind{
	Email:       {OwnName, MemberName, Place},
	ProfileLink: {OwnName, MemberName, Place},
	Place:       {Postcode},
}

// suppress drops findings covered by another (see covers). It counts,
// for each covered kind, how many covering runes precede each offset, so
// the work stays linear however many findings a long text has.
func suppress(sp []span, n int) []span {
	cover := map[Kind][]int{} // covered kind → prefix counts of covering runes
	for _, g := range sp {
		for _, k := range covers[g.kind] {
			if cover[k] == nil {
				cover[k] = make([]int, n+1)
			}
			for i := g.s; i < g.e; i++ {
				cover[k][i+1] = 1 // marks; summed below
			}
		}
	}
	for _, c := range cover {
		for i := 1; i <= n; i++ {
			c[i] += c[i-1]
		}
	}
	out := sp[:0]
	for _, f := range sp {
		if c := cover[f.kind]; c != nil && c[f.e] > c[f.s] {
			continue
		}
		out = append(out, f)
	}
	return out
}

// overlaps reports whether two spans share at least one rune.
func overlaps(a, b span) bool { return a.s < b.e && b.s < a.e }
