package identity

import (
	"context"
	"database/sql"
	"errors"
	"regexp"
	"strconv"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/audit"
	"reconnect/internal/sqldb"
)

// Community is a municipality or service area with its own cafés.
type Community struct {
	ID        int64
	Slug      string
	Name      string
	Timezone  string
	CreatedAt time.Time
}

// NewCommunity is the input for CreateCommunity.
type NewCommunity struct {
	Name     string
	Slug     string
	Timezone string // default Europe/Oslo
}

var slugRE = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$`)

// Communities lists every community by name. Anyone signed in may list
// them: names of municipalities are no secret.
func (s *Service) Communities(ctx context.Context) ([]Community, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, slug, name, timezone, created_at FROM communities ORDER BY name, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Community
	for rows.Next() {
		var c Community
		if err := rows.Scan(&c.ID, &c.Slug, &c.Name, &c.Timezone, &c.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// CommunityBySlug finds a community; not_found if there is none.
func (s *Service) CommunityBySlug(ctx context.Context, slug string) (Community, error) {
	var c Community
	err := s.db.QueryRowContext(ctx, `SELECT id, slug, name, timezone, created_at FROM communities WHERE slug = $1`, slug).
		Scan(&c.ID, &c.Slug, &c.Name, &c.Timezone, &c.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return c, apperr.NotFound()
	}
	return c, err
}

// CreateCommunity adds a community. Administrators only.
func (s *Service) CreateCommunity(ctx context.Context, actor *User, in NewCommunity) (Community, error) {
	if actor.Role != Admin {
		return Community{}, apperr.Forbidden()
	}
	c := Community{Slug: in.Slug, Timezone: in.Timezone, CreatedAt: s.now()}
	fe := fieldErrors{}
	name, problem := checkName(in.Name)
	fe.add("name", problem)
	c.Name = name
	if !slugRE.MatchString(c.Slug) {
		fe.add("slug", "field.slug.invalid")
	}
	if c.Timezone == "" {
		c.Timezone = "Europe/Oslo"
	}
	if _, err := time.LoadLocation(c.Timezone); err != nil || !singleLine(c.Timezone) || c.Timezone == "Local" {
		fe.add("timezone", "field.timezone.invalid")
	}
	if err := fe.err(); err != nil {
		return c, err
	}
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		var exists int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM communities WHERE slug = $1`, c.Slug).Scan(&exists); err != nil {
			return err
		}
		if exists > 0 {
			return apperr.Conflict("slug_taken", "err.fix_fields").WithField("slug", "field.slug.taken")
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO communities (slug, name, timezone, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			c.Slug, c.Name, c.Timezone, c.CreatedAt).Scan(&c.ID)
		if err != nil {
			return err
		}
		return audit.Append(ctx, tx, &audit.Record{Chain: audit.ChainAdmin, At: c.CreatedAt, ActorID: actor.ID,
			Action: "community.create", TargetKind: "community", TargetID: strconv.FormatInt(c.ID, 10),
			Details: map[string]string{"slug": c.Slug}})
	})
	return c, conflictOr(err, "slug_taken", "slug", "field.slug.taken")
}

// conflictOr turns a unique violation that slipped past a pre-check (a
// race between nodes) into the same 409 the pre-check gives.
func conflictOr(err error, code, field, problem string) error {
	if err != nil && sqldb.IsUniqueViolation(err) {
		return apperr.Conflict(code, "err.fix_fields").WithField(field, problem)
	}
	return err
}
