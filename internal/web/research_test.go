package web_test

import (
	"encoding/json"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"reconnect/internal/research"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

// The study replayed through the running server's services: the
// researcher's page, JSON and CSV show the study's figures, the export
// names no one, bad periods are refused, and no one else reaches any of
// it.
func TestResearchReportOverHTTP(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env := newForumWorld(t, db).Env
		admin := env.Admin
		start := env.Clock.Now().Add(-190 * 24 * time.Hour)
		real := env.Clock.Now()
		q, err := research.Simulate(t.Context(), research.Sim{IDs: env.App.Identity, Forum: env.App.Forum, Events: env.App.Events, Set: env.Clock.Set, Admin: &admin,
			Password: testkit.Password}, start)
		if err != nil {
			t.Fatal(err)
		}
		env.Clock.Set(real)
		rs := env.As(t, "researcher")
		period := url.Values{"from": {q.From.Format(time.RFC3339)}, "to": {q.To.Format(time.RFC3339)}}.Encode()
		var rep map[string]any
		r := rs.Get("/api/v1/research/report?" + period)
		mustStatus(t, r, 200)
		r.JSON(t, &rep)
		for k, want := range map[string]float64{"consenting_participants": 29, "posts_written": 524, "post_views": 1870, "participants_who_posted": 19,
			"cafes_held": 12, "distinct_cafe_participants": 17} {
			if rep[k] != want {
				t.Errorf("%s = %v, want %v", k, rep[k], want)
			}
		}
		if pc, _ := json.Marshal(rep["participants_per_cafe"]); string(pc) != "[3,9]" {
			t.Errorf("participants per café %s", pc)
		}
		csv := rs.Get("/api/v1/research/report?format=csv&" + period)
		if csv.Status != 200 || !strings.Contains(csv.Text(), "posts_written,524") || !strings.HasPrefix(csv.Header.Get("Content-Type"), "text/csv") {
			t.Errorf("report CSV: %d %.200s", csv.Status, csv.Body)
		}
		exp := rs.Get("/api/v1/research/export.csv?" + period)
		if exp.Status != 200 || strings.Count(exp.Text(), "\nP-") != 29 {
			t.Errorf("export: %d %.300s", exp.Status, exp.Body)
		}
		for _, w := range []string{"Nordlys", "Sørvind", "Havbris", "Små steg", "studie-nord"} {
			if strings.Contains(exp.Text(), w) {
				t.Errorf("the export contains %q", w)
			}
		}
		page := rs.Get("/research?from=" + q.From.In(time.UTC).Format("2006-01-02") + "&to=" + q.To.AddDate(0, 0, 1).Format("2006-01-02"))
		if page.Status != 200 || !strings.Contains(page.Text(), "<td>524</td>") || !strings.Contains(page.Text(), "<svg") {
			t.Errorf("research page: %d", page.Status)
		}
		// One community: small counts hidden.
		var one map[string]any
		rs.Get("/api/v1/research/report?community_id="+id(env.Fjordvik.ID)+"&"+period).JSON(t, &one)
		if one["small_counts_hidden"] != true {
			t.Errorf("one community: %v", one)
		}
		for name, path := range map[string]string{
			"end before start":  "/api/v1/research/report?from=2026-06-01&to=2026-05-01",
			"unknown community": "/api/v1/research/report?community_id=99999&" + period,
			"bad date":          "/api/v1/research/export.csv?from=yesterday",
		} {
			if r := rs.Get(path); r.Status != 400 || r.ErrorCode() == "" {
				t.Errorf("%s: %d %s", name, r.Status, r.Body)
			}
		}
		if r := rs.Get("/research?from=2026-06-01&to=2026-05-01"); r.Status != 400 {
			t.Errorf("page with end before start: %d", r.Status)
		}
		for _, who := range []string{"member", "moderator", "admin", "provider"} {
			c := env.As(t, who)
			for _, p := range []string{"/research", "/api/v1/research/report", "/api/v1/research/export.csv"} {
				if r := c.Get(p); r.Status != 404 {
					t.Errorf("%s on %s: %d", who, p, r.Status)
				}
			}
		}
	})
}

// A researcher reaches the research routes and her own account, and
// gets 404 on every other GET route of the API.
func TestResearchersSeeOnlyResearch(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		fw := newForumWorld(t, db)
		rs := fw.As(t, "researcher")
		var doc struct {
			Paths map[string]map[string]any `json:"paths"`
		}
		fw.kari.Get("/api/v1/openapi.json").JSON(t, &doc)
		own := regexp.MustCompile(`^/api/v1/(research/|me($|/)|auth/|session|openapi|notifications|stream|passkeys|tokens|consent|documents|healthz|readyz|calendar-feed|onboarding|communities$)`)
		var tried []string
		for path, ops := range doc.Paths {
			if _, ok := ops["get"]; !ok || !strings.HasPrefix(path, "/api/v1/") || own.MatchString(path) {
				continue
			}
			p := regexp.MustCompile(`\{[a-z_]+\}`).ReplaceAllString(path, "1")
			tried = append(tried, p)
			if r := rs.Get(p); r.Status != 404 {
				t.Errorf("researcher GET %s: %d", p, r.Status)
			}
		}
		sort.Strings(tried)
		if len(tried) < 30 {
			t.Errorf("only %d routes tried: %v", len(tried), tried)
		}
		for _, p := range []string{"/forum", "/forum/threads/" + fw.thread, "/people", "/circles", "/privacy-check", "/invitations", "/moderation", "/care", "/messages",
			"/care/access-log", "/toolbox", "/toolbox/calendar", "/events", "/events/new", "/library", "/shared", "/admin/accounts", "/admin/care", "/forum/members/Havbris"} {
			if r := rs.Get(p); r.Status != 404 {
				t.Errorf("researcher page %s: %d", p, r.Status)
			}
		}
		if r := rs.Get("/research"); r.Status != 200 {
			t.Errorf("researcher's own page: %d", r.Status)
		}
	})
}

// A member withdraws from the study and asks for what was recorded to
// be deleted: recording stops and the events are gone.
func TestWithdrawAndForgetUsage(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env := newForumWorld(t, db).Env
		kari := env.As(t, "member")
		count := func() int {
			var n int
			if err := db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM usage_events WHERE user_id = $1`, env.Member.ID).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		mustStatus(t, kari.Form("/settings/study", url.Values{"study": {"yes"}}), 303)
		kari = env.As(t, "member") // a sign-in, recorded
		if n := count(); n != 1 {
			t.Fatalf("%d events after consenting and signing in", n)
		}
		if s := kari.Get("/settings"); !strings.Contains(s.Text(), "Det er registrert 1 hendelser") {
			t.Error("the settings page does not say what is recorded")
		}
		mustStatus(t, kari.Form("/settings/study", url.Values{"study": {"no"}, "forget": {"yes"}}), 303)
		if n := count(); n != 0 {
			t.Errorf("%d events after withdrawing and forgetting", n)
		}
		env.As(t, "member")
		if n := count(); n != 0 {
			t.Errorf("recorded after withdrawal: %d", n)
		}
	})
}
