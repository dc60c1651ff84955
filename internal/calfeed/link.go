package calfeed

import (
	"context"
	"database/sql"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
)

// Enable turns the caller's feed on, or replaces its link if it was on,
// and returns the new token: it is shown this once and only its hash is
// kept. The old link stops working at once.
func (s *Service) Enable(ctx context.Context, u *identity.User, showTitles bool) (string, error) {
	if !mayHave(u) {
		return "", apperr.NotFound()
	}
	token := identity.NewSecret(tokenPrefix)
	_, err := s.db.ExecContext(ctx, `INSERT INTO calendar_feeds (user_id, token_hash, show_titles, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, show_titles = excluded.show_titles, created_at = excluded.created_at, last_used_at = NULL`,
		u.ID, identity.SecretHash(token), showTitles, s.now())
	if err != nil {
		return "", err
	}
	return token, nil
}

// Rotate gives the caller's feed a new link, keeping its settings, and
// returns the new token (shown once). The old link stops working at
// once. not_found when the feed is off.
func (s *Service) Rotate(ctx context.Context, u *identity.User) (string, error) {
	if !mayHave(u) {
		return "", apperr.NotFound()
	}
	token := identity.NewSecret(tokenPrefix)
	res, err := s.db.ExecContext(ctx, `UPDATE calendar_feeds SET token_hash = $1, created_at = $2, last_used_at = NULL WHERE user_id = $3`,
		identity.SecretHash(token), s.now(), u.ID)
	if err := affected(res, err); err != nil {
		return "", err
	}
	return token, nil
}

// SetShowTitles chooses whether the feed shows event titles and places
// (true) or titles every entry "ReConnect" (false, the default).
// not_found when the feed is off.
func (s *Service) SetShowTitles(ctx context.Context, u *identity.User, show bool) error {
	if !mayHave(u) {
		return apperr.NotFound()
	}
	res, err := s.db.ExecContext(ctx, `UPDATE calendar_feeds SET show_titles = $1 WHERE user_id = $2`, show, u.ID)
	return affected(res, err)
}

// Disable turns the caller's feed off: its link stops working at once.
// Turning off a feed that is off is not an error.
func (s *Service) Disable(ctx context.Context, u *identity.User) error {
	if !mayHave(u) {
		return apperr.NotFound()
	}
	_, err := s.db.ExecContext(ctx, `DELETE FROM calendar_feeds WHERE user_id = $1`, u.ID)
	return err
}

func affected(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return apperr.NotFound()
	}
	return nil
}
