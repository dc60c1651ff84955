// Package care keeps care-team links between providers and the service
// users they treat. It is a care channel apart from the forum: a
// provider sees a linked member's real name (from eID, or entered at
// linking), never a pseudonym; a member sees their providers' names.
//
// A link is made by an administrator, or asked for by a provider with a
// one-time code the member accepts (or declines). The member can end a
// link at any time and the provider loses access on the next request.
package care

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"reconnect/internal/apperr"
	"reconnect/internal/audit"
	"reconnect/internal/identity"
	"reconnect/internal/sqldb"
)

// Link states.
const (
	Pending  = "pending"  // a provider's code, not yet answered
	Active   = "active"   // the provider is on the member's care team
	Ended    = "ended"    // ended by either side or an administrator
	Declined = "declined" // the member said no
)

// CodeValid is how long a provider's link code can be used.
const CodeValid = 14 * 24 * time.Hour

// ChainCare is the audit chain for links.
const ChainCare = "care"

// Link is one link as the caller may see it: a member sees the
// provider's name, a provider the member's real name.
type Link struct {
	ID         int64
	Status     string
	Name       string // the other side's name
	ProviderID int64
	MemberID   int64
	CreatedAt  time.Time
}

// Service keeps links.
type Service struct {
	db  *sqldb.DB
	ids *identity.Service
	now func() time.Time
}

// New returns the service.
func New(db *sqldb.DB, ids *identity.Service, now func() time.Time) *Service {
	return &Service{db: db, ids: ids, now: now}
}

func checkName(name string) (string, error) {
	name = strings.Join(strings.Fields(name), " ")
	if n := utf8.RuneCountInString(name); n < 2 || n > 100 || !utf8.ValidString(name) {
		return "", apperr.Invalid("err.fix_fields").WithField("member_name", "field.member_name.length")
	}
	return name, nil
}

// Link makes an active link; administrators only.
func (s *Service) Link(ctx context.Context, admin *identity.User, providerID, memberID int64, memberName string) (int64, error) {
	if admin == nil || admin.Role != identity.Admin {
		return 0, apperr.NotFound()
	}
	fe := apperr.Invalid("err.fix_fields")
	p, err := s.ids.UserByID(ctx, providerID)
	if err != nil || p.Role != identity.Provider || p.Disabled() {
		fe.WithField("provider_id", "field.provider.unknown")
	}
	m, err := s.ids.UserByID(ctx, memberID)
	if err != nil || m.Role != identity.ServiceUser || m.Disabled() {
		fe.WithField("member_id", "field.member.unknown")
	}
	name, err := checkName(memberName)
	if err != nil {
		fe.WithField("member_name", "field.member_name.length")
	}
	if len(fe.Fields) > 0 {
		return 0, fe
	}
	now := s.now()
	var id int64
	err = s.db.Write(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO care_links (provider_id, member_id, status, member_name, created_by, created_at, accepted_at)
			VALUES ($1, $2, 'active', $3, $4, $5, $5) ON CONFLICT DO NOTHING RETURNING id`, providerID, memberID, name, admin.ID, now).Scan(&id); err != nil {
			if err == sql.ErrNoRows {
				return apperr.Conflict("already_linked", "err.already_linked")
			}
			return err
		}
		return s.record(ctx, tx, admin, "link.create", id, now)
	})
	return id, err
}

// Registered links a new member to the provider whose invitation they
// registered through (identity.Options.OnInvited), inside the
// registration's transaction. The registration page told them so. An
// invitation from a provider who has since been disabled links nobody.
func Registered(ctx context.Context, tx *sql.Tx, inv identity.Invitation, u *identity.User) error {
	if inv.CareName == "" || u.Role != identity.ServiceUser {
		return nil
	}
	var role string
	var disabled sql.NullTime
	err := tx.QueryRowContext(ctx, `SELECT role, disabled_at FROM users WHERE id = $1`, inv.CreatedBy).Scan(&role, &disabled)
	if err == sql.ErrNoRows || (err == nil && (role != string(identity.Provider) || disabled.Valid)) {
		return nil
	}
	if err != nil {
		return err
	}
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO care_links (provider_id, member_id, status, member_name, created_by, created_at, accepted_at)
		VALUES ($1, $2, 'active', $3, $1, $4, $4) RETURNING id`, inv.CreatedBy, u.ID, inv.CareName, u.CreatedAt).Scan(&id); err != nil {
		return err
	}
	return audit.Append(ctx, tx, &audit.Record{Chain: ChainCare, At: u.CreatedAt, ActorID: u.ID, Action: "link.register", TargetKind: "care_link",
		TargetID: strconv.FormatInt(id, 10)})
}

