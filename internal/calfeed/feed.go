package calfeed

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/toolbox"
)

// How far the feed reaches: events a month back and half a year ahead,
// activities two months ahead.
const (
	eventsBack     = 30 * 24 * time.Hour
	eventsAhead    = 180 * 24 * time.Hour
	activityDays   = 60
	touchEvery     = time.Hour
	maxTokenLength = 100
)

// Feed returns the iCalendar file for a feed token: not_found for a
// token that is unknown, replaced or turned off, or whose member's
// account is disabled or no longer has a feed.
func (s *Service) Feed(ctx context.Context, token string) ([]byte, error) {
	if !strings.HasPrefix(token, tokenPrefix) || len(token) > maxTokenLength {
		return nil, apperr.NotFound()
	}
	h := identity.SecretHash(token)
	var userID int64
	var show bool
	var used sql.NullTime
	err := s.db.QueryRowContext(ctx, `SELECT user_id, show_titles, last_used_at FROM calendar_feeds WHERE token_hash = $1`, h).Scan(&userID, &show, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFound()
	}
	if err != nil {
		return nil, err
	}
	u, err := s.ids.UserByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	if !mayHave(&u) {
		return nil, apperr.NotFound()
	}
	now := s.now()
	if !used.Valid || now.Sub(used.Time) >= touchEvery {
		if _, err := s.db.ExecContext(ctx, `UPDATE calendar_feeds SET last_used_at = $1 WHERE token_hash = $2`, now.Truncate(time.Hour), h); err != nil {
			return nil, err
		}
	}
	entries, err := s.entries(ctx, &u, now)
	if err != nil {
		return nil, err
	}
	return render(entries, show, now), nil
}

// entry is one thing in the feed.
type entry struct {
	UID        string
	Start, End time.Time // End is the day after Start for all-day entries
	AllDay     bool
	Title      string
	Place      string
	Tentative  bool
}

// entries gathers the member's events and activities.
func (s *Service) entries(ctx context.Context, u *identity.User, now time.Time) ([]entry, error) {
	occ, err := s.events.Attending(ctx, u, now.Add(-eventsBack), now.Add(eventsAhead))
	if err != nil {
		return nil, err
	}
	var out []entry
	for _, o := range occ {
		out = append(out, entry{UID: "event-" + itoa(o.Event.ID) + "-" + itoa(o.At.Unix()) + "@reconnect", Start: o.Start, End: o.End,
			Title: o.Event.Title, Place: o.Event.Place, Tentative: o.Answer != "going"})
	}
	if u.Role != identity.ServiceUser { // only service users keep a toolbox
		return out, nil
	}
	acts, err := s.toolbox.Mine(ctx, u, toolbox.Activities)
	if err != nil {
		return nil, err
	}
	zone := s.events.Zone(ctx, u.CommunityID)
	today := now.In(zone)
	first := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, zone)
	for i := 0; i < activityDays; i++ {
		d := first.AddDate(0, 0, i)
		day := d.Format("2006-01-02")
		for _, it := range acts {
			a, ok := it.Data.(*toolbox.Activity)
			if !ok || !a.Occurs(day) {
				continue
			}
			e := entry{UID: "activity-" + itoa(it.ID) + "-" + d.Format("20060102") + "@reconnect", Start: d, End: d.AddDate(0, 0, 1), AllDay: true, Title: a.What}
			if t, err := time.ParseInLocation("2006-01-02 15:04", day+" "+a.Time, zone); err == nil {
				// An activity has a time but no length: an hour shows it
				// as a block in every calendar app.
				e.Start, e.End, e.AllDay = t, t.Add(time.Hour), false
			}
			out = append(out, e)
		}
	}
	return out, nil
}
