// Package calfeed keeps a member's personal calendar feed: an iCalendar
// file at a secret URL (GET /calendar/{token}.ics) that phone calendar
// apps subscribe to. It holds the cafés and gatherings the member is
// going to (or might go to) and the activities she planned in her
// toolbox.
//
// The token is the only credential a calendar app has, so only its hash
// is stored, a new link replaces it at once and turning the feed off
// deletes it. A phone's calendar is easily seen by others, so by default
// every entry is titled just "ReConnect"; the member may choose to show
// the real titles and places. Descriptions, notes and other people are
// never in the feed.
//
// Only service users and peer moderators have a feed; for anyone else
// every method answers not_found.
package calfeed

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/events"
	"reconnect/internal/identity"
	"reconnect/internal/sqldb"
	"reconnect/internal/toolbox"
)

// tokenPrefix lets secret scanners spot a leaked feed URL.
const tokenPrefix = "rcal_"

// Service keeps calendar feeds.
type Service struct {
	db      *sqldb.DB
	ids     *identity.Service
	events  *events.Service
	toolbox *toolbox.Service
	now     func() time.Time
}

// New returns the service.
func New(db *sqldb.DB, ids *identity.Service, evs *events.Service, tools *toolbox.Service, now func() time.Time) *Service {
	return &Service{db: db, ids: ids, events: evs, toolbox: tools, now: now}
}

// Path is the feed's path for a token, as the router serves it.
func Path(token string) string { return "/calendar/" + token + ".ics" }

// Settings is the state of a member's feed. The token itself is never
// kept, so it is not here.
type Settings struct {
	Enabled    bool
	ShowTitles bool
	CreatedAt  time.Time  // when the current link was made
	LastUsedAt *time.Time // when a calendar app last fetched it (to the hour)
}

// mayHave reports whether u may have a feed.
func mayHave(u *identity.User) bool {
	return u != nil && !u.Disabled() && (u.Role == identity.ServiceUser || u.Role == identity.PeerModerator)
}

// Settings returns the caller's feed state; not_found for roles without
// a feed.
func (s *Service) Settings(ctx context.Context, u *identity.User) (Settings, error) {
	if !mayHave(u) {
		return Settings{}, apperr.NotFound()
	}
	var st Settings
	var used sql.NullTime
	err := s.db.QueryRowContext(ctx, `SELECT show_titles, created_at, last_used_at FROM calendar_feeds WHERE user_id = $1`, u.ID).Scan(&st.ShowTitles, &st.CreatedAt, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return Settings{}, nil
	}
	if err != nil {
		return Settings{}, err
	}
	st.Enabled, st.CreatedAt = true, st.CreatedAt.UTC()
	if used.Valid {
		t := used.Time.UTC()
		st.LastUsedAt = &t
	}
	return st, nil
}