// Ask starts a provider's request: a one-time code (shown once) the
// member enters to accept or decline, valid CodeValid.
func (s *Service) Ask(ctx context.Context, provider *identity.User, memberName string) (string, error) {
	if provider == nil || provider.Role != identity.Provider {
		return "", apperr.NotFound()
	}
	name, err := checkName(memberName)
	if err != nil {
		return "", err
	}
	code := identity.NewCode()
	now := s.now()
	err = s.db.Write(ctx, func(tx *sql.Tx) error {
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO care_links (provider_id, status, member_name, code_hash, code_expires_at, created_by, created_at)
			VALUES ($1, 'pending', $2, $3, $4, $1, $5) RETURNING id`, provider.ID, name, identity.CodeHash(code), now.Add(CodeValid), now).Scan(&id); err != nil {
			return err
		}
		return s.record(ctx, tx, provider, "link.ask", id, now)
	})
	return code, err
}

// Answer lets a service user accept or decline a provider's code.
func (s *Service) Answer(ctx context.Context, member *identity.User, code string, accept bool) error {
	if member == nil || member.Role != identity.ServiceUser {
		return apperr.NotFound()
	}
	now := s.now()
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		var id, provider int64
		err := tx.QueryRowContext(ctx, `SELECT id, provider_id FROM care_links WHERE code_hash = $1 AND status = 'pending' AND code_expires_at > $2`,
			identity.CodeHash(code), now).Scan(&id, &provider)
		if err == sql.ErrNoRows {
			return apperr.Invalid("err.fix_fields").WithField("code", "field.care_code.unknown")
		}
		if err != nil {
			return err
		}
		status, action := Declined, "link.decline"
		if accept {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM care_links WHERE provider_id = $1 AND member_id = $2 AND status = 'active'`, provider, member.ID).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return apperr.Conflict("already_linked", "err.already_linked")
			}
			status, action = Active, "link.accept"
		}
		if _, err := tx.ExecContext(ctx, `UPDATE care_links SET status = $1, member_id = $2, accepted_at = $3, code_hash = NULL WHERE id = $4`,
			status, member.ID, now, id); err != nil {
			return err
		}
		return s.record(ctx, tx, member, action, id, now)
	})
}

