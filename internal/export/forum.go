package export

import (
	"context"
	"database/sql"

	"reconnect/internal/identity"
)

// forum reads the member's own rows: the forum service has no "all of
// mine" listings, and its thread pages would count views. Thread titles
// come with her posts as she saw them when writing.
func (s *Service) forum(ctx context.Context, u *identity.User, d *Data) error {
	if !u.Role.UsesForum() {
		return nil
	}
	f := &d.Forum
	me := []any{u.ID}
	err := s.each(ctx, `SELECT id, title, circle_id IS NOT NULL, created_at FROM threads WHERE author_id = $1 ORDER BY id`, me,
		func(scan func(...any) error) error {
			var t Thread
			var id int64
			if err := scan(&id, &t.Title, &t.InCircle, &t.CreatedAt); err != nil {
				return err
			}
			t.ID, t.CreatedAt = sid(id), t.CreatedAt.UTC()
			f.Threads = append(f.Threads, t)
			return nil
		})
	if err != nil {
		return err
	}
	if err := s.posts(ctx, u, f); err != nil {
		return err
	}
	if err := s.forumChoices(ctx, u, f); err != nil {
		return err
	}
	p, err := s.d.Forum.Protection(ctx, u)
	if err != nil {
		return err
	}
	f.Muted = append(f.Muted, p.Muted...)
	f.Words = append(f.Words, p.Words...)
	f.BreakUntil = utc(p.BreakUntil)
	if err := s.d.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM thread_reads WHERE user_id = $1`, u.ID).Scan(&f.ThreadsRead); err != nil {
		return err
	}
	return s.d.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM thread_views WHERE user_id = $1`, u.ID).Scan(&f.ThreadViews)
}

// posts: every post of hers, deleted and hidden ones too (the row is
// still kept), with earlier versions.
func (s *Service) posts(ctx context.Context, u *identity.User, f *Forum) error {
	at := map[int64]int{}
	err := s.each(ctx, `SELECT p.id, p.thread_id, t.title, COALESCE(p.reply_to, 0), p.body, p.created_at, p.edited_at, p.deleted_at, p.hidden_at
		FROM posts p JOIN threads t ON t.id = p.thread_id WHERE p.author_id = $1 ORDER BY p.id`, []any{u.ID},
		func(scan func(...any) error) error {
			var p Post
			var id, thread, reply int64
			var edited, deleted, hidden sql.NullTime
			if err := scan(&id, &thread, &p.ThreadTitle, &reply, &p.Text, &p.CreatedAt, &edited, &deleted, &hidden); err != nil {
				return err
			}
			p.ID, p.ThreadID, p.ReplyTo, p.CreatedAt = sid(id), sid(thread), sid(reply), p.CreatedAt.UTC()
			p.EditedAt, p.DeletedAt, p.HiddenAt, p.Revisions = when(edited), when(deleted), when(hidden), []Revision{}
			at[id] = len(f.Posts)
			f.Posts = append(f.Posts, p)
			return nil
		})
	if err != nil {
		return err
	}
	return s.each(ctx, `SELECT r.post_id, r.body, r.created_at FROM post_revisions r JOIN posts p ON p.id = r.post_id
		WHERE p.author_id = $1 ORDER BY r.id`, []any{u.ID},
		func(scan func(...any) error) error {
			var id int64
			var r Revision
			if err := scan(&id, &r.Text, &r.CreatedAt); err != nil {
				return err
			}
			r.CreatedAt = r.CreatedAt.UTC()
			if i, ok := at[id]; ok {
				f.Posts[i].Revisions = append(f.Posts[i].Revisions, r)
			}
			return nil
		})
}
