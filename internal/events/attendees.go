package events

import (
	"context"
	"database/sql"
	"time"

	"reconnect/internal/identity"
)

// How an attendee appears on the list of who is coming.
const (
	ShownCount     = "count"     // counted only (the default)
	ShownPseudonym = "pseudonym" // by pseudonym, to everyone who sees the event
	ShownRevealed  = "revealed"  // by pseudonym, only to members she revealed herself to
)

// Showns are the choices, in the order pages offer them.
var Showns = []string{ShownCount, ShownPseudonym, ShownRevealed}

// Attendee is one answer as a viewer may see it.
type Attendee struct {
	UserID    int64
	Pseudonym string
	Status    string
	Waiting   bool
	Note      string // only for the host
	Came      bool   // recorded attendance, only for the host
	Me        bool
}

// Attendees is the list of who is coming to one occurrence, as the
// viewer may see it: counts of everyone, and by pseudonym those who
// chose to be seen by this viewer. The host sees everyone with their
// notes; administrators only the counts.
type Attendees struct {
	Going, Waiting, Maybe int
	Named                 []Attendee
	Unnamed               int // going or maybe, but counted only for this viewer
	Host                  bool
}

// Attendees lists who answered for the occurrence, following each
// attendee's choice for every viewer, moderators included.
func (s *Service) Attendees(ctx context.Context, viewer *identity.User, e Event, occurs time.Time) (Attendees, error) {
	out := Attendees{Host: s.IsHost(ctx, viewer, e)}
	rows, err := s.db.QueryContext(ctx, `SELECT r.user_id, COALESCE(u.pseudonym, ''), r.status, r.waiting, r.note, r.shown,
		EXISTS (SELECT 1 FROM reveals v WHERE v.from_user = r.user_id AND v.to_user = $3 AND v.stopped_at IS NULL),
		EXISTS (SELECT 1 FROM attendance a WHERE a.event_id = r.event_id AND a.occurs_at = r.occurs_at AND a.user_id = r.user_id)
		FROM rsvps r JOIN users u ON u.id = r.user_id
		WHERE r.event_id = $1 AND r.occurs_at = $2 AND r.status IN ('going', 'maybe') ORDER BY r.seq`, e.ID, occurs, viewer.ID)
	if err != nil {
		return out, err
	}
	defer rows.Close()
	for rows.Next() {
		var a Attendee
		var shown string
		var revealed, came bool
		if err := rows.Scan(&a.UserID, &a.Pseudonym, &a.Status, &a.Waiting, &a.Note, &shown, &revealed, &came); err != nil {
			return out, err
		}
		switch {
		case a.Status == Maybe:
			out.Maybe++
		case a.Waiting:
			out.Waiting++
		default:
			out.Going++
		}
		a.Me = a.UserID == viewer.ID
		named := viewer.Role != identity.Admin && (out.Host || a.Me || shown == ShownPseudonym || (shown == ShownRevealed && revealed))
		if !named {
			out.Unnamed++
			continue
		}
		if !out.Host {
			a.Note = ""
		} else {
			a.Came = came
		}
		out.Named = append(out.Named, a)
	}
	return out, rows.Err()
}

// NeedsGuide reports whether the member has not yet seen the guide to
// a first café.
func (s *Service) NeedsGuide(ctx context.Context, u *identity.User) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM cafe_guides WHERE user_id = $1`, u.ID).Scan(&n)
	return n == 0, err
}

// markGuide records, in the answer's transaction, that the member is
// shown the guide now; it reports whether this is the first time.
func markGuide(ctx context.Context, tx *sql.Tx, userID int64, now time.Time) (bool, error) {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM cafe_guides WHERE user_id = $1`, userID).Scan(&n); err != nil || n > 0 {
		return false, err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO cafe_guides (user_id, seen_at) VALUES ($1, $2)`, userID, now)
	return err == nil, err
}

// MyAnswer returns the member's own answer for an occurrence, "" when
// she has not answered.
func (s *Service) MyAnswer(ctx context.Context, u *identity.User, eventID int64, at time.Time) (status, note, shown string, waiting bool, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT status, note, shown, waiting FROM rsvps WHERE event_id = $1 AND occurs_at = $2 AND user_id = $3`, eventID, at, u.ID).Scan(&status, &note, &shown, &waiting)
	if err == sql.ErrNoRows {
		return "", "", ShownCount, false, nil
	}
	return status, note, shown, waiting, err
}
