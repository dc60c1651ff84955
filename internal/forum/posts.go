package forum

import (
	"context"
	"database/sql"
	"html/template"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/sqldb"
)

// Post is a post as a viewer sees it.
type Post struct {
	ID               int64
	ThreadID         int64
	AuthorID         int64
	AuthorPseudonym  string
	AuthorShownName  string
	AuthorModerator  bool
	ReplyTo          int64
	ReplyToPseudonym string
	Body             string // the Markdown, for its author's edit form only
	HTML             template.HTML
	CreatedAt        time.Time
	EditedAt         *time.Time
	Deleted          bool
	Hidden           bool
	HiddenReason     string // shown to the author and moderators
	Held             bool   // hidden by members' flags until a moderator has looked
	Pending          bool   // waiting for a moderator's approval
	Mine             bool
	Reactions        []Reaction
	Collapsed        string // for this reader: CollapsedMuted or CollapsedFiltered, shown folded
	Crisis           string // set only on the author's write: "concern" or "intent" when the text has crisis language
}

// postColumns: viewer in $1.
const postColumns = `p.id, p.thread_id, p.author_id, u.pseudonym, u.role, p.reply_to, ru.pseudonym, p.body, p.body_html,
	p.created_at, p.edited_at, p.deleted_at, p.hidden_at, p.hidden_reason, p.pending_at, p.hidden_auto`

const postJoins = ` FROM posts p JOIN threads t ON t.id = p.thread_id LEFT JOIN users u ON u.id = p.author_id
	LEFT JOIN posts rp ON rp.id = p.reply_to LEFT JOIN users ru ON ru.id = rp.author_id`

// postVisibleSQL: viewer $1 sees a post unless it is hidden or waiting
// for approval — its author and moderators still do.
const postVisibleSQL = `((p.hidden_at IS NULL AND p.pending_at IS NULL) OR p.author_id = $1
	OR (SELECT role FROM users WHERE id = $1) = 'peer_moderator')`

func scanPost(sc interface{ Scan(...any) error }, viewer *identity.User) (Post, error) {
	var p Post
	var author, reply sql.NullInt64
	var pseudonym, role, replyPseudonym, hiddenReason sql.NullString
	var html string
	var edited, deleted, hidden, pending sql.NullTime
	err := sc.Scan(&p.ID, &p.ThreadID, &author, &pseudonym, &role, &reply, &replyPseudonym, &p.Body, &html,
		&p.CreatedAt, &edited, &deleted, &hidden, &hiddenReason, &pending, &p.Held)
	if err != nil {
		return p, err
	}
	p.AuthorID, p.ReplyTo = author.Int64, reply.Int64
	p.AuthorPseudonym, p.AuthorModerator, p.ReplyToPseudonym = pseudonym.String, role.String == string(identity.PeerModerator), replyPseudonym.String
	p.EditedAt = nullTime(edited)
	p.Deleted, p.Hidden, p.Pending, p.HiddenReason = deleted.Valid, hidden.Valid, pending.Valid, hiddenReason.String
	p.Held = p.Held && p.Hidden
	p.Mine = viewer != nil && p.AuthorID == viewer.ID
	p.HTML = template.HTML(html) // #nosec G203 -- body_html is markup.HTML output (sanitised) stored when written
	if p.Deleted {
		p.HTML, p.Body = "", ""
	}
	if !p.Mine {
		p.Body = ""
	}
	return p, nil
}

func nullTime(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	return &t.Time
}

// postFor returns a post the viewer may see (in a thread they may see).
func postFor(ctx context.Context, q sqldb.Querier, u *identity.User, id int64) (Post, error) {
	p, err := scanPost(q.QueryRowContext(ctx, `SELECT `+postColumns+postJoins+` WHERE p.id = $2 AND `+postVisibleSQL+` AND `+visibleTo(1), u.ID, id), u)
	if err == sql.ErrNoRows {
		return p, apperr.NotFound()
	}
	return p, err
}

