package forum

import (
	"context"
	"database/sql"
	"strings"
	"time"
	"unicode/utf8"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/privacy"
	"reconnect/internal/sqldb"
	"reconnect/internal/usage"
)

// NewThread starts a thread in a category or a circle.
type NewThread struct {
	CategoryID  int64
	CircleID    int64
	Title       string
	Body        string
	Acknowledge bool // post despite privacy findings
}

// NewPost is a reply, optionally to a given post in the same thread.
type NewPost struct {
	Body        string
	ReplyTo     int64
	Acknowledge bool
}

func checkTitle(fe *apperr.Error, title string) string {
	if !utf8.ValidString(title) || strings.ContainsAny(title, "\x00\r\n") {
		fe.WithField("title", "field.invalid_characters")
		return ""
	}
	title = strings.Join(strings.Fields(title), " ")
	if n := utf8.RuneCountInString(title); n < TitleMin || n > TitleMax {
		fe.WithField("title", "field.title.length")
	}
	return title
}

func checkBody(fe *apperr.Error, body string) string {
	if !utf8.ValidString(body) || strings.ContainsRune(body, 0) {
		fe.WithField("body", "field.invalid_characters")
		return ""
	}
	body = strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
	if n := utf8.RuneCountInString(body); n < BodyMin || n > BodyMax {
		fe.WithField("body", "field.body.length")
	}
	return body
}

// gate runs the identifying-details check. With findings and no
// acknowledgement, nothing may be stored: the caller gets 422
// privacy_findings with the findings beside the error.
func (s *Service) gate(ctx context.Context, u *identity.User, text string, ack bool) error {
	if ack || s.opts.Check == nil {
		return nil
	}
	fs, err := s.opts.Check(ctx, u, text)
	if err != nil {
		return err
	}
	if len(fs) == 0 {
		return nil
	}
	e := apperr.New(apperr.KindUnprocessable, "privacy_findings", "err.privacy_findings")
	e.Extra = map[string]any{"findings": fs}
	return e
}

// Findings returns the privacy findings carried by a privacy_findings
// error, for pages that show them in place.
func Findings(err error) []privacy.Finding {
	e := apperr.From(err)
	if e.Code != "privacy_findings" {
		return nil
	}
	fs, _ := e.Extra["findings"].([]privacy.Finding)
	return fs
}

// CreateThread starts a thread with its first post.
func (s *Service) CreateThread(ctx context.Context, u *identity.User, in NewThread) (Thread, Post, error) {
	if err := s.canWrite(ctx, s.db, u); err != nil {
		return Thread{}, Post{}, err
	}
	fe := apperr.Invalid("err.fix_fields")
	title, body := checkTitle(fe, in.Title), checkBody(fe, in.Body)
	if (in.CategoryID == 0) == (in.CircleID == 0) {
		fe.WithField("category_id", "field.category.required")
	}
	if len(fe.Fields) > 0 {
		return Thread{}, Post{}, fe
	}
	approval, err := s.placeFor(ctx, u, in.CategoryID, in.CircleID)
	if err != nil {
		return Thread{}, Post{}, err
	}
	if err := s.gate(ctx, u, title+"\n\n"+body, in.Acknowledge); err != nil {
		return Thread{}, Post{}, err
	}
	now := s.now()
	var t Thread
	var p Post
	err = s.db.Write(ctx, func(tx *sql.Tx) error {
		pending, err := needsApproval(ctx, tx, u.ID, approval)
		if err != nil {
			return err
		}
		var category, circle any
		if in.CategoryID != 0 {
			category = in.CategoryID
		} else {
			circle = in.CircleID
		}
		var tid int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO threads (category_id, circle_id, author_id, title, created_at, last_post_at, post_count, view_count)
			VALUES ($1, $2, $3, $4, $5, $5, 0, 0) RETURNING id`, category, circle, u.ID, title, now).Scan(&tid); err != nil {
			return err
		}
		pid, err := s.insertPost(ctx, tx, u, tid, 0, body, title, pending, now)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO thread_watches (user_id, thread_id, level) VALUES ($1, $2, 'watch')`, u.ID, tid); err != nil {
			return err
		}
		if err := usage.Record(ctx, tx, u.ID, usage.ThreadCreated, tid, now); err != nil {
			return err
		}
		if t, err = threadFor(ctx, tx, u.ID, tid); err != nil {
			return err
		}
		if p, err = postFor(ctx, tx, u, pid); err != nil {
			return err
		}
		p.Crisis, err = s.crisis(ctx, tx, pid, title+"\n\n"+body)
		return err
	})
	return t, p, err
}

