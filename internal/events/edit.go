package events

import (
	"context"
	"database/sql"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
)

// Edit changes an event's details: title, description, place, notes,
// capacity and linked thread. Its times stay (a single occurrence is
// moved or cancelled with ChangeOccurrence), so answers keep their
// occurrence. Capacity may not drop below the places already taken in
// any coming occurrence.
func (s *Service) Edit(ctx context.Context, u *identity.User, id int64, in New, threadID int64) error {
	e, err := s.Get(ctx, u, id)
	if err != nil {
		return err
	}
	if !s.MayManage(ctx, u, e) {
		return apperr.NotFound()
	}
	in.Kind = e.Kind
	if _, fe := s.check(&in, false); fe != nil {
		return fe
	}
	now := s.now()
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		if in.Capacity > 0 {
			var most int
			if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(n), 0) FROM (SELECT COUNT(*) AS n FROM rsvps WHERE event_id = $1 AND occurs_at >= $2
				AND status = 'going' AND NOT waiting GROUP BY occurs_at) t`, id, now.Add(-24*time.Hour)).Scan(&most); err != nil {
				return err
			}
			if in.Capacity < most {
				return apperr.Invalid("err.fix_fields").WithField("capacity", "field.event.capacity_below")
			}
		}
		var thread any
		if threadID != 0 {
			thread = threadID
		}
		_, err := tx.ExecContext(ctx, `UPDATE events SET title = $1, description = $2, description_html = $3, place_name = $4, address = $5, map_url = $6,
			accessibility = $7, travel = $8, capacity = $9, thread_id = $10 WHERE id = $11`,
			in.Title, in.Description, string(s.markup(in.Description)), in.Place, in.Address, in.MapURL, in.Accessibility, in.Travel, in.Capacity, thread, id)
		return err
	})
}

// Cancel cancels the whole event (every occurrence) and tells those who
// answered going or maybe to its coming occurrences.
func (s *Service) Cancel(ctx context.Context, u *identity.User, id int64) error {
	e, err := s.Get(ctx, u, id)
	if err != nil {
		return err
	}
	if !s.MayManage(ctx, u, e) {
		return apperr.NotFound()
	}
	now := s.now()
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE events SET cancelled_at = COALESCE(cancelled_at, $1) WHERE id = $2`, now, id); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT DISTINCT occurs_at FROM rsvps WHERE event_id = $1 AND occurs_at > $2 AND status IN ('going', 'maybe')`, id, now)
		if err != nil {
			return err
		}
		var ats []time.Time
		for rows.Next() {
			var t time.Time
			if err := rows.Scan(&t); err != nil {
				_ = rows.Close() // already returning an error
				return err
			}
			ats = append(ats, t)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for _, t := range ats {
			if err := s.tell(ctx, tx, id, t, now); err != nil {
				return err
			}
		}
		return nil
	})
}
