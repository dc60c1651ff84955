package deletion

import (
	"context"
	"database/sql"
	"time"
)

// forgetForum removes the member from the forum. Her posts either stay
// with no author (pages show "former member") or are deleted as the
// forum deletes a post, with their text and earlier versions wiped and
// their search terms removed; a thread only she wrote in goes entirely.
// Her reactions, reads, views, watches, drafts, flags, mutes, filters,
// breaks and sanctions go in both cases.
func (s *Service) forgetForum(ctx context.Context, tx *sql.Tx, id int64, choice string, now time.Time) error {
	if choice == DeletePosts {
		if err := s.deletePosts(ctx, tx, id, now); err != nil {
			return err
		}
	}
	for _, q := range []string{
		// Posts still waiting for a moderator's approval were never
		// published, and could not be approved without an author: they
		// go in either case, with a thread that holds nothing else.
		`DELETE FROM threads WHERE author_id = $1 AND NOT EXISTS (SELECT 1 FROM posts p WHERE p.thread_id = threads.id
			AND (p.pending_at IS NULL OR p.author_id IS NULL OR p.author_id <> $1))`,
		`DELETE FROM posts WHERE author_id = $1 AND pending_at IS NOT NULL`,
		`UPDATE posts SET author_id = NULL WHERE author_id = $1`,
		`UPDATE threads SET author_id = NULL WHERE author_id = $1`,
		`UPDATE posts SET acknowledged_by = NULL WHERE acknowledged_by = $1`,
		`DELETE FROM reactions WHERE user_id = $1`,
		`DELETE FROM thread_reads WHERE user_id = $1`,
		`DELETE FROM thread_views WHERE user_id = $1`,
		`DELETE FROM thread_watches WHERE user_id = $1`,
		`DELETE FROM drafts WHERE user_id = $1`,
		`DELETE FROM flags WHERE user_id = $1`,
		`UPDATE flags SET resolved_by = NULL WHERE resolved_by = $1`,
		`UPDATE crisis_alerts SET handled_by = NULL WHERE handled_by = $1`,
		`DELETE FROM member_mutes WHERE user_id = $1 OR muted_id = $1`,
		`DELETE FROM word_filters WHERE user_id = $1`,
		`DELETE FROM forum_breaks WHERE user_id = $1`,
		`DELETE FROM sanctions WHERE user_id = $1`,
		`UPDATE sanctions SET created_by = NULL WHERE created_by = $1`,
	} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return err
		}
	}
	return nil
}

// deletePosts deletes the member's posts: out of the search index,
// earlier versions gone, text wiped, marked deleted; threads in which
// every post is hers are deleted outright.
func (s *Service) deletePosts(ctx context.Context, tx *sql.Tx, id int64, now time.Time) error {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM posts WHERE author_id = $1`, id)
	if err != nil {
		return err
	}
	var posts []int64
	for rows.Next() {
		var p int64
		if err := rows.Scan(&p); err != nil {
			_ = rows.Close() // already returning an error
			return err
		}
		posts = append(posts, p)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, p := range posts {
		if err := s.db.UnindexTerms(ctx, tx, p); err != nil {
			return err
		}
	}
	for _, q := range []string{
		`DELETE FROM threads WHERE author_id = $1 AND NOT EXISTS
			(SELECT 1 FROM posts p WHERE p.thread_id = threads.id AND (p.author_id IS NULL OR p.author_id <> $1))`,
		`DELETE FROM post_revisions WHERE post_id IN (SELECT id FROM posts WHERE author_id = $1)`,
	} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return err
		}
	}
	_, err = tx.ExecContext(ctx, `UPDATE posts SET deleted_at = COALESCE(deleted_at, $2), body = '', body_html = '' WHERE author_id = $1`, id, now)
	return err
}
