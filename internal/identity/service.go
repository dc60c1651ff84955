// Package identity owns accounts, roles, communities, invitations,
// passwords, sessions, access tokens and consent.
//
// Every method that changes something takes the acting user and checks
// permission itself, so pages and the JSON API cannot disagree about who
// may do what. Errors are *apperr.Error; anything the caller may not see
// is not_found.
package identity

import (
	"context"
	"database/sql"
	"html/template"
	"time"

	"reconnect/internal/sqldb"
)

// Options configure a Service.
type Options struct {
	SessionIdle   time.Duration // default 30 minutes
	SessionMax    time.Duration // default 12 hours
	InvitationTTL time.Duration // default 14 days
	Now           func() time.Time
	Markup        func(string) template.HTML // Markdown to sanitised HTML, for consent documents
	PIDKey        []byte                     // server secret keying the hash of national ID numbers (32+ bytes)
	// OnInvited runs inside the transaction that creates an account from
	// an invitation (care links a provider's new member).
	OnInvited func(ctx context.Context, tx *sql.Tx, inv Invitation, u *User) error
}

// Service is the identity service. Safe for concurrent use.
type Service struct {
	db     *sqldb.DB
	hasher *Hasher
	now    func() time.Time
	opts   Options
}

// New returns a Service on db using hasher for passwords.
func New(db *sqldb.DB, hasher *Hasher, opts Options) *Service {
	if opts.SessionIdle == 0 {
		opts.SessionIdle = 30 * time.Minute
	}
	if opts.SessionMax == 0 {
		opts.SessionMax = 12 * time.Hour
	}
	if opts.InvitationTTL == 0 {
		opts.InvitationTTL = 14 * 24 * time.Hour
	}
	now := opts.Now
	if now == nil {
		now = func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }
	}
	return &Service{db: db, hasher: hasher, now: now, opts: opts}
}

// SessionIdle is the idle timeout, for the cookie's lifetime.
func (s *Service) SessionIdle() time.Duration { return s.opts.SessionIdle }
