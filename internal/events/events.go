// Package events keeps cafés (hosted by peer moderators and
// administrators) and gatherings (proposed by members) in a community,
// their repetition on the community's wall clock, and answers (RSVPs)
// per occurrence with a capacity and an automatic waiting list.
//
// Members see their own community's events; peer moderators those of
// the communities they serve; administrators all; providers and
// researchers none (404).
package events

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"html/template"
	"strconv"
	"strings"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/notify"
	"reconnect/internal/sqldb"
	"reconnect/internal/usage"
)

// Kinds and answers.
const (
	Cafe      = "cafe"
	Gathering = "gathering"

	Going    = "going"
	Maybe    = "maybe"
	NotToday = "not_today"
)

// KindPromoted is the notice that a waiting member got a place.
const KindPromoted = "event_promoted"

// Event is an event as stored.
type Event struct {
	ID            int64
	CommunityID   int64
	Kind          string
	Title         string
	Description   string
	HTML          template.HTML
	Start         time.Time // the first occurrence, in the community's zone
	Minutes       int
	Rule          Rule
	Place         string
	Address       string
	MapURL        string
	Accessibility string
	Travel        string
	HostID        int64
	Capacity      int // 0: no limit
	Cancelled     bool
	ThreadID      int64 // a forum thread linked by the host, 0 for none
}

// New describes an event to create.
type New struct {
	CommunityID                                   int64
	Kind, Title, Description                      string
	Start, End                                    time.Time
	Rule                                          Rule
	Place, Address, MapURL, Accessibility, Travel string
	Capacity                                      int
}

// Service keeps events.
type Service struct {
	db     *sqldb.DB
	ids    *identity.Service
	markup func(string) template.HTML
	now    func() time.Time
	pair   PairOpener
}

var errNoPair = errors.New("events: no conversation starter wired")

// NewService returns the service.
func NewService(db *sqldb.DB, ids *identity.Service, markup func(string) template.HTML, now func() time.Time) *Service {
	return &Service{db: db, ids: ids, markup: markup, now: now}
}

