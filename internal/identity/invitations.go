package identity

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"reconnect/internal/apperr"
	"reconnect/internal/audit"
	"reconnect/internal/sqldb"
)

// Invitation lets one person register with a given role.
type Invitation struct {
	ID          int64
	Code        string // only right after creation; the store keeps a hash
	Role        Role
	CommunityID int64
	CreatedBy   int64
	CreatedAt   time.Time
	ExpiresAt   time.Time
	UsedAt      *time.Time
	// CareName is set on a provider's invitation: the new member's name
	// as the provider knows it. Registering links them (Options.OnInvited).
	CareName string
}

// Status is "used", "expired" or "open" at time now.
func (i *Invitation) Status(now time.Time) string {
	switch {
	case i.UsedAt != nil:
		return "used"
	case !now.Before(i.ExpiresAt):
		return "expired"
	}
	return "open"
}

// NewInvitation is the input for CreateInvitation.
type NewInvitation struct {
	Role        Role
	CommunityID int64
	ValidDays   int    // 1 to 90; 0 means the default
	CareName    string // providers only: the person's name, to link them on registration
}

// CreateInvitation makes a single-use invitation. Administrators invite
// any role; peer moderators invite service users to a community they
// serve; providers invite service users (to their own community if they
// have one).
func (s *Service) CreateInvitation(ctx context.Context, actor *User, in NewInvitation) (Invitation, error) {
	fe := fieldErrors{}
	if !in.Role.Valid() {
		fe.add("role", "field.role.invalid")
	} else if !canInvite(actor, in.Role) {
		return Invitation{}, apperr.Forbidden()
	}
	if in.ValidDays < 0 || in.ValidDays > 90 {
		fe.add("valid_days", "field.valid_days.range")
	}
	if in.Role.NeedsCommunity() && in.CommunityID == 0 {
		fe.add("community_id", "field.community.required")
	}
	if in.CareName = strings.Join(strings.Fields(in.CareName), " "); in.CareName != "" {
		if actor.Role != Provider || in.Role != ServiceUser {
			fe.add("member_name", "field.member_name.providers_only")
		} else if n := utf8.RuneCountInString(in.CareName); n < 2 || n > 100 || !utf8.ValidString(in.CareName) {
			fe.add("member_name", "field.member_name.length")
		}
	}
	if err := fe.err(); err != nil {
		return Invitation{}, err
	}
	ttl := s.opts.InvitationTTL
	if in.ValidDays > 0 {
		ttl = time.Duration(in.ValidDays) * 24 * time.Hour
	}
	now := s.now()
	inv := Invitation{Code: newInvitationCode(), Role: in.Role, CommunityID: in.CommunityID,
		CreatedBy: actor.ID, CreatedAt: now, ExpiresAt: now.Add(ttl), CareName: in.CareName}
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		if in.CommunityID != 0 {
			if err := checkCommunityForInviter(ctx, tx, actor, in.CommunityID); err != nil {
				return err
			}
		}
		var careName any
		if inv.CareName != "" {
			careName = inv.CareName
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO invitations (code_hash, role, community_id, created_by, created_at, expires_at, care_name)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			hashSecret(normaliseInvitationCode(inv.Code)), inv.Role, nullID(inv.CommunityID), actor.ID, inv.CreatedAt, inv.ExpiresAt, careName).Scan(&inv.ID)
		if err != nil {
			return err
		}
		return audit.Append(ctx, tx, &audit.Record{Chain: audit.ChainAdmin, At: now, ActorID: actor.ID,
			Action: "invitation.create", TargetKind: "invitation", TargetID: strconv.FormatInt(inv.ID, 10),
			Details: map[string]string{"role": string(inv.Role), "community_id": strconv.FormatInt(inv.CommunityID, 10)}})
	})
	return inv, err
}

// checkCommunityForInviter makes sure the community exists and that the
// inviter may invite into it.
func checkCommunityForInviter(ctx context.Context, q sqldb.Querier, actor *User, communityID int64) error {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM communities WHERE id = $1`, communityID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return apperr.Invalid("err.fix_fields").WithField("community_id", "field.community.unknown")
	}
	switch actor.Role {
	case PeerModerator:
		ok, err := servesCommunity(ctx, q, actor, communityID)
		if err != nil {
			return err
		}
		if !ok {
			return apperr.Invalid("err.fix_fields").WithField("community_id", "field.community.not_yours")
		}
	case Provider:
		if actor.CommunityID != 0 && actor.CommunityID != communityID {
			return apperr.Invalid("err.fix_fields").WithField("community_id", "field.community.not_yours")
		}
	}
	return nil
}

// servesCommunity reports whether a moderator serves the community: their
// home community or one assigned by an administrator.
func servesCommunity(ctx context.Context, q sqldb.Querier, u *User, communityID int64) (bool, error) {
	if u.CommunityID == communityID {
		return true, nil
	}
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM moderator_communities WHERE user_id = $1 AND community_id = $2`, u.ID, communityID).Scan(&n)
	return n > 0, err
}

