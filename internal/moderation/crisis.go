package moderation

import (
	"context"
	"database/sql"
	"strconv"

	"reconnect/internal/apperr"
	"reconnect/internal/crisis"
	"reconnect/internal/identity"
	"reconnect/internal/notify"
	"reconnect/internal/sqldb"
)

// KindCrisisAlert is the notice moderators get for a crisis alert: the
// thread and post, never the text.
const KindCrisisAlert = "crisis_alert"

// CrisisEvent is what online moderators' streams carry: IDs only.
type CrisisEvent struct {
	PostID   int64  `json:"post_id"`
	ThreadID int64  `json:"thread_id"`
	Level    string `json:"level"`
}

// Alert checks a post being published or edited for crisis language,
// inside its transaction (forum.Options.Crisis). On a match it opens a
// crisis alert for the post (or raises an open one to intent), leaves
// every moderator who reaches the post a notice and pushes the alert to
// those online. It returns the level for the writer's page; the post is
// never held back.
func (s *Service) Alert(ctx context.Context, tx *sql.Tx, postID int64, text string) (string, error) {
	res := s.opts.Detector.Check(text)
	if res.Level == crisis.None {
		return "", nil
	}
	level := res.Level.String()
	now := s.now()
	var open sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT level FROM crisis_alerts WHERE post_id = $1 AND handled_at IS NULL`, postID).Scan(&open)
	switch {
	case err == sql.ErrNoRows:
		if _, err := tx.ExecContext(ctx, `INSERT INTO crisis_alerts (post_id, level, created_at) VALUES ($1, $2, $3)`, postID, level, now); err != nil {
			return "", err
		}
	case err != nil:
		return "", err
	case open.String == level || open.String == crisis.Intent.String():
		return level, nil // already waiting for a moderator
	default:
		if _, err := tx.ExecContext(ctx, `UPDATE crisis_alerts SET level = $1 WHERE post_id = $2 AND handled_at IS NULL`, level, postID); err != nil {
			return "", err
		}
	}
	var thread int64
	if err := tx.QueryRowContext(ctx, `SELECT thread_id FROM posts WHERE id = $1`, postID).Scan(&thread); err != nil {
		return "", err
	}
	mods, err := s.moderatorsReaching(ctx, tx, postID)
	if err != nil {
		return "", err
	}
	ev := CrisisEvent{PostID: postID, ThreadID: thread, Level: level}
	if err := notify.AddMany(ctx, tx, mods, KindCrisisAlert, map[string]string{"post_id": strconv.FormatInt(postID, 10),
		"thread_id": strconv.FormatInt(thread, 10), "level": level}, now); err != nil {
		return "", err
	}
	if s.opts.Publish != nil {
		for _, id := range mods {
			if err := s.opts.Publish(ctx, tx, "user:"+strconv.FormatInt(id, 10), KindCrisisAlert, ev); err != nil {
				return "", err
			}
		}
	}
	return level, nil
}

// Level is the crisis level of a draft ("", "concern" or "intent"),
// for the writer's eyes only: nothing is stored and nobody is alerted.
func (s *Service) Level(text string) string {
	if l := s.opts.Detector.Check(text).Level; l != crisis.None {
		return l.String()
	}
	return ""
}

// moderatorsReaching lists the peer moderators who may act on the post
// (reachSQL with the moderator as a column), in one read.
func (s *Service) moderatorsReaching(ctx context.Context, tx *sql.Tx, postID int64) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT m.id FROM users m, posts p`+reachJoins+`
		WHERE p.id = $1 AND m.role = 'peer_moderator' AND m.disabled_at IS NULL AND `+reachOf("m")+` ORDER BY m.id`, postID) // #nosec G202 -- reachJoins and reachOf are constant SQL; the post is bound
	if err != nil {
		return nil, err
	}
	return sqldb.ScanIDs(rows)
}

// FollowedUp closes a post's crisis alert: a moderator has reached out
// or judged that nothing more is needed.
func (s *Service) FollowedUp(ctx context.Context, actor *identity.User, postID int64) error {
	now := s.now()
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		if _, err := s.postInReach(ctx, tx, actor, postID); err != nil {
			return err
		}
		r, err := tx.ExecContext(ctx, `UPDATE crisis_alerts SET handled_at = $1, handled_by = $2 WHERE post_id = $3 AND handled_at IS NULL`, now, actor.ID, postID)
		if err != nil {
			return err
		}
		if n, err := r.RowsAffected(); err != nil || n == 0 {
			if err == nil {
				err = apperr.Conflict("no_crisis_alert", "err.no_crisis_alert")
			}
			return err
		}
		return record(ctx, tx, now, actor, "alert.followed_up", "post", postID, nil)
	})
}
