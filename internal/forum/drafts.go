package forum

import (
	"context"
	"database/sql"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
)

// Draft is text saved while writing, per member and place: "thread:<category
// ID>", "circle:<circle ID>", "reply:<thread ID>" or "edit:<post ID>".
type Draft struct {
	Key       string
	Title     string
	Body      string
	UpdatedAt time.Time
}

var draftKeyRE = regexp.MustCompile(`^(thread|circle|reply|edit):[0-9]{1,18}$`)

// ValidDraftKey reports whether key names a place a draft can be for.
func ValidDraftKey(key string) bool { return draftKeyRE.MatchString(key) }

// draftPlace checks that the member may write where the draft is for: a
// category or circle they see, a thread they see, or their own post.
// Anything else is not found, like the place itself.
func (s *Service) draftPlace(ctx context.Context, u *identity.User, key string) error {
	if !draftKeyRE.MatchString(key) {
		return apperr.Invalid("err.fix_fields").WithField("key", "field.draft.key")
	}
	kind, n, _ := strings.Cut(key, ":")
	id, err := strconv.ParseInt(n, 10, 64)
	if err != nil || id <= 0 {
		return apperr.NotFound()
	}
	switch kind {
	case "thread":
		_, err = s.CategoryByID(ctx, u, id)
	case "circle":
		err = inCircle(ctx, s.db, u, id)
	case "reply":
		_, err = s.ThreadByID(ctx, u, id)
	default:
		var p Post
		if p, err = postFor(ctx, s.db, u, id); err == nil && (p.AuthorID != u.ID || p.Deleted) {
			err = apperr.NotFound()
		}
	}
	return err
}

// SaveDraft stores or replaces a draft.
func (s *Service) SaveDraft(ctx context.Context, u *identity.User, key, title, body string) error {
	if err := s.canRead(ctx, s.db, u); err != nil {
		return err
	}
	if err := s.draftPlace(ctx, u, key); err != nil {
		return err
	}
	fe := apperr.Invalid("err.fix_fields")
	if !utf8.ValidString(title) || utf8.RuneCountInString(title) > TitleMax || strings.ContainsAny(title, "\x00\r\n") {
		fe.WithField("title", "field.title.length")
	}
	if !utf8.ValidString(body) || utf8.RuneCountInString(body) > BodyMax || strings.ContainsRune(body, 0) {
		fe.WithField("body", "field.body.length")
	}
	if len(fe.Fields) > 0 {
		return fe
	}
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		if strings.TrimSpace(title) == "" && strings.TrimSpace(body) == "" {
			_, err := tx.ExecContext(ctx, `DELETE FROM drafts WHERE user_id = $1 AND key = $2`, u.ID, key)
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO drafts (user_id, key, title, body, updated_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (user_id, key) DO UPDATE SET title = excluded.title, body = excluded.body, updated_at = excluded.updated_at`,
			u.ID, key, title, body, s.now())
		return err
	})
}

// DraftFor returns the member's draft for key, or an empty one.
func (s *Service) DraftFor(ctx context.Context, u *identity.User, key string) (Draft, error) {
	d := Draft{Key: key}
	if err := s.canRead(ctx, s.db, u); err != nil {
		return d, err
	}
	if err := s.draftPlace(ctx, u, key); err != nil {
		return d, err
	}
	err := s.db.QueryRowContext(ctx, `SELECT title, body, updated_at FROM drafts WHERE user_id = $1 AND key = $2`, u.ID, key).
		Scan(&d.Title, &d.Body, &d.UpdatedAt)
	if err == sql.ErrNoRows {
		return d, nil
	}
	return d, err
}

// DropDraft deletes a draft, after its text was published.
func (s *Service) DropDraft(ctx context.Context, u *identity.User, key string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM drafts WHERE user_id = $1 AND key = $2`, u.ID, key)
	return err
}

// Revision is an earlier version of an edited post.
type Revision struct {
	Body      string
	CreatedAt time.Time
}

// Revisions lists a post's earlier versions, newest first, for peer
// moderators (and the post's author).
func (s *Service) Revisions(ctx context.Context, u *identity.User, postID int64) ([]Revision, error) {
	p, err := s.PostByID(ctx, u, postID)
	if err != nil {
		return nil, err
	}
	if u.Role != identity.PeerModerator && p.AuthorID != u.ID {
		return nil, apperr.NotFound()
	}
	rows, err := s.db.QueryContext(ctx, `SELECT body, created_at FROM post_revisions WHERE post_id = $1 ORDER BY id DESC`, postID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Revision
	for rows.Next() {
		var r Revision
		if err := rows.Scan(&r.Body, &r.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
