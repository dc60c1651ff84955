package events

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/usage"
)

// Record sets who came to an occurrence that has started, by pseudonym
// (members of the event's community; they need not have answered). Only
// the host records attendance. The list replaces any earlier one.
func (s *Service) Record(ctx context.Context, u *identity.User, eventID int64, at time.Time, pseudonyms []string) error {
	e, err := s.Get(ctx, u, eventID)
	if err != nil {
		return err
	}
	if !s.IsHost(ctx, u, e) {
		return apperr.NotFound()
	}
	o, err := s.Occurrence(ctx, e, at)
	if err != nil {
		return apperr.Invalid("err.fix_fields").WithField("occurs_at", "field.rsvp.occurrence")
	}
	if o.Cancelled || o.Start.After(s.now()) {
		return apperr.Invalid("err.fix_fields").WithField("occurs_at", "field.attendance.not_yet")
	}
	if len(pseudonyms) > 500 {
		return apperr.Invalid("err.fix_fields").WithField("pseudonyms", "field.attendance.too_many")
	}
	ids := map[int64]bool{}
	for _, p := range pseudonyms {
		m, err := s.ids.PeerByPseudonym(ctx, s.db, p, "pseudonyms")
		if err != nil {
			return err
		}
		if m.CommunityID != e.CommunityID {
			if ok, err := s.sees(ctx, &m, e.CommunityID); err != nil {
				return err
			} else if !ok { // cannot have been there; say no more than for an unknown one
				return apperr.Invalid("err.fix_fields").WithField("pseudonyms", "field.peer.unknown")
			}
		}
		ids[m.ID] = true
	}
	now := s.now()
	occ := e.Kind + "@" + strconv.FormatInt(at.Unix(), 10) // usage detail: kind and occurrence
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM attendance WHERE event_id = $1 AND occurs_at = $2`, eventID, at); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM usage_events WHERE kind = $1 AND subject_id = $2 AND detail = $3`, usage.Attended, eventID, occ); err != nil {
			return err
		}
		for id := range ids {
			if _, err := tx.ExecContext(ctx, `INSERT INTO attendance (event_id, occurs_at, user_id, recorded_at) VALUES ($1, $2, $3, $4)`, eventID, at, id, now); err != nil {
				return err
			}
			if err := usage.RecordDetail(ctx, tx, id, usage.Attended, eventID, occ, at); err != nil {
				return err
			}
		}
		return nil
	})
}

// Came returns the pseudonyms recorded as having come, for the host.
func (s *Service) Came(ctx context.Context, u *identity.User, e Event, at time.Time) ([]string, error) {
	if !s.IsHost(ctx, u, e) {
		return nil, apperr.NotFound()
	}
	rows, err := s.db.QueryContext(ctx, `SELECT COALESCE(u.pseudonym, '') FROM attendance a JOIN users u ON u.id = a.user_id
		WHERE a.event_id = $1 AND a.occurs_at = $2 ORDER BY u.pseudonym_key`, e.ID, at)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
