package moderation

import (
	"context"
	"html/template"
	"sort"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/sqldb"
)

// Queue item kinds, in the order moderators see them.
const (
	ItemCrisis  = "crisis"  // crisis language, not yet followed up
	ItemFlagged = "flagged" // members flagged the post
	ItemPending = "pending" // a first post waiting for approval
)

// QueuePost is a post as the queue shows it.
type QueuePost struct {
	ID              int64
	ThreadID        int64
	ThreadTitle     string
	AuthorPseudonym string
	HTML            template.HTML
	CreatedAt       time.Time
	Hidden          bool
	HiddenAuto      bool // hidden by flags, waiting for a moderator
	HiddenReason    string
	Pending         bool
}

// QueueFlag is one member's flag, shown to moderators only.
type QueueFlag struct {
	Reason           string
	Note             string
	FlaggerPseudonym string
	CreatedAt        time.Time
}

// QueueItem is one thing that needs a moderator.
type QueueItem struct {
	Kind      string
	Level     string // for crisis items: "intent" or "concern"
	OpenFlags int
	Post      QueuePost
	Flags     []QueueFlag
	Context   []QueuePost // up to two posts before it in the thread
}

// queueLimit bounds one look at the queue.
const queueLimit = 100

// Queue lists what needs the actor, within reach: crisis alerts first
// (intent before concern), then flagged posts (most flags first), then
// first posts waiting for approval (oldest first).
func (s *Service) Queue(ctx context.Context, actor *identity.User) ([]QueueItem, error) {
	items, err := s.items(ctx, actor, `(p.pending_at IS NOT NULL OR EXISTS (SELECT 1 FROM flags f WHERE f.post_id = p.id AND f.resolved_at IS NULL)
			OR EXISTS (SELECT 1 FROM crisis_alerts a WHERE a.post_id = p.id AND a.handled_at IS NULL))`)
	if err != nil {
		return nil, err
	}
	sortQueue(items)
	return items, nil
}

// Item is one post as the queue shows it, whether or not anything waits
// on it, for the page where a moderator acts on it.
func (s *Service) Item(ctx context.Context, actor *identity.User, postID int64) (QueueItem, error) {
	items, err := s.items(ctx, actor, `p.id = $3`, postID)
	if err != nil {
		return QueueItem{}, err
	}
	if len(items) == 0 {
		return QueueItem{}, apperr.NotFound()
	}
	return items[0], nil
}

// items loads queue items for posts in reach matching cond ($3 on).
func (s *Service) items(ctx context.Context, actor *identity.User, cond string, args ...any) ([]QueueItem, error) {
	if _, err := s.scopeOf(ctx, s.db, actor); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT p.id, p.thread_id, t.title, COALESCE(u.pseudonym, ''), p.body_html, p.created_at,
		p.hidden_at IS NOT NULL, p.hidden_auto, p.pending_at IS NOT NULL, COALESCE(p.hidden_reason, ''),
		(SELECT COUNT(*) FROM flags f WHERE f.post_id = p.id AND f.resolved_at IS NULL),
		COALESCE((SELECT level FROM crisis_alerts a WHERE a.post_id = p.id AND a.handled_at IS NULL), '')
		FROM posts p`+reachJoins+` LEFT JOIN users u ON u.id = p.author_id
		WHERE p.deleted_at IS NULL AND `+cond+` AND `+reachSQL+` ORDER BY p.id LIMIT `+itoa(queueLimit), append([]any{actor.ID, isAdmin(actor)}, args...)...)
	if err != nil {
		return nil, err
	}
	var items []QueueItem
	for rows.Next() {
		var it QueueItem
		var html string
		p := &it.Post
		if err := rows.Scan(&p.ID, &p.ThreadID, &p.ThreadTitle, &p.AuthorPseudonym, &html, &p.CreatedAt, &p.Hidden, &p.HiddenAuto, &p.Pending,
			&p.HiddenReason, &it.OpenFlags, &it.Level); err != nil {
			_ = rows.Close() // already returning an error
			return nil, err
		}
		p.HTML = template.HTML(html) // #nosec G203 -- posts.body_html is markup.HTML output (sanitised) stored when saved
		switch {
		case it.Level != "":
			it.Kind = ItemCrisis
		case it.OpenFlags > 0:
			it.Kind = ItemFlagged
		case p.Pending:
			it.Kind = ItemPending
		}
		items = append(items, it)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range items {
		it := &items[i]
		if it.Flags, err = openFlags(ctx, s.db, it.Post.ID); err != nil {
			return nil, err
		}
		if it.Context, err = earlierPosts(ctx, s.db, it.Post.ThreadID, it.Post.ID); err != nil {
			return nil, err
		}
	}
	return items, nil
}

// sortQueue puts crisis alerts first, then flags, then approvals.
func sortQueue(items []QueueItem) {
	rank := func(it QueueItem) int {
		switch {
		case it.Kind == ItemCrisis && it.Level == "intent":
			return 0
		case it.Kind == ItemCrisis:
			return 1
		case it.Kind == ItemFlagged:
			return 2
		}
		return 3
	}
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if rank(a) != rank(b) {
			return rank(a) < rank(b)
		}
		return a.OpenFlags > b.OpenFlags
	})
}

func openFlags(ctx context.Context, q sqldb.Querier, postID int64) ([]QueueFlag, error) {
	rows, err := q.QueryContext(ctx, `SELECT f.reason, f.note, COALESCE(u.pseudonym, ''), f.created_at FROM flags f
		LEFT JOIN users u ON u.id = f.user_id WHERE f.post_id = $1 AND f.resolved_at IS NULL ORDER BY f.id`, postID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []QueueFlag
	for rows.Next() {
		var f QueueFlag
		if err := rows.Scan(&f.Reason, &f.Note, &f.FlaggerPseudonym, &f.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// earlierPosts are the two visible posts before postID, oldest first.
func earlierPosts(ctx context.Context, q sqldb.Querier, threadID, postID int64) ([]QueuePost, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.id, COALESCE(u.pseudonym, ''), p.body_html, p.created_at FROM posts p
		LEFT JOIN users u ON u.id = p.author_id WHERE p.thread_id = $1 AND p.id < $2
		AND p.hidden_at IS NULL AND p.pending_at IS NULL AND p.deleted_at IS NULL ORDER BY p.id DESC LIMIT 2`, threadID, postID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []QueuePost
	for rows.Next() {
		p := QueuePost{ThreadID: threadID}
		var html string
		if err := rows.Scan(&p.ID, &p.AuthorPseudonym, &html, &p.CreatedAt); err != nil {
			return nil, err
		}
		p.HTML = template.HTML(html) // #nosec G203 -- posts.body_html is markup.HTML output (sanitised) stored when saved
		out = append([]QueuePost{p}, out...)
	}
	return out, rows.Err()
}
