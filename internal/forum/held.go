package forum

import (
	"context"
	"database/sql"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/sqldb"
)

// ReleaseHeld publishes a post that waited for a moderator's approval,
// inside the moderator's transaction: it starts to count, is indexed
// and announced, and watchers and mentioned members are told, as if it
// had just been written. It returns the post's author and thread.
// Moderation calls it; the caller has checked the moderator's rights.
func (s *Service) ReleaseHeld(ctx context.Context, tx *sql.Tx, postID int64, now time.Time) (authorID, threadID int64, err error) {
	var body string
	var first bool
	var author sql.NullInt64
	err = tx.QueryRowContext(ctx, `SELECT p.author_id, p.thread_id, p.body,
		NOT EXISTS (SELECT 1 FROM posts e WHERE e.thread_id = p.thread_id AND e.id < p.id)
		FROM posts p WHERE p.id = $1 AND p.pending_at IS NOT NULL AND p.deleted_at IS NULL`, postID).Scan(&author, &threadID, &body, &first)
	if err == sql.ErrNoRows {
		return 0, 0, apperr.NotFound()
	}
	if err != nil {
		return 0, 0, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE posts SET pending_at = NULL WHERE id = $1`, postID); err != nil {
		return 0, 0, err
	}
	var title string
	if first {
		if err := tx.QueryRowContext(ctx, `SELECT title FROM threads WHERE id = $1`, threadID).Scan(&title); err != nil {
			return 0, 0, err
		}
	}
	if err := s.publishPost(ctx, tx, author.Int64, threadID, postID, title, body, now); err != nil {
		return 0, 0, err
	}
	u, err := s.ids.UserByID(ctx, author.Int64)
	if err != nil {
		return 0, 0, err
	}
	if !first {
		if err := s.notifyWatchers(ctx, tx, &u, threadID, now); err != nil {
			return 0, 0, err
		}
	}
	_, mentioned, err := s.render(ctx, tx, body)
	if err != nil {
		return 0, 0, err
	}
	return author.Int64, threadID, s.notifyMentions(ctx, tx, &u, threadID, mentioned, now)
}

// Announce tells live readers about a change moderation made.
func (s *Service) Announce(ctx context.Context, q sqldb.Querier, ev Event) error {
	if s.opts.Publish == nil {
		return nil
	}
	return s.opts.Publish(ctx, q, ev)
}

// Moderates reports whether u may moderate at all: peer moderators and
// administrators.
func Moderates(u *identity.User) bool {
	return u != nil && (u.Role == identity.PeerModerator || u.Role == identity.Admin)
}

// CheckTitle tidies a thread title as the forum does and refuses one
// it would refuse.
func CheckTitle(title string) (string, error) {
	fe := apperr.Invalid("err.fix_fields")
	title = checkTitle(fe, title)
	if len(fe.Fields) > 0 {
		return "", fe
	}
	return title, nil
}

// Retitle renames a thread inside the moderator's transaction and
// re-indexes its opening post, which is found by its title too.
func (s *Service) Retitle(ctx context.Context, tx *sql.Tx, threadID int64, title string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE threads SET title = $1 WHERE id = $2`, title, threadID); err != nil {
		return err
	}
	var id int64
	var body string
	var live bool
	err := tx.QueryRowContext(ctx, `SELECT id, body, deleted_at IS NULL AND pending_at IS NULL FROM posts WHERE thread_id = $1 ORDER BY id LIMIT 1`, threadID).Scan(&id, &body, &live)
	if err == sql.ErrNoRows || (err == nil && !live) {
		return nil
	}
	if err != nil {
		return err
	}
	return s.index(ctx, tx, id, title+"\n"+body)
}

// MayWrite is nil when u may write in the forum: a forum member who is
// neither muted nor suspended (the error says which, with the reason).
func (s *Service) MayWrite(ctx context.Context, u *identity.User) error {
	return s.canWrite(ctx, s.db, u)
}
