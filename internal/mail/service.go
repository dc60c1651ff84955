package mail

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/seal"
	"reconnect/internal/sqldb"
)

// Limits on verification.
const (
	VerifyValid    = 48 * time.Hour // how long a verification link works
	verifyPerDay   = 5              // verification e-mails a member may ask for per 24 hours
	kindVerify     = "verify"       // outbox kind of the verification e-mail
	addressTable   = "email_addresses"
	addressColumn  = "address"
	verifyLinkPath = "/settings/email/verify"
)

var errNoKey = errors.New("mail: no data key configured")

// Address is a member's e-mail address as its owner sees it.
type Address struct {
	Address  string // "" when the member has none
	Verified bool
	Notices  bool // e-mail notices on
}

// Service keeps members' addresses. Only the owner reads or changes
// their own; nobody else is ever shown it.
type Service struct {
	db   *sqldb.DB
	keys *seal.Keyring
	now  func() time.Time
	on   bool
}

// New returns the service; on says whether an SMTP server is
// configured (without one, no address can be added).
func New(db *sqldb.DB, keys *seal.Keyring, now func() time.Time, on bool) *Service {
	return &Service{db: db, keys: keys, now: now, on: on}
}

// On reports whether this deployment sends e-mail.
func (s *Service) On() bool { return s.on }

// Get returns the member's address (zero when none).
func (s *Service) Get(ctx context.Context, u *identity.User) (Address, error) {
	var a Address
	var sealed string
	var verified sql.NullTime
	err := s.db.QueryRowContext(ctx, `SELECT address, verified_at, notices FROM email_addresses WHERE user_id = $1`, u.ID).Scan(&sealed, &verified, &a.Notices)
	if errors.Is(err, sql.ErrNoRows) {
		return Address{}, nil
	}
	if err != nil {
		return a, err
	}
	if s.keys == nil {
		return a, errNoKey
	}
	if a.Address, err = s.keys.Open(addressTable, addressColumn, u.ID, sealed); err != nil {
		return a, err
	}
	a.Verified = verified.Valid
	return a, nil
}

// Set gives the member a new address (unverified until they open the
// link sent to it) and queues the verification e-mail. The same address
// again re-sends the link if it is not yet verified. Errors: invalid
// (field "email"), conflict email_off, too_many verification e-mails.
func (s *Service) Set(ctx context.Context, u *identity.User, address string) error {
	address, err := CheckAddress(address)
	if err != nil {
		return err
	}
	if !s.on {
		return apperr.Conflict("email_off", "err.email_off")
	}
	if s.keys == nil {
		return errNoKey
	}
	cur, err := s.Get(ctx, u)
	if err != nil {
		return err
	}
	if cur.Address == address && cur.Verified {
		return nil
	}
	sealed, err := s.keys.Seal(addressTable, addressColumn, u.ID, address)
	if err != nil {
		return err
	}
	now := s.now()
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM mail_outbox WHERE user_id = $1 AND kind = $2 AND created_at > $3`,
			u.ID, kindVerify, now.Add(-24*time.Hour)).Scan(&n); err != nil {
			return err
		}
		if n >= verifyPerDay {
			return apperr.New(apperr.KindTooMany, "too_many", "err.email_too_many")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO email_addresses (user_id, address, updated_at) VALUES ($1, $2, $3)
			ON CONFLICT (user_id) DO UPDATE SET address = excluded.address, token_hash = NULL, token_expires_at = NULL,
			verified_at = NULL, updated_at = excluded.updated_at`, u.ID, sealed, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE mail_outbox SET state = 'dropped' WHERE user_id = $1 AND state = 'pending'`, u.ID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO mail_outbox (user_id, kind, link, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $4)`,
			u.ID, kindVerify, verifyLinkPath, now)
		return err
	})
}

// SetNotices turns e-mail notices on or off. Without an address it is
// invalid (field "email_notices").
func (s *Service) SetNotices(ctx context.Context, u *identity.User, on bool) error {
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE email_addresses SET notices = $1, updated_at = $2 WHERE user_id = $3`, on, s.now(), u.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.Invalid("err.fix_fields").WithField("email_notices", "field.email_notices.no_address")
		}
		if on {
			return nil
		}
		_, err = tx.ExecContext(ctx, `UPDATE mail_outbox SET state = 'dropped' WHERE user_id = $1 AND state = 'pending' AND kind <> $2`, u.ID, kindVerify)
		return err
	})
}

// Remove deletes the member's address; nothing more is sent to it.
func (s *Service) Remove(ctx context.Context, u *identity.User) error {
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM email_addresses WHERE user_id = $1`, u.ID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE mail_outbox SET state = 'dropped' WHERE user_id = $1 AND state = 'pending'`, u.ID)
		return err
	})
}

// Verify confirms the member's address with the code from the link
// sent to it. The code works once, for VerifyValid, and only for the
// member it was sent to; otherwise the error is invalid_link.
func (s *Service) Verify(ctx context.Context, u *identity.User, code string) error {
	now := s.now()
	res, err := s.db.ExecContext(ctx, `UPDATE email_addresses SET verified_at = $1, token_hash = NULL, token_expires_at = NULL, updated_at = $1
		WHERE user_id = $2 AND token_hash = $3 AND token_expires_at > $1`, now, u.ID, identity.CodeHash(code))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.New(apperr.KindInvalid, "invalid_link", "err.email_link_invalid")
	}
	return nil
}
