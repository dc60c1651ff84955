package events

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
)

// Occurrence is one time an event happens, with the caller's answer.
// At is the start the event's rule gives it, which names it (answers
// are kept under it); Start and End are when it happens, which differ
// when the host moved it.
type Occurrence struct {
	Event     Event
	At        time.Time
	Start     time.Time
	End       time.Time
	Cancelled bool
	Moved     bool
	Answer    string // the caller's answer, "" for none
	Waiting   bool
}

// Occurrences returns the event's occurrences whose rule start is in
// [from, to), with single changes applied (cancelled ones included,
// marked).
func (s *Service) Occurrences(ctx context.Context, e Event, from, to time.Time) ([]Occurrence, error) {
	ch, err := s.changes(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	var out []Occurrence
	for _, t := range Expand(e.Start, e.Rule, from, to) {
		out = append(out, occurrence(e, t, ch))
	}
	return out, nil
}

func occurrence(e Event, t time.Time, ch map[int64]Change) Occurrence {
	o := Occurrence{Event: e, At: t, Start: t, End: t.Add(time.Duration(e.Minutes) * time.Minute)}
	if c, ok := ch[t.Unix()]; ok {
		o.Cancelled = c.Cancelled
		if !c.MovedTo.IsZero() {
			o.Moved, o.Start = true, c.MovedTo.In(t.Location())
			o.End = o.Start.Add(time.Duration(c.Minutes) * time.Minute)
		}
	}
	return o
}

// Occurrence returns one occurrence of the event by its rule start.
func (s *Service) Occurrence(ctx context.Context, e Event, at time.Time) (Occurrence, error) {
	if !e.Occurs(at) {
		return Occurrence{}, apperr.NotFound()
	}
	ch, err := s.changes(ctx, e.ID)
	if err != nil {
		return Occurrence{}, err
	}
	return occurrence(e, at.In(e.Start.Location()), ch), nil
}

// Next returns the event's first occurrence not yet over (by its rule
// start), or false when none is left.
func (s *Service) Next(ctx context.Context, e Event) (Occurrence, bool, error) {
	now := s.now()
	occ, err := s.Occurrences(ctx, e, now.Add(-time.Duration(e.Minutes)*time.Minute), now.AddDate(1, 0, 0))
	if err != nil || len(occ) == 0 {
		return Occurrence{}, false, err
	}
	for _, o := range occ {
		if !o.Cancelled {
			return o, true, nil
		}
	}
	return occ[0], true, nil
}

// Zone returns a community's time zone (Europe/Oslo when unknown).
func (s *Service) Zone(ctx context.Context, community int64) *time.Location {
	var tz string
	_ = s.db.QueryRowContext(ctx, `SELECT timezone FROM communities WHERE id = $1`, community).Scan(&tz)
	if loc, err := time.LoadLocation(tz); err == nil && tz != "" {
		return loc
	}
	loc, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		return time.UTC
	}
	return loc
}

// List returns the occurrences in [from, to) of the events the caller
// may see (one community, or all they may see when community is 0),
// earliest first, at most 200.
func (s *Service) List(ctx context.Context, u *identity.User, community int64, from, to time.Time) ([]Occurrence, error) {
	if u == nil || (u.Role != identity.ServiceUser && u.Role != identity.PeerModerator && u.Role != identity.Admin) {
		return nil, apperr.NotFound()
	}
	if !to.After(from) || to.Sub(from) > 400*24*time.Hour {
		return nil, apperr.Invalid("err.fix_fields").WithField("to", "field.period.order")
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, community_id FROM events WHERE cancelled_at IS NULL AND starts_at < $1 AND ($2 = 0 OR community_id = $2) ORDER BY id`, to, community)
	if err != nil {
		return nil, err
	}
	type ref struct{ id, community int64 }
	var refs []ref
	for rows.Next() {
		var r ref
		if err := rows.Scan(&r.id, &r.community); err != nil {
			rows.Close()
			return nil, err
		}
		refs = append(refs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []Occurrence
	for _, r := range refs {
		if ok, err := s.sees(ctx, u, r.community); err != nil || !ok {
			if err != nil {
				return nil, err
			}
			continue
		}
		e, err := s.Get(ctx, u, r.id)
		if err != nil {
			return nil, err
		}
		occ, err := s.Occurrences(ctx, e, from, to)
		if err != nil {
			return nil, err
		}
		out = append(out, occ...)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	if len(out) > 200 {
		out = out[:200]
	}
	for i := range out {
		err := s.db.QueryRowContext(ctx, `SELECT status, waiting FROM rsvps WHERE event_id = $1 AND occurs_at = $2 AND user_id = $3`,
			out[i].Event.ID, out[i].At, u.ID).Scan(&out[i].Answer, &out[i].Waiting)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
	}
	return out, nil
}

// Now is the service's clock, for callers that pick "the next" time.
func (s *Service) Now() time.Time { return s.now() }
