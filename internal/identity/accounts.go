package identity

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"reconnect/internal/apperr"
	"reconnect/internal/audit"
)

// AccountFilter narrows the administrators' account list.
type AccountFilter struct {
	Role   Role   // "" for all
	Login  string // prefix of the login name, "" for all
	Limit  int
	Before int64 // continue after this ID
}

// Accounts lists accounts for administrators, newest first. The list
// shows logins and roles, never pseudonyms or real names: administrators
// run the service but must not be able to tell who writes what.
func (s *Service) Accounts(ctx context.Context, actor *User, f AccountFilter) ([]User, error) {
	if actor.Role != Admin {
		return nil, apperr.Forbidden()
	}
	if f.Before <= 0 {
		f.Before = 1<<63 - 1
	}
	if utf8.RuneCountInString(f.Login) > loginMax {
		// No login is that long; SQLite also refuses LIKE patterns over 50,000 bytes.
		return nil, nil
	}
	prefix := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(fold(f.Login)) + "%"
	rows, err := s.db.QueryContext(ctx, `SELECT `+userColumns+` FROM users u
		WHERE u.id < $1 AND ($2 = '' OR u.role = $2) AND u.login_key LIKE $3 ESCAPE '\'
		ORDER BY u.id DESC LIMIT $4`, f.Before, string(f.Role), prefix, f.Limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		u.Pseudonym = "" // see above
		out = append(out, u)
	}
	return out, rows.Err()
}

// AccountChange is what an administrator changes on an account; nil
// fields stay as they are.
type AccountChange struct {
	Role                  *Role
	Disabled              *bool
	ModeratorCommunityIDs *[]int64
}

// UpdateAccount applies an administrator's changes to an account in one
// transaction: all of them or none. Administrators may not change their
// own account here.
//
// A role change stays on one side of the forum line: an account that has
// written under a pseudonym never becomes staff, and staff never gain a
// pseudonym, so no account can link the two worlds. Disabling ends the
// account's sessions.
func (s *Service) UpdateAccount(ctx context.Context, actor *User, userID int64, ch AccountChange) error {
	if actor.Role != Admin {
		return apperr.Forbidden()
	}
	if ch.Role != nil && !ch.Role.Valid() {
		return apperr.Invalid("err.fix_fields").WithField("role", "field.role.invalid")
	}
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		u, err := userByID(ctx, tx, userID)
		if err != nil {
			return err
		}
		if userID == actor.ID {
			return apperr.Conflict("own_account", "err.own_account")
		}
		now := s.now()
		if ch.Role != nil && *ch.Role != u.Role {
			if err := setRole(ctx, tx, actor, &u, *ch.Role, now); err != nil {
				return err
			}
		}
		if ch.Disabled != nil && *ch.Disabled != u.Disabled() {
			if err := setDisabled(ctx, tx, actor, userID, *ch.Disabled, now); err != nil {
				return err
			}
		}
		if ch.ModeratorCommunityIDs != nil {
			return setModeratorCommunities(ctx, tx, actor, &u, *ch.ModeratorCommunityIDs, now)
		}
		return nil
	})
}

func setRole(ctx context.Context, tx *sql.Tx, actor, u *User, role Role, now time.Time) error {
	if u.Role.UsesForum() != role.UsesForum() {
		return apperr.Conflict("role_crosses_forum", "err.role_crosses_forum")
	}
	if role.NeedsCommunity() && u.CommunityID == 0 {
		return apperr.Conflict("community_required", "err.community_required")
	}
	if _, err := tx.ExecContext(ctx, `UPDATE users SET role = $1 WHERE id = $2`, role, u.ID); err != nil {
		return err
	}
	if u.Role == PeerModerator {
		if _, err := tx.ExecContext(ctx, `DELETE FROM moderator_communities WHERE user_id = $1`, u.ID); err != nil {
			return err
		}
	}
	from := u.Role
	u.Role = role
	return audit.Append(ctx, tx, &audit.Record{Chain: audit.ChainAdmin, At: now, ActorID: actor.ID,
		Action: "account.role", TargetKind: "user", TargetID: strconv.FormatInt(u.ID, 10),
		Details: map[string]string{"from": string(from), "to": string(role)}})
}

func setDisabled(ctx context.Context, tx *sql.Tx, actor *User, userID int64, disabled bool, now time.Time) error {
	var at any
	action := "account.enable"
	if disabled {
		at, action = now, "account.disable"
		if err := endSessions(ctx, tx, userID, ""); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE users SET disabled_at = $1 WHERE id = $2`, at, userID); err != nil {
		return err
	}
	return audit.Append(ctx, tx, &audit.Record{Chain: audit.ChainAdmin, At: now, ActorID: actor.ID,
		Action: action, TargetKind: "user", TargetID: strconv.FormatInt(userID, 10)})
}

// ModeratorCommunities lists the communities a moderator serves besides
// their home community.
func (s *Service) ModeratorCommunities(ctx context.Context, userID int64) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT community_id FROM moderator_communities WHERE user_id = $1 ORDER BY community_id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// setModeratorCommunities replaces the extra communities a peer
// moderator serves.
func setModeratorCommunities(ctx context.Context, tx *sql.Tx, actor, u *User, communityIDs []int64, now time.Time) error {
	if u.Role != PeerModerator {
		return apperr.Conflict("not_moderator", "err.not_moderator")
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM moderator_communities WHERE user_id = $1`, u.ID); err != nil {
		return err
	}
	ids := make([]string, 0, len(communityIDs))
	for _, c := range communityIDs {
		if c == u.CommunityID {
			continue
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM communities WHERE id = $1`, c).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return apperr.Invalid("err.fix_fields").WithField("moderator_community_ids", "field.community.unknown")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO moderator_communities (user_id, community_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, u.ID, c); err != nil {
			return err
		}
		ids = append(ids, strconv.FormatInt(c, 10))
	}
	return audit.Append(ctx, tx, &audit.Record{Chain: audit.ChainAdmin, At: now, ActorID: actor.ID,
		Action: "account.moderator_communities", TargetKind: "user", TargetID: strconv.FormatInt(u.ID, 10),
		Details: map[string]string{"communities": strings.Join(ids, ",")}})
}
