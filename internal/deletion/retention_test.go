package deletion_test

import (
	"context"
	"testing"
	"time"

	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

// Retention deletes usage events, closed lift conversations, drafts and
// expired care conversations past their periods, and keeps fresh ones.
func TestRetentionPurgesOnlyWhatIsOld(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := testkit.NewWorld(t, db)
		s := service(w, db)
		now := w.Clock.Now()
		day := 24 * time.Hour
		exec := func(q string, args ...any) {
			t.Helper()
			if _, err := db.ExecContext(ctx, q, args...); err != nil {
				t.Fatal(err)
			}
		}
		for _, at := range []time.Time{now.Add(-3*365*day - day), now.Add(-3*365*day + day), now} {
			exec(`INSERT INTO usage_events (user_id, kind, subject_id, at) VALUES ($1, 'thread_viewed', 1, $2)`, w.Member.ID, at)
		}
		for i, at := range []time.Time{now.Add(-91 * day), now.Add(-89 * day)} {
			exec(`INSERT INTO drafts (user_id, key, title, body, updated_at) VALUES ($1, $2, '', 'utkast', $3)`, w.Member.ID, []string{"reply:1", "reply:2"}[i], at)
		}
		conv := func(kind string, closes, retain any) {
			exec(`INSERT INTO conversations (kind, subject, created_at, last_at, closes_at, retain_until) VALUES ($1, '', $2, $2, $3, $4)`,
				kind, now.Add(-400*day), closes, retain)
		}
		conv("lift", now.Add(-31*day), nil) // closed a month ago: goes
		conv("lift", now.Add(-29*day), nil) // stays
		conv("lift", now.Add(day), nil)     // still open: stays
		conv("moderator", nil, nil)         // never closes by itself: stays
		conv("care", nil, now.Add(-time.Minute))
		conv("care", nil, now.Add(time.Hour))
		conv("care", nil, nil)
		p, err := s.Retain(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if p.UsageEvents != 1 || p.Drafts != 1 || p.LiftConversations != 1 || p.CareConversations != 1 {
			t.Errorf("purged %+v, want one of each", p)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM usage_events`); n != 2 {
			t.Errorf("%d usage events left, want 2", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM drafts`); n != 1 {
			t.Errorf("%d drafts left, want 1", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM conversations`); n != 5 {
			t.Errorf("%d conversations left, want 5", n)
		}
		if p, err := s.Retain(ctx); err != nil || p.UsageEvents+p.Drafts+p.LiftConversations+p.CareConversations != 0 {
			t.Errorf("a second run: %+v %v", p, err)
		}
	})
}