// placeFor checks that the viewer may write in the category or circle
// and reports whether the category holds first posts for approval.
func (s *Service) placeFor(ctx context.Context, u *identity.User, categoryID, circleID int64) (bool, error) {
	if categoryID != 0 {
		c, err := s.CategoryByID(ctx, u, categoryID)
		if apperr.Is(err, apperr.KindNotFound) {
			return false, apperr.Invalid("err.fix_fields").WithField("category_id", "field.category.unknown")
		}
		return c.RequiresApproval, err
	}
	return false, inCircle(ctx, s.db, u, circleID)
}

// inCircle is nil if the member belongs to the circle and not_found
// otherwise.
func inCircle(ctx context.Context, q sqldb.Querier, u *identity.User, circleID int64) error {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM circle_members WHERE circle_id = $1 AND user_id = $2 AND status = 'member'`, circleID, u.ID).Scan(&n)
	if err == nil && n == 0 {
		return apperr.NotFound()
	}
	return err
}

// needsApproval: in a category that asks for it, a member's first post
// waits for a moderator. Moderators never wait.
func needsApproval(ctx context.Context, tx *sql.Tx, userID int64, categoryRequires bool) (bool, error) {
	if !categoryRequires {
		return false, nil
	}
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM posts p JOIN users u ON u.id = p.author_id
		WHERE p.author_id = $1 AND (p.pending_at IS NULL OR u.role = 'peer_moderator')`, userID).Scan(&n)
	if err != nil {
		return false, err
	}
	var role string
	if err := tx.QueryRowContext(ctx, `SELECT role FROM users WHERE id = $1`, userID).Scan(&role); err != nil {
		return false, err
	}
	return n == 0 && role != string(identity.PeerModerator), nil
}

