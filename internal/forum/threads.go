package forum

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/sqldb"
)

// Thread is a thread as a viewer sees it.
type Thread struct {
	ID              int64
	CategoryID      int64 // 0 in a circle
	CircleID        int64 // 0 in a category
	AuthorID        int64
	AuthorPseudonym string
	AuthorShownName string // revealed to the viewer, if so
	AuthorModerator bool
	Title           string
	CreatedAt       time.Time
	LastPostAt      time.Time
	LastPostID      int64
	PostCount       int
	ViewCount       int
	Pinned, Locked  bool
	Hidden          bool
	// For the viewer.
	Unread        int   // posts after their read marker
	FirstUnreadID int64 // 0 when all read
	Watch         string
}

// threadColumns selects a thread with its author and the viewer ($1)'s
// read marker and watch level.
const threadColumns = `t.id, t.category_id, t.circle_id, t.author_id, u.pseudonym, u.role, t.title, t.created_at, t.last_post_at,
	t.last_post_id, t.post_count, t.view_count, t.pinned_at, t.locked_at, t.hidden_at,
	(SELECT last_read_id FROM thread_reads WHERE user_id = $1 AND thread_id = t.id),
	(SELECT level FROM thread_watches WHERE user_id = $1 AND thread_id = t.id)`

// threadJoins: the viewer's read marker and watch level are looked up
// per listed thread (above), not joined: a join lets PostgreSQL's
// generic plan scan all of an active reader's markers for every thread.
const threadJoins = ` FROM threads t LEFT JOIN users u ON u.id = t.author_id`

func scanThread(sc interface{ Scan(...any) error }) (Thread, error) {
	var t Thread
	var category, circle, author, lastPost, lastRead sql.NullInt64
	var pseudonym, role, watch sql.NullString
	var pinned, locked, hidden sql.NullTime
	err := sc.Scan(&t.ID, &category, &circle, &author, &pseudonym, &role, &t.Title, &t.CreatedAt, &t.LastPostAt,
		&lastPost, &t.PostCount, &t.ViewCount, &pinned, &locked, &hidden, &lastRead, &watch)
	t.CategoryID, t.CircleID, t.AuthorID, t.LastPostID = category.Int64, circle.Int64, author.Int64, lastPost.Int64
	t.AuthorPseudonym, t.AuthorModerator, t.Watch = pseudonym.String, role.String == string(identity.PeerModerator), watch.String
	t.Pinned, t.Locked, t.Hidden = pinned.Valid, locked.Valid, hidden.Valid
	if !lastRead.Valid || lastRead.Int64 < t.LastPostID {
		t.Unread = -1 // counted below when needed
	}
	t.FirstUnreadID = lastRead.Int64 // the marker, turned into the first unread post by unreadCounts
	return t, err
}

// ThreadByID returns a thread the viewer may see; anything else is
// not_found, including circles the viewer is not in.
func (s *Service) ThreadByID(ctx context.Context, u *identity.User, id int64) (Thread, error) {
	if err := s.canRead(ctx, s.db, u); err != nil {
		return Thread{}, err
	}
	t, err := threadFor(ctx, s.db, u.ID, id)
	if err != nil {
		return t, err
	}
	return t, s.shownNames(ctx, u.ID, []*Thread{&t})
}

func threadFor(ctx context.Context, q sqldb.Querier, viewer, id int64) (Thread, error) {
	t, err := scanThread(q.QueryRowContext(ctx, `SELECT `+threadColumns+threadJoins+` WHERE t.id = $2 AND `+visibleTo(1), viewer, id))
	if err == sql.ErrNoRows {
		return t, apperr.NotFound()
	}
	if err != nil {
		return t, err
	}
	return t, unreadCounts(ctx, q, []*Thread{&t}, false)
}

