package web_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
	"reconnect/internal/testkit/webtest"
)

// realNames gives the fixture members real names, as eID would, and
// returns every real name in the world.
func realNames(t *testing.T, env *webtest.Env) []string {
	t.Helper()
	for id, name := range map[int64]string{env.Member.ID: "Kari Nordmann", env.Member2.ID: "Ola Hansen", env.Moderator.ID: "Mona Moderator"} {
		if _, err := env.DB.ExecContext(ctx, `INSERT INTO real_names (user_id, full_name, source, updated_at) VALUES ($1, $2, 'eid', $3)`, id, name, env.Clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	return []string{"Kari Nordmann", "Ola Hansen", "Mona Moderator", "Ada Admin", "Per Provider", "Rita Researcher", "Nordmann", "Hansen"}
}

// peer signs in as a forum member whose every response is scanned for
// everyone else's real names (the member's own may appear, in /me).
func peer(t *testing.T, env *webtest.Env, login string, names []string) *webtest.Client {
	own := map[string][]string{"member": {"Kari Nordmann", "Nordmann"}, "member2": {"Ola Hansen", "Hansen"}, "moderator": {"Mona Moderator"}}[login]
	c := env.As(t, login)
	for _, n := range names {
		if !slices.Contains(own, n) {
			c.Forbid = append(c.Forbid, n)
		}
	}
	return c
}

func TestRevealsAndRequestsOverHTTP(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env := webtest.Start(t, db)
		names := realNames(t, env)
		kari, ola, mod := peer(t, env, "member", names), peer(t, env, "member2", names), peer(t, env, "moderator", names)

		// The page shows a confirmation screen before anything is revealed.
		r := kari.Form("/people/reveal", url.Values{"to_pseudonym": {"Morgengry"}, "shown_name": {"Kari"}, "note": {"grønt skjerf"}})
		if r.Status != 200 || !strings.Contains(r.Text(), "kan de ikke glemme det igjen") {
			t.Fatalf("confirmation screen: %d", r.Status)
		}
		if n := testkit.Counts(t, db)["reveals"]; n != 0 {
			t.Fatal("revealed before confirming")
		}
		r = kari.Form("/people/reveal", url.Values{"to_pseudonym": {"Morgengry"}, "shown_name": {"Kari"}, "note": {"grønt skjerf"}, "confirmed": {"yes"}})
		if r.Status != 303 {
			t.Fatalf("reveal: %d %s", r.Status, r.Body)
		}
		var got struct {
			Received []struct {
				FromPseudonym string `json:"from_pseudonym"`
				ShownName     string `json:"shown_name"`
			}
		}
		ola.Get("/api/v1/reveals").JSON(t, &got)
		if len(got.Received) != 1 || got.Received[0].ShownName != "Kari" {
			t.Fatalf("receiver: %+v", got)
		}
		if !strings.Contains(ola.Get("/notifications").Text(), "Havbris har vist deg hvem de er") {
			t.Fatal("no notice for the receiver")
		}
		mod.Get("/api/v1/reveals").JSON(t, &got)
		if len(got.Received) != 0 {
			t.Fatalf("a third member sees a reveal: %+v", got)
		}
		// API errors, each a clear 4xx, nothing written.
		before := testkit.Counts(t, db)
		for _, body := range []map[string]any{
			{"to_pseudonym": "Havbris", "shown_name": "Kari"},
			{"to_pseudonym": "Finnes Ikke", "shown_name": "Kari"},
			{"to_pseudonym": "Morgengry", "shown_name": ""},
			{"to_pseudonym": "Morgengry", "shown_name": "Kari"}, // already revealed: 409
		} {
			if r := kari.Do("POST", "/api/v1/reveals", body); r.Status < 400 || r.Status > 499 {
				t.Errorf("%v: %d %s", body, r.Status, r.Body)
			}
		}
		if r := env.As(t, "provider").Do("POST", "/api/v1/reveals", map[string]any{"to_pseudonym": "Morgengry", "shown_name": "Per"}); r.Status != 404 {
			t.Errorf("provider revealing: %d", r.Status)
		}
		if after := testkit.Counts(t, db); after["reveals"] != before["reveals"] {
			t.Fatal("refused reveals wrote rows")
		}

		// Know-each-other through the API: accept on one side.
		r = mod.Do("POST", "/api/v1/reveal-requests", map[string]any{"to_pseudonym": "Havbris", "shown_name": "Mona"})
		if r.Status != 201 {
			t.Fatalf("ask: %d %s", r.Status, r.Body)
		}
		var reqs struct {
			Incoming []struct {
				ID            string
				FromPseudonym string `json:"from_pseudonym"`
			}
		}
		kari.Get("/api/v1/reveal-requests").JSON(t, &reqs)
		if len(reqs.Incoming) != 1 {
			t.Fatalf("incoming %+v", reqs)
		}
		if r := ola.Do("POST", "/api/v1/reveal-requests/"+reqs.Incoming[0].ID+"/answer", map[string]any{"accept": true, "shown_name": "X"}); r.Status != 404 {
			t.Fatalf("someone else answering: %d", r.Status)
		}
		if r := kari.Do("POST", "/api/v1/reveal-requests/"+reqs.Incoming[0].ID+"/answer", map[string]any{"accept": true, "shown_name": "Kari"}); r.Status != 204 {
			t.Fatalf("answer: %d %s", r.Status, r.Body)
		}
		var out struct{ Outgoing []struct{ Status string } }
		mod.Get("/api/v1/reveal-requests").JSON(t, &out)
		if len(out.Outgoing) != 1 || out.Outgoing[0].Status != "accepted" {
			t.Fatalf("asker's view %+v", out)
		}
		for _, c := range []*webtest.Client{kari, ola, mod} {
			for _, p := range []string{"/people", "/notifications", "/api/v1/notifications", "/api/v1/me"} {
				if r := c.Get(p); r.Status != 200 {
					t.Errorf("%s: %d", p, r.Status)
				}
			}
		}
	})
}

