package events

import (
	"context"
	"slices"
	"sort"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/sqldb"
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
// earliest first, at most 200. It reads the events, their single
// changes and the caller's answers in one query each.
func (s *Service) List(ctx context.Context, u *identity.User, community int64, from, to time.Time) ([]Occurrence, error) {
	if u == nil || (u.Role != identity.ServiceUser && u.Role != identity.PeerModerator && u.Role != identity.Admin) {
		return nil, apperr.NotFound()
	}
	if !to.After(from) || to.Sub(from) > 400*24*time.Hour {
		return nil, apperr.Invalid("err.fix_fields").WithField("to", "field.period.order")
	}
	var visible []int64 // nil: all (administrators)
	if u.Role != identity.Admin {
		visible = []int64{u.CommunityID}
		if u.Role == identity.PeerModerator {
			more, err := s.ids.ModeratorCommunities(ctx, u.ID)
			if err != nil {
				return nil, err
			}
			visible = append(visible, more...)
		}
	}
	if community != 0 {
		if visible != nil && !slices.Contains(visible, community) {
			return nil, nil
		}
		visible = []int64{community}
	}
	q := `SELECT ` + eventColumns + ` FROM events WHERE cancelled_at IS NULL AND starts_at < $1`
	args := []any{to}
	if visible != nil {
		q += ` AND community_id IN (` + sqldb.Placeholders(&args, visible) + `)`
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	var evs []Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			_ = rows.Close() // already returning an error
			return nil, err
		}
		evs = append(evs, e)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil || len(evs) == 0 {
		return nil, err
	}
	ids := make([]int64, len(evs))
	for i, e := range evs {
		ids[i] = e.ID
	}
	changes, err := s.changesOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	zones := map[int64]*time.Location{}
	var out []Occurrence
	for _, e := range evs {
		if zones[e.CommunityID] == nil {
			zones[e.CommunityID] = s.Zone(ctx, e.CommunityID)
		}
		e.Start = e.Start.In(zones[e.CommunityID])
		for _, t := range Expand(e.Start, e.Rule, from, to) {
			out = append(out, occurrence(e, t, changes[e.ID]))
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	if len(out) > 200 {
		out = out[:200]
	}
	type key struct {
		event int64
		at    int64
	}
	answers := map[key]Occurrence{}
	args = []any{u.ID, from.Add(-60 * 24 * time.Hour), to.Add(60 * 24 * time.Hour)}
	arows, err := s.db.QueryContext(ctx, `SELECT event_id, occurs_at, status, waiting FROM rsvps WHERE user_id = $1 AND occurs_at >= $2 AND occurs_at < $3
		AND event_id IN (`+sqldb.Placeholders(&args, ids)+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer arows.Close()
	for arows.Next() {
		var id int64
		var at time.Time
		var a Occurrence
		if err := arows.Scan(&id, &at, &a.Answer, &a.Waiting); err != nil {
			return nil, err
		}
		answers[key{id, at.Unix()}] = a
	}
	if err := arows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if a, ok := answers[key{out[i].Event.ID, out[i].At.Unix()}]; ok {
			out[i].Answer, out[i].Waiting = a.Answer, a.Waiting
		}
	}
	return out, nil
}

// Now is the service's clock, for callers that pick "the next" time.
func (s *Service) Now() time.Time { return s.now() }
