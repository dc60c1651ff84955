package events

import (
	"context"
	"sort"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
)

// Attending returns the occurrences in [from, to) that u answered going
// (with a place, not waiting) or maybe, earliest first, moved ones at
// their new time, leaving out cancelled events and times and events u may no longer see. It reads u's answers
// rather than every event, so a long period stays cheap; it is for the
// member's own calendar feed.
func (s *Service) Attending(ctx context.Context, u *identity.User, from, to time.Time) ([]Occurrence, error) {
	if u == nil || (u.Role != identity.ServiceUser && u.Role != identity.PeerModerator) {
		return nil, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT event_id, occurs_at, status FROM rsvps
		WHERE user_id = $1 AND occurs_at >= $2 AND occurs_at < $3 AND NOT waiting AND status IN ('going', 'maybe')
		ORDER BY occurs_at, event_id LIMIT 1000`, u.ID, from, to)
	if err != nil {
		return nil, err
	}
	type answer struct {
		event  int64
		at     time.Time
		status string
	}
	var answers []answer
	for rows.Next() {
		var a answer
		if err := rows.Scan(&a.event, &a.at, &a.status); err != nil {
			_ = rows.Close() // already returning an error
			return nil, err
		}
		answers = append(answers, a)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	seen := map[int64]*Event{}
	var out []Occurrence
	for _, a := range answers {
		e, ok := seen[a.event]
		if !ok {
			got, err := s.Get(ctx, u, a.event)
			if err != nil && !apperr.Is(err, apperr.KindNotFound) {
				return nil, err
			}
			if err == nil && !got.Cancelled {
				e = &got
			}
			seen[a.event] = e
		}
		if e == nil || !e.Occurs(a.at.In(e.Start.Location())) {
			continue
		}
		o, err := s.Occurrence(ctx, *e, a.at)
		if err != nil || o.Cancelled { // a single time cancelled; a moved one keeps its name (At)
			continue
		}
		o.Answer = a.status
		out = append(out, o)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	return out, nil
}
