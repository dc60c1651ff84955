package deletion_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/config"
	"reconnect/internal/deletion"
	"reconnect/internal/events"
	"reconnect/internal/identity"
	"reconnect/internal/markup"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

func service(w *testkit.World, db *sqldb.DB) *deletion.Service {
	evs := events.NewService(db, w.IDs, markup.New().HTML, w.Clock.Now)
	return deletion.New(db, deletion.Options{Now: w.Clock.Now, Retention: config.DefaultRetention(), Events: evs})
}

func count(t *testing.T, db *sqldb.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Two nodes purging at the same moment carry out a deletion once: one
// tombstone in the audit log, one account reduced.
func TestTwoNodesPurgeOnce(t *testing.T) {
	testkit.Twins(t, func(t *testing.T, a, b *sqldb.DB) {
		ctx := context.Background()
		w := testkit.NewWorld(t, a)
		na, nb := service(w, a), service(w, b)
		if _, err := na.Request(ctx, &w.Member, deletion.KeepAnonymous); err != nil {
			t.Fatal(err)
		}
		if _, err := na.Request(ctx, &w.Member2, deletion.DeletePosts); err != nil {
			t.Fatal(err)
		}
		w.Clock.Advance(7*24*time.Hour + time.Second)
		var wg sync.WaitGroup
		done := make([]int, 2)
		errs := make([]error, 2)
		for i, s := range []*deletion.Service{na, nb} {
			wg.Go(func() { done[i], errs[i] = s.Purge(ctx) })
		}
		wg.Wait()
		if errs[0] != nil || errs[1] != nil || done[0]+done[1] != 2 {
			t.Fatalf("purged %v, errors %v", done, errs)
		}
		if n := count(t, a, `SELECT COUNT(*) FROM audit_log WHERE action = 'account.deleted'`); n != 2 {
			t.Errorf("%d tombstones in the audit log, want 2", n)
		}
		if n := count(t, a, `SELECT COUNT(*) FROM users WHERE deleted_at IS NOT NULL AND pseudonym IS NULL AND password_hash IS NULL`); n != 2 {
			t.Errorf("%d tombstoned accounts, want 2", n)
		}
		if n := count(t, a, `SELECT COUNT(*) FROM deletion_requests`); n != 0 {
			t.Errorf("%d requests left", n)
		}
	})
}

// A request is refused for staff and for a bad choice, can be cancelled
// by the member and by signing in, and is not carried out early.
func TestRequestCancelAndStatus(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := testkit.NewWorld(t, db)
		s := service(w, db)
		for _, u := range []*identity.User{&w.Provider, &w.Admin, &w.Researcher} {
			if _, err := s.Request(ctx, u, deletion.DeletePosts); !apperr.Is(err, apperr.KindConflict) {
				t.Errorf("%s: %v", u.Role, err)
			}
		}
		for _, bad := range []string{"", "keep", "DELETE", "keep_anonymous "} {
			if _, err := s.Request(ctx, &w.Member, bad); !apperr.Is(err, apperr.KindInvalid) {
				t.Errorf("%q: %v", bad, err)
			}
		}
		if n := count(t, db, `SELECT COUNT(*) FROM deletion_requests`); n != 0 {
			t.Fatalf("refused requests stored %d rows", n)
		}
		st, err := s.Request(ctx, &w.Moderator, deletion.KeepAnonymous)
		if err != nil || !st.DueAt.Equal(w.Clock.Now().Add(7*24*time.Hour)) {
			t.Fatalf("a peer moderator's request: %+v %v", st, err)
		}
		if got, err := s.Status(ctx, &w.Moderator); err != nil || !got.Pending || got.ForumPosts != deletion.KeepAnonymous {
			t.Fatalf("status: %+v %v", got, err)
		}
		if err := s.Cancel(ctx, &w.Moderator); err != nil {
			t.Fatal(err)
		}
		if err := s.Cancel(ctx, &w.Moderator); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("cancelling twice: %v", err)
		}
		if _, err := s.Request(ctx, &w.Member, deletion.DeletePosts); err != nil {
			t.Fatal(err)
		}
		w.Clock.Advance(6 * 24 * time.Hour)
		if n, err := s.Purge(ctx); err != nil || n != 0 {
			t.Fatalf("purged early: %d %v", n, err)
		}
		if _, _, err := w.IDs.StartSession(ctx, w.Member.ID); err != nil {
			t.Fatal(err)
		}
		w.Clock.Advance(2 * 24 * time.Hour)
		if n, err := s.Purge(ctx); err != nil || n != 0 {
			t.Fatalf("purged after signing in: %d %v", n, err)
		}
		if got, _ := s.Status(ctx, &w.Member); got.Pending {
			t.Error("signing in did not cancel")
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'account.deletion_cancelled'`); n != 2 {
			t.Errorf("%d cancellations audited, want 2", n)
		}
	})
}
