package web

import (
	"html/template"
	"strconv"
	"strings"
	"time"

	"reconnect/internal/forum"
	"reconnect/internal/i18n"
)

// postHTML draws one post of a thread page. It writes what the template
// in testdata/post_reference.html writes (post_html_test.go compares the
// two as parsed documents over every kind of post): a thread page shows
// 50 posts, and executing that template for each was most of the page's
// CPU time (docs/benchmarks.md). Every text goes through
// template.HTMLEscapeString; the body is the sanitised HTML stored when
// the post was written; URLs are built from numeric IDs only.
func postHTML(p postView) template.HTML {
	l := p.L
	var b strings.Builder
	b.Grow(1500 + len(p.HTML))
	id := strconv.FormatInt(p.ID, 10)
	w := func(s string) { b.WriteString(s) } // strings.Builder writes never fail
	esc := func(s string) { w(template.HTMLEscapeString(s)) }

	w("\n<article class=\"post")
	if p.Pending {
		w(" pending")
	}
	if p.Hidden {
		w(" hidden-post")
	}
	w(`" id="post-` + id + `" aria-labelledby="post-` + id + "-by\">\n  <header class=\"post-head\">\n    <h3 class=\"post-by\" id=\"post-" + id + `-by"><span class="author">`)
	if p.AuthorPseudonym != "" {
		esc(p.AuthorPseudonym)
	} else {
		w(`<span class="former">` + l.formerHTML + `</span>`)
	}
	if p.AuthorShownName != "" {
		w(` <span class="shown-name">(`)
		esc(p.AuthorShownName)
		w(`)</span>`)
	}
	if p.AuthorModerator {
		w(` <span class="badge role">` + l.badgeHTML + `</span>`)
	}
	w("</span></h3>\n    <a class=\"meta\" href=\"#post-" + id + `">`)
	esc(l.date(p.CreatedAt))
	w(`</a>`)
	if p.EditedAt != nil {
		w(` <span class="meta">(`)
		esc(l.Edited)
		if p.Moderator || p.Mine {
			w(`, <a href="/forum/posts/` + id + `/history">`)
			esc(l.History)
			w(`</a>`)
		}
		w(`)</span>`)
	}
	w("\n  </header>")
	if p.ReplyTo != 0 {
		w(`<p class="meta reply-to">`)
		esc(l.inReplyTo(p.ReplyToPseudonym))
		w(` <a href="#post-` + strconv.FormatInt(p.ReplyTo, 10) + `">`)
		esc(l.InReplyToLink)
		w(`</a></p>`)
	}
	if p.Deleted {
		w("\n  <p class=\"meta deleted\">")
		esc(l.Deleted)
		w("</p>\n</article>\n")
		return template.HTML(b.String()) // #nosec G203 -- texts escaped above
	}
	notice := func(text, extra string) {
		w(`<p class="notice-box">`)
		esc(text)
		if extra != "" {
			w(" ")
			esc(extra)
		}
		w(`</p>`)
	}
	if p.Pending {
		notice(l.Pending, "")
	}
	if p.Held {
		notice(l.Held, "")
	} else if p.Hidden {
		notice(l.Hidden, p.HiddenReason)
	}
	if p.Collapsed != "" {
		w("\n  <details class=\"collapsed\"><summary>")
		esc(l.collapsed(p.Collapsed))
		w(`</summary><div class="prose">` + string(p.HTML) + `</div></details>`)
	} else {
		w("\n  <div class=\"prose\">" + string(p.HTML) + `</div>`)
	}
	if !p.Pending {
		p.reactionsHTML(&b, id)
	}
	// link writes an action link: its opening tag, its label and the
	// post's author for screen readers.
	link := func(open, label string) {
		w(open)
		esc(label)
		p.aside(&b)
		w(`</a>`)
	}
	w("\n  <p class=\"post-actions\">")
	if p.CanWrite {
		link(`<a href="/forum/threads/`+strconv.FormatInt(p.ThreadID, 10)+`?reply_to=`+id+`#reply">`, l.ReplyToThis)
	}
	if p.Mine {
		w(` <a href="/forum/posts/` + id + `/edit">`)
		esc(l.Edit)
		w("</a>\n    <form class=\"inline\" method=\"post\" action=\"/forum/posts/" + id + `/delete"><button type="submit" class="link" data-confirm="`)
		esc(l.DeleteConfirm)
		w(`">`)
		esc(l.Delete)
		w(`</button></form>`)
	}
	if p.CanWrite && !p.Mine {
		link(` <a href="/forum/posts/`+id+`/flag" class="flag-link">`, l.Flag)
	}
	if p.Moderator {
		link(` <a href="/moderation/posts/`+id+`">`, l.Moderate)
	}
	w("\n  </p>\n</article>\n")
	return template.HTML(b.String()) // #nosec G203 -- texts escaped, body sanitised when written, URLs from numeric IDs (see the comment on postHTML)
}

