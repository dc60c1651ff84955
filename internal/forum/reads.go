package forum

import (
	"context"
	"database/sql"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/usage"
)

// markRead moves the member's read marker forward to postID (never back).
func markRead(ctx context.Context, tx *sql.Tx, userID, threadID, postID int64, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO thread_reads (user_id, thread_id, last_read_id, read_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (user_id, thread_id) DO UPDATE SET
		  last_read_id = CASE WHEN excluded.last_read_id > thread_reads.last_read_id THEN excluded.last_read_id ELSE thread_reads.last_read_id END,
		  read_at = excluded.read_at`, userID, threadID, postID, now)
	return err
}

// oslo decides what "one day" is for view counting.
var oslo = func() *time.Location {
	l, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		return time.UTC
	}
	return l
}()

// Seen records that the viewer read the thread up to postID: the read
// marker moves forward, and the thread's view count rises once per
// member per day (a usage event for study participants). These are the
// only writes a read makes.
func (s *Service) Seen(ctx context.Context, u *identity.User, threadID, postID int64) error {
	if err := s.canRead(ctx, s.db, u); err != nil {
		return err
	}
	if _, err := threadFor(ctx, s.db, u.ID, threadID); err != nil {
		return err
	}
	now := s.now()
	day := now.In(oslo).Format("2006-01-02")
	// Most views repeat one already counted today, of posts already
	// read: they need no write transaction.
	var marker sql.NullInt64
	var viewed bool
	if err := s.db.QueryRowContext(ctx, `SELECT (SELECT last_read_id FROM thread_reads WHERE user_id = $1 AND thread_id = $2),
		EXISTS (SELECT 1 FROM thread_views WHERE user_id = $1 AND thread_id = $2 AND day = $3)`, u.ID, threadID, day).Scan(&marker, &viewed); err != nil {
		return err
	}
	if viewed && marker.Int64 >= postID {
		return nil
	}
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		if postID > 0 {
			if err := markRead(ctx, tx, u.ID, threadID, postID, now); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO thread_views (user_id, thread_id, day) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
			u.ID, threadID, day)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE threads SET view_count = view_count + 1 WHERE id = $1`, threadID); err != nil {
			return err
		}
		return usage.Record(ctx, tx, u.ID, usage.ThreadViewed, threadID, now)
	})
}

// Watch levels.
const (
	Watching = "watch"
	Muted    = "mute"
)

// SetWatch watches a thread (told of new replies), mutes it (left out of
// unread and notices), or returns it to normal ("").
func (s *Service) SetWatch(ctx context.Context, u *identity.User, threadID int64, level string) error {
	if err := s.canRead(ctx, s.db, u); err != nil {
		return err
	}
	if level != "" && level != Watching && level != Muted {
		return apperr.Invalid("err.fix_fields").WithField("level", "field.watch.level")
	}
	if _, err := threadFor(ctx, s.db, u.ID, threadID); err != nil {
		return err
	}
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		if level == "" {
			_, err := tx.ExecContext(ctx, `DELETE FROM thread_watches WHERE user_id = $1 AND thread_id = $2`, u.ID, threadID)
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO thread_watches (user_id, thread_id, level) VALUES ($1, $2, $3)
			ON CONFLICT (user_id, thread_id) DO UPDATE SET level = excluded.level`, u.ID, threadID, level)
		return err
	})
}
