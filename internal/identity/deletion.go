package identity

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"reconnect/internal/audit"
)

// cancelDeletion withdraws the member's pending account deletion, if
// any (internal/deletion owns the request; signing in is what cancels
// it, so identity does it inside the sign-in's transaction).
func cancelDeletion(ctx context.Context, tx *sql.Tx, userID int64, now time.Time) (bool, error) {
	res, err := tx.ExecContext(ctx, `DELETE FROM deletion_requests WHERE user_id = $1`, userID)
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	return true, audit.Append(ctx, tx, &audit.Record{Chain: audit.ChainAdmin, At: now, ActorID: userID,
		Action: "account.deletion_cancelled", TargetKind: "user", TargetID: strconv.FormatInt(userID, 10),
		Details: map[string]string{"by": "sign_in"}})
}

// LeaveAllCircles takes a member out of every circle inside tx, as
// LeaveCircle does one at a time: the longest-standing member takes
// over a circle she created, and an empty circle is deleted. Account
// deletion calls it.
func LeaveAllCircles(ctx context.Context, tx *sql.Tx, userID int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT circle_id FROM circle_members WHERE user_id = $1
		UNION SELECT id FROM circles WHERE creator_id = $1`, userID)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			_ = rows.Close() // already returning an error
			return err
		}
		ids = append(ids, id)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM circle_members WHERE user_id = $1`, userID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE circle_members SET invited_by = NULL WHERE invited_by = $1`, userID); err != nil {
		return err
	}
	for _, id := range ids {
		if err := settleCircle(ctx, tx, id, userID); err != nil {
			return err
		}
	}
	_, err = tx.ExecContext(ctx, `UPDATE circles SET creator_id = NULL WHERE creator_id = $1`, userID)
	return err
}
