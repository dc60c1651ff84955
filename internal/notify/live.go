package notify

import (
	"context"
	"database/sql"
	"strconv"

	"reconnect/internal/sqldb"
)

// Publisher sends a live event about topic inside the transaction q
// (live.Hub.Publish has this shape).
type Publisher func(ctx context.Context, q sqldb.Querier, topic, event string, data any) error

type publisherKey struct{}

// WithPublisher marks ctx so that Add and MarkRead announce notices on
// the member's live stream (topic user:<id>) through p. The web server
// marks every request and App.Serve its background work; a context
// without it (a command, a unit test) announces nothing. A context value
// rather than a package variable keeps this package free of mutable
// state and safe for concurrent use.
func WithPublisher(ctx context.Context, p Publisher) context.Context {
	return context.WithValue(ctx, publisherKey{}, p)
}

// Live is the data of the live events "notice" (a notice was added) and
// "notice_read" (notices were read): IDs, kind and the unread count,
// never any text.
type Live struct {
	ID     string `json:"id,omitempty"`
	Kind   string `json:"kind,omitempty"`
	Unread int    `json:"unread"`
}

// announce publishes event with the member's unread count, in tx.
func announce(ctx context.Context, tx *sql.Tx, userID int64, event string, data Live) error {
	p, _ := ctx.Value(publisherKey{}).(Publisher)
	if p == nil {
		return nil
	}
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL`, userID).Scan(&data.Unread); err != nil {
		return err
	}
	return p(ctx, tx, "user:"+strconv.FormatInt(userID, 10), event, data)
}

// announceMany publishes "notice" to each member in userIDs with the ID
// of their new notice and their unread count, counted in one read.
func announceMany(ctx context.Context, tx *sql.Tx, userIDs []int64, kind string, noticeOf map[int64]int64) error {
	p, _ := ctx.Value(publisherKey{}).(Publisher)
	if p == nil || len(userIDs) == 0 {
		return nil
	}
	var args []any
	rows, err := tx.QueryContext(ctx, `SELECT user_id, COUNT(*) FROM notifications WHERE read_at IS NULL AND user_id IN (`+sqldb.Placeholders(&args, userIDs)+`) GROUP BY user_id`, args...) // #nosec G202 -- only numbered placeholders are joined in; values are bound
	if err != nil {
		return err
	}
	unread := make(map[int64]int, len(userIDs))
	if err := scanPairs(rows, func(id, n int64) { unread[id] = int(n) }); err != nil {
		return err
	}
	for _, id := range userIDs {
		data := Live{ID: strconv.FormatInt(noticeOf[id], 10), Kind: kind, Unread: unread[id]}
		if err := p(ctx, tx, "user:"+strconv.FormatInt(id, 10), "notice", data); err != nil {
			return err
		}
	}
	return nil
}
