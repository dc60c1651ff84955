package moderation

import (
	"context"
	"database/sql"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
)

// Waiting is a thread nobody has answered: PostID is its latest post.
type Waiting struct {
	ThreadID        int64
	ThreadTitle     string
	PostID          int64
	AuthorPseudonym string
	CreatedAt       time.Time
	Opening         bool // the latest post is the opening one
}

// Unanswered lists, within reach, threads nobody but their starter (a
// service user) has written in, whose latest post is older than
// Options.UnansweredAfter and not marked as seen by a moderator: oldest
// first, so that every member gets an acknowledgement. Circles are left
// out: their members look after each other in private.
func (s *Service) Unanswered(ctx context.Context, actor *identity.User) ([]Waiting, error) {
	if _, err := s.scopeOf(ctx, s.db, actor); err != nil {
		return nil, err
	}
	cutoff := s.now().Add(-s.opts.UnansweredAfter)
	rows, err := s.db.QueryContext(ctx, `SELECT t.id, t.title, p.id, COALESCE(u.pseudonym, ''), p.created_at,
		NOT EXISTS (SELECT 1 FROM posts e WHERE e.thread_id = t.id AND e.id < p.id)
		FROM posts p`+reachJoins+` JOIN users u ON u.id = p.author_id
		WHERE p.id = t.last_post_id AND p.author_id = t.author_id AND p.created_at < $3 AND p.acknowledged_at IS NULL
		AND NOT EXISTS (SELECT 1 FROM posts o WHERE o.thread_id = t.id AND o.author_id <> t.author_id
			AND o.deleted_at IS NULL AND o.hidden_at IS NULL AND o.pending_at IS NULL)
		AND p.hidden_at IS NULL AND p.pending_at IS NULL AND p.deleted_at IS NULL
		AND t.category_id IS NOT NULL AND t.hidden_at IS NULL AND t.locked_at IS NULL AND u.role = 'service_user'
		AND `+reachSQL+` ORDER BY p.created_at LIMIT 200`, actor.ID, isAdmin(actor), cutoff)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Waiting
	for rows.Next() {
		var w Waiting
		if err := rows.Scan(&w.ThreadID, &w.ThreadTitle, &w.PostID, &w.AuthorPseudonym, &w.CreatedAt, &w.Opening); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// Acknowledge marks a post as seen by a moderator, which takes it off
// the unanswered view (a reply does too, by itself).
func (s *Service) Acknowledge(ctx context.Context, actor *identity.User, postID int64) error {
	now := s.now()
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		t, err := s.postInReach(ctx, tx, actor, postID)
		if err != nil {
			return err
		}
		if t.deleted {
			return apperr.Conflict("post_deleted", "err.post_deleted")
		}
		r, err := tx.ExecContext(ctx, `UPDATE posts SET acknowledged_at = $1, acknowledged_by = $2 WHERE id = $3 AND acknowledged_at IS NULL`, now, actor.ID, postID)
		if err != nil {
			return err
		}
		if n, err := r.RowsAffected(); err != nil || n == 0 {
			if err == nil {
				err = apperr.Conflict("acknowledged", "err.post_acknowledged")
			}
			return err
		}
		return record(ctx, tx, now, actor, "post.acknowledge", "post", postID, nil)
	})
}
