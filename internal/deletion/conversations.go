package deletion

import (
	"context"
	"database/sql"
	"time"
)

// forgetConversations removes the member from private conversations.
// Moderator and lift conversations are between two people and about
// her, so they are deleted for both. Care conversations in which she is
// the member are closed and kept, for her providers only, until the
// care retention ends (retain_until); her participant row and messages
// stay, pointing at the tombstone, which pages show as a former member.
// With no care retention they are deleted now.
func (s *Service) forgetConversations(ctx context.Context, tx *sql.Tx, id int64, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM conversations WHERE kind <> 'care'
		AND id IN (SELECT conversation_id FROM conversation_participants WHERE user_id = $1)`, id); err != nil {
		return err
	}
	if ret := s.opts.Retention.CareDays; ret > 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE conversations SET retain_until = $2, closed_at = COALESCE(closed_at, $3),
			closed_by = CASE WHEN closed_at IS NULL THEN $1 ELSE closed_by END WHERE kind = 'care' AND member_id = $1`,
			id, now.Add(days(ret)), now); err != nil {
			return err
		}
	} else if _, err := tx.ExecContext(ctx, `DELETE FROM conversations WHERE kind = 'care' AND member_id = $1`, id); err != nil {
		return err
	}
	for _, q := range []string{
		// Conversations she started or ended for others, if any remain.
		`UPDATE conversations SET created_by = NULL WHERE created_by = $1 AND retain_until IS NULL`,
		`UPDATE conversations SET closed_by = NULL WHERE closed_by = $1 AND retain_until IS NULL`,
		`UPDATE conversations SET last_author_id = NULL WHERE last_author_id = $1 AND retain_until IS NULL`,
		`DELETE FROM access_log WHERE owner_id = $1`,
		`UPDATE access_log SET viewer_id = NULL WHERE viewer_id = $1`,
		`DELETE FROM care_links WHERE member_id = $1 OR provider_id = $1`,
		`UPDATE care_links SET created_by = NULL WHERE created_by = $1`,
		`UPDATE care_links SET ended_by = NULL WHERE ended_by = $1`,
	} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return err
		}
	}
	return nil
}
