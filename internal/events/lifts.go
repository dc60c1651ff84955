package events

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/notify"
)

// Lift kinds: seats offered, a lift asked for, a meet-before buddy.
const (
	LiftOffer = "offer"
	LiftAsk   = "ask"
	Buddy     = "buddy"
)

// Notices about lifts and buddies (no details, no pseudonyms).
const (
	KindLiftProposed = "lift_proposed" // someone suggests travelling together
	KindLiftMatched  = "lift_matched"  // the other agreed; a conversation is open
)

// PairOpener starts the two members' conversation in the caller's
// transaction (internal/messages OpenPair with kind "lift").
type PairOpener func(ctx context.Context, tx *sql.Tx, subject string, a, b int64, closes time.Time) (int64, error)

// SetPairOpener wires the conversation starter; call before serving.
func (s *Service) SetPairOpener(f PairOpener) { s.pair = f }

// Lift is an offer, ask or buddy ask as the viewer sees it.
type Lift struct {
	ID        int64
	UserID    int64
	Pseudonym string
	Kind      string
	Seats     int
	Area      string
	Note      string
	Mine      bool
	Matched   bool // agreed with someone
}

// Match is a suggestion to travel together that involves the viewer.
type Match struct {
	ID             int64
	FromLift       int64
	ToLift         int64
	ForMe          bool // the viewer is asked to agree
	Agreed         bool
	Declined       bool
	ConversationID int64
}

// going reports whether u answered going or maybe to the occurrence.
func (s *Service) going(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, u *identity.User, eventID int64, at time.Time) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM rsvps WHERE event_id = $1 AND occurs_at = $2 AND user_id = $3 AND status IN ('going', 'maybe')`, eventID, at, u.ID).Scan(&n)
	return n > 0, err
}

// AddLift offers seats, asks for a lift or asks for a buddy for an
// occurrence the member answered going or maybe to. A member has one of
// each kind per occurrence; a second replaces the first's details.
func (s *Service) AddLift(ctx context.Context, u *identity.User, eventID int64, at time.Time, kind string, seats int, area, note string) (int64, error) {
	e, err := s.Get(ctx, u, eventID)
	if err != nil {
		return 0, err
	}
	fe := apperr.Invalid("err.fix_fields")
	switch kind {
	case LiftOffer:
		if seats < 1 || seats > 8 {
			fe.WithField("seats", "field.lift.seats")
		}
	case LiftAsk:
		if seats < 1 || seats > 4 {
			fe.WithField("seats", "field.lift.seats")
		}
	case Buddy:
		if seats < 0 || seats > 1 {
			fe.WithField("seats", "field.lift.seats")
		}
		seats = 1
	default:
		fe.WithField("kind", "field.lift.kind")
	}
	area = text(fe, "area", area, 1, 60, true)
	note = text(fe, "note", note, 0, 200, false)
	o, oerr := s.Occurrence(ctx, e, at)
	if oerr != nil || o.Cancelled || !o.Start.After(s.now()) {
		fe.WithField("occurs_at", "field.rsvp.occurrence")
	}
	if len(fe.Fields) > 0 {
		return 0, fe
	}
	if ok, err := s.going(ctx, s.db, u, eventID, at); err != nil || !ok {
		if err != nil {
			return 0, err
		}
		return 0, apperr.Conflict("answer_first", "err.lift.answer_first")
	}
	now := s.now()
	var id int64
	err = s.db.Write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT id FROM lifts WHERE event_id = $1 AND occurs_at = $2 AND user_id = $3 AND kind = $4 AND withdrawn_at IS NULL`,
			eventID, at, u.ID, kind).Scan(&id)
		if err == nil {
			_, err = tx.ExecContext(ctx, `UPDATE lifts SET seats = $1, area = $2, note = $3 WHERE id = $4`, seats, area, note, id)
			return err
		}
		if err != sql.ErrNoRows {
			return err
		}
		return tx.QueryRowContext(ctx, `INSERT INTO lifts (event_id, occurs_at, user_id, kind, seats, area, note, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			eventID, at, u.ID, kind, seats, area, note, now).Scan(&id)
	})
	return id, err
}

// WithdrawLift takes back the member's own offer or ask.
func (s *Service) WithdrawLift(ctx context.Context, u *identity.User, liftID int64) error {
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE lifts SET withdrawn_at = $1 WHERE id = $2 AND user_id = $3 AND withdrawn_at IS NULL`, s.now(), liftID, u.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.NotFound()
		}
		return nil
	})
}

