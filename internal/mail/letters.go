package mail

import (
	"bytes"
	"html/template"

	"reconnect/internal/i18n"
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
	body := "mail." + kind + ".one"
	if n > 1 {
		body = "mail." + kind + ".many"
	}
	return letter{Lang: lang, Subject: cat.T(lang, "mail."+kind+".subject"), Lines: []string{cat.T(lang, body)},
		Link: baseURL + link, After: []string{cat.T(lang, "mail.automatic")},
		OffText: cat.T(lang, "mail.turn_off"), OffLink: baseURL + "/settings#s-email"}
}

// verifyLetter carries the one-time link that confirms an address.
func verifyLetter(cat *i18n.Catalog, lang i18n.Lang, link string) letter {
	return letter{Lang: lang, Subject: cat.T(lang, "mail.verify.subject"), Lines: []string{cat.T(lang, "mail.verify.body")},
		Link: link, After: []string{cat.T(lang, "mail.verify.ignore"), cat.T(lang, "mail.automatic")}}
}
