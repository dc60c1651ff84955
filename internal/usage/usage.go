// Package usage records usage events for research: sign-ins, posts
// written, threads viewed, reactions, café answers and attendance,
// toolbox use per tool, care messages sent — never any content, and
// only for members who currently consent to the study.
package usage

import (
	"context"
	"database/sql"
	"time"

	"reconnect/internal/sqldb"
)

// Event kinds.
const (
	SignedIn        = "signed_in"
	ThreadCreated   = "thread_created"
	PostCreated     = "post_created"
	ThreadViewed    = "thread_viewed" // once per member, thread and day (the forum's rule)
	Reacted         = "reacted"
	Answered        = "rsvp"     // subject: event; detail: the occurrence (unix seconds)
	Attended        = "attended" // subject: event; detail: "cafe@" or "gathering@" and the occurrence (unix seconds)
	ToolboxUsed     = "toolbox"  // an item created or changed; detail: the tool
	CareMessageSent = "care_message"
)

// Record stores one event in the caller's transaction if, and only if,
// the member has an unwithdrawn study consent. It is one statement, so
// withdrawing consent stops recording at once.
func Record(ctx context.Context, q sqldb.Querier, userID int64, kind string, subjectID int64, at time.Time) error {
	return RecordDetail(ctx, q, userID, kind, subjectID, "", at)
}

// RecordDetail is Record with a detail (a tool's name, an occurrence).
func RecordDetail(ctx context.Context, q sqldb.Querier, userID int64, kind string, subjectID int64, detail string, at time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO usage_events (user_id, kind, subject_id, detail, at)
		SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM consents WHERE user_id = $1 AND kind = 'study' AND withdrawn_at IS NULL)`,
		userID, kind, subjectID, detail, at)
	return err
}

// Forget deletes the member's past usage events (she may ask for it
// when she withdraws from the study). It returns how many went.
func Forget(ctx context.Context, tx *sql.Tx, userID int64) (int64, error) {
	res, err := tx.ExecContext(ctx, `DELETE FROM usage_events WHERE user_id = $1`, userID)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
