package forum

import (
	"context"
	"database/sql"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"reconnect/internal/apperr"
	"reconnect/internal/audit"
	"reconnect/internal/identity"
	"reconnect/internal/sqldb"
)

// Category groups threads. Shared categories (CommunityID 0) are seen by
// every community, as in the study; others by one community only.
type Category struct {
	ID               int64
	Slug             string
	NameNB, NameEN   string
	DescNB, DescEN   string
	Position         int
	CommunityID      int64
	RequiresApproval bool // a member's first post waits for a moderator
	CreatedAt        time.Time
	// Counts for the category list, for the viewer.
	Threads  int
	Unread   int
	LastPost *time.Time
}

// Name returns the name in lang.
func (c *Category) Name(lang string) string {
	if lang == "en" {
		return c.NameEN
	}
	return c.NameNB
}

// Description returns the description in lang.
func (c *Category) Description(lang string) string {
	if lang == "en" {
		return c.DescEN
	}
	return c.DescNB
}

const categoryColumns = `c.id, c.slug, c.name_nb, c.name_en, c.description_nb, c.description_en, c.position, c.community_id, c.requires_approval, c.created_at`

func scanCategory(sc interface{ Scan(...any) error }, extra ...any) (Category, error) {
	var c Category
	var community sql.NullInt64
	err := sc.Scan(append([]any{&c.ID, &c.Slug, &c.NameNB, &c.NameEN, &c.DescNB, &c.DescEN, &c.Position, &community, &c.RequiresApproval, &c.CreatedAt}, extra...)...)
	c.CommunityID = community.Int64
	return c, err
}

// categoryVisibleSQL: the viewer $V may see category c.
const categoryVisibleSQL = `(c.community_id IS NULL OR c.community_id = (SELECT community_id FROM users WHERE id = $V)
	OR c.community_id IN (SELECT community_id FROM moderator_communities WHERE user_id = $V))`

// Categories lists the categories the viewer may see, in order, with
// thread counts and how many threads have posts the viewer has not read.
// A category's unread threads are its visible threads less those that
// are not unread for the viewer (notUnreadSQL), in one statement so both
// counts come from one snapshot.
func (s *Service) Categories(ctx context.Context, u *identity.User) ([]Category, error) {
	if err := s.canRead(ctx, s.db, u); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+categoryColumns+`,
		(SELECT COUNT(*) FROM threads t WHERE t.category_id = c.id AND t.hidden_at IS NULL),
		COALESCE(nu.n, 0),
		(SELECT MAX(t.last_post_at) FROM threads t WHERE t.category_id = c.id AND t.hidden_at IS NULL)
		FROM categories c LEFT JOIN (`+notUnreadSQL+`) nu ON nu.category_id = c.id
		WHERE `+strings.ReplaceAll(categoryVisibleSQL, "$V", "$1")+` ORDER BY c.position, c.id`, u.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Category
	for rows.Next() {
		var threads, notUnread int
		var last sqldb.Time
		c, err := scanCategory(rows, &threads, &notUnread, &last)
		if err != nil {
			return nil, err
		}
		c.Threads, c.Unread, c.LastPost = threads, threads-notUnread, last.Ptr()
		out = append(out, c)
	}
	return out, rows.Err()
}

// notUnreadSQL counts, per category, the threads that are not unread
// for viewer $1: threads whose first post still waits for approval
// (there is no post to read), threads $1 has read to the end, and muted
// threads not read to the end. Counting from this end costs what the
// member has read or muted, not what the categories hold (counting the
// unread threads directly read every thread's row and read marker: 75 ms
// for a member's front page on the full-size dataset).
const notUnreadSQL = `SELECT category_id, COUNT(*) AS n FROM (
		SELECT t.category_id FROM threads t WHERE t.last_post_id IS NULL AND t.hidden_at IS NULL AND t.category_id IS NOT NULL
		UNION ALL
		SELECT t.category_id FROM thread_reads r JOIN threads t ON t.id = r.thread_id
		 WHERE r.user_id = $1 AND t.category_id IS NOT NULL AND t.hidden_at IS NULL AND t.last_post_id <= r.last_read_id
		UNION ALL
		SELECT t.category_id FROM thread_watches w JOIN threads t ON t.id = w.thread_id
		 LEFT JOIN thread_reads r ON r.thread_id = t.id AND r.user_id = $1
		 WHERE w.user_id = $1 AND w.level = 'mute' AND t.category_id IS NOT NULL AND t.hidden_at IS NULL
		   AND t.last_post_id > COALESCE(r.last_read_id, 0)
		) x GROUP BY category_id`

// CategoryByID returns a category the viewer may see.
func (s *Service) CategoryByID(ctx context.Context, u *identity.User, id int64) (Category, error) {
	if err := s.canRead(ctx, s.db, u); err != nil {
		return Category{}, err
	}
	c, err := scanCategory(s.db.QueryRowContext(ctx, `SELECT `+categoryColumns+` FROM categories c WHERE c.id = $1 AND `+
		strings.ReplaceAll(categoryVisibleSQL, "$V", "$2"), id, u.ID))
	if err == sql.ErrNoRows {
		return c, apperr.NotFound()
	}
	return c, err
}

