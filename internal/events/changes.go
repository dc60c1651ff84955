package events

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/notify"
	"reconnect/internal/sqldb"
)

// KindChanged is the notice that an occurrence a member answered going
// or maybe to was cancelled or moved. It names no event details.
const KindChanged = "event_changed"

// Change is what happened to one occurrence.
type Change struct {
	Cancelled bool
	MovedTo   time.Time // zero when not moved
	Minutes   int
}

// changes returns the event's changed occurrences by original start.
func (s *Service) changes(ctx context.Context, eventID int64) (map[int64]Change, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT occurs_at, cancelled, moved_to, COALESCE(minutes, 0) FROM event_changes WHERE event_id = $1`, eventID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]Change{}
	for rows.Next() {
		var at time.Time
		var c Change
		var moved sql.NullTime
		if err := rows.Scan(&at, &c.Cancelled, &moved, &c.Minutes); err != nil {
			return nil, err
		}
		if moved.Valid {
			c.MovedTo = moved.Time
		}
		out[at.Unix()] = c
	}
	return out, rows.Err()
}

// changesOf returns the changed occurrences of several events, by
// event and original start.
func (s *Service) changesOf(ctx context.Context, ids []int64) (map[int64]map[int64]Change, error) {
	var args []any
	rows, err := s.db.QueryContext(ctx, `SELECT event_id, occurs_at, cancelled, moved_to, COALESCE(minutes, 0) FROM event_changes WHERE event_id IN (`+sqldb.Placeholders(&args, ids)+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]map[int64]Change{}
	for rows.Next() {
		var id int64
		var at time.Time
		var c Change
		var moved sql.NullTime
		if err := rows.Scan(&id, &at, &c.Cancelled, &moved, &c.Minutes); err != nil {
			return nil, err
		}
		if moved.Valid {
			c.MovedTo = moved.Time
		}
		if out[id] == nil {
			out[id] = map[int64]Change{}
		}
		out[id][at.Unix()] = c
	}
	return out, rows.Err()
}

// MayManage reports whether u may edit the event, cancel or move its
// occurrences: its host, a peer moderator serving its community, or an
// administrator.
func (s *Service) MayManage(ctx context.Context, u *identity.User, e Event) bool {
	switch {
	case u.Role == identity.Admin:
		return true
	case u.ID == e.HostID:
		return true
	case u.Role == identity.PeerModerator:
		ok, err := s.sees(ctx, u, e.CommunityID)
		return err == nil && ok
	}
	return false
}

// IsHost reports whether u hosts the event, or may stand in for a host
// who has left (a peer moderator serving its community). Hosts see the
// whole list of who is coming and record attendance; administrators
// never see pseudonyms and do neither.
func (s *Service) IsHost(ctx context.Context, u *identity.User, e Event) bool {
	if u.ID == e.HostID {
		return true
	}
	if e.HostID == 0 && u.Role == identity.PeerModerator {
		ok, err := s.sees(ctx, u, e.CommunityID)
		return err == nil && ok
	}
	return false
}

// ChangeOccurrence cancels one occurrence (cancel true) or moves it to
// another start and length, or restores it (cancel false, zero start).
// Members who answered going or maybe are told, without details.
func (s *Service) ChangeOccurrence(ctx context.Context, u *identity.User, eventID int64, occurs time.Time, cancel bool, start, end time.Time) error {
	e, err := s.Get(ctx, u, eventID)
	if err != nil {
		return err
	}
	if !s.MayManage(ctx, u, e) {
		return apperr.NotFound()
	}
	fe := apperr.Invalid("err.fix_fields")
	if !e.Occurs(occurs) || occurs.Before(s.now().Add(-24*time.Hour)) {
		fe.WithField("occurs_at", "field.rsvp.occurrence")
	}
	minutes := 0
	if !cancel && !start.IsZero() {
		minutes = int(end.Sub(start).Minutes())
		switch {
		case minutes <= 0:
			fe.WithField("ends_at", "field.event.end_before_start")
		case minutes > 24*60:
			fe.WithField("ends_at", "field.event.too_long")
		case start.Before(s.now()) || start.Sub(occurs) > 60*24*time.Hour || occurs.Sub(start) > 60*24*time.Hour:
			fe.WithField("starts_at", "field.event.move_range")
		}
	}
	if len(fe.Fields) > 0 {
		return fe
	}
	now := s.now()
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM event_changes WHERE event_id = $1 AND occurs_at = $2`, eventID, occurs); err != nil {
			return err
		}
		if cancel || !start.IsZero() {
			var moved, mins any
			if !cancel {
				moved, mins = start.UTC(), minutes
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO event_changes (event_id, occurs_at, cancelled, moved_to, minutes, changed_at) VALUES ($1, $2, $3, $4, $5, $6)`,
				eventID, occurs, cancel, moved, mins, now); err != nil {
				return err
			}
		}
		// A moved occurrence is reminded of afresh.
		if _, err := tx.ExecContext(ctx, `DELETE FROM reminders_sent WHERE event_id = $1 AND occurs_at = $2`, eventID, occurs); err != nil {
			return err
		}
		return s.tell(ctx, tx, eventID, occurs, now)
	})
}

// tell sends the change notice to everyone who answered going or maybe.
func (s *Service) tell(ctx context.Context, tx *sql.Tx, eventID int64, occurs, now time.Time) error {
	rows, err := tx.QueryContext(ctx, `SELECT user_id FROM rsvps WHERE event_id = $1 AND occurs_at = $2 AND status IN ('going', 'maybe') ORDER BY user_id`, eventID, occurs)
	if err != nil {
		return err
	}
	ids, err := sqldb.ScanIDs(rows)
	if err != nil {
		return err
	}
	args := map[string]string{"event_id": strconv.FormatInt(eventID, 10), "occurs": strconv.FormatInt(occurs.Unix(), 10)}
	for _, id := range ids {
		if err := notify.Add(ctx, tx, id, KindChanged, args, now); err != nil {
			return err
		}
	}
	return nil
}
