package sqlitedrivers

import (
	"context"
	"fmt"
	"time"
)

// The benchmarked statements, written with $N as in the project. Use
// DB.Q (done once, outside the timed loop) before running them.
const (
	QuerySession = `SELECT id_hash, user_id, last_seen_at, expires_at FROM sessions WHERE id_hash = $1`
	QueryPage    = `SELECT id, thread_id, author_id, created_at, body, body_html FROM posts WHERE thread_id = $1 ORDER BY id DESC LIMIT 20`
	QueryInsert  = `INSERT INTO posts (thread_id, author_id, created_at, body, body_html) VALUES ($1, $2, $3, $4, $5)`
)

// GetSession looks one session up by primary key on the reader pool.
func GetSession(ctx context.Context, db *DB, q, key string) (Session, error) {
	var s Session
	var seen, exp int64
	err := db.Read.QueryRowContext(ctx, q, key).Scan(&s.IDHash, &s.UserID, &seen, &exp)
	s.LastSeenAt = time.UnixMicro(seen).UTC()
	s.ExpireAt = time.UnixMicro(exp).UTC()
	return s, err
}

// ThreadPage returns the 20 newest posts of a thread from the reader pool.
func ThreadPage(ctx context.Context, db *DB, q string, thread int64) ([]Post, error) {
	rows, err := db.Read.QueryContext(ctx, q, thread)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	posts := make([]Post, 0, 20)
	for rows.Next() {
		var p Post
		var created int64
		if err := rows.Scan(&p.ID, &p.ThreadID, &p.AuthorID, &created, &p.Body, &p.BodyHTML); err != nil {
			return nil, err
		}
		p.CreatedAt = time.UnixMicro(created).UTC()
		posts = append(posts, p)
	}
	return posts, rows.Err()
}

// InsertPost inserts one post in its own write transaction on the single
// writer, as internal/sqldb.DB.Write does (BEGIN IMMEDIATE via _txlock).
func InsertPost(ctx context.Context, db *DB, q string, p Post) (err error) {
	tx, err := db.Write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if _, err = tx.ExecContext(ctx, q, p.ThreadID, p.AuthorID, p.CreatedAt.UnixMicro(), p.Body, p.BodyHTML); err != nil {
		return err
	}
	return tx.Commit()
}
