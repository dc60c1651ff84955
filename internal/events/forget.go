package events

import (
	"context"
	"database/sql"
	"time"
)

// Forget removes a member from the cafés and gatherings inside tx, when
// her account is deleted (internal/deletion): her answers (a place she
// held on a coming occurrence goes to the first waiting member, who is
// told), attendance, lifts and buddy asks, flags, reminders and guide.
// A gathering she proposed is deleted if nobody else answered it, else
// cancelled with those who answered told; a café she hosts loses its
// host and goes on.
func (s *Service) Forget(ctx context.Context, tx *sql.Tx, userID int64, now time.Time) error {
	type place struct {
		event  int64
		occurs time.Time
	}
	var freed []place
	rows, err := tx.QueryContext(ctx, `SELECT event_id, occurs_at FROM rsvps WHERE user_id = $1 AND status = 'going' AND NOT waiting AND occurs_at > $2`, userID, now)
	if err != nil {
		return err
	}
	for rows.Next() {
		var p place
		if err := rows.Scan(&p.event, &p.occurs); err != nil {
			_ = rows.Close() // already returning an error
			return err
		}
		freed = append(freed, p)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, q := range []string{
		`DELETE FROM rsvps WHERE user_id = $1`,
		`DELETE FROM attendance WHERE user_id = $1`,
		`DELETE FROM lifts WHERE user_id = $1`,
		`DELETE FROM event_flags WHERE user_id = $1`,
		`DELETE FROM reminders_sent WHERE user_id = $1`,
		`DELETE FROM reminder_settings WHERE user_id = $1`,
		`DELETE FROM cafe_guides WHERE user_id = $1`,
	} {
		if _, err := tx.ExecContext(ctx, q, userID); err != nil {
			return err
		}
	}
	for _, p := range freed {
		if err := s.promote(ctx, tx, Event{ID: p.event}, p.occurs, now); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM events WHERE host_id = $1 AND kind = $2
		AND NOT EXISTS (SELECT 1 FROM rsvps r WHERE r.event_id = events.id)`, userID, Gathering); err != nil {
		return err
	}
	return s.cancelHosted(ctx, tx, userID, now)
}

// cancelHosted cancels the gatherings she proposed that others answered,
// telling those going or maybe to a coming occurrence, and takes her off
// as host of every event.
func (s *Service) cancelHosted(ctx context.Context, tx *sql.Tx, userID int64, now time.Time) error {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT r.event_id, r.occurs_at FROM rsvps r JOIN events e ON e.id = r.event_id
		WHERE e.host_id = $1 AND e.kind = $2 AND e.cancelled_at IS NULL AND r.occurs_at > $3 AND r.status IN ('going', 'maybe')
		ORDER BY r.event_id, r.occurs_at`, userID, Gathering, now)
	if err != nil {
		return err
	}
	type occ struct {
		event int64
		at    time.Time
	}
	var tell []occ
	for rows.Next() {
		var o occ
		if err := rows.Scan(&o.event, &o.at); err != nil {
			_ = rows.Close() // already returning an error
			return err
		}
		tell = append(tell, o)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE events SET cancelled_at = COALESCE(cancelled_at, $1) WHERE host_id = $2 AND kind = $3`, now, userID, Gathering); err != nil {
		return err
	}
	for _, o := range tell {
		if err := s.tell(ctx, tx, o.event, o.at, now); err != nil {
			return err
		}
	}
	_, err = tx.ExecContext(ctx, `UPDATE events SET host_id = NULL WHERE host_id = $1`, userID)
	return err
}
