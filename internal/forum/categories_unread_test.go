package forum_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"reconnect/internal/forum"
	"reconnect/internal/identity"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

// unreadOracle is the direct count of a category's unread threads for a
// viewer (the query the front page used before it counted from the read
// end): visible threads with a post after the viewer's marker, not muted.
const unreadOracle = `SELECT COUNT(*) FROM threads t LEFT JOIN thread_reads r ON r.thread_id = t.id AND r.user_id = $1
	LEFT JOIN thread_watches w ON w.thread_id = t.id AND w.user_id = $1
	WHERE t.category_id = $2 AND t.hidden_at IS NULL AND (w.level IS NULL OR w.level <> 'mute')
	  AND t.last_post_id > COALESCE(r.last_read_id, 0)`

// The front page's unread counts equal the direct count for every
// viewer, across random mixes of read, partly read, muted, watched,
// hidden and still-held threads.
func TestCategoryUnreadCountsMatchDirectCount(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		fx := setup(t, db)
		r := rand.New(rand.NewPCG(5, 9))
		viewers := []*identity.User{&fx.Member, &fx.Member2, &fx.Moderator}
		for i := range 40 {
			cat := []int64{fx.General.ID, fx.FjordvikOnly.ID, fx.Held.ID}[r.IntN(3)]
			author := viewers[r.IntN(2)]
			if cat == fx.FjordvikOnly.ID {
				author = &fx.Member
			}
			th, first, err := fx.F.CreateThread(ctx, author, forum.NewThread{CategoryID: cat, Title: fmt.Sprintf("Tråd nummer %d", i), Body: "Første innlegg her."})
			if err != nil {
				t.Fatal(err)
			}
			if first.Pending {
				continue // held: no post anyone can read yet
			}
			last := first.ID
			repliers := viewers
			if cat == fx.FjordvikOnly.ID {
				repliers = []*identity.User{&fx.Member, &fx.Moderator} // Morgengry lives in Granlia
			}
			for range r.IntN(3) {
				p, err := fx.F.Reply(ctx, repliers[r.IntN(len(repliers))], th.ID, forum.NewPost{Body: "Et svar til tråden."})
				if err != nil {
					t.Fatal(err)
				}
				last = p.ID
			}
			for _, v := range viewers {
				if _, err := fx.F.ThreadByID(ctx, v, th.ID); err != nil {
					continue // may not see it
				}
				switch r.IntN(4) {
				case 0:
					err = fx.F.Seen(ctx, v, th.ID, last)
				case 1:
					err = fx.F.Seen(ctx, v, th.ID, first.ID)
				}
				if err == nil && r.IntN(4) == 0 {
					err = fx.F.SetWatch(ctx, v, th.ID, []string{"mute", "watch"}[r.IntN(2)])
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			if r.IntN(8) == 0 {
				if _, err := db.ExecContext(ctx, `UPDATE threads SET hidden_at = $1 WHERE id = $2`, fx.Clock.Now(), th.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
		nonzero := 0
		for _, v := range viewers {
			cats, err := fx.F.Categories(ctx, v)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range cats {
				var want int
				if err := db.QueryRowContext(ctx, unreadOracle, v.ID, c.ID).Scan(&want); err != nil {
					t.Fatal(err)
				}
				if c.Unread != want {
					t.Errorf("%s, category %s: %d unread, the direct count says %d", v.Login, c.Slug, c.Unread, want)
				}
				if want > 0 {
					nonzero++
				}
			}
		}
		if nonzero < 3 {
			t.Errorf("only %d categories with unread threads: the mix does not test much", nonzero)
		}
	})
}
