package forum

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/sqldb"
)

// Sanction kinds. A muted member reads but does not write; a suspended
// member does not use the forum at all.
const (
	Mute    = "mute"
	Suspend = "suspend"
)

// Sanction is an active mute or suspension.
type Sanction struct {
	Kind   string
	Reason string
	Until  *time.Time
}

// activeSanction returns the member's strongest active sanction, if any.
func activeSanction(ctx context.Context, q sqldb.Querier, userID int64, now time.Time) (*Sanction, error) {
	rows, err := q.QueryContext(ctx, `SELECT kind, reason, until FROM sanctions
		WHERE user_id = $1 AND lifted_at IS NULL AND (until IS NULL OR until > $2)`, userID, now)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var best *Sanction
	for rows.Next() {
		var x Sanction
		var until sql.NullTime
		if err := rows.Scan(&x.Kind, &x.Reason, &until); err != nil {
			return nil, err
		}
		if until.Valid {
			x.Until = &until.Time
		}
		if best == nil || x.Kind == Suspend {
			best = &x
		}
	}
	return best, rows.Err()
}

// Sanction returns the member's active sanction, for showing the reason.
func (s *Service) Sanction(ctx context.Context, u *identity.User) (*Sanction, error) {
	return activeSanction(ctx, s.db, u.ID, s.now())
}

// canRead lets forum members in, unless suspended. Everyone else gets
// not_found: the forum does not exist for them.
func (s *Service) canRead(ctx context.Context, q sqldb.Querier, u *identity.User) error {
	if u == nil || !u.Role.UsesForum() {
		return apperr.NotFound()
	}
	sn, err := activeSanction(ctx, q, u.ID, s.now())
	if err != nil {
		return err
	}
	if sn != nil && sn.Kind == Suspend {
		return suspended(sn)
	}
	return nil
}

// canWrite is canRead for members who are not muted either.
func (s *Service) canWrite(ctx context.Context, q sqldb.Querier, u *identity.User) error {
	if u == nil || !u.Role.UsesForum() {
		return apperr.NotFound()
	}
	sn, err := activeSanction(ctx, q, u.ID, s.now())
	if err != nil {
		return err
	}
	switch {
	case sn == nil:
		return nil
	case sn.Kind == Suspend:
		return suspended(sn)
	default:
		return sanctionError(sn, "muted")
	}
}

func suspended(sn *Sanction) error { return sanctionError(sn, "suspended") }

// sanctionError tells the member why and until when (Oslo time), and
// how to ask for a review (in the message).
func sanctionError(sn *Sanction, code string) error {
	e := apperr.New(apperr.KindForbidden, code, "err."+code)
	until := "—"
	if sn.Until != nil {
		until = sn.Until.In(oslo).Format("02.01.2006 15:04")
	}
	e.Args = map[string]string{"reason": sn.Reason, "until": until}
	return e
}

// visibleThreadSQL is the condition under which viewer $V may see thread
// t: a category shared by all communities or limited to one the viewer
// belongs to or serves, or a circle the viewer is a member of; and not
// hidden by a moderator (moderators see hidden threads).
const visibleThreadSQL = `(
	(t.circle_id IS NULL AND EXISTS (SELECT 1 FROM categories c WHERE c.id = t.category_id AND (c.community_id IS NULL
		OR c.community_id = (SELECT community_id FROM users WHERE id = $V)
		OR c.community_id IN (SELECT community_id FROM moderator_communities WHERE user_id = $V))))
	OR (t.circle_id IS NOT NULL AND EXISTS (SELECT 1 FROM circle_members m WHERE m.circle_id = t.circle_id AND m.user_id = $V AND m.status = 'member'))
) AND (t.hidden_at IS NULL OR (SELECT role FROM users WHERE id = $V) = 'peer_moderator')`

// visibleTo returns visibleThreadSQL with the viewer bound to
// placeholder $n.
func visibleTo(n int) string { return visibleToColumn(placeholder(n)) }

// visibleToColumn returns visibleThreadSQL for the viewer in a column
// of the query (for a set of viewers at once).
func visibleToColumn(col string) string {
	return strings.ReplaceAll(visibleThreadSQL, "$V", col)
}

func isNotFound(err error) bool { return apperr.Is(err, apperr.KindNotFound) }