// PostByID returns one post the viewer may see, with its reactions.
func (s *Service) PostByID(ctx context.Context, u *identity.User, id int64) (Post, error) {
	if err := s.canRead(ctx, s.db, u); err != nil {
		return Post{}, err
	}
	p, err := postFor(ctx, s.db, u, id)
	if err != nil {
		return p, err
	}
	ps := []Post{p}
	if err := s.decorate(ctx, u, ps); err != nil {
		return p, err
	}
	return ps[0], nil
}

// PostPage is a page of a thread's posts.
type PostPage struct {
	Posts []Post
	Prev  int64 // first post ID of the previous page, 0 at the start
	Next  int64 // first post ID of the next page, 0 at the end
}

// PostsPerPage is how many posts a thread page shows.
const PostsPerPage = 50

// Posts returns the posts of a thread the viewer may see, starting at
// post from (0: the first).
func (s *Service) Posts(ctx context.Context, u *identity.User, threadID, from int64, limit int) (PostPage, error) {
	if err := s.canRead(ctx, s.db, u); err != nil {
		return PostPage{}, err
	}
	if _, err := threadFor(ctx, s.db, u.ID, threadID); err != nil {
		return PostPage{}, err
	}
	if limit <= 0 || limit > 200 {
		limit = PostsPerPage
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+postColumns+postJoins+` WHERE p.thread_id = $2 AND p.id >= $3 AND `+postVisibleSQL+`
		ORDER BY p.id LIMIT $4`, u.ID, threadID, from, limit+1)
	if err != nil {
		return PostPage{}, err
	}
	var page PostPage
	for rows.Next() {
		p, err := scanPost(rows, u)
		if err != nil {
			_ = rows.Close() // already returning an error
			return page, err
		}
		page.Posts = append(page.Posts, p)
	}
	if err := rows.Close(); err != nil {
		return page, err
	}
	if err := rows.Err(); err != nil {
		return page, err
	}
	if len(page.Posts) > limit {
		page.Next = page.Posts[limit].ID
		page.Posts = page.Posts[:limit]
	}
	if from > 0 {
		// The previous page starts limit posts before this one.
		var prev sql.NullInt64
		err := s.db.QueryRowContext(ctx, `SELECT MIN(id) FROM (SELECT p.id FROM posts p WHERE p.thread_id = $2 AND p.id < $3 AND `+postVisibleSQL+`
			ORDER BY p.id DESC LIMIT $4) x`, u.ID, threadID, from, limit).Scan(&prev)
		if err != nil {
			return page, err
		}
		page.Prev = prev.Int64
	}
	return page, s.decorate(ctx, u, page.Posts)
}

// decorate adds reactions and the names authors revealed to the viewer.
func (s *Service) decorate(ctx context.Context, u *identity.User, ps []Post) error {
	if len(ps) == 0 {
		return nil
	}
	authors := make([]int64, 0, len(ps))
	for _, p := range ps {
		authors = append(authors, p.AuthorID)
	}
	shown, err := s.ids.ShownNames(ctx, u.ID, authors)
	if err != nil {
		return err
	}
	for i := range ps {
		ps[i].AuthorShownName = shown[ps[i].AuthorID]
	}
	if err := s.collapse(ctx, u, ps); err != nil {
		return err
	}
	return s.reactionsFor(ctx, u, ps)
}

// PageStart returns where the page holding postID starts, so that a new
// reply is shown with the posts before it.
func (s *Service) PageStart(ctx context.Context, u *identity.User, threadID, postID int64) (int64, error) {
	var start sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT MIN(id) FROM (SELECT p.id FROM posts p WHERE p.thread_id = $2 AND p.id <= $3 AND `+postVisibleSQL+`
		ORDER BY p.id DESC LIMIT $4) x`, u.ID, threadID, postID, PostsPerPage).Scan(&start)
	return start.Int64, err
}
