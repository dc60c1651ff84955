package identity

import (
	"context"
	"database/sql"
	"errors"

	"reconnect/internal/apperr"
)

// Login checks a login name and password. Unknown login and wrong
// password give the same answer after the same work. Failures count
// against the login name and the client address; too many give 429
// before any password is hashed.
func (s *Service) Login(ctx context.Context, login, password, clientIP string) (User, error) {
	akey, ikey := accountKey(login), ipKey(clientIP)
	if err := s.checkThrottle(ctx, akey, ikey); err != nil {
		return User{}, err
	}
	var hash sql.NullString
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+`, u.password_hash FROM users u WHERE u.login_key = $1`,
		fold(login)), &hash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return User{}, err
	}
	if len(password) > passwordMax*4 {
		password = password[:passwordMax*4] // bound the hashing work; such a password never matches
	}
	ok, err := s.hasher.Check(ctx, password, hash.String)
	if err != nil {
		return User{}, err
	}
	if !ok {
		if err := s.recordFailure(ctx, akey, accountLimit); err != nil {
			return User{}, err
		}
		if err := s.recordFailure(ctx, ikey, ipLimit); err != nil {
			return User{}, err
		}
		return User{}, apperr.New(apperr.KindUnauthorized, "invalid_credentials", "err.invalid_credentials")
	}
	if u.Disabled() {
		return User{}, apperr.New(apperr.KindForbidden, "account_disabled", "err.account_disabled")
	}
	if err := s.clearFailures(ctx, akey); err != nil {
		return User{}, err
	}
	return u, nil
}
