package moderation

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/forum"
	"reconnect/internal/identity"
	"reconnect/internal/notify"
)

// LongestSanction bounds a mute or suspension; a longer one is a matter
// for the administrators and the member's care team, not the forum.
const LongestSanction = 365 * 24 * time.Hour

// Sanction mutes (forum.Mute) or suspends (forum.Suspend) a member until
// the given time, with a reason the member is shown together with how
// to ask for a review. Peer moderators act on members of their own
// communities and not on other moderators; administrators on any
// member. It replaces the member's active sanction of that kind.
func (s *Service) Sanction(ctx context.Context, actor *identity.User, pseudonym, kind, reason string, until time.Time) error {
	if kind != forum.Mute && kind != forum.Suspend {
		return apperr.NotFound()
	}
	if _, err := s.scopeOf(ctx, s.db, actor); err != nil {
		return err
	}
	reason, err := checkReason("reason", reason)
	if err != nil {
		return err
	}
	now := s.now()
	switch {
	case until.IsZero():
		return apperr.Invalid("err.fix_fields").WithField("until", "field.until.required")
	case !until.After(now):
		return apperr.Invalid("err.fix_fields").WithField("until", "field.until.past")
	case until.Sub(now) > LongestSanction:
		return apperr.Invalid("err.fix_fields").WithField("until", "field.until.too_far")
	}
	until = until.UTC().Truncate(time.Microsecond)
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		m, err := s.memberInReach(ctx, tx, actor, pseudonym)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE sanctions SET lifted_at = $1 WHERE user_id = $2 AND kind = $3 AND lifted_at IS NULL`, now, m.ID, kind); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sanctions (user_id, kind, reason, until, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			m.ID, kind, reason, until, actor.ID, now); err != nil {
			return err
		}
		if err := notify.Add(ctx, tx, m.ID, KindSanction, map[string]string{"kind": kind}, now); err != nil {
			return err
		}
		return record(ctx, tx, now, actor, "member."+kind, "user", m.ID, map[string]string{"reason": reason, "until": until.Format(time.RFC3339)})
	})
}

// Lift ends a member's active mute or suspension early.
func (s *Service) Lift(ctx context.Context, actor *identity.User, pseudonym, kind string) error {
	if kind != forum.Mute && kind != forum.Suspend {
		return apperr.NotFound()
	}
	now := s.now()
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		m, err := s.memberInReach(ctx, tx, actor, pseudonym)
		if err != nil {
			return err
		}
		r, err := tx.ExecContext(ctx, `UPDATE sanctions SET lifted_at = $1 WHERE user_id = $2 AND kind = $3 AND lifted_at IS NULL AND until > $1`, now, m.ID, kind)
		if err != nil {
			return err
		}
		if n, err := r.RowsAffected(); err != nil || n == 0 {
			if err == nil {
				err = apperr.Conflict("no_sanction", "err.no_sanction")
			}
			return err
		}
		if err := notify.Add(ctx, tx, m.ID, KindSanctionLift, map[string]string{"kind": kind}, now); err != nil {
			return err
		}
		return record(ctx, tx, now, actor, "member."+kind+".lift", "user", m.ID, nil)
	})
}

// memberInReach finds a forum member by pseudonym whom the actor may
// sanction. Unknown pseudonyms (administrators have none) are
// not_found; members out of reach are forbidden, with the reason.
func (s *Service) memberInReach(ctx context.Context, tx *sql.Tx, actor *identity.User, pseudonym string) (identity.User, error) {
	sc, err := s.scopeOf(ctx, tx, actor)
	if err != nil {
		return identity.User{}, err
	}
	m, err := s.ids.PeerByMention(ctx, tx, pseudonym)
	if err != nil {
		return m, err
	}
	switch {
	case m.ID == actor.ID:
		return m, apperr.New(apperr.KindForbidden, "own_account", "err.sanction_self")
	case m.Role == identity.PeerModerator && actor.Role != identity.Admin:
		return m, apperr.New(apperr.KindForbidden, "moderator", "err.sanction_moderator")
	case !sc.has(sql.NullInt64{Int64: m.CommunityID, Valid: m.CommunityID != 0}):
		return m, apperr.New(apperr.KindForbidden, "other_community", "err.sanction_other_community")
	}
	return m, nil
}

func itoa(n int) string { return strconv.Itoa(n) }

// Member is a forum member as a moderator sees them on the sanction
// page, with their active mute or suspension, if any. Any moderator may
// look; Sanction says whether they may act.
func (s *Service) Member(ctx context.Context, actor *identity.User, pseudonym string) (identity.User, *forum.Sanction, error) {
	if _, err := s.scopeOf(ctx, s.db, actor); err != nil {
		return identity.User{}, nil, err
	}
	m, err := s.ids.PeerByMention(ctx, s.db, pseudonym)
	if err != nil {
		return m, nil, err
	}
	sn, err := s.forum.Sanction(ctx, &m)
	return m, sn, err
}
