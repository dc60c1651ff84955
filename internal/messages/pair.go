package messages

import (
	"context"
	"database/sql"
	"time"
)

// KindLift is a conversation between two members who agreed to travel
// to an event together (a lift or a meet-before buddy). They appear to
// each other by pseudonym, and it closes by itself a week after the
// event.
const KindLift = "lift"

// OpenPair starts a conversation of kind between two members inside the
// caller's transaction, with a sealed subject and no messages yet; it
// becomes read-only at closes.
func (s *Service) OpenPair(ctx context.Context, tx *sql.Tx, kind, subject string, a, b int64, closes time.Time) (int64, error) {
	now := s.opts.Now()
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO conversations (kind, subject, created_by, created_at, last_at, closes_at) VALUES ($1, '', $2, $3, $3, $4) RETURNING id`,
		kind, a, now, closes).Scan(&id); err != nil {
		return 0, err
	}
	if err := s.seal(ctx, tx, "conversations", "subject", id, subject); err != nil {
		return 0, err
	}
	for _, uid := range []int64{a, b} {
		if _, err := tx.ExecContext(ctx, `INSERT INTO conversation_participants (conversation_id, user_id) VALUES ($1, $2)`, id, uid); err != nil {
			return 0, err
		}
	}
	return id, nil
}
