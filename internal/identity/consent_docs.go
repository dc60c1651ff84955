package identity

import (
	"context"
	"database/sql"
	"html/template"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"reconnect/internal/apperr"
	"reconnect/internal/audit"
	"reconnect/internal/sqldb"
)

// Consent document kinds. Terms, privacy and the non-emergency notice
// must be accepted; study participation is optional.
const (
	DocTerms        = "terms"
	DocPrivacy      = "privacy"
	DocNonEmergency = "non_emergency"
	DocStudy        = "study"
)

// DocumentKinds lists the kinds in the order they are shown.
var DocumentKinds = []string{DocTerms, DocPrivacy, DocNonEmergency, DocStudy}

// Required reports whether a kind must be accepted to use the service.
func Required(kind string) bool { return kind != DocStudy }

// Document is one version of a consent document.
type Document struct {
	ID          int64
	Kind        string
	Version     string
	TitleNB     string
	TitleEN     string
	BodyNB      string
	BodyEN      string
	HTMLNB      template.HTML
	HTMLEN      template.HTML
	PublishedAt time.Time
}

// Title returns the title in lang ("nb" or "en").
func (d *Document) Title(lang string) string {
	if lang == "en" {
		return d.TitleEN
	}
	return d.TitleNB
}

// HTML returns the rendered body in lang.
func (d *Document) HTML(lang string) template.HTML {
	if lang == "en" {
		return d.HTMLEN
	}
	return d.HTMLNB
}

// DocumentInput is a new version of a document, in Markdown.
type DocumentInput struct {
	Kind, TitleNB, TitleEN, BodyNB, BodyEN string
}

const docColumns = `id, kind, version, title_nb, title_en, body_nb, body_en, html_nb, html_en, published_at`

func scanDocument(s scanner) (Document, error) {
	var d Document
	var hnb, hen string
	err := s.Scan(&d.ID, &d.Kind, &d.Version, &d.TitleNB, &d.TitleEN, &d.BodyNB, &d.BodyEN, &hnb, &hen, &d.PublishedAt)
	d.HTMLNB, d.HTMLEN = template.HTML(hnb), template.HTML(hen) // #nosec G203 -- markup.HTML output (sanitised) stored when published
	return d, err
}

// CurrentDocuments returns the newest version of each kind, in display
// order.
func (s *Service) CurrentDocuments(ctx context.Context) ([]Document, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+docColumns+` FROM consent_documents d
		WHERE id = (SELECT MAX(id) FROM consent_documents x WHERE x.kind = d.kind)`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byKind := map[string]Document{}
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return nil, err
		}
		byKind[d.Kind] = d
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []Document
	for _, k := range DocumentKinds {
		if d, ok := byKind[k]; ok {
			out = append(out, d)
		}
	}
	return out, nil
}

// PublishDocument publishes a new version of a document. Administrators
// only. Members are asked to accept it at their next sign-in.
func (s *Service) PublishDocument(ctx context.Context, actor *User, in DocumentInput) (Document, error) {
	if actor != nil && actor.Role != Admin {
		return Document{}, apperr.NotFound()
	}
	fe := fieldErrors{}
	known := false
	for _, k := range DocumentKinds {
		known = known || k == in.Kind
	}
	if !known {
		fe.add("kind", "field.document.kind")
	}
	for field, v := range map[string]string{"title_nb": in.TitleNB, "title_en": in.TitleEN} {
		if !singleLine(v) || strings.TrimSpace(v) == "" || utf8.RuneCountInString(v) > 120 {
			fe.add(field, "field.document.title")
		}
	}
	for field, v := range map[string]string{"body_nb": in.BodyNB, "body_en": in.BodyEN} {
		if !utf8.ValidString(v) || strings.TrimSpace(v) == "" || utf8.RuneCountInString(v) > 20000 {
			fe.add(field, "field.document.body")
		}
	}
	if err := fe.err(); err != nil {
		return Document{}, err
	}
	d := Document{Kind: in.Kind, TitleNB: clean(in.TitleNB), TitleEN: clean(in.TitleEN), BodyNB: in.BodyNB, BodyEN: in.BodyEN,
		HTMLNB: s.opts.Markup(in.BodyNB), HTMLEN: s.opts.Markup(in.BodyEN), PublishedAt: s.now()}
	var actorID any
	if actor != nil {
		actorID = actor.ID
	}
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM consent_documents WHERE kind = $1`, d.Kind).Scan(&n); err != nil {
			return err
		}
		d.Version = strconv.Itoa(n + 1)
		err := tx.QueryRowContext(ctx, `INSERT INTO consent_documents (kind, version, title_nb, title_en, body_nb, body_en, html_nb, html_en, published_at, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			d.Kind, d.Version, d.TitleNB, d.TitleEN, d.BodyNB, d.BodyEN, string(d.HTMLNB), string(d.HTMLEN), d.PublishedAt, actorID).Scan(&d.ID)
		if sqldb.IsUniqueViolation(err) {
			return apperr.Conflict("version_exists", "err.try_again")
		}
		if err != nil {
			return err
		}
		var id int64
		if actor != nil {
			id = actor.ID
		}
		return audit.Append(ctx, tx, &audit.Record{Chain: audit.ChainAdmin, At: d.PublishedAt, ActorID: id,
			Action: "consent.publish", TargetKind: "consent_document", TargetID: strconv.FormatInt(d.ID, 10),
			Details: map[string]string{"kind": d.Kind, "version": d.Version}})
	})
	return d, err
}

// EnsureDocuments publishes the default first version of every kind
// that has none. Safe to run at every start, on every node.
func (s *Service) EnsureDocuments(ctx context.Context) error {
	cur, err := s.CurrentDocuments(ctx)
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, d := range cur {
		have[d.Kind] = true
	}
	for _, in := range defaultDocuments {
		if !have[in.Kind] {
			if _, err := s.PublishDocument(ctx, nil, in); err != nil && !apperr.Is(err, apperr.KindConflict) {
				return err
			}
		}
	}
	return nil
}
