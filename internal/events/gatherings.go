package events

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/notify"
	"reconnect/internal/sqldb"
)

// Notices to peer moderators about members' gatherings (no details).
const (
	KindGatheringNew     = "gathering_new"     // a member proposed a gathering in a community you serve
	KindGatheringFlagged = "gathering_flagged" // someone flagged a gathering for a moderator to look at
)

// FlagReasons are why a member may flag a gathering.
var FlagReasons = []string{"unsafe", "identity", "spam", "other"}

// tellModerators notifies every active peer moderator serving the
// community (home or served), in the caller's transaction.
func tellModerators(ctx context.Context, tx *sql.Tx, community int64, kind string, args map[string]string, now time.Time) error {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM users WHERE role = 'peer_moderator' AND disabled_at IS NULL AND community_id = $1
		UNION SELECT mc.user_id FROM moderator_communities mc JOIN users u ON u.id = mc.user_id WHERE mc.community_id = $1 AND u.disabled_at IS NULL`, community)
	if err != nil {
		return err
	}
	ids, err := sqldb.ScanIDs(rows)
	if err != nil {
		return err
	}
	return notify.AddMany(ctx, tx, ids, kind, args, now)
}

// Flag asks the community's peer moderators to look at a gathering;
// they may edit or cancel it. Cafés are run by moderators and are not
// flagged. One flag per member and gathering.
func (s *Service) Flag(ctx context.Context, u *identity.User, eventID int64, reason string) error {
	e, err := s.Get(ctx, u, eventID)
	if err != nil {
		return err
	}
	if e.Kind != Gathering || u.Role == identity.Admin {
		return apperr.NotFound()
	}
	ok := false
	for _, r := range FlagReasons {
		ok = ok || r == reason
	}
	if !ok {
		return apperr.Invalid("err.fix_fields").WithField("reason", "field.flag.event_reason")
	}
	now := s.now()
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO event_flags (event_id, user_id, reason, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, eventID, u.ID, reason, now)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // flagged before: nothing new to tell
		}
		return tellModerators(ctx, tx, e.CommunityID, KindGatheringFlagged, map[string]string{"event_id": strconv.FormatInt(eventID, 10), "reason": reason}, now)
	})
}
