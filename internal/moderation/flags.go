package moderation

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"reconnect/internal/apperr"
	"reconnect/internal/forum"
	"reconnect/internal/identity"
)

// Flag reasons, in the order the form offers them.
var Reasons = []string{"hurtful", "identity", "spam", "worried", "other"}

// FlagResult tells the flagger what happened, without telling them
// about anyone else's flags.
type FlagResult struct {
	Duplicate bool // the member had already flagged the post; nothing changed
}

// Flag lets a member who may write tell the moderators about a post
// they can see. A
// member's open flag on a post counts once; when FlagThreshold
// different members have flagged it, the post is hidden until a
// moderator has looked, and its author is told kindly. The author never
// learns who flagged.
func (s *Service) Flag(ctx context.Context, u *identity.User, postID int64, reason, note string) (FlagResult, error) {
	p, err := s.forum.PostByID(ctx, u, postID)
	if err != nil {
		return FlagResult{}, err
	}
	// A mute is read-only: flags too, so that they cannot carry on a
	// quarrel the mute was meant to calm.
	if err := s.forum.MayWrite(ctx, u); err != nil {
		return FlagResult{}, err
	}
	note = strings.TrimSpace(note)
	fe := apperr.Invalid("err.fix_fields")
	switch {
	case !slices.Contains(Reasons, reason):
		fe.WithField("reason", "field.flag_reason.unknown")
	case reason == "other" && note == "":
		fe.WithField("note", "field.flag_note.required")
	}
	if utf8.RuneCountInString(note) > NoteMax {
		fe.WithField("note", "field.flag_note.too_long")
	} else if !utf8.ValidString(note) || strings.ContainsRune(note, 0) {
		fe.WithField("note", "field.flag_note.invalid")
	}
	if len(fe.Fields) > 0 {
		return FlagResult{}, fe
	}
	if p.Mine {
		return FlagResult{}, apperr.Conflict("own_post", "err.flag_own_post")
	}
	if p.Deleted {
		return FlagResult{}, apperr.Conflict("post_deleted", "err.post_deleted")
	}
	now := s.now()
	var res FlagResult
	err = s.db.Write(ctx, func(tx *sql.Tx) error {
		r, err := tx.ExecContext(ctx, `INSERT INTO flags (post_id, user_id, reason, note, created_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (post_id, user_id) WHERE resolved_at IS NULL DO NOTHING`, postID, u.ID, reason, note, now)
		if err != nil {
			return err
		}
		if n, err := r.RowsAffected(); err != nil || n == 0 {
			res.Duplicate = true
			return err
		}
		var flaggers int
		var hidden sql.NullTime
		var author sql.NullInt64
		var thread int64
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(DISTINCT user_id) FROM flags WHERE post_id = $1 AND resolved_at IS NULL),
			hidden_at, author_id, thread_id FROM posts WHERE id = $1`, postID).Scan(&flaggers, &hidden, &author, &thread); err != nil {
			return err
		}
		if flaggers < s.opts.FlagThreshold || hidden.Valid {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE posts SET hidden_at = $1, hidden_reason = NULL, hidden_auto = TRUE WHERE id = $2`, now, postID); err != nil {
			return err
		}
		t := target{id: postID, thread: thread, author: author.Int64}
		if err := s.tellAuthor(ctx, tx, t, KindPostHeld, now); err != nil {
			return err
		}
		if err := record(ctx, tx, now, nil, "post.hold", "post", postID, map[string]string{"flaggers": strconv.Itoa(flaggers)}); err != nil {
			return err
		}
		return s.forum.Announce(ctx, tx, forum.Event{Kind: "post_edited", ThreadID: thread, PostID: postID})
	})
	return res, err
}
