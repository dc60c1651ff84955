// Package usage records usage events for research: sign-ins, posts
// written, threads viewed, reactions and so on — never any content, and
// only for members who currently consent to the study. The research
// issue builds reports on these rows.
package usage

import (
	"context"
	"time"

	"reconnect/internal/sqldb"
)

// Event kinds.
const (
	ThreadCreated = "thread_created"
	PostCreated   = "post_created"
	ThreadViewed  = "thread_viewed"
	Reacted       = "reacted"
)

// Record stores one event in the caller's transaction if, and only if,
// the member has an unwithdrawn study consent. It is one statement, so
// withdrawing consent stops recording at once.
func Record(ctx context.Context, q sqldb.Querier, userID int64, kind string, subjectID int64, at time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO usage_events (user_id, kind, subject_id, at)
		SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM consents WHERE user_id = $1 AND kind = 'study' AND withdrawn_at IS NULL)`,
		userID, kind, subjectID, at)
	return err
}