// aside names the post's author for screen readers after a link's words.
func (p postView) aside(b *strings.Builder) {
	b.WriteString(`<span class="visually-hidden"> (`)
	b.WriteString(template.HTMLEscapeString(p.AuthorPseudonym))
	b.WriteString(`)</span>`)
}

func (p postView) reactionsHTML(b *strings.Builder, id string) {
	l := p.L
	w := func(s string) { b.WriteString(s) }
	w("\n  <form method=\"post\" action=\"/forum/posts/" + id + "/react\" class=\"reactions\"><fieldset>\n    <legend class=\"visually-hidden\">")
	w(template.HTMLEscapeString(l.Reactions))
	w(`</legend>`)
	shown := false
	for _, r := range p.Reactions {
		w("\n    <button type=\"submit\" name=\"toggle\" value=\"" + template.HTMLEscapeString(r.Kind) + `" class="reaction" aria-pressed="`)
		if r.Mine {
			w(`true"`)
		} else {
			w(`false"`)
		}
		if !p.CanWrite {
			w(` disabled`)
		}
		w(">" + template.HTMLEscapeString(l.Kind[r.Kind]))
		if r.Count != 0 {
			w(` <span class="count">` + strconv.Itoa(r.Count) + `</span>`)
			shown = shown || r.Count > 0
		}
		w(`</button>`)
	}
	w("\n  </fieldset></form>")
	if !shown {
		return
	}
	w("\n  <details class=\"who\"><summary>" + template.HTMLEscapeString(l.Who) + "</summary>\n    <ul>")
	for _, r := range p.Reactions {
		if r.Count != 0 {
			w("<li>" + template.HTMLEscapeString(l.Kind[r.Kind]) + ": " + template.HTMLEscapeString(strings.Join(r.Who, ", ")) + "</li>")
		}
	}
	w("</ul>\n  </details>")
}

// postWords fills the words postHTML needs beyond the labels the
// template used, for one language.
func (l *postLabels) postWords(cat *i18n.Catalog, lang i18n.Lang) {
	l.lang = lang
	l.formerHTML = template.HTMLEscapeString(cat.T(lang, "member.former"))
	l.former = cat.T(lang, "member.former")
	l.badgeHTML = template.HTMLEscapeString(cat.T(lang, "forum.moderator_badge"))
	l.replyTo = func(pseudonym string) string { return cat.T(lang, "forum.in_reply_to", "pseudonym", pseudonym) }
	l.folded = map[string]string{}
	for _, k := range []string{forum.CollapsedMuted, forum.CollapsedFiltered} {
		l.folded[k] = cat.T(lang, "forum.collapsed."+k)
	}
	l.other = func(key string) string { return cat.T(lang, key) }
}

func (l *postLabels) date(t time.Time) string { return formatDate(l.lang, t) }

func (l *postLabels) inReplyTo(pseudonym string) string {
	if pseudonym == "" {
		pseudonym = l.former
	}
	return l.replyTo(pseudonym)
}

func (l *postLabels) collapsed(kind string) string {
	if s, ok := l.folded[kind]; ok {
		return s
	}
	return l.other("forum.collapsed." + kind)
}

// formatDate is a date and time on the community's wall clock.
func formatDate(lang i18n.Lang, t time.Time) string {
	if lang == i18n.EN {
		return t.In(oslo).Format("2 Jan 2006, 15:04")
	}
	return t.In(oslo).Format("02.01.2006 kl. 15.04")
}
