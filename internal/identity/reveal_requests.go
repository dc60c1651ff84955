package identity

import (
	"context"
	"database/sql"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/notify"
)

// declinedQuiet is how long a declined request silences new requests
// from the same member to the same member.
const declinedQuiet = 90 * 24 * time.Hour

// RevealRequest asks "would you like to know each other?". Accepting
// reveals both; declining and ignoring look the same to the asker.
type RevealRequest struct {
	ID            int64
	FromID, ToID  int64
	FromPseudonym string
	ToPseudonym   string
	ShownName     string // the asker's, shown only if accepted
	Note          string
	CreatedAt     time.Time
	Accepted      bool // for the asker: accepted, or still "sent"
}

// AskToKnow sends a request. If the other member declined the same
// request within 90 days, it is stored as declined at once and they are
// not disturbed again; the asker sees "sent" either way.
func (s *Service) AskToKnow(ctx context.Context, actor *User, toPseudonym, shownName, note string) (RevealRequest, error) {
	if !actor.Role.UsesForum() {
		return RevealRequest{}, apperr.NotFound()
	}
	fe := fieldErrors{}
	shownName, note = checkShown(fe, shownName, note)
	if err := fe.err(); err != nil {
		return RevealRequest{}, err
	}
	now := s.now()
	rq := RevealRequest{FromID: actor.ID, FromPseudonym: actor.Pseudonym, ShownName: shownName, Note: note, CreatedAt: now}
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		to, err := peerByPseudonym(ctx, tx, toPseudonym, "to_pseudonym")
		if err != nil {
			return err
		}
		if to.ID == actor.ID {
			return apperr.Invalid("err.fix_fields").WithField("to_pseudonym", "field.peer.self")
		}
		rq.ToID, rq.ToPseudonym = to.ID, to.Pseudonym
		var open, declined int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM reveal_requests WHERE from_user = $1 AND to_user = $2 AND answered_at IS NULL`,
			actor.ID, to.ID).Scan(&open); err != nil {
			return err
		}
		if open > 0 {
			return apperr.Conflict("already_asked", "err.already_asked")
		}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM reveal_requests WHERE from_user = $1 AND to_user = $2 AND answer = 'declined' AND answered_at > $3`,
			actor.ID, to.ID, now.Add(-declinedQuiet)).Scan(&declined); err != nil {
			return err
		}
		if declined > 0 {
			return tx.QueryRowContext(ctx, `INSERT INTO reveal_requests (from_user, to_user, shown_name, note, created_at, answered_at, answer)
				VALUES ($1, $2, $3, $4, $5, $5, 'declined') RETURNING id`, actor.ID, to.ID, shownName, note, now).Scan(&rq.ID)
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO reveal_requests (from_user, to_user, shown_name, note, created_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, actor.ID, to.ID, shownName, note, now).Scan(&rq.ID); err != nil {
			return err
		}
		return notify.Add(ctx, tx, to.ID, notify.KindRevealRequest, map[string]string{"pseudonym": actor.Pseudonym}, now)
	})
	return rq, err
}

// RevealRequests lists requests to the actor still waiting for an answer,
// and the actor's own requests (accepted, or "sent": the asker never
// learns of a decline).
func (s *Service) RevealRequests(ctx context.Context, actor *User) (incoming, outgoing []RevealRequest, err error) {
	q := `SELECT r.id, r.from_user, r.to_user, f.pseudonym, t.pseudonym, r.shown_name, r.note, r.created_at, r.answer
	      FROM reveal_requests r JOIN users f ON f.id = r.from_user JOIN users t ON t.id = r.to_user `
	if incoming, err = s.scanRequests(ctx, q+`WHERE r.to_user = $1 AND r.answered_at IS NULL ORDER BY r.id DESC`, actor.ID); err != nil {
		return nil, nil, err
	}
	outgoing, err = s.scanRequests(ctx, q+`WHERE r.from_user = $1 AND r.withdrawn_at IS NULL ORDER BY r.id DESC`, actor.ID)
	return incoming, outgoing, err
}

func (s *Service) scanRequests(ctx context.Context, q string, args ...any) ([]RevealRequest, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RevealRequest
	for rows.Next() {
		var r RevealRequest
		var fp, tp, answer sql.NullString
		if err := rows.Scan(&r.ID, &r.FromID, &r.ToID, &fp, &tp, &r.ShownName, &r.Note, &r.CreatedAt, &answer); err != nil {
			return nil, err
		}
		r.FromPseudonym, r.ToPseudonym, r.Accepted = fp.String, tp.String, answer.String == "accepted"
		out = append(out, r)
	}
	return out, rows.Err()
}

// AnswerRequest answers a request to the actor. Accepting reveals both
// ways: the asker's shown name from the request, the actor's given now.
func (s *Service) AnswerRequest(ctx context.Context, actor *User, id int64, accept bool, shownName, note string) error {
	fe := fieldErrors{}
	if accept {
		shownName, note = checkShown(fe, shownName, note)
		if err := fe.err(); err != nil {
			return err
		}
	}
	now := s.now()
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		rqs, err := s.scanRequestsTx(ctx, tx, id, actor.ID)
		if err != nil {
			return err
		}
		answer := "declined"
		if accept {
			answer = "accepted"
		}
		if _, err := tx.ExecContext(ctx, `UPDATE reveal_requests SET answered_at = $1, answer = $2 WHERE id = $3`, now, answer, id); err != nil {
			return err
		}
		if !accept {
			return nil
		}
		theirs := Reveal{FromID: rqs.FromID, ToID: actor.ID, FromPseudonym: rqs.FromPseudonym, ShownName: rqs.ShownName, Note: rqs.Note, CreatedAt: now}
		mine := Reveal{FromID: actor.ID, ToID: rqs.FromID, FromPseudonym: actor.Pseudonym, ShownName: shownName, Note: note, CreatedAt: now}
		for _, r := range []*Reveal{&theirs, &mine} {
			if err := insertReveal(ctx, tx, r); err != nil && !apperr.Is(err, apperr.KindConflict) {
				return err
			}
		}
		return nil
	})
}

func (s *Service) scanRequestsTx(ctx context.Context, tx *sql.Tx, id, toUser int64) (RevealRequest, error) {
	var r RevealRequest
	var fp sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT r.id, r.from_user, f.pseudonym, r.shown_name, r.note FROM reveal_requests r JOIN users f ON f.id = r.from_user
		WHERE r.id = $1 AND r.to_user = $2 AND r.answered_at IS NULL`, id, toUser).Scan(&r.ID, &r.FromID, &fp, &r.ShownName, &r.Note)
	if err == sql.ErrNoRows {
		return r, apperr.NotFound()
	}
	r.FromPseudonym = fp.String
	return r, err
}

// CancelRequest withdraws one of the actor's own requests that was not
// accepted. The row stays (marked withdrawn) so that a decline still
// keeps the other member from being asked again for 90 days.
func (s *Service) CancelRequest(ctx context.Context, actor *User, id int64) error {
	now := s.now()
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE reveal_requests SET withdrawn_at = $1, answered_at = COALESCE(answered_at, $1), answer = COALESCE(answer, 'withdrawn')
			WHERE id = $2 AND from_user = $3 AND withdrawn_at IS NULL AND (answer IS NULL OR answer = 'declined')`, now, id, actor.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.NotFound()
		}
		return nil
	})
}
