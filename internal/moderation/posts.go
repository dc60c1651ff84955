package moderation

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"reconnect/internal/apperr"
	"reconnect/internal/forum"
	"reconnect/internal/identity"
	"reconnect/internal/notify"
	"reconnect/internal/sqldb"
)

// Notice kinds moderation sends. Like every notice they name the post
// and thread, never what anyone wrote.
const (
	KindPostHeld     = "post_held"     // flags hid the member's post until a moderator has looked
	KindPostHidden   = "post_hidden"   // a moderator hid the member's post (the reason is on the post)
	KindPostRestored = "post_restored" // the member's post is shown again
	KindPostApproved = "post_approved" // the member's first post was approved
	KindSanction     = "sanction"      // the member was muted or suspended
	KindSanctionLift = "sanction_lifted"
)

// target is a post a moderator acts on.
type target struct {
	id, thread, author    int64
	hidden, auto, pending bool
	deleted               bool
}

// postInReach loads a post the actor may act on, or not_found.
func (s *Service) postInReach(ctx context.Context, q sqldb.Querier, actor *identity.User, postID int64) (target, error) {
	if _, err := s.scopeOf(ctx, q, actor); err != nil {
		return target{}, err
	}
	var t target
	var author sql.NullInt64
	var hidden, pending, deleted sql.NullTime
	err := q.QueryRowContext(ctx, `SELECT p.id, p.thread_id, p.author_id, p.hidden_at, p.hidden_auto, p.pending_at, p.deleted_at
		FROM posts p`+reachJoins+` WHERE p.id = $3 AND `+reachSQL, actor.ID, isAdmin(actor), postID).Scan(
		&t.id, &t.thread, &author, &hidden, &t.auto, &pending, &deleted)
	if err == sql.ErrNoRows {
		return t, apperr.NotFound()
	}
	t.author, t.hidden, t.pending, t.deleted = author.Int64, hidden.Valid, pending.Valid, deleted.Valid
	return t, err
}

// checkReason trims a moderator's reason and refuses an empty or
// overlong one.
func checkReason(field, reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return "", apperr.Invalid("err.fix_fields").WithField(field, "field.reason.required")
	case utf8.RuneCountInString(reason) > ReasonMax:
		return "", apperr.Invalid("err.fix_fields").WithField(field, "field.reason.too_long")
	case !utf8.ValidString(reason) || strings.ContainsRune(reason, 0):
		return "", apperr.Invalid("err.fix_fields").WithField(field, "field.reason.invalid")
	}
	return reason, nil
}

// Hide hides a post with a reason the author sees beside it, and closes
// its open flags.
func (s *Service) Hide(ctx context.Context, actor *identity.User, postID int64, reason string) error {
	reason, err := checkReason("reason", reason)
	if err != nil {
		return err
	}
	now := s.now()
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		t, err := s.postInReach(ctx, tx, actor, postID)
		if err != nil {
			return err
		}
		if t.deleted {
			return apperr.Conflict("post_deleted", "err.post_deleted")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE posts SET hidden_at = $1, hidden_reason = $2, hidden_auto = FALSE WHERE id = $3`, now, reason, postID); err != nil {
			return err
		}
		if err := resolveFlags(ctx, tx, postID, actor.ID, "hidden", now); err != nil {
			return err
		}
		if err := s.tellAuthor(ctx, tx, t, KindPostHidden, now); err != nil {
			return err
		}
		if err := record(ctx, tx, now, actor, "post.hide", "post", postID, map[string]string{"reason": reason}); err != nil {
			return err
		}
		return s.forum.Announce(ctx, tx, forum.Event{Kind: "post_edited", ThreadID: t.thread, PostID: postID})
	})
}

// Restore shows a hidden post again and closes its open flags.
func (s *Service) Restore(ctx context.Context, actor *identity.User, postID int64) error {
	now := s.now()
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		t, err := s.postInReach(ctx, tx, actor, postID)
		if err != nil {
			return err
		}
		if !t.hidden {
			return apperr.Conflict("not_hidden", "err.post_not_hidden")
		}
		if err := s.show(ctx, tx, t); err != nil {
			return err
		}
		if err := resolveFlags(ctx, tx, postID, actor.ID, "restored", now); err != nil {
			return err
		}
		if err := s.tellAuthor(ctx, tx, t, KindPostRestored, now); err != nil {
			return err
		}
		return record(ctx, tx, now, actor, "post.restore", "post", postID, nil)
	})
}

// Dismiss closes a post's open flags without acting on it; a post that
// the flags hid is shown again.
func (s *Service) Dismiss(ctx context.Context, actor *identity.User, postID int64) error {
	now := s.now()
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		t, err := s.postInReach(ctx, tx, actor, postID)
		if err != nil {
			return err
		}
		var open int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM flags WHERE post_id = $1 AND resolved_at IS NULL`, postID).Scan(&open); err != nil {
			return err
		}
		if open == 0 {
			return apperr.Conflict("no_open_flags", "err.no_open_flags")
		}
		if err := resolveFlags(ctx, tx, postID, actor.ID, "dismissed", now); err != nil {
			return err
		}
		if t.hidden && t.auto {
			if err := s.show(ctx, tx, t); err != nil {
				return err
			}
			if err := s.tellAuthor(ctx, tx, t, KindPostRestored, now); err != nil {
				return err
			}
		}
		return record(ctx, tx, now, actor, "flags.dismiss", "post", postID, map[string]string{"flags": strconv.Itoa(open)})
	})
}

// Approve publishes a first post that waited for approval.
func (s *Service) Approve(ctx context.Context, actor *identity.User, postID int64) error {
	now := s.now()
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		t, err := s.postInReach(ctx, tx, actor, postID)
		if err != nil {
			return err
		}
		if !t.pending {
			return apperr.Conflict("not_pending", "err.post_not_pending")
		}
		if _, _, err := s.forum.ReleaseHeld(ctx, tx, postID, now); err != nil {
			return err
		}
		if err := s.tellAuthor(ctx, tx, t, KindPostApproved, now); err != nil {
			return err
		}
		return record(ctx, tx, now, actor, "post.approve", "post", postID, nil)
	})
}

// show clears a post's hiding. (Search leaves hidden posts out by
// itself, so the index needs no change.)
func (s *Service) show(ctx context.Context, tx *sql.Tx, t target) error {
	if _, err := tx.ExecContext(ctx, `UPDATE posts SET hidden_at = NULL, hidden_reason = NULL, hidden_auto = FALSE WHERE id = $1`, t.id); err != nil {
		return err
	}
	return s.forum.Announce(ctx, tx, forum.Event{Kind: "post_edited", ThreadID: t.thread, PostID: t.id})
}

// resolveFlags closes a post's open flags.
func resolveFlags(ctx context.Context, tx *sql.Tx, postID, by int64, how string, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE flags SET resolved_at = $1, resolved_by = $2, resolution = $3 WHERE post_id = $4 AND resolved_at IS NULL`,
		now, by, how, postID)
	return err
}

// tellAuthor leaves the post's author a notice naming the post.
func (s *Service) tellAuthor(ctx context.Context, tx *sql.Tx, t target, kind string, now time.Time) error {
	if t.author == 0 {
		return nil
	}
	return notify.Add(ctx, tx, t.author, kind, map[string]string{
		"post_id": strconv.FormatInt(t.id, 10), "thread_id": strconv.FormatInt(t.thread, 10)}, now)
}
