// Package library keeps what every member may read: exercises
// (mindfulness, coping, symptom management), written in Markdown in both
// languages by administrators and peer moderators, information pages
// (administrators), and local links per community (activities and
// service-user organisations). A member's own responses to an exercise
// are private and live in the toolbox (tool "exercises").
package library

import (
	"context"
	"database/sql"
	"html/template"
	"net/url"
	"strings"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/sqldb"
)

// Kinds of pages.
const (
	Exercise = "exercise"
	Info     = "info"
)

// Categories of exercises; information pages use "info".
var Categories = []string{"mindfulness", "coping", "symptoms"}

// Page is an exercise or an information page.
type Page struct {
	ID       int64
	Kind     string
	Slug     string
	Category string
	TitleNB  string
	TitleEN  string
	BodyNB   string
	BodyEN   string
	HTMLNB   template.HTML
	HTMLEN   template.HTML
	Updated  time.Time
}

// Title is the page's title in lang.
func (p Page) Title(lang string) string {
	if lang == "en" {
		return p.TitleEN
	}
	return p.TitleNB
}

// HTML is the page's body in lang (sanitised when saved).
func (p Page) HTML(lang string) template.HTML {
	if lang == "en" {
		return p.HTMLEN
	}
	return p.HTMLNB
}

// Service keeps the library.
type Service struct {
	db     *sqldb.DB
	markup func(string) template.HTML
	now    func() time.Time
}

// New returns the service.
func New(db *sqldb.DB, markup func(string) template.HTML, now func() time.Time) *Service {
	return &Service{db: db, markup: markup, now: now}
}

// MayEdit reports whether u may write pages of kind: exercises by
// administrators and peer moderators, information pages by
// administrators.
func MayEdit(u *identity.User, kind string) bool {
	if u == nil {
		return false
	}
	return u.Role == identity.Admin || (kind == Exercise && u.Role == identity.PeerModerator)
}

// mayRead: members, peer moderators and administrators read the
// library; providers and researchers have their own work.
func mayRead(u *identity.User) bool {
	return u != nil && (u.Role == identity.ServiceUser || u.Role == identity.PeerModerator || u.Role == identity.Admin)
}

func text(fe *apperr.Error, field, s string, lo, hi int, oneLine bool) string {
	return fe.Text(field, "field.library."+field, s, lo, hi, oneLine)
}

func (p *Page) check() error {
	fe := apperr.Invalid("err.fix_fields")
	if p.Kind != Exercise && p.Kind != Info {
		return apperr.NotFound()
	}
	if p.Kind == Info {
		p.Category = "info"
	} else if !oneOf(p.Category, Categories) {
		fe.WithField("category", "field.category.unknown")
	}
	p.TitleNB = text(fe, "title_nb", p.TitleNB, 1, 120, true)
	p.TitleEN = text(fe, "title_en", p.TitleEN, 1, 120, true)
	p.BodyNB = text(fe, "body_nb", p.BodyNB, 1, 20000, false)
	p.BodyEN = text(fe, "body_en", p.BodyEN, 1, 20000, false)
	if len(fe.Fields) > 0 {
		return fe
	}
	return nil
}

func oneOf(s string, set []string) bool {
	for _, v := range set {
		if s == v {
			return true
		}
	}
	return false
}

// slugFrom makes a URL name from an English title.
func slugFrom(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.Trim(b.String(), "-")
}

// Save creates (ID 0) or changes a page.
func (s *Service) Save(ctx context.Context, u *identity.User, p Page) (int64, error) {
	if !MayEdit(u, p.Kind) {
		return 0, apperr.NotFound()
	}
	if err := p.check(); err != nil {
		return 0, err
	}
	now := s.now()
	var uid any
	if u != nil && u.ID != 0 {
		uid = u.ID
	}
	nb, en := string(s.markup(p.BodyNB)), string(s.markup(p.BodyEN))
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		if p.ID == 0 {
			if p.Slug == "" {
				p.Slug = slugFrom(p.TitleEN)
			}
			err := tx.QueryRowContext(ctx, `INSERT INTO library_pages (kind, slug, category, title_nb, title_en, body_nb, body_en, html_nb, html_en, updated_by, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (slug) DO NOTHING RETURNING id`,
				p.Kind, p.Slug, p.Category, p.TitleNB, p.TitleEN, p.BodyNB, p.BodyEN, nb, en, uid, now).Scan(&p.ID)
			if err == sql.ErrNoRows {
				return apperr.Conflict("title_taken", "err.fix_fields").WithField("title_en", "field.library.title_taken")
			}
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE library_pages SET category = $1, title_nb = $2, title_en = $3, body_nb = $4, body_en = $5, html_nb = $6, html_en = $7,
			updated_by = $8, updated_at = $9 WHERE id = $10 AND kind = $11`, p.Category, p.TitleNB, p.TitleEN, p.BodyNB, p.BodyEN, nb, en, uid, now, p.ID, p.Kind)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.NotFound()
		}
		return nil
	})
	return p.ID, err
}

const pageColumns = `id, kind, slug, category, title_nb, title_en, body_nb, body_en, html_nb, html_en, updated_at`

func scanPage(sc interface{ Scan(...any) error }) (Page, error) {
	var p Page
	var nb, en string
	err := sc.Scan(&p.ID, &p.Kind, &p.Slug, &p.Category, &p.TitleNB, &p.TitleEN, &p.BodyNB, &p.BodyEN, &nb, &en, &p.Updated)
	p.HTMLNB, p.HTMLEN = template.HTML(nb), template.HTML(en) // #nosec G203 -- markup.HTML output (sanitised) stored when saved
	return p, err
}

// List returns the pages of a kind, by category and title.
func (s *Service) List(ctx context.Context, u *identity.User, kind string) ([]Page, error) {
	if !mayRead(u) {
		return nil, apperr.NotFound()
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+pageColumns+` FROM library_pages WHERE kind = $1 ORDER BY category, id`, kind)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Page
	for rows.Next() {
		p, err := scanPage(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Get returns one page by ID.
func (s *Service) Get(ctx context.Context, u *identity.User, kind string, id int64) (Page, error) {
	if !mayRead(u) {
		return Page{}, apperr.NotFound()
	}
	p, err := scanPage(s.db.QueryRowContext(ctx, `SELECT `+pageColumns+` FROM library_pages WHERE id = $1 AND kind = $2`, id, kind))
	if err == sql.ErrNoRows {
		return p, apperr.NotFound()
	}
	return p, err
}

// Ensure adds the pages we ship that are not there yet (by slug), so a
// new deployment starts with them and edits are kept.
func (s *Service) Ensure(ctx context.Context) error {
	for _, p := range shipped {
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM library_pages WHERE slug = $1`, p.Slug).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			continue
		}
		if _, err := s.Save(ctx, &identity.User{Role: identity.Admin}, p); err != nil && !apperr.Is(err, apperr.KindConflict) {
			return err
		}
	}
	return nil
}

