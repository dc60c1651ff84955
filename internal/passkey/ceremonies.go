package passkey

import (
	"context"
	"crypto/rand"
	"database/sql"
	"net/http"
	"strconv"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"reconnect/internal/apperr"
	"reconnect/internal/audit"
	"reconnect/internal/identity"
)

// BeginAdd starts adding a passkey to a signed-in account. It returns
// the options for navigator.credentials.create and the ceremony secret.
func (s *Service) BeginAdd(ctx context.Context, u *identity.User) (*protocol.CredentialCreation, string, error) {
	var fresh [32]byte
	_, _ = rand.Read(fresh[:])
	handle, err := s.ids.WebAuthnHandle(ctx, u.ID, fresh[:])
	if err != nil {
		return nil, "", err
	}
	creds, err := s.credentials(ctx, u.ID)
	if err != nil {
		return nil, "", err
	}
	acct := &account{id: u.ID, login: u.Login, handle: handle, creds: creds}
	excl := make([]protocol.CredentialDescriptor, 0, len(creds))
	for _, c := range creds {
		excl = append(excl, c.Descriptor())
	}
	opts, sess, err := s.wa.BeginRegistration(acct, webauthn.WithExclusions(excl))
	if err != nil {
		return nil, "", err
	}
	secret, err := s.save(ctx, u.ID, ceremony{Session: *sess})
	return opts, secret, err
}

// FinishAdd checks the authenticator's answer and stores the passkey.
func (s *Service) FinishAdd(ctx context.Context, u *identity.User, secret, name string, r *http.Request) error {
	name, err := cleanName(name)
	if err != nil {
		return err
	}
	c, err := s.take(ctx, secret, u.ID)
	if err != nil {
		return err
	}
	creds, err := s.credentials(ctx, u.ID)
	if err != nil {
		return err
	}
	acct := &account{id: u.ID, login: u.Login, handle: c.Session.UserID, creds: creds}
	cred, err := s.wa.FinishRegistration(acct, c.Session, r)
	if err != nil {
		return refused(err)
	}
	return s.db.Write(ctx, func(tx *sql.Tx) error { return insertCredential(ctx, tx, u.ID, name, cred, s.now()) })
}

// BeginSignup starts joining with a passkey from an invitation. The
// invitation and login are checked first.
func (s *Service) BeginSignup(ctx context.Context, invitation, login, lang string) (*protocol.CredentialCreation, string, error) {
	if err := s.ids.CheckSignup(ctx, invitation, login); err != nil {
		return nil, "", err
	}
	var handle [32]byte
	_, _ = rand.Read(handle[:])
	opts, sess, err := s.wa.BeginRegistration(&account{login: login, handle: handle[:]})
	if err != nil {
		return nil, "", err
	}
	secret, err := s.save(ctx, 0, ceremony{Session: *sess, Invitation: invitation, Login: login, Lang: lang, Handle: handle[:]})
	return opts, secret, err
}

// FinishSignup checks the authenticator's answer and creates the account
// with its passkey in one transaction.
func (s *Service) FinishSignup(ctx context.Context, secret string, r *http.Request) (identity.User, error) {
	c, err := s.take(ctx, secret, 0)
	if err != nil {
		return identity.User{}, err
	}
	cred, err := s.wa.FinishRegistration(&account{login: c.Login, handle: c.Handle}, c.Session, r)
	if err != nil {
		return identity.User{}, refused(err)
	}
	return s.ids.RegisterWithPasskey(ctx, c.Invitation, c.Login, c.Lang, c.Handle, func(tx *sql.Tx, u *identity.User) error {
		return insertCredential(ctx, tx, u.ID, "Passkey", cred, s.now())
	})
}

// BeginLogin starts signing in with a discoverable passkey.
func (s *Service) BeginLogin(ctx context.Context) (*protocol.CredentialAssertion, string, error) {
	opts, sess, err := s.wa.BeginDiscoverableLogin()
	if err != nil {
		return nil, "", err
	}
	secret, err := s.save(ctx, 0, ceremony{Session: *sess})
	return opts, secret, err
}

// FinishLogin checks the authenticator's answer and returns the account
// it belongs to; the passkey's use is recorded.
func (s *Service) FinishLogin(ctx context.Context, secret string, r *http.Request) (identity.User, error) {
	c, err := s.take(ctx, secret, 0)
	if err != nil {
		return identity.User{}, err
	}
	var found identity.User
	_, cred, err := s.wa.FinishPasskeyLogin(func(_, userHandle []byte) (webauthn.User, error) {
		u, err := s.ids.UserByWebAuthnHandle(ctx, userHandle)
		if err != nil {
			return nil, err
		}
		creds, err := s.credentials(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		found = u
		return &account{id: u.ID, login: u.Login, handle: userHandle, creds: creds}, nil
	}, c.Session, r)
	if err != nil {
		return identity.User{}, refused(err)
	}
	if found.Disabled() {
		return identity.User{}, apperr.New(apperr.KindForbidden, "account_disabled", "err.account_disabled")
	}
	b, _ := jsonMarshal(cred)
	_, err = s.db.ExecContext(ctx, `UPDATE passkeys SET credential = $1, last_used_at = $2 WHERE credential_id = $3 AND user_id = $4`,
		b, s.now(), encodeID(cred.ID), found.ID)
	return found, err
}

// List returns the member's own passkeys.
func (s *Service) List(ctx context.Context, u *identity.User) ([]Passkey, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, created_at, last_used_at FROM passkeys WHERE user_id = $1 ORDER BY id`, u.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Passkey
	for rows.Next() {
		var p Passkey
		var used sql.NullTime
		if err := rows.Scan(&p.ID, &p.Name, &p.CreatedAt, &used); err != nil {
			return nil, err
		}
		if used.Valid {
			p.LastUsedAt = &used.Time
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Remove deletes one of the member's passkeys, unless it is their last
// way to sign in.
func (s *Service) Remove(ctx context.Context, u *identity.User, id int64) error {
	other, err := s.ids.HasOtherSignIn(ctx, u.ID)
	if err != nil {
		return err
	}
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM passkeys WHERE user_id = $1`, u.ID).Scan(&n); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM passkeys WHERE id = $1 AND user_id = $2`, id, u.ID)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return apperr.NotFound()
		}
		if n == 1 && !other {
			return apperr.Conflict("last_sign_in_method", "err.last_sign_in_method")
		}
		return audit.Append(ctx, tx, &audit.Record{Chain: audit.ChainAdmin, At: s.now(), ActorID: u.ID,
			Action: "passkey.remove", TargetKind: "passkey", TargetID: strconv.FormatInt(id, 10)})
	})
}
