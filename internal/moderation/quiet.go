package moderation

import (
	"context"
	"database/sql"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/sqldb"
)

// Quiet is a member who took part and has gone quiet.
type Quiet struct {
	ID           int64
	Pseudonym    string
	LastSignedIn *time.Time // nil when not recorded
	Posts        int
	LastPostAt   time.Time
	LastCheckIn  *time.Time // the last conversation a moderator started with them
}

// QuietMembers lists the service users of the actor's communities who
// have written in the forum and have not signed in for
// Options.QuietAfter (default 21 days), longest quiet first. Members on
// a break they chose are left alone.
func (s *Service) QuietMembers(ctx context.Context, actor *identity.User) ([]Quiet, error) {
	if _, err := s.scopeOf(ctx, s.db, actor); err != nil {
		return nil, err
	}
	now := s.now()
	cutoff := now.Add(-s.opts.QuietAfter)
	rows, err := s.db.QueryContext(ctx, `SELECT u.id, u.pseudonym, u.last_signed_in_at,
		(SELECT COUNT(*) FROM posts p WHERE p.author_id = u.id AND p.deleted_at IS NULL),
		(SELECT MAX(p.created_at) FROM posts p WHERE p.author_id = u.id),
		(SELECT MAX(c.created_at) FROM conversations c JOIN conversation_participants cp ON cp.conversation_id = c.id AND cp.user_id = u.id
			WHERE c.kind = 'moderator')
		FROM users u
		WHERE u.role = 'service_user' AND u.disabled_at IS NULL AND u.pseudonym IS NOT NULL
		AND ($2 = 1 OR u.community_id IN (SELECT community_id FROM moderator_communities WHERE user_id = $1 UNION SELECT community_id FROM users WHERE id = $1))
		AND COALESCE(u.last_signed_in_at, u.created_at) < $3
		AND EXISTS (SELECT 1 FROM posts p WHERE p.author_id = u.id AND p.deleted_at IS NULL)
		AND NOT EXISTS (SELECT 1 FROM forum_breaks b WHERE b.user_id = u.id AND b.until > $4)
		ORDER BY COALESCE(u.last_signed_in_at, u.created_at) LIMIT 200`, actor.ID, isAdmin(actor), cutoff, now)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Quiet
	for rows.Next() {
		var q Quiet
		var signed sql.NullTime
		var lastPost, checkIn sqldb.Time
		if err := rows.Scan(&q.ID, &q.Pseudonym, &signed, &q.Posts, &lastPost, &checkIn); err != nil {
			return nil, err
		}
		q.LastPostAt = lastPost.Time
		if signed.Valid {
			q.LastSignedIn = &signed.Time
		}
		q.LastCheckIn = checkIn.Ptr()
		out = append(out, q)
	}
	return out, rows.Err()
}

// MayMessage is nil when a peer moderator may start a private
// conversation with the member: a service user of one of the
// moderator's communities. messages.New takes it.
func (s *Service) MayMessage(ctx context.Context, q sqldb.Querier, actor *identity.User, member identity.User) error {
	sc, err := s.scopeOf(ctx, q, actor)
	if err != nil {
		return err
	}
	if member.Role != identity.ServiceUser || !sc.has(sql.NullInt64{Int64: member.CommunityID, Valid: member.CommunityID != 0}) {
		return apperr.New(apperr.KindForbidden, "other_community", "err.message_other_community")
	}
	return nil
}
