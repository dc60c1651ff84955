package identity

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/sqldb"
)

// User is an account as the rest of the system sees it. It never carries
// a real name: that lives apart and is read only for its owner or, later,
// a linked provider.
type User struct {
	ID          int64
	Login       string
	Role        Role
	CommunityID int64  // 0 when the account has no home community
	Pseudonym   string // "" for roles that do not use the forum
	Language    string
	CreatedAt   time.Time
	DisabledAt  *time.Time
	OnboardedAt *time.Time // nil until the member has finished onboarding
}

// Disabled reports whether the account has been switched off.
func (u *User) Disabled() bool { return u.DisabledAt != nil }

const userColumns = `u.id, u.login, u.role, u.community_id, u.pseudonym, u.language, u.created_at, u.disabled_at, u.onboarded_at`

type scanner interface{ Scan(dest ...any) error }

func scanUser(s scanner, extra ...any) (User, error) {
	var u User
	var community sql.NullInt64
	var pseudonym sql.NullString
	var disabled, onboarded sql.NullTime
	dest := append([]any{&u.ID, &u.Login, &u.Role, &community, &pseudonym, &u.Language, &u.CreatedAt, &disabled, &onboarded}, extra...)
	if err := s.Scan(dest...); err != nil {
		return u, err
	}
	u.CommunityID = community.Int64
	u.Pseudonym = pseudonym.String
	u.CreatedAt = u.CreatedAt.UTC()
	if disabled.Valid {
		t := disabled.Time.UTC()
		u.DisabledAt = &t
	}
	if onboarded.Valid {
		t := onboarded.Time.UTC()
		u.OnboardedAt = &t
	}
	return u, nil
}

// UserByID returns the account with id. Callers decide who may see it;
// a missing account is apperr not_found.
func (s *Service) UserByID(ctx context.Context, id int64) (User, error) {
	return userByID(ctx, s.db, id)
}

func userByID(ctx context.Context, q sqldb.Querier, id int64) (User, error) {
	u, err := scanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return u, apperr.NotFound()
	}
	return u, err
}

// RealName returns the name stored apart for the account, or "".
// Only the account's owner may be shown it (and, later, linked providers).
func (s *Service) RealName(ctx context.Context, actor *User, userID int64) (string, error) {
	if actor.ID != userID {
		return "", apperr.NotFound()
	}
	var name string
	err := s.db.QueryRowContext(ctx, `SELECT full_name FROM real_names WHERE user_id = $1`, userID).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return name, err
}

// SetLanguage stores the account's preferred language.
func (s *Service) SetLanguage(ctx context.Context, actor *User, lang string) error {
	if lang != "nb" && lang != "en" {
		return apperr.Invalid("err.fix_fields").WithField("language", "field.language.invalid")
	}
	_, err := s.db.ExecContext(ctx, `UPDATE users SET language = $1 WHERE id = $2`, lang, actor.ID)
	if err == nil {
		actor.Language = lang
	}
	return err
}

func scanUserRow(row *sql.Row) (User, error) {
	u, err := scanUser(row)
	if errors.Is(err, sql.ErrNoRows) {
		return u, apperr.NotFound()
	}
	return u, err
}

func apperrField(field, problem string) error {
	return apperr.Invalid("err.fix_fields").WithField(field, problem)
}

// LoginLookupForDemo finds an account by login name. Only the demo seed
// uses it: nothing that serves requests looks accounts up by login.
func (s *Service) LoginLookupForDemo(ctx context.Context, login string) (User, error) {
	return scanUserRow(s.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.login_key = $1`, fold(login)))
}
