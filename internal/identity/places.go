package identity

import (
	"context"
	"database/sql"
	"strconv"
	"time"
	"unicode/utf8"

	"reconnect/internal/apperr"
	"reconnect/internal/audit"
)

// Place is a local place name the identifying-details check looks for in
// a community: a shop, a street, a health centre, a café.
type Place struct {
	ID          int64
	CommunityID int64
	Name        string
	CreatedAt   time.Time
}

// Places lists a community's places by name.
func (s *Service) Places(ctx context.Context, communityID int64) ([]Place, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, community_id, name, created_at FROM places WHERE community_id = $1 ORDER BY name`, communityID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Place
	for rows.Next() {
		var p Place
		if err := rows.Scan(&p.ID, &p.CommunityID, &p.Name, &p.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// AddPlace adds a place to a community's list. Administrators only.
func (s *Service) AddPlace(ctx context.Context, actor *User, communityID int64, name string) (Place, error) {
	if actor != nil && actor.Role != Admin {
		return Place{}, apperr.NotFound()
	}
	p := Place{CommunityID: communityID, CreatedAt: s.now()}
	if !singleLine(name) {
		return p, apperr.Invalid("err.fix_fields").WithField("name", "field.invalid_characters")
	}
	p.Name = clean(name)
	if n := utf8.RuneCountInString(p.Name); n < 2 || n > 80 {
		return p, apperr.Invalid("err.fix_fields").WithField("name", "field.place.length")
	}
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM communities WHERE id = $1`, communityID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return apperr.Invalid("err.fix_fields").WithField("community_id", "field.community.unknown")
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO places (community_id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (community_id, name) DO NOTHING RETURNING id`,
			communityID, p.Name, p.CreatedAt).Scan(&p.ID)
		if err == sql.ErrNoRows {
			return apperr.Conflict("place_exists", "err.fix_fields").WithField("name", "field.place.exists")
		}
		if err != nil {
			return err
		}
		var actorID int64
		if actor != nil {
			actorID = actor.ID
		}
		return audit.Append(ctx, tx, &audit.Record{Chain: audit.ChainAdmin, At: p.CreatedAt, ActorID: actorID,
			Action: "place.add", TargetKind: "place", TargetID: strconv.FormatInt(p.ID, 10)})
	})
	return p, err
}

// RemovePlace removes a place. Administrators only.
func (s *Service) RemovePlace(ctx context.Context, actor *User, id int64) error {
	if actor.Role != Admin {
		return apperr.NotFound()
	}
	return s.deleteAudited(ctx, actor.ID, `DELETE FROM places WHERE id = $1`, []any{id}, "place.remove", "place", id)
}

// AllRealNames returns every real name the system knows, for the
// identifying-details check's index. It never leaves the server.
func (s *Service) AllRealNames(ctx context.Context) ([]string, error) {
	return queryStrings(ctx, s.db, `SELECT full_name FROM real_names`)
}

// OwnRealName returns the member's own real name, or "", for checking
// their drafts. It is never shown to anyone else.
func (s *Service) OwnRealName(ctx context.Context, userID int64) (string, error) {
	var n string
	err := s.db.QueryRowContext(ctx, `SELECT full_name FROM real_names WHERE user_id = $1`, userID).Scan(&n)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return n, err
}