// Lifts lists the occurrence's open offers and asks, to those going or
// maybe going and to its host, with the suggestions involving the
// viewer. Others get not_found.
func (s *Service) Lifts(ctx context.Context, u *identity.User, e Event, at time.Time) ([]Lift, []Match, error) {
	ok, err := s.going(ctx, s.db, u, e.ID, at)
	if err != nil {
		return nil, nil, err
	}
	if !ok && !s.IsHost(ctx, u, e) {
		return nil, nil, apperr.NotFound()
	}
	rows, err := s.db.QueryContext(ctx, `SELECT l.id, l.user_id, COALESCE(u.pseudonym, ''), l.kind, l.seats, l.area, l.note,
		EXISTS (SELECT 1 FROM lift_matches m WHERE (m.from_lift = l.id OR m.to_lift = l.id) AND m.agreed_at IS NOT NULL)
		FROM lifts l JOIN users u ON u.id = l.user_id WHERE l.event_id = $1 AND l.occurs_at = $2 AND l.withdrawn_at IS NULL ORDER BY l.id`, e.ID, at)
	if err != nil {
		return nil, nil, err
	}
	var lifts []Lift
	mine := map[int64]bool{}
	for rows.Next() {
		var l Lift
		if err := rows.Scan(&l.ID, &l.UserID, &l.Pseudonym, &l.Kind, &l.Seats, &l.Area, &l.Note, &l.Matched); err != nil {
			_ = rows.Close() // already returning an error
			return nil, nil, err
		}
		l.Mine = l.UserID == u.ID
		if l.Mine {
			mine[l.ID] = true
		}
		lifts = append(lifts, l)
	}
	if err := rows.Close(); err != nil {
		return nil, nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	mrows, err := s.db.QueryContext(ctx, `SELECT m.id, m.from_lift, m.to_lift, m.agreed_at IS NOT NULL, m.declined_at IS NOT NULL, COALESCE(m.conversation_id, 0)
		FROM lift_matches m JOIN lifts a ON a.id = m.from_lift JOIN lifts b ON b.id = m.to_lift
		WHERE (a.user_id = $1 OR b.user_id = $1) AND a.event_id = $2 AND a.occurs_at = $3 ORDER BY m.id`, u.ID, e.ID, at)
	if err != nil {
		return nil, nil, err
	}
	defer mrows.Close()
	var matches []Match
	for mrows.Next() {
		var m Match
		if err := mrows.Scan(&m.ID, &m.FromLift, &m.ToLift, &m.Agreed, &m.Declined, &m.ConversationID); err != nil {
			return nil, nil, err
		}
		m.ForMe = !mine[m.FromLift]
		matches = append(matches, m)
	}
	return lifts, matches, mrows.Err()
}

// liftRow is a lift as stored.
type liftRow struct {
	id, event, user int64
	at              time.Time
	kind            string
	open            bool
}

func getLift(ctx context.Context, tx *sql.Tx, id int64) (liftRow, error) {
	var l liftRow
	err := tx.QueryRowContext(ctx, `SELECT id, event_id, user_id, occurs_at, kind, withdrawn_at IS NULL FROM lifts WHERE id = $1`, id).Scan(&l.id, &l.event, &l.user, &l.at, &l.kind, &l.open)
	if err == sql.ErrNoRows {
		return l, apperr.NotFound()
	}
	return l, err
}

func fits(a, b string) bool {
	return a == LiftOffer && b == LiftAsk || a == LiftAsk && b == LiftOffer || a == Buddy && b == Buddy
}

// Propose suggests to the owner of theirs that they travel together
// (an offer and an ask, or two buddy asks, for the same occurrence).
// The other is told without details and decides.
func (s *Service) Propose(ctx context.Context, u *identity.User, mineID, theirsID int64) (int64, error) {
	now := s.now()
	var id int64
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		mine, err := getLift(ctx, tx, mineID)
		if err != nil || mine.user != u.ID || !mine.open {
			return notFoundOr(err)
		}
		theirs, err := getLift(ctx, tx, theirsID)
		if err != nil || theirs.user == u.ID || !theirs.open || theirs.event != mine.event || !theirs.at.Equal(mine.at) {
			return notFoundOr(err)
		}
		if !fits(mine.kind, theirs.kind) {
			return apperr.Invalid("err.fix_fields").WithField("lift_id", "field.lift.fits")
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM lift_matches WHERE (from_lift = $1 AND to_lift = $2) OR (from_lift = $2 AND to_lift = $1)`, mineID, theirsID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return apperr.Conflict("already_suggested", "err.lift.already")
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO lift_matches (from_lift, to_lift, created_at) VALUES ($1, $2, $3) RETURNING id`, mineID, theirsID, now).Scan(&id); err != nil {
			return err
		}
		return notify.Add(ctx, tx, theirs.user, KindLiftProposed, map[string]string{"event_id": strconv.FormatInt(mine.event, 10), "occurs": strconv.FormatInt(mine.at.Unix(), 10)}, now)
	})
	return id, err
}

