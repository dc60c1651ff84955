package identity

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/usage"
)

// touchEvery limits last-seen updates to one write per session per
// interval instead of one per request.
const touchEvery = time.Minute

// Started is a session just begun.
type Started struct {
	Token   string    // the secret, for the cookie
	Expires time.Time // absolute expiry
	// DeletionCancelled: the member had asked to delete her account, and
	// signing in has cancelled that (in the same transaction).
	DeletionCancelled bool
}

// StartSession creates a new server-side session for the user and
// returns its secret (for the cookie) and absolute expiry. A new secret
// is made at every sign-in, so a session ID planted before sign-in is
// worthless.
func (s *Service) StartSession(ctx context.Context, userID int64) (string, time.Time, error) {
	st, err := s.startSession(ctx, userID)
	return st.Token, st.Expires, err
}

// startSession is StartSession; every sign-in also cancels a pending
// account deletion, in the same transaction, so a deletion can never
// go ahead after the member has signed in.
func (s *Service) startSession(ctx context.Context, userID int64) (Started, error) {
	st := Started{Token: newToken("")}
	now := s.now()
	st.Expires = now.Add(s.opts.SessionMax)
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $3, $4)`,
			hashSecret(st.Token), userID, now, st.Expires); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET last_signed_in_at = $1 WHERE id = $2`, now, userID); err != nil {
			return err
		}
		if err := usage.Record(ctx, tx, userID, usage.SignedIn, 0, now); err != nil {
			return err
		}
		var err error
		st.DeletionCancelled, err = cancelDeletion(ctx, tx, userID, now)
		return err
	})
	return st, err
}

// SignIn ends the session the browser already had (old, or "") and
// starts a new one for the user, so the session ID always changes at
// sign-in.
//
// When a consent document has a version the member has not accepted, the
// session is marked consent-due, and pages ask for an answer first.
//
// A pending account deletion is cancelled (Started.DeletionCancelled).
func (s *Service) SignIn(ctx context.Context, old string, userID int64) (Started, error) {
	if old != "" {
		if err := s.EndSession(ctx, old); err != nil {
			return Started{}, err
		}
	}
	st, err := s.startSession(ctx, userID)
	if err != nil {
		return Started{}, err
	}
	pending, err := s.PendingDocuments(ctx, userID)
	if err != nil {
		return Started{}, err
	}
	if len(pending) > 0 {
		if _, err := s.db.ExecContext(ctx, `UPDATE sessions SET consent_due_at = $1 WHERE id_hash = $2`, s.now(), hashSecret(st.Token)); err != nil {
			return Started{}, err
		}
	}
	return st, nil
}

// SessionState is what a session knows beyond its user.
type SessionState struct {
	ConsentDue bool // a consent document awaits an answer
}

// SessionUser returns the user signed in with the session secret, or
// unauthorized if the session is unknown, idle too long, past its
// absolute expiry or its account is disabled.
func (s *Service) SessionUser(ctx context.Context, token string) (User, error) {
	u, _, err := s.Session(ctx, token)
	return u, err
}

// Session is SessionUser with the session's state.
func (s *Service) Session(ctx context.Context, token string) (User, SessionState, error) {
	var st SessionState
	if token == "" || len(token) > 100 {
		return User{}, st, apperr.Unauthorized()
	}
	id := hashSecret(token)
	var lastSeen, expires time.Time
	var due sql.NullTime
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+`, s.last_seen_at, s.expires_at, s.consent_due_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1`, id), &lastSeen, &expires, &due)
	st.ConsentDue = due.Valid
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, st, apperr.Unauthorized()
	}
	if err != nil {
		return User{}, st, err
	}
	now := s.now()
	if !now.Before(expires) || now.Sub(lastSeen) >= s.opts.SessionIdle || u.Disabled() {
		if _, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = $1`, id); err != nil {
			return User{}, st, err
		}
		return User{}, st, apperr.Unauthorized()
	}
	if now.Sub(lastSeen) >= touchEvery {
		if _, err := s.db.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2`, now, id); err != nil {
			return User{}, st, err
		}
	}
	return u, st, nil
}

// clearConsentDue lifts the consent mark from all of a member's sessions
// once they have answered.
func clearConsentDue(ctx context.Context, tx *sql.Tx, userID int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE sessions SET consent_due_at = NULL WHERE user_id = $1`, userID)
	return err
}

// EndSession signs the session out on the server.
func (s *Service) EndSession(ctx context.Context, token string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = $1`, hashSecret(token))
	return err
}

// endSessions signs the user out everywhere except the session keep
// (a secret, or "" for none).
func endSessions(ctx context.Context, tx *sql.Tx, userID int64, keep string) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2`, userID, hashSecret(keep))
	return err
}

// CleanSessions deletes sessions past their absolute expiry or idle
// timeout. Every node may run it; it is idempotent.
func (s *Service) CleanSessions(ctx context.Context) (int64, error) {
	now := s.now()
	res, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2`, now, now.Add(-s.opts.SessionIdle))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
