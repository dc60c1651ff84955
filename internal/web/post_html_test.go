package web

import (
	"bytes"
	"fmt"
	"html/template"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"reconnect/internal/forum"
	"reconnect/internal/i18n"
)

// postHTML must draw what the reference template draws, for every kind
// of post and reader, in both languages. The two are compared as parsed
// documents (tags, attributes and text after unescaping), since the
// template's escaper writes a few characters differently (&#43; for +).
func TestPostHTMLMatchesTheTemplate(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("testdata/post_reference.html")
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	compared := 0
	for _, lang := range []i18n.Lang{i18n.NB, i18n.EN} {
		ref := template.Must(template.New("ref").Funcs(funcs(cat, lang, nil)).Parse(string(src)))
		l := testLabels(cat, lang)
		for i := range 600 {
			p := randomPost(r, l, i)
			var want bytes.Buffer
			if err := ref.ExecuteTemplate(&want, "post", p); err != nil {
				t.Fatal(err)
			}
			got := string(postHTML(p))
			if a, b := domOf(t, want.String()), domOf(t, got); !slices.Equal(a, b) {
				t.Fatalf("post %d (%s) differs:\ntemplate: %s\npostHTML: %s\n\ntemplate tokens: %q\npostHTML tokens: %q", i, lang, want.String(), got, a, b)
			}
			compared++
		}
	}
	// The comparison must be able to fail.
	l := testLabels(cat, i18n.NB)
	p := randomPost(r, l, 1)
	p.AuthorPseudonym = "Morgengry"
	if slices.Equal(domOf(t, string(postHTML(p))), domOf(t, strings.Replace(string(postHTML(p)), "Morgengry", "Kveldsro", 1))) {
		t.Fatal("a changed pseudonym compares equal")
	}
	t.Logf("%d posts drawn alike", compared)
}

func testLabels(cat *i18n.Catalog, lang i18n.Lang) *postLabels {
	l := &postLabels{Reactions: cat.T(lang, "forum.reactions.label"), Who: cat.T(lang, "forum.reactions.who"), ReplyToThis: cat.T(lang, "forum.reply_to_this"),
		Edit: cat.T(lang, "forum.edit"), Delete: cat.T(lang, "forum.delete"), DeleteConfirm: cat.T(lang, "forum.delete.confirm"), Flag: cat.T(lang, "flag.link"),
		Moderate: cat.T(lang, "moderation.post.link"), Edited: cat.T(lang, "forum.edited"), History: cat.T(lang, "forum.history.link"),
		InReplyToLink: cat.T(lang, "forum.in_reply_to.link"), Deleted: cat.T(lang, "forum.deleted_by_author"), Pending: cat.T(lang, "forum.pending"),
		Held: cat.T(lang, "forum.held"), Hidden: cat.T(lang, "forum.hidden"), Kind: map[string]string{}}
	for _, k := range forum.ReactionKinds {
		l.Kind[k] = cat.T(lang, "reaction."+k)
	}
	l.postWords(cat, lang)
	return l
}

// nasty texts: markup, quotes, ampersands, plus signs, template syntax,
// right-to-left marks and emoji.
var nasty = []string{"", "Morgengry", `<script>alert(1)</script>`, `"'&+=<>` + "`", "a + b & c", "{{.ID}}", "Ærlig Øy Å", "\u202eevil", "😊 hei", `</span></h3><h1>x`}

func randomPost(r *rand.Rand, l *postLabels, i int) postView {
	pick := func() string { return nasty[r.IntN(len(nasty))] }
	flip := func(n int) bool { return r.IntN(n) == 0 }
	p := forum.Post{ID: int64(1 + r.IntN(1<<40)), ThreadID: int64(1 + r.IntN(1000)), AuthorPseudonym: pick(), AuthorShownName: pick(),
		AuthorModerator: flip(3), CreatedAt: time.Date(2026, time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(24), r.IntN(60), 0, 0, time.UTC),
		Deleted: flip(8), Hidden: flip(5), HiddenReason: pick(), Held: flip(6), Pending: flip(5), Mine: flip(3),
		HTML: template.HTML("<p>" + template.HTMLEscapeString(pick()) + "</p>")}
	if flip(2) {
		at := p.CreatedAt.Add(time.Hour)
		p.EditedAt = &at
	}
	if flip(2) {
		p.ReplyTo, p.ReplyToPseudonym = int64(1+r.IntN(1000)), pick()
	}
	switch r.IntN(4) {
	case 0:
		p.Collapsed = forum.CollapsedMuted
	case 1:
		p.Collapsed = forum.CollapsedFiltered
	}
	if !flip(4) {
		for _, k := range forum.ReactionKinds {
			re := forum.Reaction{Kind: k}
			if !flip(3) {
				re.Count, re.Mine = r.IntN(4), flip(2)
				for range re.Count {
					re.Who = append(re.Who, pick())
				}
			}
			p.Reactions = append(p.Reactions, re)
		}
	}
	if i < 4 { // the plainest posts first, so a failure is easy to read
		p.Deleted, p.Hidden, p.Held, p.Pending, p.Collapsed = i == 1, false, false, false, ""
	}
	return postView{Post: p, ThreadID: p.ThreadID, CanWrite: flip(2), Moderator: flip(3), L: l}
}

// domOf is a document as a list of tokens: tags with sorted attributes
// and unescaped text.
func domOf(t *testing.T, s string) []string {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(s))
	var out []string
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		tok := z.Token()
		attrs := make([]string, 0, len(tok.Attr))
		for _, a := range tok.Attr {
			attrs = append(attrs, a.Key+"="+a.Val)
		}
		slices.Sort(attrs)
		out = append(out, fmt.Sprintf("%s %s %v", tt, tok.Data, attrs))
	}
}