// CategoryInput creates or changes a category.
type CategoryInput struct {
	Slug, NameNB, NameEN, DescNB, DescEN string
	Position                             int
	CommunityID                          int64 // 0: shared by all communities
	RequiresApproval                     bool
}

var slugRE = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$`)

func checkCategory(in CategoryInput) error {
	e := apperr.Invalid("err.fix_fields")
	if !slugRE.MatchString(in.Slug) {
		e.WithField("slug", "field.slug.invalid")
	}
	for field, v := range map[string]string{"name_nb": in.NameNB, "name_en": in.NameEN} {
		if n := utf8.RuneCountInString(strings.TrimSpace(v)); n < 2 || n > 80 || !utf8.ValidString(v) || strings.ContainsAny(v, "\x00\r\n\t") {
			e.WithField(field, "field.category_name.length")
		}
	}
	for field, v := range map[string]string{"description_nb": in.DescNB, "description_en": in.DescEN} {
		if utf8.RuneCountInString(v) > 500 || !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
			e.WithField(field, "field.category_description.length")
		}
	}
	if in.Position < 0 || in.Position > 10000 {
		e.WithField("position", "field.position.range")
	}
	if len(e.Fields) > 0 {
		return e
	}
	return nil
}

// CreateCategory adds a category. Administrators only.
func (s *Service) CreateCategory(ctx context.Context, actor *identity.User, in CategoryInput) (Category, error) {
	if actor != nil && actor.Role != identity.Admin {
		return Category{}, apperr.NotFound()
	}
	if err := checkCategory(in); err != nil {
		return Category{}, err
	}
	c := Category{Slug: in.Slug, NameNB: strings.TrimSpace(in.NameNB), NameEN: strings.TrimSpace(in.NameEN), DescNB: strings.TrimSpace(in.DescNB),
		DescEN: strings.TrimSpace(in.DescEN), Position: in.Position, CommunityID: in.CommunityID, RequiresApproval: in.RequiresApproval, CreatedAt: s.now()}
	var community any
	if c.CommunityID != 0 {
		community = c.CommunityID
	}
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO categories (slug, name_nb, name_en, description_nb, description_en, position, community_id, requires_approval, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			c.Slug, c.NameNB, c.NameEN, c.DescNB, c.DescEN, c.Position, community, c.RequiresApproval, c.CreatedAt).Scan(&c.ID)
		if err != nil {
			return categoryError(err)
		}
		var actorID int64
		if actor != nil {
			actorID = actor.ID
		}
		return audit.Append(ctx, tx, &audit.Record{Chain: audit.ChainAdmin, At: c.CreatedAt, ActorID: actorID,
			Action: "category.create", TargetKind: "category", TargetID: strconv.FormatInt(c.ID, 10)})
	})
	return c, err
}

// categoryError explains a refused category write: a slug in use, or a
// community that does not exist.
func categoryError(err error) error {
	switch {
	case sqldb.IsUniqueViolation(err):
		return apperr.Conflict("slug_taken", "err.fix_fields").WithField("slug", "field.slug.taken")
	case sqldb.IsForeignKeyViolation(err):
		return apperr.Invalid("err.fix_fields").WithField("community_id", "field.community.unknown")
	}
	return err
}

// UpdateCategory changes a category. Administrators only.
func (s *Service) UpdateCategory(ctx context.Context, actor *identity.User, id int64, in CategoryInput) error {
	if actor.Role != identity.Admin {
		return apperr.NotFound()
	}
	if err := checkCategory(in); err != nil {
		return err
	}
	var community any
	if in.CommunityID != 0 {
		community = in.CommunityID
	}
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE categories SET slug = $1, name_nb = $2, name_en = $3, description_nb = $4, description_en = $5,
			position = $6, community_id = $7, requires_approval = $8 WHERE id = $9`,
			in.Slug, strings.TrimSpace(in.NameNB), strings.TrimSpace(in.NameEN), strings.TrimSpace(in.DescNB), strings.TrimSpace(in.DescEN),
			in.Position, community, in.RequiresApproval, id)
		if err != nil {
			return categoryError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.NotFound()
		}
		return audit.Append(ctx, tx, &audit.Record{Chain: audit.ChainAdmin, At: s.now(), ActorID: actor.ID,
			Action: "category.update", TargetKind: "category", TargetID: strconv.FormatInt(id, 10)})
	})
}

// AllCategories lists every category for administrators.
func (s *Service) AllCategories(ctx context.Context, actor *identity.User) ([]Category, error) {
	if actor.Role != identity.Admin {
		return nil, apperr.NotFound()
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+categoryColumns+` FROM categories c ORDER BY c.position, c.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Category
	for rows.Next() {
		c, err := scanCategory(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
