// Package notify keeps members' in-app notices. A notice is a kind (an
// i18n key suffix) and a few arguments; it never holds post, message or
// toolbox text, so nothing private can leak through a notice. Each
// member chooses per kind (Kinds) whether it shows in the app and goes by
// e-mail; an e-mailed notice queues a content-free e-mail in the same
// transaction, and internal/mail sends it (honouring quiet hours and the
// daily digest). Added notices are announced on the member's live
// stream. See docs/notifications.md.
package notify

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/sqldb"
)

// Notice kinds.
const (
	KindIdentityLookup = "identity_lookup" // an administrator looked up who is behind the member's pseudonym
	KindRevealReceived = "reveal_received" // someone showed the member who they are
	KindRevealRequest  = "reveal_request"  // someone asks whether to get to know each other
	KindCircleInvite   = "circle_invite"   // invited into a circle
)

// Notice is one notice to a member.
type Notice struct {
	ID        int64
	Kind      string
	Args      map[string]string
	CreatedAt time.Time
	ReadAt    *time.Time
}

// Add stores a notice inside the caller's transaction, so it exists
// exactly when the change it reports does, and announces it on the
// member's live stream (under a context marked by WithPublisher). It
// honours the member's preferences for the kind: with the app channel
// off the notice is not stored, unless it is e-mailed, when it is stored
// already read so that the e-mail's link leads to it. Under a context
// marked by WithEmail it also queues the e-mail there.
func Add(ctx context.Context, tx *sql.Tx, userID int64, kind string, args map[string]string, at time.Time) error {
	return AddMany(ctx, tx, []int64{userID}, kind, args, at)
}

// AddMany is Add for several members at once, with a fixed number of
// statements however many they are (a reply to a watched thread, a
// crisis alert to every moderator who reaches the post). IDs must be
// distinct.
func AddMany(ctx context.Context, tx *sql.Tx, userIDs []int64, kind string, args map[string]string, at time.Time) error {
	for len(userIDs) > 0 {
		n := min(len(userIDs), manyChunk)
		if err := addChunk(ctx, tx, userIDs[:n], kind, args, at); err != nil {
			return err
		}
		userIDs = userIDs[n:]
	}
	return nil
}

// manyChunk bounds the placeholders in one statement (SQLite allows
// 32,766, PostgreSQL 65,535; an insert takes five per notice).
const manyChunk = 500

func addChunk(ctx context.Context, tx *sql.Tx, ids []int64, kind string, args map[string]string, at time.Time) error {
	chans, err := channelsMany(ctx, tx, ids, kind)
	if err != nil {
		return err
	}
	if args == nil {
		args = map[string]string{}
	}
	b, err := json.Marshal(args)
	if err != nil {
		return err
	}
	var sb strings.Builder
	vals := make([]any, 0, 3+2*len(ids))
	vals = append(vals, kind, string(b), at)
	var inApp, email []int64
	for _, id := range ids {
		c := chans[id]
		mail := c.Email && EmailOn(ctx)
		if !c.InApp && !mail {
			continue
		}
		var read any
		if c.InApp {
			inApp = append(inApp, id)
		} else {
			read = at
		}
		if mail {
			email = append(email, id)
		}
		if len(vals) > 3 {
			sb.WriteString(", ")
		}
		vals = append(vals, id, read)
		fmt.Fprintf(&sb, "($%d, $1, $2, $3, $%d)", len(vals)-1, len(vals))
	}
	if len(vals) == 3 {
		return nil
	}
	rows, err := tx.QueryContext(ctx, `INSERT INTO notifications (user_id, kind, args, created_at, read_at) VALUES `+sb.String()+` RETURNING id, user_id`, vals...) // #nosec G202 -- only numbered placeholders are joined in; values are bound
	if err != nil {
		return err
	}
	noticeOf := map[int64]int64{}
	if err := scanPairs(rows, func(id, user int64) { noticeOf[user] = id }); err != nil {
		return err
	}
	if err := announceMany(ctx, tx, inApp, kind, noticeOf); err != nil {
		return err
	}
	if len(email) == 0 {
		return nil
	}
	// An e-mail for the notice goes into the outbox in the notice's
	// transaction for members with a verified address with notices on;
	// this reads only those flags, never the (sealed) address. When it
	// goes out (quiet hours, the daily digest) is the mail worker's
	// business.
	mailArgs := []any{kind, EmailLink(kind, args), at}
	_, err = tx.ExecContext(ctx, `INSERT INTO mail_outbox (user_id, kind, link, created_at, next_attempt_at)
		SELECT user_id, $1, $2, $3, $3 FROM email_addresses WHERE user_id IN (`+sqldb.Placeholders(&mailArgs, email)+`) AND verified_at IS NOT NULL AND notices = TRUE`,
		mailArgs...) // #nosec G202 -- only numbered placeholders are joined in; values are bound
	return err
}