// Decide agrees to (or declines) a suggestion made to the member. On
// agreeing, the two get a conversation under their pseudonyms that
// closes a week after the occurrence ends; the suggester is told.
func (s *Service) Decide(ctx context.Context, u *identity.User, matchID int64, agree bool) (int64, error) {
	now := s.now()
	var conv int64
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		var from, to int64
		var decided bool
		err := tx.QueryRowContext(ctx, `SELECT from_lift, to_lift, agreed_at IS NOT NULL OR declined_at IS NOT NULL FROM lift_matches WHERE id = $1`, matchID).Scan(&from, &to, &decided)
		if err == sql.ErrNoRows {
			return apperr.NotFound()
		}
		if err != nil {
			return err
		}
		theirs, err := getLift(ctx, tx, to)
		if err != nil || theirs.user != u.ID {
			return notFoundOr(err)
		}
		mine, err := getLift(ctx, tx, from)
		if err != nil {
			return err
		}
		if decided {
			return apperr.Conflict("already_decided", "err.lift.decided")
		}
		if !agree {
			_, err := tx.ExecContext(ctx, `UPDATE lift_matches SET declined_at = $1 WHERE id = $2`, now, matchID)
			return err
		}
		if s.pair == nil {
			return apperr.Internal(errNoPair)
		}
		var title string
		var minutes int
		if err := tx.QueryRowContext(ctx, `SELECT title, minutes FROM events WHERE id = $1`, mine.event).Scan(&title, &minutes); err != nil {
			return err
		}
		closes := mine.at.Add(time.Duration(minutes)*time.Minute).AddDate(0, 0, 7)
		var moved sql.NullTime
		_ = tx.QueryRowContext(ctx, `SELECT moved_to FROM event_changes WHERE event_id = $1 AND occurs_at = $2`, mine.event, mine.at).Scan(&moved)
		if moved.Valid && moved.Time.After(mine.at) {
			closes = moved.Time.Add(time.Duration(minutes)*time.Minute).AddDate(0, 0, 7)
		}
		if conv, err = s.pair(ctx, tx, title, mine.user, u.ID, closes); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE lift_matches SET agreed_at = $1, conversation_id = $2 WHERE id = $3`, now, conv, matchID); err != nil {
			return err
		}
		return notify.Add(ctx, tx, mine.user, KindLiftMatched, map[string]string{"event_id": strconv.FormatInt(mine.event, 10), "conversation_id": strconv.FormatInt(conv, 10)}, now)
	})
	return conv, err
}
