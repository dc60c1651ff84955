package identity

import (
	"context"
	"database/sql"
)

// CheckSignup validates an invitation and a login name before a passkey
// ceremony starts, so the member hears about problems before touching
// their authenticator.
func (s *Service) CheckSignup(ctx context.Context, invitation, login string) error {
	if _, err := s.LookupInvitation(ctx, invitation); err != nil {
		return err
	}
	fe := fieldErrors{}
	key, problem := checkLogin(login)
	fe.add("login", problem)
	if err := fe.err(); err != nil {
		return err
	}
	return s.checkFree(ctx, s.db, newAccount{login: login, loginKey: key})
}

// RegisterWithPasskey creates an account from an invitation with no
// password; store saves the passkey in the same transaction, so there is
// never an account without a way to sign in.
func (s *Service) RegisterWithPasskey(ctx context.Context, invitation, login, lang string, handle []byte,
	store func(tx *sql.Tx, u *User) error) (User, error) {
	inv, err := s.LookupInvitation(ctx, invitation)
	if err != nil {
		return User{}, err
	}
	key, problem := checkLogin(login)
	if problem != "" {
		return User{}, apperrField("login", problem)
	}
	a := newAccount{login: login, loginKey: key, language: "nb"}
	if lang == "en" {
		a.language = "en"
	}
	u := User{Login: login, Role: inv.Role, CommunityID: inv.CommunityID, Language: a.language, CreatedAt: s.now()}
	err = s.db.Write(ctx, func(tx *sql.Tx) error {
		return s.createInvited(ctx, tx, invitation, &u, a, "", func() error {
			if _, err := tx.ExecContext(ctx, `UPDATE users SET webauthn_handle = $1 WHERE id = $2`, encodeHandle(handle), u.ID); err != nil {
				return err
			}
			return store(tx, &u)
		})
	})
	return u, err
}

// WebAuthnHandle returns the account's passkey user handle, making one on
// first use.
func (s *Service) WebAuthnHandle(ctx context.Context, userID int64, fresh []byte) ([]byte, error) {
	var h sql.NullString
	if err := s.db.QueryRowContext(ctx, `SELECT webauthn_handle FROM users WHERE id = $1`, userID).Scan(&h); err != nil {
		return nil, err
	}
	if h.Valid && h.String != "" {
		return decodeHandle(h.String)
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE users SET webauthn_handle = $1 WHERE id = $2 AND webauthn_handle IS NULL`, encodeHandle(fresh), userID); err != nil {
		return nil, err
	}
	return s.WebAuthnHandle(ctx, userID, nil)
}

// UserByWebAuthnHandle finds the account for a passkey's user handle.
func (s *Service) UserByWebAuthnHandle(ctx context.Context, handle []byte) (User, error) {
	return scanUserRow(s.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.webauthn_handle = $1`, encodeHandle(handle)))
}

// HasOtherSignIn reports whether the account can sign in without its
// passkeys: a password or a linked eID.
func (s *Service) HasOtherSignIn(ctx context.Context, userID int64) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM users u WHERE u.id = $1 AND (u.password_hash IS NOT NULL
		OR EXISTS (SELECT 1 FROM eid_links e WHERE e.user_id = u.id))`, userID).Scan(&n)
	return n > 0, err
}