// scanPairs reads rows of two integers and closes them.
func scanPairs(rows *sql.Rows, f func(a, b int64)) error {
	for rows.Next() {
		var a, b int64
		if err := rows.Scan(&a, &b); err != nil {
			_ = rows.Close() // already returning an error
			return err
		}
		f(a, b)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	return rows.Err()
}

// Service reads and marks notices.
type Service struct {
	db  *sqldb.DB
	now func() time.Time
}

// New returns a Service.
func New(db *sqldb.DB, now func() time.Time) *Service { return &Service{db: db, now: now} }

// Filter narrows a list of notices.
type Filter struct {
	Kinds  []string // only these kinds (all when empty)
	Unread bool     // only unread notices
}

// List returns the member's notices, newest first, before the given ID
// (0 for the first page).
func (s *Service) List(ctx context.Context, userID int64, limit int, before int64) ([]Notice, error) {
	return s.Find(ctx, userID, Filter{}, limit, before)
}

// Find is List narrowed by f.
func (s *Service) Find(ctx context.Context, userID int64, f Filter, limit int, before int64) ([]Notice, error) {
	if before <= 0 {
		before = 1<<63 - 1
	}
	q := `SELECT id, kind, args, created_at, read_at FROM notifications WHERE user_id = $1 AND id < $2`
	params := []any{userID, before, limit}
	if f.Unread {
		q += ` AND read_at IS NULL`
	}
	if len(f.Kinds) > 0 {
		marks := make([]string, len(f.Kinds))
		for i, k := range f.Kinds {
			params = append(params, k)
			marks[i] = "$" + strconv.Itoa(len(params))
		}
		q += ` AND kind IN (` + strings.Join(marks, ", ") + `)`
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY id DESC LIMIT $3`, params...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Notice
	for rows.Next() {
		var n Notice
		var args string
		var read sql.NullTime
		if err := rows.Scan(&n.ID, &n.Kind, &args, &n.CreatedAt, &read); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(args), &n.Args); err != nil {
			return nil, err
		}
		if read.Valid {
			n.ReadAt = &read.Time
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// Unread counts the member's unread notices.
func (s *Service) Unread(ctx context.Context, userID int64) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL`, userID).Scan(&n)
	return n, err
}

// MarkRead marks the given notices read (all when ids is empty). Other
// members' notices are not touched; asking for them is not_found.
func (s *Service) MarkRead(ctx context.Context, userID int64, ids []int64) error {
	now := s.now()
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		if len(ids) == 0 {
			if _, err := tx.ExecContext(ctx, `UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL`, now, userID); err != nil {
				return err
			}
			return announce(ctx, tx, userID, "notice_read", Live{})
		}
		for _, id := range ids {
			res, err := tx.ExecContext(ctx, `UPDATE notifications SET read_at = COALESCE(read_at, $1) WHERE id = $2 AND user_id = $3`, now, id, userID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return apperr.NotFound()
			}
		}
		return announce(ctx, tx, userID, "notice_read", Live{})
	})
}