// LookupInvitation finds an open invitation by code, for the registration
// page to show what it is for. Unknown, expired and used codes each get
// their own error so the person knows whether to ask for a new one.
func (s *Service) LookupInvitation(ctx context.Context, code string) (Invitation, error) {
	return lookupInvitation(ctx, s.db, code, s.now())
}

func lookupInvitation(ctx context.Context, q sqldb.Querier, code string, now time.Time) (Invitation, error) {
	var inv Invitation
	var community, createdBy sql.NullInt64
	var used sql.NullTime
	code = normaliseInvitationCode(code)
	if !singleLine(code) || len(code) != 20 {
		return inv, invitationErr("invitation_invalid", "field.invitation.unknown")
	}
	var careName sql.NullString
	err := q.QueryRowContext(ctx, `SELECT id, role, community_id, created_by, created_at, expires_at, used_at, care_name
		FROM invitations WHERE code_hash = $1`, hashSecret(code)).
		Scan(&inv.ID, &inv.Role, &community, &createdBy, &inv.CreatedAt, &inv.ExpiresAt, &used, &careName)
	inv.CareName = careName.String
	if errors.Is(err, sql.ErrNoRows) {
		return inv, invitationErr("invitation_invalid", "field.invitation.unknown")
	}
	if err != nil {
		return inv, err
	}
	inv.CommunityID, inv.CreatedBy = community.Int64, createdBy.Int64
	if used.Valid {
		inv.UsedAt = &used.Time
	}
	switch inv.Status(now) {
	case "used":
		e := invitationErr("invitation_used", "field.invitation.used")
		e.Kind = apperr.KindConflict
		return inv, e
	case "expired":
		return inv, invitationErr("invitation_expired", "field.invitation.expired")
	}
	return inv, nil
}

func invitationErr(code, problem string) *apperr.Error {
	return apperr.New(apperr.KindInvalid, code, problem).WithField("invitation", problem)
}

// Invitations lists invitations newest first: all of them for
// administrators, one's own for moderators and providers. before is the
// ID to continue after (0 for the first page).
func (s *Service) Invitations(ctx context.Context, actor *User, limit int, before int64) ([]Invitation, error) {
	if !canInvite(actor, ServiceUser) {
		return nil, apperr.Forbidden()
	}
	if before <= 0 {
		before = 1<<63 - 1
	}
	// The name on a provider's invitation is for that provider's eyes only.
	q := `SELECT id, role, community_id, created_by, created_at, expires_at, used_at, CASE WHEN created_by = $2 THEN COALESCE(care_name, '') ELSE '' END
	      FROM invitations WHERE id < $1 AND (created_by = $2 OR $3) ORDER BY id DESC LIMIT $4`
	rows, err := s.db.QueryContext(ctx, q, before, actor.ID, actor.Role == Admin, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Invitation
	for rows.Next() {
		var inv Invitation
		var community, createdBy sql.NullInt64
		var used sql.NullTime
		if err := rows.Scan(&inv.ID, &inv.Role, &community, &createdBy, &inv.CreatedAt, &inv.ExpiresAt, &used, &inv.CareName); err != nil {
			return nil, err
		}
		inv.CommunityID, inv.CreatedBy = community.Int64, createdBy.Int64
		if used.Valid {
			inv.UsedAt = &used.Time
		}
		out = append(out, inv)
	}
	return out, rows.Err()
}

// RevokeInvitation deletes an unused invitation. Its creator and
// administrators may; for anyone else it does not exist.
func (s *Service) RevokeInvitation(ctx context.Context, actor *User, id int64) error {
	return s.deleteAudited(ctx, actor.ID, `DELETE FROM invitations WHERE id = $1 AND used_at IS NULL AND (created_by = $2 OR $3)`,
		[]any{id, actor.ID, actor.Role == Admin}, "invitation.revoke", "invitation", id)
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
