package mail

import (
	"bytes"
	"html/template"
	"strconv"
	"time"

	"reconnect/internal/i18n"
	"reconnect/internal/notify"
)

// letter is what an e-mail says: fixed texts from the catalogue and
// links into ReConnect. Nothing in it comes from what members wrote.
type letter struct {
	Lang    i18n.Lang
	Subject string
	Lines   []string // paragraphs before the link
	Link    string
	After   []string // paragraphs after the link
	OffText string   // how to turn these e-mails off ("" for none)
	OffLink string
}

var htmlLetter = template.Must(template.New("letter").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body>
{{range .Lines}}<p>{{.}}</p>
{{end}}<p><a href="{{.Link}}">{{.Link}}</a></p>
{{range .After}}<p>{{.}}</p>
{{end}}{{if .OffText}}<p><small>{{.OffText}} <a href="{{.OffLink}}">{{.OffLink}}</a></small></p>
{{end}}</body></html>
`))

// message renders the letter as plain text and HTML for to.
func (l letter) message(to string) (Message, error) {
	var t bytes.Buffer
	for _, s := range l.Lines {
		t.WriteString(s + "\n\n")
	}
	t.WriteString(l.Link + "\n\n")
	for _, s := range l.After {
		t.WriteString(s + "\n\n")
	}
	if l.OffText != "" {
		t.WriteString("-- \n" + l.OffText + "\n" + l.OffLink + "\n")
	}
	var h bytes.Buffer
	if err := htmlLetter.Execute(&h, l); err != nil {
		return Message{}, err
	}
	return Message{To: to, Subject: l.Subject, Text: t.String(), HTML: h.String()}, nil
}

// noticeLetter tells of new notices of one kind (n of them) with a link
// to the one page, or to the notices page when they lead to several.
func noticeLetter(cat *i18n.Catalog, lang i18n.Lang, baseURL, kind, link string, n int) letter {
	if !ownLetter[kind] {
		kind = "notices"
	}
	body := "mail." + kind + ".one"
	if n > 1 {
		body = "mail." + kind + ".many"
	}
	return letter{Lang: lang, Subject: cat.T(lang, "mail."+kind+".subject"), Lines: []string{cat.T(lang, body)},
		Link: baseURL + link, After: []string{cat.T(lang, "mail.automatic")},
		OffText: cat.T(lang, "mail.turn_off"), OffLink: baseURL + offPath}
}

// offPath is where a member chooses which e-mails to get.
const offPath = "/settings/notifications"

// LetterKinds are the notice kinds with their own e-mail texts
// (mail.<kind>.subject, .one, .many); the others use mail.notices.*.
var LetterKinds = []string{"message", "care_message", "event_reminder", "account_deletion", "notices"}

var ownLetter = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range LetterKinds {
		m[k] = true
	}
	return m
}()

// digestLetter lists how many new notices of each kind there are, and
// nothing else: no names, no words, no links but the notices page.
func digestLetter(cat *i18n.Catalog, lang i18n.Lang, baseURL string, counts map[string]int) letter {
	lines := []string{cat.T(lang, "mail.digest.intro")}
	for _, k := range notify.Kinds {
		if n := counts[k.Name]; n > 0 {
			lines = append(lines, cat.T(lang, "mail.digest.count", "kind", cat.T(lang, "notify.kind."+k.Name), "n", strconv.Itoa(n)))
		}
	}
	if n := counts[""]; n > 0 {
		lines = append(lines, cat.T(lang, "mail.digest.count", "kind", cat.T(lang, "mail.digest.other"), "n", strconv.Itoa(n)))
	}
	return letter{Lang: lang, Subject: cat.T(lang, "mail.digest.subject"), Lines: lines, Link: baseURL + "/notifications",
		After: []string{cat.T(lang, "mail.automatic")}, OffText: cat.T(lang, "mail.turn_off"), OffLink: baseURL + offPath}
}

// verifyLetter carries the one-time link that confirms an address.
func verifyLetter(cat *i18n.Catalog, lang i18n.Lang, link string) letter {
	return letter{Lang: lang, Subject: cat.T(lang, "mail.verify.subject"), Lines: []string{cat.T(lang, "mail.verify.body")},
		Link: link, After: []string{cat.T(lang, "mail.verify.ignore"), cat.T(lang, "mail.automatic")}}
}

var oslo = func() *time.Location {
	if l, err := time.LoadLocation("Europe/Oslo"); err == nil {
		return l
	}
	return time.UTC
}()

// when writes an event's start for a letter in the member's language.
func when(lang i18n.Lang, t time.Time) string {
	if lang == i18n.EN {
		return t.In(oslo).Format("Monday 2 January 2006, 15:04")
	}
	return t.In(oslo).Format("02.01.2006 kl. 15.04")
}
