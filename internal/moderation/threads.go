package moderation

import (
	"context"
	"database/sql"
	"strconv"

	"reconnect/internal/apperr"
	"reconnect/internal/forum"
	"reconnect/internal/identity"
	"reconnect/internal/sqldb"
)

// Thread actions, as named in routes and the log.
const (
	Lock   = "lock"
	Unlock = "unlock"
	Pin    = "pin"
	Unpin  = "unpin"
)

// threadInReach checks that the actor may act on the thread.
func (s *Service) threadInReach(ctx context.Context, q sqldb.Querier, actor *identity.User, threadID int64) (sql.NullInt64, error) {
	if _, err := s.scopeOf(ctx, q, actor); err != nil {
		return sql.NullInt64{}, err
	}
	var category sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT t.category_id FROM threads t LEFT JOIN categories c ON c.id = t.category_id
		LEFT JOIN users ta ON ta.id = t.author_id WHERE t.id = $3 AND `+reachSQL, actor.ID, isAdmin(actor), threadID).Scan(&category)
	if err == sql.ErrNoRows {
		return category, apperr.NotFound()
	}
	return category, err
}

// SetThread locks, unlocks, pins or unpins a thread. Doing what is
// already done changes nothing and is not logged.
func (s *Service) SetThread(ctx context.Context, actor *identity.User, threadID int64, action string) error {
	var col, set string
	switch action {
	case Lock, Unlock:
		col = "locked_at"
	case Pin, Unpin:
		col = "pinned_at"
	default:
		return apperr.NotFound()
	}
	if action == Lock || action == Pin {
		set = "IS NULL"
	} else {
		set = "IS NOT NULL"
	}
	now := s.now()
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		if _, err := s.threadInReach(ctx, tx, actor, threadID); err != nil {
			return err
		}
		var at any
		if set == "IS NULL" {
			at = now
		}
		r, err := tx.ExecContext(ctx, `UPDATE threads SET `+col+` = $1 WHERE id = $2 AND `+col+` `+set, at, threadID) // #nosec G202 -- col and set are chosen by the switch above from constants
		if err != nil {
			return err
		}
		if n, err := r.RowsAffected(); err != nil || n == 0 {
			return err
		}
		return record(ctx, tx, now, actor, "thread."+action, "thread", threadID, nil)
	})
}

// Move puts a category's thread in another category the actor reaches.
func (s *Service) Move(ctx context.Context, actor *identity.User, threadID, categoryID int64) error {
	now := s.now()
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		from, err := s.threadInReach(ctx, tx, actor, threadID)
		if err != nil {
			return err
		}
		if !from.Valid {
			return apperr.Conflict("circle_thread", "err.move_circle_thread")
		}
		sc, err := s.scopeOf(ctx, tx, actor)
		if err != nil {
			return err
		}
		var community sql.NullInt64
		err = tx.QueryRowContext(ctx, `SELECT community_id FROM categories WHERE id = $1`, categoryID).Scan(&community)
		if err == sql.ErrNoRows || (err == nil && community.Valid && !sc.has(community)) {
			return apperr.Invalid("err.fix_fields").WithField("category_id", "field.category.unknown")
		}
		if err != nil {
			return err
		}
		if from.Int64 == categoryID {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE threads SET category_id = $1 WHERE id = $2`, categoryID, threadID); err != nil {
			return err
		}
		return record(ctx, tx, now, actor, "thread.move", "thread", threadID, map[string]string{
			"from": strconv.FormatInt(from.Int64, 10), "to": strconv.FormatInt(categoryID, 10)})
	})
}

// Retitle gives a thread a new title.
func (s *Service) Retitle(ctx context.Context, actor *identity.User, threadID int64, title string) error {
	title, err := forum.CheckTitle(title)
	if err != nil {
		return err
	}
	now := s.now()
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		if _, err := s.threadInReach(ctx, tx, actor, threadID); err != nil {
			return err
		}
		if err := s.forum.Retitle(ctx, tx, threadID, title); err != nil {
			return err
		}
		return record(ctx, tx, now, actor, "thread.retitle", "thread", threadID, map[string]string{"title": title})
	})
}

// Thread is what the thread tools page needs of a thread in reach:
// administrators do not use the forum, so they cannot load it there.
func (s *Service) Thread(ctx context.Context, actor *identity.User, threadID int64) (forum.Thread, error) {
	var t forum.Thread
	category, err := s.threadInReach(ctx, s.db, actor, threadID)
	if err != nil {
		return t, err
	}
	var pinned, locked sql.NullTime
	if err := s.db.QueryRowContext(ctx, `SELECT id, title, pinned_at, locked_at FROM threads WHERE id = $1`, threadID).Scan(&t.ID, &t.Title, &pinned, &locked); err != nil {
		return t, err
	}
	t.CategoryID, t.Pinned, t.Locked = category.Int64, pinned.Valid, locked.Valid
	return t, nil
}