// Link is a local activity or service-user organisation.
type Link struct {
	ID          int64
	CommunityID int64
	Name        string
	Description string
	Address     string
	Phone       string
	Web         string
}

func (l *Link) check() error {
	fe := apperr.Invalid("err.fix_fields")
	l.Name = text(fe, "name", l.Name, 1, 120, true)
	l.Description = text(fe, "description", l.Description, 0, 1000, false)
	l.Address = text(fe, "address", l.Address, 0, 200, true)
	l.Phone = strings.TrimSpace(l.Phone)
	if len(l.Phone) > 30 || strings.Trim(l.Phone, "+0123456789 -()") != "" {
		fe.WithField("phone", "field.phone.invalid")
	}
	l.Web = strings.TrimSpace(l.Web)
	if l.Web != "" {
		u, err := url.Parse(l.Web)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(l.Web) > 300 {
			fe.WithField("web", "field.web.invalid")
		}
	}
	if len(fe.Fields) > 0 {
		return fe
	}
	return nil
}

// SaveLink creates (ID 0) or changes a local link: administrators, and
// peer moderators for communities they serve.
func (s *Service) SaveLink(ctx context.Context, u *identity.User, l Link, serves func(communityID int64) bool) (int64, error) {
	if u == nil || !(u.Role == identity.Admin || (u.Role == identity.PeerModerator && serves(l.CommunityID))) {
		return 0, apperr.NotFound()
	}
	if err := l.check(); err != nil {
		return 0, err
	}
	// An administrator may name any community, but one that exists: a
	// link to another would fail on its foreign key.
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM communities WHERE id = $1`, l.CommunityID).Scan(&n); err != nil {
		return 0, err
	}
	if n == 0 {
		return 0, apperr.NotFound()
	}
	now := s.now()
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		if l.ID == 0 {
			return tx.QueryRowContext(ctx, `INSERT INTO local_links (community_id, name, description, address, phone, web, updated_by, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, l.CommunityID, l.Name, l.Description, l.Address, l.Phone, l.Web, u.ID, now).Scan(&l.ID)
		}
		res, err := tx.ExecContext(ctx, `UPDATE local_links SET name = $1, description = $2, address = $3, phone = $4, web = $5, updated_by = $6, updated_at = $7
			WHERE id = $8 AND community_id = $9`, l.Name, l.Description, l.Address, l.Phone, l.Web, u.ID, now, l.ID, l.CommunityID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.NotFound()
		}
		return nil
	})
	return l.ID, err
}

// DeleteLink removes a local link (same rights as SaveLink).
func (s *Service) DeleteLink(ctx context.Context, u *identity.User, id int64, serves func(communityID int64) bool) error {
	var community int64
	if err := s.db.QueryRowContext(ctx, `SELECT community_id FROM local_links WHERE id = $1`, id).Scan(&community); err != nil {
		return apperr.NotFound()
	}
	if u == nil || !(u.Role == identity.Admin || (u.Role == identity.PeerModerator && serves(community))) {
		return apperr.NotFound()
	}
	_, err := s.db.ExecContext(ctx, `DELETE FROM local_links WHERE id = $1`, id)
	return err
}

// Links lists a community's local links.
func (s *Service) Links(ctx context.Context, communityID int64) ([]Link, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, community_id, name, description, address, phone, web FROM local_links WHERE community_id = $1 ORDER BY name, id`, communityID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Link
	for rows.Next() {
		var l Link
		if err := rows.Scan(&l.ID, &l.CommunityID, &l.Name, &l.Description, &l.Address, &l.Phone, &l.Web); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}
