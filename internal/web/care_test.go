package web_test

import (
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
	"reconnect/internal/testkit/webtest"
)

// Care-team links over the API: an administrator links, a provider's
// code is accepted, the member ends a link and the provider's view
// changes on the very next request; providers never see a pseudonym.
func TestCareTeamOverHTTP(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env := newForumWorld(t, db)
		admin, provider := env.As(t, "admin"), env.As(t, "provider")
		link := created(t, admin.Do("POST", "/api/v1/care-team/links", map[string]any{"provider_id": id(env.Provider.ID), "member_id": id(env.Member.ID),
			"member_name": "Kari Nordmann"}), "id")
		r := provider.Get("/api/v1/care-team")
		mustStatus(t, r, 200)
		if !strings.Contains(r.Text(), "Kari Nordmann") || strings.Contains(r.Text(), "Havbris") {
			t.Errorf("provider's care team: %s", r.Body)
		}
		if r := env.kari.Get("/api/v1/care-team"); !strings.Contains(r.Text(), "Per Provider") {
			t.Errorf("member's care team: %s", r.Body)
		}
		code := created(t, provider.Do("POST", "/api/v1/care-team/links", map[string]any{"member_name": "Ola Nordmann"}), "code")
		clients := map[string]*webtest.Client{"member2": env.ola, "moderator": env.mod, "admin": admin}
		before := testkit.Counts(t, db)
		for _, bad := range []struct {
			who    string
			path   string
			body   map[string]any
			status int
		}{
			{"member2", "/api/v1/care-team/links/answer", map[string]any{"code": "AAAA-BBBB-CCCC", "accept": true}, 400},
			{"member2", "/api/v1/care-team/links", map[string]any{"member_name": "Meg Selv"}, 404},
			{"moderator", "/api/v1/care-team/links/answer", map[string]any{"code": code, "accept": true}, 404},
			{"admin", "/api/v1/care-team/links", map[string]any{"provider_id": id(env.Moderator.ID), "member_id": id(env.Member.ID), "member_name": "Kari Nordmann"}, 400},
			{"member2", "/api/v1/care-team/links/" + link, nil, 404},
		} {
			method := "POST"
			if bad.body == nil {
				method = "DELETE"
			}
			if r := clients[bad.who].Do(method, bad.path, bad.body); r.Status != bad.status {
				t.Errorf("%s %s as %s: %d, want %d: %s", method, bad.path, bad.who, r.Status, bad.status, r.Body)
			}
		}
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
			t.Error("refused care requests changed rows")
		}
		mustStatus(t, env.ola.Do("POST", "/api/v1/care-team/links/answer", map[string]any{"code": code, "accept": true}), 204)
		if r := provider.Get("/api/v1/care-team"); !strings.Contains(r.Text(), "Ola Nordmann") || strings.Contains(r.Text(), "Morgengry") {
			t.Errorf("after accepting: %s", r.Body)
		}
		mustStatus(t, env.kari.Do("DELETE", "/api/v1/care-team/links/"+link, nil), 204)
		if r := provider.Get("/api/v1/care-team"); strings.Contains(r.Text(), "Kari Nordmann") {
			t.Errorf("an ended link still shows: %s", r.Body)
		}
		for _, login := range []string{"moderator", "researcher"} {
			if r := env.As(t, login).Get("/api/v1/care-team"); r.Status != 404 {
				t.Errorf("care team as %s: %d", login, r.Status)
			}
		}
	})
}

// The care-team page: a provider makes a code, a member enters it, a
// wrong code is refused in place, and the member ends the link.
func TestCarePages(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env := newForumWorld(t, db)
		provider := env.As(t, "provider")
		r := provider.Form("/care/ask", url.Values{"member_name": {"Kari Nordmann"}})
		mustStatus(t, r, 200)
		m := regexp.MustCompile(`<strong>([0-9A-Z]{4}(?:-[0-9A-Z]{4}){4})</strong>`).FindStringSubmatch(r.Text())
		if m == nil {
			t.Fatalf("no code on the page: %.1000s", r.Body)
		}
		before := testkit.Counts(t, db)
		if r := env.kari.Form("/care/accept", url.Values{"code": {"0000-0000-0000-0000-0000"}}); r.Status != 400 || !strings.Contains(r.Text(), "Koden er ukjent") {
			t.Errorf("a wrong code: %d", r.Status)
		}
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
			t.Error("a wrong code changed rows")
		}
		mustStatus(t, env.kari.Form("/care/accept", url.Values{"code": {m[1]}}), 303)
		page := env.kari.Get("/care")
		if !strings.Contains(page.Text(), "Per Provider") {
			t.Fatalf("the member's care team: %.1000s", page.Body)
		}
		if p := provider.Get("/care"); !strings.Contains(p.Text(), "Kari Nordmann") || strings.Contains(p.Text(), "Havbris") {
			t.Error("the provider's page lacks the name or shows the pseudonym")
		}
		link := regexp.MustCompile(`name="link" value="(\d+)"`).FindStringSubmatch(page.Text())
		mustStatus(t, env.kari.Form("/care/end", url.Values{"link": {link[1]}}), 303)
		if p := provider.Get("/care"); strings.Contains(p.Text(), "Kari Nordmann") {
			t.Error("the ended link still shows to the provider")
		}
		for _, login := range []string{"moderator", "researcher", "admin"} {
			if r := env.As(t, login).Get("/care"); r.Status != 404 {
				t.Errorf("/care as %s: %d", login, r.Status)
			}
		}
	})
}

// Administrators link by login name and see logins only.
func TestAdminCarePage(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env := newForumWorld(t, db)
		admin := env.As(t, "admin")
		mustStatus(t, admin.Get("/admin/care"), 200)
		before := testkit.Counts(t, db)
		r := admin.Form("/admin/care", url.Values{"provider_id": {id(env.Provider.ID)}, "member_login": {"ingen-slik"}, "member_name": {"Kari Nordmann"}})
		if r.Status != 400 || !strings.Contains(r.Text(), "Velg en tjenestebruker.") {
			t.Fatalf("unknown login: %d %.300s", r.Status, r.Body)
		}
		r = admin.Form("/admin/care", url.Values{"provider_id": {id(env.Provider.ID)}, "member_login": {"MEMBER"}, "member_name": {""}})
		if r.Status != 400 || !strings.Contains(r.Text(), "Skriv navnet") {
			t.Fatalf("no name: %d %.300s", r.Status, r.Body)
		}
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
			t.Error("refused links changed rows")
		}
		mustStatus(t, admin.Form("/admin/care", url.Values{"provider_id": {id(env.Provider.ID)}, "member_login": {"MEMBER"}, "member_name": {"Kari Nordmann"}}), 303)
		page := admin.Get("/admin/care")
		if !strings.Contains(page.Text(), "<td>member</td>") || strings.Contains(page.Text(), "Havbris") || strings.Contains(page.Text(), "Kari Nordmann") {
			t.Errorf("the admin's list: %.2000s", page.Body)
		}
		if r := env.As(t, "provider").Get("/api/v1/care-team"); !strings.Contains(r.Text(), "Kari Nordmann") {
			t.Errorf("provider after admin link: %s", r.Body)
		}
		for _, login := range []string{"provider", "member", "moderator"} {
			if r := env.As(t, login).Get("/admin/care"); r.Status != 404 {
				t.Errorf("/admin/care as %s: %d", login, r.Status)
			}
		}
	})
}