// End ends a link: the member, the provider or an administrator.
func (s *Service) End(ctx context.Context, actor *identity.User, linkID int64) error {
	now := s.now()
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		var provider, member sql.NullInt64
		var status string
		err := tx.QueryRowContext(ctx, `SELECT provider_id, member_id, status FROM care_links WHERE id = $1`, linkID).Scan(&provider, &member, &status)
		if err == sql.ErrNoRows || (err == nil && actor.Role != identity.Admin && actor.ID != provider.Int64 && actor.ID != member.Int64) {
			return apperr.NotFound()
		}
		if err != nil {
			return err
		}
		if status != Active && status != Pending {
			return apperr.Conflict("link_ended", "err.link_ended")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE care_links SET status = 'ended', ended_at = $1, ended_by = $2, code_hash = NULL WHERE id = $3`, now, actor.ID, linkID); err != nil {
			return err
		}
		// The provider leaves the member's care conversations for good;
		// the member keeps the history (internal/messages).
		if member.Valid {
			if _, err := tx.ExecContext(ctx, `UPDATE conversation_participants SET left_at = $1 WHERE user_id = $2 AND left_at IS NULL
				AND conversation_id IN (SELECT id FROM conversations WHERE kind = 'care' AND member_id = $3)`, now, provider.Int64, member.Int64); err != nil {
				return err
			}
			// Ending a link ends all sharing with that provider (internal/toolbox).
			if _, err := tx.ExecContext(ctx, `UPDATE toolbox_shares SET ended_at = $1 WHERE owner_id = $2 AND provider_id = $3 AND ended_at IS NULL`,
				now, member.Int64, provider.Int64); err != nil {
				return err
			}
		}
		return s.record(ctx, tx, actor, "link.end", linkID, now)
	})
}

// Team lists the caller's live links: a member's providers (names from
// their accounts), or a provider's members (real names from eID or
// entered at linking) and open codes. Others get not_found.
func (s *Service) Team(ctx context.Context, u *identity.User) ([]Link, error) {
	var q string
	switch u.Role {
	case identity.ServiceUser:
		q = `SELECT l.id, l.status, COALESCE(rn.full_name, ''), l.provider_id, COALESCE(l.member_id, 0), l.created_at FROM care_links l
			LEFT JOIN real_names rn ON rn.user_id = l.provider_id WHERE l.member_id = $1 AND l.status = 'active' ORDER BY l.id`
	case identity.Provider:
		q = `SELECT l.id, l.status, COALESCE(rn.full_name, l.member_name), l.provider_id, COALESCE(l.member_id, 0), l.created_at FROM care_links l
			LEFT JOIN real_names rn ON rn.user_id = l.member_id WHERE l.provider_id = $1 AND l.status IN ('active', 'pending') ORDER BY l.id`
	default:
		return nil, apperr.NotFound()
	}
	rows, err := s.db.QueryContext(ctx, q, u.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Link
	for rows.Next() {
		var l Link
		if err := rows.Scan(&l.ID, &l.Status, &l.Name, &l.ProviderID, &l.MemberID, &l.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// ProviderName is a provider's name as their service users see it, for
// the registration page of a provider's invitation ("" if the account
// is no longer a provider).
func (s *Service) ProviderName(ctx context.Context, providerID int64) (string, error) {
	var name string
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(rn.full_name, u.login) FROM users u LEFT JOIN real_names rn ON rn.user_id = u.id
		WHERE u.id = $1 AND u.role = 'provider' AND u.disabled_at IS NULL`, providerID).Scan(&name)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return name, err
}

// Linked reports whether provider and member are linked now; care
// messaging asks on every request, so an ended link takes effect at once.
func (s *Service) Linked(ctx context.Context, providerID, memberID int64) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM care_links WHERE provider_id = $1 AND member_id = $2 AND status = 'active'`, providerID, memberID).Scan(&n)
	return n > 0, err
}

// record audits a link event; details never name anyone.
func (s *Service) record(ctx context.Context, tx *sql.Tx, actor *identity.User, action string, id int64, at time.Time) error {
	return audit.Append(ctx, tx, &audit.Record{Chain: ChainCare, At: at, ActorID: actor.ID, Action: action, TargetKind: "care_link",
		TargetID: strconv.FormatInt(id, 10)})
}

// AdminLink is a link as administrators see it: logins and state, no
// names and no pseudonyms.
type AdminLink struct {
	ID            int64
	ProviderLogin string
	MemberLogin   string
	Status        string
	CreatedAt     time.Time
}

// All lists the live links and open codes, newest first, for
// administrators.
func (s *Service) All(ctx context.Context, admin *identity.User) ([]AdminLink, error) {
	if admin == nil || admin.Role != identity.Admin {
		return nil, apperr.NotFound()
	}
	rows, err := s.db.QueryContext(ctx, `SELECT l.id, p.login, COALESCE(m.login, ''), l.status, l.created_at FROM care_links l
		JOIN users p ON p.id = l.provider_id LEFT JOIN users m ON m.id = l.member_id
		WHERE l.status IN ('active', 'pending') ORDER BY l.id DESC LIMIT 500`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AdminLink
	for rows.Next() {
		var l AdminLink
		if err := rows.Scan(&l.ID, &l.ProviderLogin, &l.MemberLogin, &l.Status, &l.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}