func TestCirclesOverHTTP(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env := webtest.Start(t, db)
		names := realNames(t, env)
		kari, ola, mod := peer(t, env, "member", names), peer(t, env, "member2", names), peer(t, env, "moderator", names)
		before := testkit.Counts(t, db)
		for _, body := range []map[string]any{
			{"name": "Kafégjengen", "member_pseudonyms": []string{"Finnes Ikke"}},
			{"name": "Kafégjengen", "member_pseudonyms": []string{"per provider"}},
			{"name": "K", "member_pseudonyms": []string{}},
			{"name": "Kafégjengen", "member_pseudonyms": "Morgengry"},
		} {
			if r := kari.Do("POST", "/api/v1/circles", body); r.Status != 400 {
				t.Errorf("%v: %d %s", body, r.Status, r.Body)
			}
		}
		if after := testkit.Counts(t, db); after["circles"] != before["circles"] {
			t.Fatal("refused circles wrote rows")
		}
		r := kari.Do("POST", "/api/v1/circles", map[string]any{"name": "Kafégjengen", "member_pseudonyms": []string{"Morgengry"}})
		if r.Status != 201 {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		var c struct {
			ID      string
			Members []struct{ Pseudonym, Status string }
		}
		r.JSON(t, &c)
		if r := mod.Get("/api/v1/circles/" + c.ID); r.Status != 404 {
			t.Fatalf("outsider sees the circle: %d", r.Status)
		}
		if r := mod.Get("/circles/" + c.ID); r.Status != 404 {
			t.Fatalf("outsider sees the circle page: %d", r.Status)
		}
		if r := env.As(t, "admin").Get("/api/v1/circles/" + c.ID); r.Status != 404 {
			t.Fatalf("admin sees the circle: %d", r.Status)
		}
		if r := ola.Do("POST", "/api/v1/circles/"+c.ID+"/join", nil); r.Status != 204 {
			t.Fatalf("join: %d %s", r.Status, r.Body)
		}
		// The first visit shows the confidentiality reminder, once.
		if body := ola.Get("/circles/" + c.ID).Text(); !strings.Contains(body, "Det som sies her, blir her") {
			t.Fatal("no reminder on the first visit")
		}
		if body := ola.Get("/circles/" + c.ID).Text(); strings.Contains(body, "Det som sies her, blir her") {
			t.Fatal("reminder shown again")
		}
		if r := ola.Do("DELETE", "/api/v1/circles/"+c.ID+"/members/Havbris", nil); r.Status != 403 {
			t.Fatalf("non-creator removing: %d", r.Status)
		}
		if r := kari.Do("DELETE", "/api/v1/circles/"+c.ID+"/members/"+url.PathEscape("Morgengry"), nil); r.Status != 204 {
			t.Fatalf("remove: %d %s", r.Status, r.Body)
		}
		var list struct{ Items []struct{ ID string } }
		ola.Get("/api/v1/circles").JSON(t, &list)
		if len(list.Items) != 0 {
			t.Fatalf("removed member still lists the circle: %+v", list)
		}
		if r := kari.Get("/circles?suggest=1"); r.Status != http.StatusOK {
			t.Fatalf("circles page: %d", r.Status)
		}
	})
}

