package forum

import (
	"context"
	"database/sql"
	"strconv"

	"reconnect/internal/apperr"
	"reconnect/internal/audit"
	"reconnect/internal/identity"
)

// ChainModeration is the audit chain of moderators' actions.
const ChainModeration = "moderation"

// SetPinned pins a thread to the top of its list (a reflection exercise
// before a café, say) or unpins it. Peer moderators only; recorded in
// the moderation log.
func (s *Service) SetPinned(ctx context.Context, actor *identity.User, threadID int64, pinned bool) error {
	if actor.Role != identity.PeerModerator {
		return apperr.NotFound()
	}
	if _, err := threadFor(ctx, s.db, actor.ID, threadID); err != nil {
		return err
	}
	now := s.now()
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		var at any
		action := "thread.unpin"
		if pinned {
			at, action = now, "thread.pin"
		}
		if _, err := tx.ExecContext(ctx, `UPDATE threads SET pinned_at = $1 WHERE id = $2`, at, threadID); err != nil {
			return err
		}
		return audit.Append(ctx, tx, &audit.Record{Chain: ChainModeration, At: now, ActorID: actor.ID,
			Action: action, TargetKind: "thread", TargetID: strconv.FormatInt(threadID, 10)})
	})
}
