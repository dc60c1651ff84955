// Package notify keeps members' in-app notices. A notice is a kind (an
// i18n key suffix) and a few arguments; it never holds post, message or
// toolbox text, so nothing private can leak through a notice. Each
// member chooses per kind (Kinds) whether it shows in the app and goes by
// e-mail; an e-mailed notice queues a content-free e-mail in the same
// transaction, and internal/mail sends it (honouring quiet hours and the
// daily digest). Added notices are announced on the member's live
// stream. See docs/notifications.md.
package notify

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/sqldb"
)

// Notice kinds.
const (
	KindIdentityLookup = "identity_lookup" // an administrator looked up who is behind the member's pseudonym
	KindRevealReceived = "reveal_received" // someone showed the member who they are
	KindRevealRequest  = "reveal_request"  // someone asks whether to get to know each other
	KindCircleInvite   = "circle_invite"   // invited into a circle
)

// Notice is one notice to a member.
type Notice struct {
	ID        int64
	Kind      string
	Args      map[string]string
	CreatedAt time.Time
	ReadAt    *time.Time
}

// Add stores a notice inside the caller's transaction, so it exists
// exactly when the change it reports does, and announces it on the
// member's live stream (under a context marked by WithPublisher). It
// honours the member's preferences for the kind: with the app channel
// off the notice is not stored, unless it is e-mailed, when it is stored
// already read so that the e-mail's link leads to it. Under a context
// marked by WithEmail it also queues the e-mail there.
func Add(ctx context.Context, tx *sql.Tx, userID int64, kind string, args map[string]string, at time.Time) error {
	c, err := channels(ctx, tx, userID, kind)
	if err != nil {
		return err
	}
	email := c.Email && EmailOn(ctx)
	if !c.InApp && !email {
		return nil
	}
	if args == nil {
		args = map[string]string{}
	}
	b, err := json.Marshal(args)
	if err != nil {
		return err
	}
	var read any
	if !c.InApp {
		read = at
	}
	var id int64
	if err = tx.QueryRowContext(ctx, `INSERT INTO notifications (user_id, kind, args, created_at, read_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		userID, kind, string(b), at, read).Scan(&id); err != nil {
		return err
	}
	if c.InApp {
		if err := announce(ctx, tx, userID, "notice", Live{ID: strconv.FormatInt(id, 10), Kind: kind}); err != nil {
			return err
		}
	}
	if !email {
		return nil
	}
	return queueEmail(ctx, tx, userID, kind, args, at)
}

// Service reads and marks notices.
type Service struct {
	db  *sqldb.DB
	now func() time.Time
}

// New returns a Service.
func New(db *sqldb.DB, now func() time.Time) *Service { return &Service{db: db, now: now} }

// Filter narrows a list of notices.
type Filter struct {
	Kinds  []string // only these kinds (all when empty)
	Unread bool     // only unread notices
}

// List returns the member's notices, newest first, before the given ID
// (0 for the first page).
func (s *Service) List(ctx context.Context, userID int64, limit int, before int64) ([]Notice, error) {
	return s.Find(ctx, userID, Filter{}, limit, before)
}

// Find is List narrowed by f.
func (s *Service) Find(ctx context.Context, userID int64, f Filter, limit int, before int64) ([]Notice, error) {
	if before <= 0 {
		before = 1<<63 - 1
	}
	q := `SELECT id, kind, args, created_at, read_at FROM notifications WHERE user_id = $1 AND id < $2`
	params := []any{userID, before, limit}
	if f.Unread {
		q += ` AND read_at IS NULL`
	}
	if len(f.Kinds) > 0 {
		marks := make([]string, len(f.Kinds))
		for i, k := range f.Kinds {
			params = append(params, k)
			marks[i] = "$" + strconv.Itoa(len(params))
		}
		q += ` AND kind IN (` + strings.Join(marks, ", ") + `)`
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY id DESC LIMIT $3`, params...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Notice
	for rows.Next() {
		var n Notice
		var args string
		var read sql.NullTime
		if err := rows.Scan(&n.ID, &n.Kind, &args, &n.CreatedAt, &read); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(args), &n.Args); err != nil {
			return nil, err
		}
		if read.Valid {
			n.ReadAt = &read.Time
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// Unread counts the member's unread notices.
func (s *Service) Unread(ctx context.Context, userID int64) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL`, userID).Scan(&n)
	return n, err
}

// MarkRead marks the given notices read (all when ids is empty). Other
// members' notices are not touched; asking for them is not_found.
func (s *Service) MarkRead(ctx context.Context, userID int64, ids []int64) error {
	now := s.now()
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		if len(ids) == 0 {
			if _, err := tx.ExecContext(ctx, `UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL`, now, userID); err != nil {
				return err
			}
			return announce(ctx, tx, userID, "notice_read", Live{})
		}
		for _, id := range ids {
			res, err := tx.ExecContext(ctx, `UPDATE notifications SET read_at = COALESCE(read_at, $1) WHERE id = $2 AND user_id = $3`, now, id, userID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return apperr.NotFound()
			}
		}
		return announce(ctx, tx, userID, "notice_read", Live{})
	})
}
