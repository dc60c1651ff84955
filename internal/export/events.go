package export

import (
	"context"
	"database/sql"

	"reconnect/internal/identity"
)

// events reads the member's own rows: events she hosts (never others'
// answers or notes to her), her answers with her notes, her lifts, the
// attendance recorded for her and the gatherings she reported.
func (s *Service) events(ctx context.Context, u *identity.User, d *Data) error {
	e := &d.Events
	me := []any{u.ID}
	err := s.each(ctx, `SELECT id, kind, title, description, starts_at, place_name, created_at, cancelled_at FROM events WHERE host_id = $1 ORDER BY id`, me,
		func(scan func(...any) error) error {
			var x Event
			var id int64
			var cancelled sql.NullTime
			if err := scan(&id, &x.Kind, &x.Title, &x.Description, &x.StartsAt, &x.Place, &x.CreatedAt, &cancelled); err != nil {
				return err
			}
			x.ID, x.StartsAt, x.CreatedAt, x.CancelledAt = sid(id), x.StartsAt.UTC(), x.CreatedAt.UTC(), when(cancelled)
			e.Hosted = append(e.Hosted, x)
			return nil
		})
	if err != nil {
		return err
	}
	err = s.each(ctx, `SELECT r.event_id, e.title, r.occurs_at, r.status, r.waiting, r.note, r.shown, r.updated_at
		FROM rsvps r JOIN events e ON e.id = r.event_id WHERE r.user_id = $1 ORDER BY r.occurs_at, r.event_id`, me,
		func(scan func(...any) error) error {
			var x RSVP
			var id int64
			if err := scan(&id, &x.Title, &x.OccursAt, &x.Status, &x.Waiting, &x.Note, &x.Shown, &x.UpdatedAt); err != nil {
				return err
			}
			x.EventID, x.OccursAt, x.UpdatedAt = sid(id), x.OccursAt.UTC(), x.UpdatedAt.UTC()
			e.RSVPs = append(e.RSVPs, x)
			return nil
		})
	if err != nil {
		return err
	}
	err = s.each(ctx, `SELECT l.event_id, e.title, l.occurs_at, l.kind, l.seats, l.area, l.note, l.created_at, l.withdrawn_at
		FROM lifts l JOIN events e ON e.id = l.event_id WHERE l.user_id = $1 ORDER BY l.id`, me,
		func(scan func(...any) error) error {
			var x Lift
			var id int64
			var gone sql.NullTime
			if err := scan(&id, &x.Title, &x.OccursAt, &x.Kind, &x.Seats, &x.Area, &x.Note, &x.CreatedAt, &gone); err != nil {
				return err
			}
			x.EventID, x.OccursAt, x.CreatedAt, x.WithdrawnAt = sid(id), x.OccursAt.UTC(), x.CreatedAt.UTC(), when(gone)
			e.Lifts = append(e.Lifts, x)
			return nil
		})
	if err != nil {
		return err
	}
	err = s.each(ctx, `SELECT a.event_id, e.title, a.occurs_at, a.recorded_at FROM attendance a JOIN events e ON e.id = a.event_id
		WHERE a.user_id = $1 ORDER BY a.occurs_at, a.event_id`, me,
		func(scan func(...any) error) error {
			var x Attended
			var id int64
			if err := scan(&id, &x.Title, &x.OccursAt, &x.RecordedAt); err != nil {
				return err
			}
			x.EventID, x.OccursAt, x.RecordedAt = sid(id), x.OccursAt.UTC(), x.RecordedAt.UTC()
			e.Attended = append(e.Attended, x)
			return nil
		})
	if err != nil {
		return err
	}
	return s.each(ctx, `SELECT f.event_id, e.title, f.reason, f.created_at FROM event_flags f JOIN events e ON e.id = f.event_id
		WHERE f.user_id = $1 ORDER BY f.created_at`, me,
		func(scan func(...any) error) error {
			var x EventFlag
			var id int64
			if err := scan(&id, &x.Title, &x.Reason, &x.CreatedAt); err != nil {
				return err
			}
			x.EventID, x.CreatedAt = sid(id), x.CreatedAt.UTC()
			e.Flags = append(e.Flags, x)
			return nil
		})
}
