// Package deletion deletes accounts at their owner's request, after a
// cooling-off period during which signing in cancels it, and purges
// data past its retention period (docs/privacy.md).
//
// A deleted account keeps a tombstone row in users (its ID, role and
// dates; no login, pseudonym or name) so the ID is never reused and the
// hash-chained audit log stays unambiguous. Everything else that was
// hers is deleted in one transaction, except her care conversations,
// which her providers keep reading, with her shown as a former member,
// until the deployment's care retention ends.
package deletion

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/audit"
	"reconnect/internal/config"
	"reconnect/internal/events"
	"reconnect/internal/identity"
	"reconnect/internal/notify"
	"reconnect/internal/sqldb"
)

// What happens to the member's forum posts.
const (
	KeepAnonymous = "keep_anonymous" // text stays, shown as by a former member
	DeletePosts   = "delete"         // deleted as the forum deletes a post
)

// Options configure a Service.
type Options struct {
	Now       func() time.Time
	Retention config.Retention
	Events    *events.Service // takes her out of cafés and gatherings
}

// Service carries out account deletions and retention. Safe for
// concurrent use, and on several nodes at once.
type Service struct {
	db   *sqldb.DB
	opts Options
}

// New returns a Service.
func New(db *sqldb.DB, opts Options) *Service {
	if opts.Now == nil {
		opts.Now = func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }
	}
	return &Service{db: db, opts: opts}
}

func days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

// Status is a member's deletion request as she sees it.
type Status struct {
	Pending     bool
	ForumPosts  string
	RequestedAt time.Time
	DueAt       time.Time
}

// MayDelete reports whether the member may delete her own account:
// service users and peer moderators. Staff accounts (providers,
// researchers, administrators) are closed by an administrator.
func MayDelete(u *identity.User) bool {
	return u != nil && (u.Role == identity.ServiceUser || u.Role == identity.PeerModerator)
}

// Request asks for the member's account to be deleted when the
// cooling-off period has passed. forumPosts is KeepAnonymous or
// DeletePosts. Errors: invalid (bad choice), conflict staff_account
// (staff roles) or deletion_pending (already asked).
func (s *Service) Request(ctx context.Context, u *identity.User, forumPosts string) (Status, error) {
	if u == nil {
		return Status{}, apperr.Unauthorized()
	}
	if !MayDelete(u) {
		return Status{}, apperr.Conflict("staff_account", "err.deletion_staff")
	}
	if forumPosts != KeepAnonymous && forumPosts != DeletePosts {
		return Status{}, apperr.Invalid("err.fix_fields").WithField("forum_posts", "field.forum_posts.choice")
	}
	now := s.opts.Now()
	st := Status{Pending: true, ForumPosts: forumPosts, RequestedAt: now, DueAt: now.Add(days(s.opts.Retention.DeletionDays))}
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO deletion_requests (user_id, forum_posts, requested_at, due_at) VALUES ($1, $2, $3, $4)`,
			u.ID, forumPosts, now, st.DueAt); err != nil {
			if sqldb.IsUniqueViolation(err) {
				return apperr.Conflict("deletion_pending", "err.deletion_pending")
			}
			return err
		}
		if err := notify.Add(ctx, tx, u.ID, notify.KindAccountDeletion, nil, now); err != nil {
			return err
		}
		return audit.Append(ctx, tx, &audit.Record{Chain: audit.ChainAdmin, At: now, ActorID: u.ID,
			Action: "account.deletion_requested", TargetKind: "user", TargetID: strconv.FormatInt(u.ID, 10),
			Details: map[string]string{"forum_posts": forumPosts}})
	})
	if err != nil {
		return Status{}, err
	}
	return st, nil
}

// Cancel withdraws the member's pending request; not_found when there
// is none. (Signing in cancels too: internal/identity.)
func (s *Service) Cancel(ctx context.Context, u *identity.User) error {
	if u == nil {
		return apperr.Unauthorized()
	}
	now := s.opts.Now()
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM deletion_requests WHERE user_id = $1`, u.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err == nil {
				err = apperr.NotFound()
			}
			return err
		}
		return audit.Append(ctx, tx, &audit.Record{Chain: audit.ChainAdmin, At: now, ActorID: u.ID,
			Action: "account.deletion_cancelled", TargetKind: "user", TargetID: strconv.FormatInt(u.ID, 10),
			Details: map[string]string{"by": "member"}})
	})
}

// Status returns the member's pending request, if any.
func (s *Service) Status(ctx context.Context, u *identity.User) (Status, error) {
	if u == nil {
		return Status{}, apperr.Unauthorized()
	}
	var st Status
	err := s.db.QueryRowContext(ctx, `SELECT forum_posts, requested_at, due_at FROM deletion_requests WHERE user_id = $1`, u.ID).Scan(
		&st.ForumPosts, &st.RequestedAt, &st.DueAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Status{}, nil
	}
	if err != nil {
		return Status{}, err
	}
	st.Pending = true
	st.RequestedAt, st.DueAt = st.RequestedAt.UTC(), st.DueAt.UTC()
	return st, nil
}
