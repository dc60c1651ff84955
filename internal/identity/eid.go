package identity

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"time"

	"reconnect/internal/apperr"
)

// pidHash is the keyed hash that lets us recognise a person from their
// national ID number without ever storing the number.
func (s *Service) pidHash(pid string) (string, error) {
	if len(s.opts.PIDKey) < 32 {
		return "", errors.New("identity: no server secret for eID (RECONNECT_SECRET_FILE)")
	}
	m := hmac.New(sha256.New, s.opts.PIDKey)
	m.Write([]byte(pid))
	return hex.EncodeToString(m.Sum(nil)), nil
}

// EIDSignIn finds the account linked to a national ID number, or with an
// open invitation creates one (onboarding then continues), and refreshes
// the real name from the eID, stored apart from the profile. Without an
// account or an invitation it answers no_account.
func (s *Service) EIDSignIn(ctx context.Context, pid, name, invitation string) (User, error) {
	h, err := s.pidHash(pid)
	if err != nil {
		return User{}, err
	}
	name, problem := checkName(name)
	if problem != "" {
		name = ""
	}
	now := s.now()
	var u User
	err = s.db.Write(ctx, func(tx *sql.Tx) error {
		found, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM eid_links e JOIN users u ON u.id = e.user_id WHERE e.pid_hmac = $1`, h))
		switch {
		case err == nil:
			u = found
			if u.Disabled() {
				return apperr.New(apperr.KindForbidden, "account_disabled", "err.account_disabled")
			}
		case errors.Is(err, sql.ErrNoRows):
			if invitation == "" {
				return apperr.New(apperr.KindNotFound, "no_account", "err.eid_no_account")
			}
			if u, err = s.createFromEID(ctx, tx, invitation, h, now); err != nil {
				return err
			}
		default:
			return err
		}
		if name == "" {
			return nil
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO real_names (user_id, full_name, source, updated_at) VALUES ($1, $2, 'eid', $3)
			ON CONFLICT (user_id) DO UPDATE SET full_name = $2, source = 'eid', updated_at = $3`, u.ID, name, now)
		return err
	})
	return u, err
}

func (s *Service) createFromEID(ctx context.Context, tx *sql.Tx, code, pidHMAC string, now time.Time) (User, error) {
	inv, err := lookupInvitation(ctx, tx, code, now)
	if err != nil {
		return User{}, err
	}
	// eID accounts have no password; their login name only has to be
	// unique and reveals nothing.
	var b [6]byte
	_, _ = rand.Read(b[:])
	login := "eid-" + hex.EncodeToString(b[:])
	u := User{Login: login, Role: inv.Role, CommunityID: inv.CommunityID, Language: "nb", CreatedAt: now}
	err = s.createInvited(ctx, tx, code, &u, newAccount{login: login, loginKey: login, language: "nb"}, "", func() error {
		_, err := tx.ExecContext(ctx, `INSERT INTO eid_links (user_id, pid_hmac, linked_at) VALUES ($1, $2, $3)`, u.ID, pidHMAC, now)
		return err
	})
	return u, err
}

// MarkEIDSession remembers the provider's session ID on our session, so
// that front-channel logout can end it.
func (s *Service) MarkEIDSession(ctx context.Context, token, sid string) error {
	if sid == "" {
		return nil
	}
	_, err := s.db.ExecContext(ctx, `UPDATE sessions SET eid_sid = $1 WHERE id_hash = $2`, sid, hashSecret(token))
	return err
}

// EndEIDSessions ends every local session started from the provider's
// session sid (front-channel logout).
func (s *Service) EndEIDSessions(ctx context.Context, sid string) (int64, error) {
	if sid == "" || len(sid) > 200 {
		return 0, nil
	}
	res, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE eid_sid = $1`, sid)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
