package research_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/events"
	"reconnect/internal/forum"
	"reconnect/internal/identity"
	"reconnect/internal/markup"
	"reconnect/internal/research"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

var ctx = context.Background()

type world struct {
	*testkit.World
	res *research.Service
	sim research.Sim
}

func newWorld(t *testing.T, db *sqldb.DB) *world {
	w := testkit.NewWorld(t, db)
	md := markup.New().HTML
	return &world{World: w, res: research.New(db, w.IDs, w.Clock.Now), sim: research.Sim{IDs: w.IDs, Forum: forum.New(db, w.IDs, forum.Options{Now: w.Clock.Now, Markup: md}),
		Events: events.NewService(db, w.IDs, md, w.Clock.Now), Set: w.Clock.Set, Admin: &w.Admin, Password: testkit.Password}}
}

// The study replay: six months built through the real services give
// exactly the study's figures in the report, and the pseudonymised
// export has one row per participant with nothing that names anyone.
func TestStudyReplayReproducesTheFigures(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		start := w.Clock.Now().Add(-200 * 24 * time.Hour)
		q, err := research.Simulate(ctx, w.sim, start)
		if err != nil {
			t.Fatal(err)
		}
		r, err := w.res.Build(ctx, &w.Researcher, q)
		if err != nil {
			t.Fatal(err)
		}
		var logins []int
		over15 := 0
		for i := range research.StudyMembers {
			logins = append(logins, research.StudyLogins(i))
			if research.StudyLogins(i) > 15 {
				over15++
			}
		}
		slices.Sort(logins)
		got := map[string]any{"consenting": r.Consenting.N, "active": r.Active.N, "posts": r.Posts.N, "views": r.PostViews.N, "posters": r.Posters.N,
			"cafes": r.Cafes.N, "per café": [2]int{r.PerCafeMin, r.PerCafeMax}, "café people": r.CafeParticipants.N,
			"logins": [3]float64{r.LoginsMedian, float64(r.LoginsMin), float64(r.LoginsMax)}, "over 15": r.LoginsOver15.N, "answers": r.Answers.N}
		want := map[string]any{"consenting": 29, "active": 29, "posts": 524, "views": 1870, "posters": 19, "cafes": 12, "per café": [2]int{3, 9},
			"café people": 17, "logins": [3]float64{float64(logins[14]), float64(logins[0]), float64(logins[28])}, "over 15": over15, "answers": 3 + 5 + 9 + 4 + 6 + 7 + 3 + 8 + 5 + 4 + 6 + 7}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("report:\n got %v\nwant %v", got, want)
		}
		if len(r.Communities) != 4 || len(r.Weeks) < 25 || len(r.PostsPer) != 19 {
			t.Errorf("breakdown %d, weeks %d, posters %d", len(r.Communities), len(r.Weeks), len(r.PostsPer))
		}
		// The demo world's own members gave no study consent: not counted.
		rows, err := w.res.Export(ctx, &w.Researcher, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 29 {
			t.Fatalf("%d export rows", len(rows))
		}
		again, _ := w.res.Export(ctx, &w.Researcher, q)
		if !reflect.DeepEqual(rows, again) {
			t.Error("study codes are not stable")
		}
		var buf bytes.Buffer
		_ = csv.NewWriter(&buf).WriteAll(append([][]string{research.ExportHeader}, rows...))
		raw := buf.String()
		var names []string
		all, err := db.QueryContext(ctx, `SELECT id, login, COALESCE(pseudonym, '') FROM users`)
		if err != nil {
			t.Fatal(err)
		}
		for all.Next() {
			var id int64
			var login, p string
			_ = all.Scan(&id, &login, &p)
			names = append(names, login, p)
		}
		all.Close()
		for _, n := range names {
			if n != "" && strings.Contains(raw, n) {
				t.Errorf("the export contains %q", n)
			}
		}
		for _, word := range []string{"Små steg", "Takk for at du deler", "Biblioteket", "Nordlys", "Sørvind"} {
			if strings.Contains(raw, word) {
				t.Errorf("the export contains %q", word)
			}
		}
		for _, row := range rows {
			if !strings.HasPrefix(row[0], "P-") || len(row) != len(research.ExportHeader) {
				t.Errorf("row %v", row)
			}
		}
	})
}

// No usage event for a member without study consent; withdrawing stops
// recording at once; only researchers read the figures; bad periods and
// unknown communities are refused; a community's small counts are hidden.
func TestConsentAccessAndSuppression(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		count := func(u identity.User) int {
			var n int
			if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM usage_events WHERE user_id = $1`, u.ID).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		if _, _, err := w.IDs.StartSession(ctx, w.Member.ID); err != nil {
			t.Fatal(err)
		}
		if n := count(w.Member); n != 0 {
			t.Fatalf("%d usage events without consent", n)
		}
		if err := w.IDs.GiveStudyConsent(ctx, &w.Member); err != nil {
			t.Fatal(err)
		}
		w.IDs.StartSession(ctx, w.Member.ID)
		if n := count(w.Member); n != 1 {
			t.Fatalf("%d usage events after consenting", n)
		}
		if err := w.IDs.WithdrawStudy(ctx, &w.Member); err != nil {
			t.Fatal(err)
		}
		w.IDs.StartSession(ctx, w.Member.ID)
		if n := count(w.Member); n != 1 {
			t.Errorf("recording went on after withdrawal: %d", n)
		}
		now := w.Clock.Now()
		q := research.Query{From: now.Add(-time.Hour), To: now.Add(time.Hour)}
		for _, u := range []identity.User{w.Admin, w.Moderator, w.Member, w.Provider} {
			if _, err := w.res.Build(ctx, &u, q); apperr.From(err).Kind != apperr.KindNotFound {
				t.Errorf("%s reads the report: %v", u.Role, err)
			}
			if _, err := w.res.Export(ctx, &u, q); apperr.From(err).Kind != apperr.KindNotFound {
				t.Errorf("%s reads the export: %v", u.Role, err)
			}
		}
		for name, bad := range map[string]research.Query{
			"end before start":  {From: now, To: now.Add(-time.Hour)},
			"no start":          {To: now},
			"unknown community": {From: now.Add(-time.Hour), To: now, Community: 987654},
		} {
			if _, err := w.res.Build(ctx, &w.Researcher, bad); apperr.From(err).Kind != apperr.KindInvalid {
				t.Errorf("%s: %v", name, err)
			}
		}
		r, err := w.res.Build(ctx, &w.Researcher, research.Query{From: now.Add(-time.Hour), To: now.Add(time.Hour), Community: w.Fjordvik.ID})
		if err != nil {
			t.Fatal(err)
		}
		if !r.Consenting.Hidden || r.Consenting.String() != "<3" || r.LoginsMax != 0 {
			t.Errorf("one participant in a community is not hidden: %+v", r.Consenting)
		}
	})
}
