package deletion_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"reconnect/internal/deletion"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

// Kept posts lose their author; a post still waiting for approval (which
// could never be approved without one) goes, with a thread that held
// nothing else.
func TestKeptPostsLoseTheirAuthorAndPendingOnesGo(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := testkit.NewWorld(t, db)
		s := service(w, db)
		now := w.Clock.Now()
		insert := func(q string, args ...any) int64 {
			t.Helper()
			var id int64
			if err := db.Write(ctx, func(tx *sql.Tx) error { return tx.QueryRowContext(ctx, q, args...).Scan(&id) }); err != nil {
				t.Fatal(err)
			}
			return id
		}
		cat := insert(`INSERT INTO categories (slug, name_nb, name_en, description_nb, description_en, position, requires_approval, created_at)
			VALUES ('ny', 'Ny', 'New', '', '', 1, TRUE, $1) RETURNING id`, now)
		thread := func(body string, pending any) (int64, int64) {
			t.Helper()
			th := insert(`INSERT INTO threads (category_id, author_id, title, created_at, last_post_at, post_count, view_count)
				VALUES ($1, $2, 'Tittel', $3, $3, 1, 0) RETURNING id`, cat, w.Member.ID, now)
			return th, insert(`INSERT INTO posts (thread_id, author_id, body, body_html, created_at, pending_at)
				VALUES ($1, $2, $3, $3, $4, $5) RETURNING id`, th, w.Member.ID, body, now, pending)
		}
		_, published := thread("publisert", nil)
		waitingThread, waiting := thread("venter", now)
		if _, err := s.Request(ctx, &w.Member, deletion.KeepAnonymous); err != nil {
			t.Fatal(err)
		}
		w.Clock.Advance(8 * 24 * time.Hour)
		if n, err := s.Purge(ctx); err != nil || n != 1 {
			t.Fatalf("purge: %d %v", n, err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM posts WHERE id = $1 AND author_id IS NULL AND body = 'publisert'`, published); n != 1 {
			t.Error("the published post was not kept without its author")
		}
		if n := count(t, db, `SELECT COUNT(*) FROM posts WHERE id = $1`, waiting); n != 0 {
			t.Error("the post waiting for approval was kept")
		}
		if n := count(t, db, `SELECT COUNT(*) FROM threads WHERE id = $1`, waitingThread); n != 0 {
			t.Error("the thread of the waiting post was kept")
		}
	})
}
