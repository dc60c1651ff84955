package identity

import (
	"context"
	"database/sql"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/notify"
)

// Reveal is one member showing another who they are.
type Reveal struct {
	ID            int64
	FromID, ToID  int64
	FromPseudonym string
	ToPseudonym   string
	ShownName     string
	Note          string
	CreatedAt     time.Time
	StoppedAt     *time.Time
}

// RevealTo shows the member with the given pseudonym the actor's shown
// name and note. It reveals nobody else, cannot be undone for the other
// person (they cannot un-know it), and is never automatic.
func (s *Service) RevealTo(ctx context.Context, actor *User, toPseudonym, shownName, note string) (Reveal, error) {
	if !actor.Role.UsesForum() {
		return Reveal{}, apperr.NotFound()
	}
	fe := fieldErrors{}
	shownName, note = checkShown(fe, shownName, note)
	if err := fe.err(); err != nil {
		return Reveal{}, err
	}
	r := Reveal{FromID: actor.ID, FromPseudonym: actor.Pseudonym, ShownName: shownName, Note: note, CreatedAt: s.now()}
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		to, err := peerByPseudonym(ctx, tx, toPseudonym, "to_pseudonym")
		if err != nil {
			return err
		}
		if to.ID == actor.ID {
			return apperr.Invalid("err.fix_fields").WithField("to_pseudonym", "field.peer.self")
		}
		r.ToID, r.ToPseudonym = to.ID, to.Pseudonym
		return insertReveal(ctx, tx, &r)
	})
	return r, err
}

func insertReveal(ctx context.Context, tx *sql.Tx, r *Reveal) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM reveals WHERE from_user = $1 AND to_user = $2 AND stopped_at IS NULL`, r.FromID, r.ToID).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return apperr.Conflict("already_revealed", "err.already_revealed")
	}
	if err := tx.QueryRowContext(ctx, `INSERT INTO reveals (from_user, to_user, shown_name, note, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		r.FromID, r.ToID, r.ShownName, r.Note, r.CreatedAt).Scan(&r.ID); err != nil {
		return err
	}
	return notify.Add(ctx, tx, r.ToID, notify.KindRevealReceived, map[string]string{"pseudonym": r.FromPseudonym}, r.CreatedAt)
}

// Reveals lists what the actor has shown others (given, including
// stopped ones) and what others show the actor now (received).
func (s *Service) Reveals(ctx context.Context, actor *User) (given, received []Reveal, err error) {
	q := `SELECT r.id, r.from_user, r.to_user, f.pseudonym, t.pseudonym, r.shown_name, r.note, r.created_at, r.stopped_at
	      FROM reveals r JOIN users f ON f.id = r.from_user JOIN users t ON t.id = r.to_user `
	if given, err = s.scanReveals(ctx, q+`WHERE r.from_user = $1 ORDER BY r.id DESC`, actor.ID); err != nil {
		return nil, nil, err
	}
	received, err = s.scanReveals(ctx, q+`WHERE r.to_user = $1 AND r.stopped_at IS NULL ORDER BY r.id DESC`, actor.ID)
	return given, received, err
}

func (s *Service) scanReveals(ctx context.Context, q string, args ...any) ([]Reveal, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Reveal
	for rows.Next() {
		var r Reveal
		var fp, tp sql.NullString
		var stopped sql.NullTime
		if err := rows.Scan(&r.ID, &r.FromID, &r.ToID, &fp, &tp, &r.ShownName, &r.Note, &r.CreatedAt, &stopped); err != nil {
			return nil, err
		}
		r.FromPseudonym, r.ToPseudonym = fp.String, tp.String
		if stopped.Valid {
			r.StoppedAt = &stopped.Time
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// StopReveal stops showing the name from now on. Only the member who
// revealed may; for anyone else the reveal does not exist.
func (s *Service) StopReveal(ctx context.Context, actor *User, id int64) error {
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE reveals SET stopped_at = $1 WHERE id = $2 AND from_user = $3 AND stopped_at IS NULL`, s.now(), id, actor.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.NotFound()
		}
		return nil
	})
}

// KnowEachOther lists the members who show the actor their name and to
// whom the actor shows theirs: candidates for a circle.
func (s *Service) KnowEachOther(ctx context.Context, actor *User) ([]Reveal, error) {
	return s.scanReveals(ctx, `SELECT r.id, r.from_user, r.to_user, f.pseudonym, t.pseudonym, r.shown_name, r.note, r.created_at, r.stopped_at
		FROM reveals r JOIN users f ON f.id = r.from_user JOIN users t ON t.id = r.to_user
		WHERE r.to_user = $1 AND r.stopped_at IS NULL AND f.disabled_at IS NULL
		  AND EXISTS (SELECT 1 FROM reveals b WHERE b.from_user = $1 AND b.to_user = r.from_user AND b.stopped_at IS NULL)
		ORDER BY f.pseudonym`, actor.ID)
}

// CheckRevealTarget validates a reveal without making it, for the
// confirmation screen.
func (s *Service) CheckRevealTarget(ctx context.Context, actor *User, toPseudonym, shownName, note string) error {
	if !actor.Role.UsesForum() {
		return apperr.NotFound()
	}
	fe := fieldErrors{}
	checkShown(fe, shownName, note)
	if err := fe.err(); err != nil {
		return err
	}
	to, err := peerByPseudonym(ctx, s.db, toPseudonym, "to_pseudonym")
	if err != nil {
		return err
	}
	if to.ID == actor.ID {
		return apperr.Invalid("err.fix_fields").WithField("to_pseudonym", "field.peer.self")
	}
	return nil
}
