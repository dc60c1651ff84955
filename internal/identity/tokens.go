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
)

// tokenPrefix makes leaked tokens easy for secret scanners to spot.
const tokenPrefix = "rcn_"

// maxTokens is how many access tokens one account may hold.
const maxTokens = 20

// Token is a personal access token for the API. The secret is shown once
// at creation and only its hash is kept.
type Token struct {
	ID         int64
	Name       string
	CreatedAt  time.Time
	LastUsedAt *time.Time
}

// CreateToken makes a personal access token for the actor and returns
// the secret, which is never shown again.
func (s *Service) CreateToken(ctx context.Context, actor *User, name string) (Token, string, error) {
	if !singleLine(name) {
		return Token{}, "", apperr.Invalid("err.fix_fields").WithField("name", "field.token_name.invalid")
	}
	name = clean(name)
	if name == "" || utf8.RuneCountInString(name) > tokenNameMax {
		return Token{}, "", apperr.Invalid("err.fix_fields").WithField("name", "field.token_name.invalid")
	}
	secret := newToken(tokenPrefix)
	t := Token{Name: name, CreatedAt: s.now()}
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM api_tokens WHERE user_id = $1`, actor.ID).Scan(&n); err != nil {
			return err
		}
		if n >= maxTokens {
			return apperr.Conflict("too_many_tokens", "err.too_many_tokens")
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			actor.ID, t.Name, hashSecret(secret), t.CreatedAt).Scan(&t.ID)
		if err != nil {
			return err
		}
		return audit.Append(ctx, tx, &audit.Record{Chain: audit.ChainAdmin, At: t.CreatedAt, ActorID: actor.ID,
			Action: "token.create", TargetKind: "token", TargetID: strconv.FormatInt(t.ID, 10)})
	})
	if err != nil {
		return Token{}, "", err
	}
	return t, secret, nil
}

// Tokens lists the actor's own tokens, newest first.
func (s *Service) Tokens(ctx context.Context, actor *User) ([]Token, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, created_at, last_used_at FROM api_tokens WHERE user_id = $1 ORDER BY id DESC`, actor.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		var t Token
		var used sql.NullTime
		if err := rows.Scan(&t.ID, &t.Name, &t.CreatedAt, &used); err != nil {
			return nil, err
		}
		if used.Valid {
			t.LastUsedAt = &used.Time
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken deletes one of the actor's tokens; anyone else's is
// not_found.
func (s *Service) RevokeToken(ctx context.Context, actor *User, id int64) error {
	return s.deleteAudited(ctx, actor.ID, `DELETE FROM api_tokens WHERE id = $1 AND user_id = $2`, []any{id, actor.ID}, "token.revoke", "token", id)
}

// TokenUser returns the user a bearer token belongs to, or unauthorized.
func (s *Service) TokenUser(ctx context.Context, secret string) (User, error) {
	if !strings.HasPrefix(secret, tokenPrefix) || len(secret) > 100 {
		return User{}, apperr.Unauthorized()
	}
	h := hashSecret(secret)
	var used sql.NullTime
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+`, t.last_used_at
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1`, h), &used)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, apperr.Unauthorized()
	}
	if err != nil {
		return User{}, err
	}
	if u.Disabled() {
		return User{}, apperr.Unauthorized()
	}
	if now := s.now(); !used.Valid || now.Sub(used.Time) >= touchEvery {
		if _, err := s.db.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2`, now, h); err != nil {
			return User{}, err
		}
	}
	return u, nil
}