func TestIdentityLookupOverHTTP(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env := webtest.Start(t, db)
		realNames(t, env)
		admin := env.As(t, "admin")
		if r := env.As(t, "moderator").Do("POST", "/api/v1/admin/identity-lookups", map[string]any{"pseudonym": "Havbris", "reason": "I want to know who"}); r.Status != 404 {
			t.Fatalf("moderator: %d", r.Status)
		}
		if r := admin.Do("POST", "/api/v1/admin/identity-lookups", map[string]any{"pseudonym": "Havbris", "reason": "kort"}); r.Status != 400 {
			t.Fatalf("short reason: %d", r.Status)
		}
		r := admin.Form("/admin/identity-lookup", url.Values{"pseudonym": {"Havbris"}, "reason": {"Alvorlig bekymring meldt av likeperson"}})
		if r.Status != 200 || !strings.Contains(r.Text(), "Kari Nordmann") {
			t.Fatalf("lookup page: %d", r.Status)
		}
		kari := env.As(t, "member")
		if body := kari.Get("/notifications").Text(); !strings.Contains(body, "Alvorlig bekymring meldt av likeperson") {
			t.Fatal("member not told")
		}
		if body := kari.Get("/").Text(); !strings.Contains(body, `class="badge"`) {
			t.Fatal("no unread badge")
		}
		if r := kari.Do("POST", "/api/v1/notifications/read", map[string]any{"ids": []string{"999999"}}); r.Status != 404 {
			t.Fatalf("marking someone else's notice: %d", r.Status)
		}
		if r := kari.Do("POST", "/api/v1/notifications/read", map[string]any{}); r.Status != 204 {
			t.Fatalf("mark read: %d", r.Status)
		}
		if body := kari.Get("/").Text(); strings.Contains(body, `class="badge"`) {
			t.Fatal("badge after reading")
		}
	})
}

// The new pages and answers speak English to an English member.
func TestIdentityPagesInEnglish(t *testing.T) {
	env := webtest.Start(t, testkit.SQLite(t))
	inv, _ := env.IDs.CreateInvitation(ctx, &env.Admin, newInv("service_user", env.Granlia.ID))
	c := env.Client(t)
	c.Lang = "en"
	c.Form("/register", url.Values{"invitation": {inv.Code}, "login": {"english.member"}, "password": {"a long enough secret"}})
	want := func(path, text string) {
		t.Helper()
		if body := c.Get(path).Text(); !strings.Contains(body, text) {
			t.Errorf("%s lacks %q", path, text)
		}
	}
	want("/consent", "Before you start")
	want("/consent", "Not an emergency service")
	c.Form("/consent", url.Values{"accept_terms": {"yes"}})
	want("/onboarding/pseudonym", "Choose your pseudonym")
	if r := c.Form("/onboarding/pseudonym", url.Values{"pseudonym": {"moderator"}}); !strings.Contains(r.Text(), "could be mistaken for a role") {
		t.Error("reserved pseudonym error not in English")
	}
	c.Form("/onboarding/pseudonym", url.Values{"pseudonym": {"Quiet Harbour"}})
	want("/onboarding/welcome", "You belong to Granlia")
	c.Form("/onboarding/welcome", nil)
	want("/people", "Show one person who you are")
	want("/circles", "A circle is a small, closed group")
	if r := c.Form("/people/reveal", url.Values{"to_pseudonym": {"Havbris"}, "shown_name": {"Sam"}}); !strings.Contains(r.Text(), "they cannot un-know it") {
		t.Error("confirmation screen not in English")
	}
	var res struct{ Findings []struct{ Advice string } }
	c.Do("POST", "/api/v1/privacy/check", map[string]any{"text": "Call me on 412 34 567"}).JSON(t, &res)
	if len(res.Findings) == 0 || strings.ContainsAny(res.Findings[0].Advice, "æøå") {
		t.Errorf("advice %+v", res.Findings)
	}
}
