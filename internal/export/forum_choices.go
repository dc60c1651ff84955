package export

import (
	"context"
	"database/sql"

	"reconnect/internal/identity"
)

// forumChoices: reactions (by post ID only: whose post is not hers to
// take), drafts, watches, her flags, crisis alerts on her posts and any
// sanctions on her.
func (s *Service) forumChoices(ctx context.Context, u *identity.User, f *Forum) error {
	me := []any{u.ID}
	err := s.each(ctx, `SELECT post_id, kind, created_at FROM reactions WHERE user_id = $1 ORDER BY created_at, post_id`, me,
		func(scan func(...any) error) error {
			var r Reaction
			var post int64
			if err := scan(&post, &r.Kind, &r.CreatedAt); err != nil {
				return err
			}
			r.PostID, r.CreatedAt = sid(post), r.CreatedAt.UTC()
			f.Reactions = append(f.Reactions, r)
			return nil
		})
	if err != nil {
		return err
	}
	err = s.each(ctx, `SELECT key, title, body, updated_at FROM drafts WHERE user_id = $1 ORDER BY updated_at`, me,
		func(scan func(...any) error) error {
			var x Draft
			if err := scan(&x.Key, &x.Title, &x.Text, &x.UpdatedAt); err != nil {
				return err
			}
			x.UpdatedAt = x.UpdatedAt.UTC()
			f.Drafts = append(f.Drafts, x)
			return nil
		})
	if err != nil {
		return err
	}
	err = s.each(ctx, `SELECT w.thread_id, t.title, w.level FROM thread_watches w JOIN threads t ON t.id = w.thread_id
		WHERE w.user_id = $1 ORDER BY w.thread_id`, me,
		func(scan func(...any) error) error {
			var w Watch
			var thread int64
			if err := scan(&thread, &w.ThreadTitle, &w.Level); err != nil {
				return err
			}
			w.ThreadID = sid(thread)
			f.Watches = append(f.Watches, w)
			return nil
		})
	if err != nil {
		return err
	}
	err = s.each(ctx, `SELECT post_id, reason, note, created_at, resolved_at IS NOT NULL FROM flags WHERE user_id = $1 ORDER BY id`, me,
		func(scan func(...any) error) error {
			var x Flag
			var post int64
			if err := scan(&post, &x.Reason, &x.Note, &x.CreatedAt, &x.Resolved); err != nil {
				return err
			}
			x.PostID, x.CreatedAt = sid(post), x.CreatedAt.UTC()
			f.Flags = append(f.Flags, x)
			return nil
		})
	if err != nil {
		return err
	}
	// Crisis alerts on her posts: when, and whether followed up.
	err = s.each(ctx, `SELECT a.post_id, a.created_at, a.handled_at IS NOT NULL FROM crisis_alerts a JOIN posts p ON p.id = a.post_id
		WHERE p.author_id = $1 ORDER BY a.id`, me,
		func(scan func(...any) error) error {
			var x Alert
			var post int64
			if err := scan(&post, &x.CreatedAt, &x.Handled); err != nil {
				return err
			}
			x.PostID, x.CreatedAt = sid(post), x.CreatedAt.UTC()
			f.Alerts = append(f.Alerts, x)
			return nil
		})
	if err != nil {
		return err
	}
	// Sanctions on her, with the moderator's reason but not who.
	return s.each(ctx, `SELECT kind, reason, until, created_at, lifted_at FROM sanctions WHERE user_id = $1 ORDER BY id`, me,
		func(scan func(...any) error) error {
			var x Sanction
			var until, lifted sql.NullTime
			if err := scan(&x.Kind, &x.Reason, &until, &x.CreatedAt, &lifted); err != nil {
				return err
			}
			x.Until, x.CreatedAt, x.LiftedAt = when(until), x.CreatedAt.UTC(), when(lifted)
			f.Sanctions = append(f.Sanctions, x)
			return nil
		})
}
