package identity

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"unicode/utf8"

	"reconnect/internal/access"
	"reconnect/internal/apperr"
	"reconnect/internal/audit"
	"reconnect/internal/notify"
)

// IdentityLookup is who is behind a pseudonym, as an administrator may
// learn it with a written reason.
type IdentityLookup struct {
	UserID      int64
	Login       string
	RealName    string
	Role        Role
	CommunityID int64
}

// LookupPseudonym tells an administrator who is behind a pseudonym. It
// needs a written reason (10–500 characters), is recorded in the audit
// log with the reason, and the member is told in the app that it
// happened and why — all in one transaction.
func (s *Service) LookupPseudonym(ctx context.Context, actor *User, pseudonym, reason string) (IdentityLookup, error) {
	if actor.Role != Admin {
		return IdentityLookup{}, apperr.NotFound()
	}
	reason = strings.TrimSpace(reason)
	if !utf8.ValidString(reason) || strings.ContainsRune(reason, 0) || utf8.RuneCountInString(reason) < 10 || utf8.RuneCountInString(reason) > 500 {
		return IdentityLookup{}, apperr.Invalid("err.fix_fields").WithField("reason", "field.lookup_reason.length")
	}
	var out IdentityLookup
	now := s.now()
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		u, err := peerByPseudonym(ctx, tx, pseudonym, "pseudonym")
		if err != nil {
			return err
		}
		out = IdentityLookup{UserID: u.ID, Login: u.Login, Role: u.Role, CommunityID: u.CommunityID}
		var name sql.NullString
		if err := tx.QueryRowContext(ctx, `SELECT full_name FROM real_names WHERE user_id = $1`, u.ID).Scan(&name); err != nil && err != sql.ErrNoRows {
			return err
		}
		out.RealName = name.String
		if err := notify.Add(ctx, tx, u.ID, notify.KindIdentityLookup, map[string]string{"reason": reason}, now); err != nil {
			return err
		}
		if err := access.Record(ctx, tx, u.ID, actor.ID, access.IdentityLookup, u.ID, now); err != nil {
			return err
		}
		return audit.Append(ctx, tx, &audit.Record{Chain: audit.ChainAdmin, At: now, ActorID: actor.ID,
			Action: "identity.lookup", TargetKind: "user", TargetID: strconv.FormatInt(u.ID, 10),
			Details: map[string]string{"reason": reason}})
	})
	return out, err
}