// unreadCounts fills in how many posts each thread has after the
// viewer's marker, and the first of them. Each count is an indexed range
// (posts_visible). On PostgreSQL a list's counts go in one query, to
// save round trips; SQLite answers in-process from a cached statement,
// where one small query per thread is the fastest.
func unreadCounts(ctx context.Context, q sqldb.Querier, ts []*Thread, batch bool) error {
	var cond strings.Builder
	var args []any
	byID := map[int64]*Thread{}
	for _, t := range ts {
		marker := t.FirstUnreadID
		t.FirstUnreadID = 0
		if t.Unread == 0 {
			continue
		}
		t.Unread = 0
		if !batch {
			var first sql.NullInt64
			if err := q.QueryRowContext(ctx, `SELECT COUNT(*), MIN(id) FROM posts WHERE thread_id = $1 AND id > $2 AND hidden_at IS NULL AND pending_at IS NULL`,
				t.ID, marker).Scan(&t.Unread, &first); err != nil {
				return err
			}
			t.FirstUnreadID = first.Int64
			continue
		}
		byID[t.ID] = t
		if len(args) > 0 {
			cond.WriteString(" OR ")
		}
		args = append(args, t.ID, marker)
		fmt.Fprintf(&cond, "(thread_id = $%d AND id > $%d)", len(args)-1, len(args))
	}
	if len(args) == 0 {
		return nil
	}
	rows, err := q.QueryContext(ctx, `SELECT thread_id, COUNT(*), MIN(id) FROM posts
		WHERE hidden_at IS NULL AND pending_at IS NULL AND (`+cond.String()+`) GROUP BY thread_id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, first int64
		var n int
		if err := rows.Scan(&id, &n, &first); err != nil {
			return err
		}
		if t := byID[id]; t != nil {
			t.Unread, t.FirstUnreadID = n, first
		}
	}
	return rows.Err()
}

// ThreadPage is one page of a thread list.
type ThreadPage struct {
	Threads []Thread
	Next    string // cursor for the next page, "" at the end
}

const threadsPerPage = 30

// Threads lists a category's or a circle's threads for the viewer:
// pinned first (on the first page), then by last activity.
func (s *Service) Threads(ctx context.Context, u *identity.User, categoryID, circleID int64, cursor string) (ThreadPage, error) {
	if err := s.canRead(ctx, s.db, u); err != nil {
		return ThreadPage{}, err
	}
	where, arg := `t.category_id = $2`, categoryID
	if circleID != 0 {
		if err := inCircle(ctx, s.db, u, circleID); err != nil {
			return ThreadPage{}, err
		}
		where, arg = `t.circle_id = $2`, circleID
	}
	after, afterID, err := decodeCursor(cursor)
	if err != nil {
		return ThreadPage{}, err
	}
	var page ThreadPage
	if cursor == "" {
		pinned, err := s.listThreads(ctx, `SELECT `+threadColumns+threadJoins+` WHERE `+where+` AND t.pinned_at IS NOT NULL AND `+visibleTo(1)+
			` ORDER BY t.pinned_at DESC LIMIT 20`, u.ID, arg)
		if err != nil {
			return page, err
		}
		page.Threads = pinned
	}
	rest, err := s.listThreads(ctx, `SELECT `+threadColumns+threadJoins+` WHERE `+where+` AND t.pinned_at IS NULL AND `+visibleTo(1)+
		` AND (t.last_post_at, t.id) < ($3, $4) ORDER BY t.last_post_at DESC, t.id DESC LIMIT $5`,
		u.ID, arg, after, afterID, threadsPerPage)
	if err != nil {
		return page, err
	}
	page.Threads = append(page.Threads, rest...)
	if len(rest) == threadsPerPage {
		last := rest[len(rest)-1]
		page.Next = encodeCursor(last.LastPostAt, last.ID)
	}
	if len(page.Threads) == 0 && circleID == 0 {
		// An empty list of a category the viewer cannot see must not
		// pass for an empty category.
		if _, err := s.CategoryByID(ctx, u, categoryID); err != nil {
			return page, err
		}
	}
	return page, nil
}

// listThreads runs a thread query whose first argument ($1) is the
// viewer's ID.
func (s *Service) listThreads(ctx context.Context, query string, args ...any) ([]Thread, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Thread
	for rows.Next() {
		t, err := scanThread(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ptrs := make([]*Thread, len(out))
	for i := range out {
		ptrs[i] = &out[i]
	}
	if err := unreadCounts(ctx, s.db, ptrs, s.db.Engine == sqldb.Postgres); err != nil {
		return nil, err
	}
	return out, s.shownNames(ctx, args[0].(int64), ptrs)
}

// shownNames adds the names thread authors revealed to the viewer.
func (s *Service) shownNames(ctx context.Context, viewer int64, ts []*Thread) error {
	if len(ts) == 0 {
		return nil
	}
	authors := make([]int64, 0, len(ts))
	for _, t := range ts {
		authors = append(authors, t.AuthorID)
	}
	shown, err := s.ids.ShownNames(ctx, viewer, authors)
	for _, t := range ts {
		t.AuthorShownName = shown[t.AuthorID]
	}
	return err
}

// UnreadThreads lists the threads with posts the viewer has not read,
// newest activity first, leaving out threads the viewer muted.
func (s *Service) UnreadThreads(ctx context.Context, u *identity.User) ([]Thread, error) {
	if err := s.canRead(ctx, s.db, u); err != nil {
		return nil, err
	}
	return s.listThreads(ctx, `SELECT `+threadColumns+threadJoins+`
		LEFT JOIN thread_reads r ON r.thread_id = t.id AND r.user_id = $1
		LEFT JOIN thread_watches w ON w.thread_id = t.id AND w.user_id = $1 WHERE `+visibleTo(1)+`
		AND t.last_post_id > COALESCE(r.last_read_id, 0) AND (w.level IS NULL OR w.level <> 'mute')
		ORDER BY t.last_post_at DESC LIMIT 100`, u.ID)
}

// Member finds a forum member by pseudonym and the threads they started
// that the viewer may see, newest first.
func (s *Service) Member(ctx context.Context, u *identity.User, pseudonym string) (identity.User, []Thread, error) {
	if err := s.canRead(ctx, s.db, u); err != nil {
		return identity.User{}, nil, err
	}
	m, err := s.ids.PeerByMention(ctx, s.db, pseudonym)
	if err != nil {
		return m, nil, err
	}
	ts, err := s.listThreads(ctx, `SELECT `+threadColumns+threadJoins+` WHERE t.author_id = $2 AND `+visibleTo(1)+
		` ORDER BY t.created_at DESC LIMIT 20`, u.ID, m.ID)
	return m, ts, err
}
