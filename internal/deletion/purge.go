package deletion

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"reconnect/internal/audit"
	"reconnect/internal/identity"
	"reconnect/internal/sqldb"
)

// Purge carries out every deletion whose cooling-off has passed and
// returns how many it did. Each member's deletion is one transaction
// that first claims her request by deleting it: a second node, or a
// sign-in that cancelled it meanwhile, finds nothing to do. Safe to run
// on every node at once, and again after a failure.
func (s *Service) Purge(ctx context.Context) (int, error) {
	now := s.opts.Now()
	ids, err := dueRequests(ctx, s.db, now)
	if err != nil {
		return 0, err
	}
	done := 0
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return done, err
		}
		var did bool
		err := s.db.Write(ctx, func(tx *sql.Tx) error {
			var choice string
			err := tx.QueryRowContext(ctx, `DELETE FROM deletion_requests WHERE user_id = $1 AND due_at <= $2 RETURNING forum_posts`, id, now).Scan(&choice)
			if errors.Is(err, sql.ErrNoRows) {
				return nil // cancelled, or done by another node
			}
			if err != nil {
				return err
			}
			did = true
			return s.purgeMember(ctx, tx, id, choice, now)
		})
		if err != nil {
			return done, err
		}
		if did {
			done++
		}
	}
	return done, nil
}

// dueRequests lists members whose cooling-off has passed, oldest first,
// a batch at a time (the loop comes back for the rest).
func dueRequests(ctx context.Context, q sqldb.Querier, now time.Time) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT user_id FROM deletion_requests WHERE due_at <= $1 ORDER BY due_at, user_id LIMIT 100`, now)
	if err != nil {
		return nil, err
	}
	return sqldb.ScanIDs(rows)
}

// purgeMember deletes everything of one member inside tx, leaving the
// tombstone and, for their retention, her care conversations.
func (s *Service) purgeMember(ctx context.Context, tx *sql.Tx, id int64, choice string, now time.Time) error {
	var pseudonym sql.NullString
	var loginKey string
	if err := tx.QueryRowContext(ctx, `SELECT pseudonym, login_key FROM users WHERE id = $1`, id).Scan(&pseudonym, &loginKey); err != nil {
		return err
	}
	steps := []func() error{
		func() error { return s.forgetConversations(ctx, tx, id, now) },
		func() error { return s.forgetForum(ctx, tx, id, choice, now) },
		func() error { return s.opts.Events.Forget(ctx, tx, id, now) },
		func() error { return identity.LeaveAllCircles(ctx, tx, id) },
		func() error { return forgetNotices(ctx, tx, id, pseudonym.String) },
		func() error { return forgetAccount(ctx, tx, id, loginKey, now) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	// The tombstone in the audit log: the account's number and what was
	// chosen for the posts; no login, pseudonym or name.
	return audit.Append(ctx, tx, &audit.Record{Chain: audit.ChainAdmin, At: now,
		Action: "account.deleted", TargetKind: "user", TargetID: strconv.FormatInt(id, 10),
		Details: map[string]string{"forum_posts": choice}})
}
