package events

import (
	"context"
	"database/sql"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
)

// SetReflection records the thread the host started after an
// occurrence for those who came (in a circle they were invited to).
func (s *Service) SetReflection(ctx context.Context, u *identity.User, e Event, at time.Time, threadID int64) error {
	if !s.IsHost(ctx, u, e) {
		return apperr.NotFound()
	}
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO event_reflections (event_id, occurs_at, thread_id) VALUES ($1, $2, $3)
			ON CONFLICT (event_id, occurs_at) DO UPDATE SET thread_id = excluded.thread_id`, e.ID, at, threadID)
		return err
	})
}

// Reflection returns the thread after an occurrence, 0 for none. The
// caller shows it only to those the forum lets read it.
func (s *Service) Reflection(ctx context.Context, eventID int64, at time.Time) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT thread_id FROM event_reflections WHERE event_id = $1 AND occurs_at = $2`, eventID, at).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	return id, err
}
