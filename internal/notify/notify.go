// Package notify keeps members' in-app notices. A notice is a kind (an
// i18n key suffix) and a few arguments; it never holds post, message or
// toolbox text, so nothing private can leak through a notice. Some
// kinds (Emailed) also queue a content-free e-mail in the same
// transaction; internal/mail sends it. The notifications issue adds
// live delivery and more preferences.
package notify

import (
	"context"
	"database/sql"
	"encoding/json"
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
// exactly when the change it reports does. For an e-mailed kind, and
// under a context marked by WithEmail, it also queues the e-mail there.
func Add(ctx context.Context, tx *sql.Tx, userID int64, kind string, args map[string]string, at time.Time) error {
	if args == nil {
		args = map[string]string{}
	}
	b, err := json.Marshal(args)
	if err != nil {
		return err
	}
	if _, err = tx.ExecContext(ctx, `INSERT INTO notifications (user_id, kind, args, created_at) VALUES ($1, $2, $3, $4)`, userID, kind, string(b), at); err != nil {
		return err
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

// List returns the member's notices, newest first, before the given ID
// (0 for the first page).
func (s *Service) List(ctx context.Context, userID int64, limit int, before int64) ([]Notice, error) {
	if before <= 0 {
		before = 1<<63 - 1
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, kind, args, created_at, read_at FROM notifications
		WHERE user_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3`, userID, before, limit)
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
			_, err := tx.ExecContext(ctx, `UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL`, now, userID)
			return err
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
		return nil
	})
}
