package identity

import (
	"context"
	"database/sql"
	"strconv"

	"reconnect/internal/apperr"
	"reconnect/internal/audit"
)

// ChangePassword sets a new password after checking the current one, and
// signs the account out everywhere except the session keep.
func (s *Service) ChangePassword(ctx context.Context, actor *User, current, next, keep string) error {
	akey := accountKey(actor.Login)
	if err := s.checkThrottle(ctx, akey); err != nil {
		return err
	}
	var hash sql.NullString
	if err := s.db.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = $1`, actor.ID).Scan(&hash); err != nil {
		return err
	}
	ok, err := s.hasher.Check(ctx, current, hash.String)
	if err != nil {
		return err
	}
	if !ok {
		if err := s.recordFailure(ctx, akey, accountLimit); err != nil {
			return err
		}
		return apperr.Invalid("err.fix_fields").WithField("current_password", "field.password.wrong")
	}
	if p := checkPassword(next, actor.Login); p != "" {
		return apperr.Invalid("err.fix_fields").WithField("new_password", p)
	}
	newHash, err := s.hasher.Hash(ctx, next)
	if err != nil {
		return err
	}
	now := s.now()
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE id = $3`, newHash, now, actor.ID); err != nil {
			return err
		}
		if err := endSessions(ctx, tx, actor.ID, keep); err != nil {
			return err
		}
		return audit.Append(ctx, tx, &audit.Record{Chain: audit.ChainAdmin, At: now, ActorID: actor.ID,
			Action: "account.password_change", TargetKind: "user", TargetID: strconv.FormatInt(actor.ID, 10)})
	})
}