// sees reports whether u may see events of a community.
func (s *Service) sees(ctx context.Context, u *identity.User, community int64) (bool, error) {
	switch u.Role {
	case identity.Admin:
		// Any community that exists: an event for one that does not
		// would fail on its foreign key.
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM communities WHERE id = $1`, community).Scan(&n); err != nil {
			return false, err
		}
		return n > 0, nil
	case identity.ServiceUser:
		return u.CommunityID == community, nil
	case identity.PeerModerator:
		if u.CommunityID == community {
			return true, nil
		}
		cs, err := s.ids.ModeratorCommunities(ctx, u.ID)
		for _, c := range cs {
			if c == community {
				return true, err
			}
		}
		return false, err
	}
	return false, nil
}

func text(fe *apperr.Error, field, v string, lo, hi int, oneLine bool) string {
	return fe.Text(field, "field.event."+field, v, lo, hi, oneLine)
}

// Create adds an event: a café by a peer moderator serving the
// community or an administrator; a gathering by a member of it.
func (s *Service) Create(ctx context.Context, u *identity.User, in New) (int64, error) {
	ok, err := s.sees(ctx, u, in.CommunityID)
	if err != nil {
		return 0, err
	}
	if !ok || (in.Kind == Cafe && u.Role == identity.ServiceUser) || (in.Kind == Gathering && u.Role != identity.ServiceUser) {
		return 0, apperr.NotFound()
	}
	minutes, fe := s.check(&in, true)
	if fe != nil {
		return 0, fe
	}
	rule, _ := json.Marshal(in.Rule)
	var id int64
	err = s.db.Write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO events (community_id, kind, title, description, description_html, starts_at, minutes, recurrence, place_name, address,
			map_url, accessibility, travel, host_id, capacity, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
			in.CommunityID, in.Kind, in.Title, in.Description, string(s.markup(in.Description)), in.Start, minutes, string(rule), in.Place, in.Address,
			in.MapURL, in.Accessibility, in.Travel, u.ID, in.Capacity, s.now()).Scan(&id)
		if err != nil || in.Kind != Gathering {
			return err
		}
		return tellModerators(ctx, tx, in.CommunityID, KindGatheringNew, map[string]string{"event_id": strconv.FormatInt(id, 10)}, s.now())
	})
	return id, err
}

// Get returns an event the caller may see, its start in its
// community's time zone.
func (s *Service) Get(ctx context.Context, u *identity.User, id int64) (Event, error) {
	e, err := scanEvent(s.db.QueryRowContext(ctx, `SELECT `+eventColumns+` FROM events WHERE id = $1`, id))
	if err == sql.ErrNoRows {
		return e, apperr.NotFound()
	}
	if err != nil {
		return e, err
	}
	if ok, err := s.sees(ctx, u, e.CommunityID); err != nil || !ok {
		return Event{}, notFoundOr(err)
	}
	e.Start = e.Start.In(s.Zone(ctx, e.CommunityID))
	return e, nil
}

const eventColumns = `id, community_id, kind, title, description, description_html, starts_at, minutes, recurrence, place_name, address,
	map_url, accessibility, travel, host_id, capacity, cancelled_at, COALESCE(thread_id, 0)`

// scanEvent reads one row of eventColumns; Start is in UTC.
func scanEvent(row interface{ Scan(...any) error }) (Event, error) {
	var e Event
	var rule, html string
	var host sql.NullInt64
	var cancelled sql.NullTime
	if err := row.Scan(&e.ID, &e.CommunityID, &e.Kind, &e.Title, &e.Description, &html, &e.Start, &e.Minutes, &rule, &e.Place, &e.Address,
		&e.MapURL, &e.Accessibility, &e.Travel, &host, &e.Capacity, &cancelled, &e.ThreadID); err != nil {
		return e, err
	}
	e.HTML, e.HostID, e.Cancelled = template.HTML(html), host.Int64, cancelled.Valid // #nosec G203 -- description_html is markup.HTML output (sanitised) stored when saved
	return e, json.Unmarshal([]byte(rule), &e.Rule)
}

// check validates an event's fields (and its times when times is set),
// trimming them in place; it returns the length in minutes.
func (s *Service) check(in *New, times bool) (int, *apperr.Error) {
	fe := apperr.Invalid("err.fix_fields")
	if in.Kind != Cafe && in.Kind != Gathering {
		fe.WithField("kind", "field.event.kind")
	}
	in.Title = text(fe, "title", in.Title, 1, 120, true)
	in.Description = text(fe, "description", in.Description, 0, 5000, false)
	in.Place = text(fe, "place", in.Place, 1, 120, true)
	in.Address = text(fe, "address", in.Address, 0, 200, true)
	in.Accessibility = text(fe, "accessibility", in.Accessibility, 0, 1000, false)
	in.Travel = text(fe, "travel", in.Travel, 0, 1000, false)
	in.MapURL = strings.TrimSpace(in.MapURL)
	if in.MapURL != "" && !strings.HasPrefix(in.MapURL, "https://") || len(in.MapURL) > 300 {
		fe.WithField("map_url", "field.web.invalid")
	}
	minutes := int(in.End.Sub(in.Start).Minutes())
	switch {
	case !times:
	case in.Start.IsZero() || in.End.IsZero():
		fe.WithField("starts_at", "field.date.invalid")
	case minutes <= 0:
		fe.WithField("ends_at", "field.event.end_before_start")
	case minutes > 24*60:
		fe.WithField("ends_at", "field.event.too_long")
	case in.Start.Before(s.now().Add(-24*time.Hour)) || in.Start.Year() > s.now().Year()+2:
		fe.WithField("starts_at", "field.event.start_range")
	}
	if in.Capacity < 0 || in.Capacity > 1000 {
		fe.WithField("capacity", "field.event.capacity")
	}
	if times && in.Kind == Gathering && in.Rule.Freq != Once {
		fe.WithField("recurrence", "field.recurrence.cafes_only")
	} else if times {
		if err := in.Rule.Check(in.Start); err != nil {
			for k, v := range apperr.From(err).Fields {
				fe.WithField(k, v)
			}
		}
	}
	if len(fe.Fields) > 0 {
		return 0, fe
	}
	return minutes, nil
}

func notFoundOr(err error) error {
	if err != nil {
		return err
	}
	return apperr.NotFound()
}

// Answer is the caller's answer for one occurrence.
type Answer struct {
	Status  string
	Waiting bool
	Guide   bool // this is the member's first café: show the guide
}

// Reply is an answer for one occurrence: the status, a note to the
// host, and how the member appears on the list of who is coming
// ("" keeps the earlier choice, counted only at first).
type Reply struct {
	Status, Note, Shown string
}

// RSVP answers with a status and a note; see Answer.
func (s *Service) RSVP(ctx context.Context, u *identity.User, eventID int64, occurs time.Time, status, note string) (Answer, error) {
	return s.Answer(ctx, u, eventID, occurs, Reply{Status: status, Note: note})
}

// Answer answers for the occurrence starting at occurs (it must be one).
// Going beyond capacity waits in order; leaving a place promotes the
// first waiting member, who is told. The event row is updated first, so
// concurrent answers take their turn on both engines.
func (s *Service) Answer(ctx context.Context, u *identity.User, eventID int64, occurs time.Time, in Reply) (Answer, error) {
	status, note := in.Status, in.Note
	e, err := s.Get(ctx, u, eventID)
	if err != nil {
		return Answer{}, err
	}
	if u.Role != identity.ServiceUser && u.Role != identity.PeerModerator {
		return Answer{}, apperr.NotFound()
	}
	fe := apperr.Invalid("err.fix_fields")
	if status != Going && status != Maybe && status != NotToday {
		fe.WithField("status", "field.rsvp.status")
	}
	note = text(fe, "note", note, 0, 300, false)
	if in.Shown != "" && in.Shown != ShownCount && in.Shown != ShownPseudonym && in.Shown != ShownRevealed {
		fe.WithField("shown", "field.rsvp.shown")
	}
	if !e.Occurs(occurs) || e.Cancelled || occurs.Before(s.now()) {
		fe.WithField("occurs_at", "field.rsvp.occurrence")
	} else if ch, err := s.changes(ctx, eventID); err != nil {
		return Answer{}, err
	} else if c, ok := ch[occurs.Unix()]; ok && (c.Cancelled || !c.MovedTo.IsZero() && c.MovedTo.Before(s.now())) {
		fe.WithField("occurs_at", "field.rsvp.occurrence")
	}
	if len(fe.Fields) > 0 {
		return Answer{}, fe
	}
	now := s.now()
	var out Answer
	err = s.db.Write(ctx, func(tx *sql.Tx) error {
		var seq int64
		if err := tx.QueryRowContext(ctx, `UPDATE events SET rsvp_seq = rsvp_seq + 1 WHERE id = $1 RETURNING rsvp_seq`, eventID).Scan(&seq); err != nil {
			return err
		}
		var prev string
		var prevWaiting bool
		err := tx.QueryRowContext(ctx, `SELECT status, waiting FROM rsvps WHERE event_id = $1 AND occurs_at = $2 AND user_id = $3`, eventID, occurs, u.ID).Scan(&prev, &prevWaiting)
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		keep := prev == Going && status == Going
		waiting := false
		if status == Going && !keep {
			var going int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM rsvps WHERE event_id = $1 AND occurs_at = $2 AND status = 'going' AND NOT waiting`, eventID, occurs).Scan(&going); err != nil {
				return err
			}
			waiting = e.Capacity > 0 && going >= e.Capacity
		}
		shown := in.Shown
		if shown == "" {
			shown = ShownCount
		}
		if keep {
			waiting = prevWaiting
			_, err = tx.ExecContext(ctx, `UPDATE rsvps SET note = $1, updated_at = $2, shown = COALESCE(NULLIF($3, ''), shown) WHERE event_id = $4 AND occurs_at = $5 AND user_id = $6`,
				note, now, in.Shown, eventID, occurs, u.ID)
		} else if prev != "" {
			_, err = tx.ExecContext(ctx, `UPDATE rsvps SET status = $1, waiting = $2, seq = $3, note = $4, updated_at = $5, shown = COALESCE(NULLIF($6, ''), shown)
				WHERE event_id = $7 AND occurs_at = $8 AND user_id = $9`, status, waiting, seq, note, now, in.Shown, eventID, occurs, u.ID)
		} else {
			_, err = tx.ExecContext(ctx, `INSERT INTO rsvps (event_id, occurs_at, user_id, status, waiting, seq, note, updated_at, shown) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
				eventID, occurs, u.ID, status, waiting, seq, note, now, shown)
		}
		if err != nil {
			return err
		}
		out = Answer{Status: status, Waiting: waiting}
		if err := usage.RecordDetail(ctx, tx, u.ID, usage.Answered, eventID, strconv.FormatInt(occurs.Unix(), 10), now); err != nil {
			return err
		}
		if e.Kind == Cafe && status != NotToday {
			if out.Guide, err = markGuide(ctx, tx, u.ID, now); err != nil {
				return err
			}
		}
		if prev == Going && !prevWaiting && status != Going {
			return s.promote(ctx, tx, e, occurs, now)
		}
		return nil
	})
	return out, err
}

// promote gives a freed place to the first waiting member and tells
// them (without the event's details).
func (s *Service) promote(ctx context.Context, tx *sql.Tx, e Event, occurs, now time.Time) error {
	var next int64
	err := tx.QueryRowContext(ctx, `SELECT user_id FROM rsvps WHERE event_id = $1 AND occurs_at = $2 AND status = 'going' AND waiting ORDER BY seq LIMIT 1`, e.ID, occurs).Scan(&next)
	if err == sql.ErrNoRows {
		return nil
	}
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE rsvps SET waiting = FALSE, updated_at = $1 WHERE event_id = $2 AND occurs_at = $3 AND user_id = $4`, now, e.ID, occurs, next); err != nil {
		return err
	}
	return notify.Add(ctx, tx, next, KindPromoted, map[string]string{"event_id": strconv.FormatInt(e.ID, 10)}, now)
}

// Occurs reports whether t is the start of one of the event's
// occurrences.
func (e Event) Occurs(t time.Time) bool {
	for _, o := range Expand(e.Start, e.Rule, t, t.Add(time.Second)) {
		if o.Equal(t) {
			return true
		}
	}
	return false
}

// Count is how many are going (with a place) and waiting.
func (s *Service) Count(ctx context.Context, eventID int64, occurs time.Time) (going, waiting int, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT COALESCE(SUM(CASE WHEN NOT waiting THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN waiting THEN 1 ELSE 0 END), 0)
		FROM rsvps WHERE event_id = $1 AND occurs_at = $2 AND status = 'going'`, eventID, occurs).Scan(&going, &waiting)
	return going, waiting, err
}