// Reply adds a post to a thread. Locked and hidden threads take none;
// reply_to must name a post in the same thread.
func (s *Service) Reply(ctx context.Context, u *identity.User, threadID int64, in NewPost) (Post, error) {
	if err := s.canWrite(ctx, s.db, u); err != nil {
		return Post{}, err
	}
	t, err := threadFor(ctx, s.db, u.ID, threadID)
	if err != nil {
		return Post{}, err
	}
	if t.Locked || t.Hidden {
		return Post{}, apperr.Conflict("thread_locked", "err.thread_locked")
	}
	fe := apperr.Invalid("err.fix_fields")
	body := checkBody(fe, in.Body)
	if len(fe.Fields) > 0 {
		return Post{}, fe
	}
	if in.ReplyTo != 0 {
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM posts WHERE id = $1 AND thread_id = $2 AND hidden_at IS NULL AND pending_at IS NULL`,
			in.ReplyTo, threadID).Scan(&n); err != nil {
			return Post{}, err
		}
		if n == 0 {
			return Post{}, apperr.Invalid("err.fix_fields").WithField("reply_to", "field.reply_to.unknown")
		}
	}
	requires := false
	if t.CategoryID != 0 {
		c, err := s.CategoryByID(ctx, u, t.CategoryID)
		if err != nil {
			return Post{}, err
		}
		requires = c.RequiresApproval
	}
	if err := s.gate(ctx, u, body, in.Acknowledge); err != nil {
		return Post{}, err
	}
	now := s.now()
	var p Post
	err = s.db.Write(ctx, func(tx *sql.Tx) error {
		pending, err := needsApproval(ctx, tx, u.ID, requires)
		if err != nil {
			return err
		}
		pid, err := s.insertPost(ctx, tx, u, threadID, in.ReplyTo, body, "", pending, now)
		if err != nil {
			return err
		}
		if !pending {
			if err := s.notifyWatchers(ctx, tx, u, threadID, now); err != nil {
				return err
			}
		}
		if p, err = postFor(ctx, tx, u, pid); err != nil {
			return err
		}
		p.Crisis, err = s.crisis(ctx, tx, pid, body)
		return err
	})
	return p, err
}

// crisis runs the crisis hook, if any.
func (s *Service) crisis(ctx context.Context, tx *sql.Tx, postID int64, text string) (string, error) {
	if s.opts.Crisis == nil {
		return "", nil
	}
	return s.opts.Crisis(ctx, tx, postID, text)
}

// insertPost stores a post with its rendered HTML, search terms and
// mentions, moves the thread's counters and the author's read marker,
// and publishes the event.
func (s *Service) insertPost(ctx context.Context, tx *sql.Tx, u *identity.User, threadID, replyTo int64, body, title string, pending bool, now time.Time) (int64, error) {
	html, mentioned, err := s.render(ctx, tx, body)
	if err != nil {
		return 0, err
	}
	var reply, pendingAt any
	if replyTo != 0 {
		reply = replyTo
	}
	if pending {
		pendingAt = now
	}
	var pid int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO posts (thread_id, author_id, reply_to, body, body_html, created_at, pending_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, threadID, u.ID, reply, body, string(html), now, pendingAt).Scan(&pid); err != nil {
		return 0, err
	}
	if pending {
		return pid, nil // counted, indexed and announced when approved
	}
	if err := s.publishPost(ctx, tx, u.ID, threadID, pid, title, body, now); err != nil {
		return 0, err
	}
	return pid, s.notifyMentions(ctx, tx, u, threadID, mentioned, now)
}

// publishPost makes a stored post count: the thread's counters, the
// search index, the author's read marker, usage, and the live event.
// The moderation issue calls it when it approves a held post.
func (s *Service) publishPost(ctx context.Context, tx *sql.Tx, authorID, threadID, postID int64, title, body string, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `UPDATE threads SET post_count = post_count + 1, last_post_id = $1, last_post_at = $2 WHERE id = $3`,
		postID, now, threadID); err != nil {
		return err
	}
	if err := s.index(ctx, tx, postID, title+"\n"+body); err != nil {
		return err
	}
	if err := markRead(ctx, tx, authorID, threadID, postID, now); err != nil {
		return err
	}
	if err := usage.Record(ctx, tx, authorID, usage.PostCreated, postID, now); err != nil {
		return err
	}
	if s.opts.Publish != nil {
		return s.opts.Publish(ctx, tx, Event{Kind: "post", ThreadID: threadID, PostID: postID})
	}
	return nil
}

// Edit changes the author's own post; the earlier version is kept for
// moderators. The privacy check runs again.
func (s *Service) Edit(ctx context.Context, u *identity.User, postID int64, body string, ack bool) (Post, error) {
	if err := s.canWrite(ctx, s.db, u); err != nil {
		return Post{}, err
	}
	old, err := postFor(ctx, s.db, u, postID)
	if err != nil {
		return Post{}, err
	}
	if old.AuthorID != u.ID || old.Deleted {
		return Post{}, apperr.NotFound()
	}
	fe := apperr.Invalid("err.fix_fields")
	body = checkBody(fe, body)
	if len(fe.Fields) > 0 {
		return Post{}, fe
	}
	if err := s.gate(ctx, u, body, ack); err != nil {
		return Post{}, err
	}
	now := s.now()
	var p Post
	err = s.db.Write(ctx, func(tx *sql.Tx) error {
		var prev string
		if err := tx.QueryRowContext(ctx, `SELECT body FROM posts WHERE id = $1`, postID).Scan(&prev); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO post_revisions (post_id, body, created_at) VALUES ($1, $2, $3)`, postID, prev, now); err != nil {
			return err
		}
		html, _, err := s.render(ctx, tx, body)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE posts SET body = $1, body_html = $2, edited_at = $3 WHERE id = $4`, body, string(html), now, postID); err != nil {
			return err
		}
		title := ""
		if err := tx.QueryRowContext(ctx, `SELECT CASE WHEN (SELECT MIN(id) FROM posts WHERE thread_id = $1) = $2 THEN title ELSE '' END FROM threads WHERE id = $1`,
			old.ThreadID, postID).Scan(&title); err != nil {
			return err
		}
		if !old.Pending {
			if err := s.index(ctx, tx, postID, title+"\n"+body); err != nil {
				return err
			}
			if s.opts.Publish != nil {
				if err := s.opts.Publish(ctx, tx, Event{Kind: "post_edited", ThreadID: old.ThreadID, PostID: postID}); err != nil {
					return err
				}
			}
		}
		if p, err = postFor(ctx, tx, u, postID); err != nil {
			return err
		}
		p.Crisis, err = s.crisis(ctx, tx, postID, title+"\n\n"+body)
		return err
	})
	return p, err
}

// Delete removes the author's own post softly: it shows as deleted by
// the author and leaves the search index.
func (s *Service) Delete(ctx context.Context, u *identity.User, postID int64) error {
	if err := s.canRead(ctx, s.db, u); err != nil {
		return err
	}
	p, err := postFor(ctx, s.db, u, postID)
	if err != nil {
		return err
	}
	if p.AuthorID != u.ID || p.Deleted {
		return apperr.NotFound()
	}
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE posts SET deleted_at = $1 WHERE id = $2`, s.now(), postID); err != nil {
			return err
		}
		if err := s.unindex(ctx, tx, postID); err != nil {
			return err
		}
		if s.opts.Publish != nil {
			return s.opts.Publish(ctx, tx, Event{Kind: "post_deleted", ThreadID: p.ThreadID, PostID: postID})
		}
		return nil
	})
}
