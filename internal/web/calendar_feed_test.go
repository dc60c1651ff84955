package web_test

import (
	"bytes"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
	"reconnect/internal/testkit/webtest"
)

var feedPath = regexp.MustCompile(`/calendar/(rcal_[A-Za-z0-9_-]+)\.ics`)

// feedToken is the token in the one response that shows the feed's
// address.
func feedToken(t *testing.T, r *webtest.Response) string {
	t.Helper()
	mustStatus(t, r, 201)
	m := feedPath.FindStringSubmatch(r.Text())
	if m == nil {
		t.Fatalf("no feed address in the response: %.600s", r.Body)
	}
	return m[1]
}

// fetchFeed fetches a feed as a calendar app does (no session) and
// parses it with the iCalendar library.
func fetchFeed(t *testing.T, env *webtest.Env, token string) (*webtest.Response, []*ics.VEvent) {
	t.Helper()
	r := env.Client(t).Get("/calendar/" + token + ".ics")
	mustStatus(t, r, 200)
	for h, want := range map[string]string{"Content-Type": "text/calendar; charset=utf-8", "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer"} {
		if got := r.Header.Get(h); got != want {
			t.Errorf("%s: %q, want %q", h, got, want)
		}
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(r.Body))
	if err != nil {
		t.Fatalf("the feed does not parse: %v", err)
	}
	return r, cal.Events()
}

func feedGone(t *testing.T, env *webtest.Env, path, why string) {
	t.Helper()
	if r := env.Client(t).Get(path); r.Status != 404 || bytes.Contains(r.Body, []byte("VCALENDAR")) {
		t.Errorf("%s (%s): %d, want 404", path, why, r.Status)
	}
}

// The calendar feed end to end over HTTP: turned on from the settings
// page without JavaScript, fetched anonymously by a calendar app,
// neutral by default, titles when chosen, a new link and turning off
// revoke at once, a disabled account's feed is gone, roles without a
// feed get 404, and the token never reaches the log.
func TestCalendarFeedOverHTTP(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env := webtest.Start(t, db)
		mod, member, admin := env.As(t, "moderator"), env.As(t, "member"), env.As(t, "admin")
		start := testkit.Start.Add(50 * time.Hour).Truncate(time.Hour)
		ev := created(t, mod.Do("POST", "/api/v1/events", map[string]any{"community_id": id(env.Fjordvik.ID), "kind": "cafe", "title": "Torsdagskafé",
			"starts_at": start, "ends_at": start.Add(2 * time.Hour), "place": map[string]any{"name": "Biblioteket"}, "description": "Te og prat"}), "id")
		mustStatus(t, member.Do("POST", "/api/v1/events/"+ev+"/rsvp", map[string]any{"status": "going", "note": "Gleder meg"}), 200)
		created(t, member.Do("POST", "/api/v1/toolbox/activities", map[string]any{"what": "Tur med Jonas", "day": start.Format("2006-01-02"), "time": "10:00", "with_whom": "Jonas"}), "id")

		page := member.Get("/settings")
		mustStatus(t, page, 200)
		if !strings.Contains(page.Text(), `action="/settings/calendar"`) || !strings.Contains(page.Text(), "Kalenderabonnement") {
			t.Fatalf("no calendar section on the settings page")
		}
		en := env.As(t, "member")
		en.Lang = "en"
		mustStatus(t, en.Do("PATCH", "/api/v1/me/preferences", map[string]any{"language": "en"}), 200)
		if p := en.Get("/settings"); !strings.Contains(p.Text(), "Show event titles in my calendar app") {
			t.Error("the calendar section is not in English")
		}
		mustStatus(t, member.Do("PATCH", "/api/v1/me/preferences", map[string]any{"language": "nb"}), 200)

		// On, neutral by default; the address is shown this once.
		tok := feedToken(t, member.Form("/settings/calendar", url.Values{}))
		seen := []string{tok}
		r, evs := fetchFeed(t, env, tok)
		if len(evs) != 2 {
			t.Errorf("the feed holds %d entries, want the café and the activity: %s", len(evs), r.Body)
		}
		for _, e := range evs {
			if s := e.GetProperty(ics.ComponentPropertySummary); s == nil || s.Value != "ReConnect" {
				t.Errorf("%s: not neutral", e.Id())
			}
		}
		for _, secret := range []string{"Torsdagskafé", "Biblioteket", "Tur med Jonas", "Jonas", "Te og prat", "Gleder meg", "Havbris", "Fjordvik"} {
			if strings.Contains(r.Text(), secret) {
				t.Errorf("the neutral feed contains %q", secret)
			}
		}
		if p := member.Get("/settings"); strings.Contains(p.Text(), tok) || !strings.Contains(p.Text(), "Kalenderabonnementet er på") {
			t.Error("the settings page shows the token again, or not that the feed is on")
		}
		// The member's own browser, signed in, may open it too.
		mustStatus(t, member.Get("/calendar/"+tok+".ics"), 200)

		// Titles when she chooses them: still no description, note or people.
		mustStatus(t, member.Form("/settings/calendar/titles", url.Values{"show_titles": {"yes"}}), 303)
		r, _ = fetchFeed(t, env, tok)
		if !strings.Contains(r.Text(), "SUMMARY:Torsdagskafé") || !strings.Contains(r.Text(), "LOCATION:Biblioteket") || !strings.Contains(r.Text(), "SUMMARY:Tur med Jonas") {
			t.Errorf("titles chosen but not shown: %s", r.Body)
		}
		for _, secret := range []string{"Te og prat", "Gleder meg", "WITH", "Havbris", "Fjordvik-verten"} {
			if strings.Contains(r.Text(), secret) {
				t.Errorf("the feed contains %q", secret)
			}
		}

		// A new link: the old one is gone at once.
		fresh := feedToken(t, member.Form("/settings/calendar/new-link", url.Values{}))
		seen = append(seen, fresh)
		feedGone(t, env, "/calendar/"+tok+".ics", "replaced")
		fetchFeed(t, env, fresh)
		for _, p := range []string{"/calendar/" + fresh + ".txt", "/calendar/" + fresh, "/calendar/" + fresh + ".ics.ics", "/calendar/x.ics", "/calendar/rcal_x.ics", "/calendar/" + url.PathEscape(fresh+".ics/")} {
			feedGone(t, env, p, "malformed or unknown")
		}

		// The JSON API: state without the token; a new address; titles off.
		state := member.Get("/api/v1/calendar-feed")
		if state.Status != 200 || !strings.Contains(state.Text(), `"enabled":true`) || !strings.Contains(state.Text(), `"show_titles":true`) || strings.Contains(state.Text(), "rcal_") {
			t.Errorf("feed state: %d %s", state.Status, state.Body)
		}
		apiTok := feedToken(t, member.Do("POST", "/api/v1/calendar-feed", map[string]any{"show_titles": true}))
		seen = append(seen, apiTok)
		feedGone(t, env, "/calendar/"+fresh+".ics", "replaced over the API")
		mustStatus(t, member.Do("PATCH", "/api/v1/calendar-feed", map[string]any{"show_titles": false}), 200)
		if r, _ := fetchFeed(t, env, apiTok); strings.Contains(r.Text(), "Torsdagskafé") {
			t.Error("titles still shown after turning them off")
		}

		// A disabled account's feed is gone, and returns when enabled.
		mustStatus(t, admin.Do("PATCH", "/api/v1/admin/accounts/"+id(env.Member.ID), map[string]any{"disabled": true}), 200)
		feedGone(t, env, "/calendar/"+apiTok+".ics", "disabled account")
		mustStatus(t, admin.Do("PATCH", "/api/v1/admin/accounts/"+id(env.Member.ID), map[string]any{"disabled": false}), 200)
		fetchFeed(t, env, apiTok)

		// Turning off: gone at once; turning off again is fine.
		member = env.As(t, "member") // disabling ended her sessions
		mustStatus(t, member.Form("/settings/calendar/off", url.Values{}), 303)
		feedGone(t, env, "/calendar/"+apiTok+".ics", "turned off")
		if s := member.Get("/api/v1/calendar-feed"); !strings.Contains(s.Text(), `"enabled":false`) {
			t.Errorf("after turning off: %s", s.Body)
		}
		mustStatus(t, member.Do("DELETE", "/api/v1/calendar-feed", nil), 204)
		if r := member.Do("PATCH", "/api/v1/calendar-feed", map[string]any{"show_titles": true}); r.Status != 404 {
			t.Errorf("titles for a feed that is off: %d", r.Status)
		}
		if r := member.Form("/settings/calendar/new-link", url.Values{}); r.Status != 404 {
			t.Errorf("a new link for a feed that is off: %d", r.Status)
		}

		// Roles without a feed: no section, and 404 everywhere.
		for _, who := range []string{"provider", "researcher", "admin"} {
			c := env.As(t, who)
			if p := c.Get("/settings"); p.Status != 200 || strings.Contains(p.Text(), "s-calendar") {
				t.Errorf("%s: settings %d, or a calendar section", who, p.Status)
			}
			for _, r := range []*webtest.Response{c.Form("/settings/calendar", url.Values{}), c.Do("POST", "/api/v1/calendar-feed", map[string]any{}), c.Get("/api/v1/calendar-feed")} {
				if r.Status != 404 {
					t.Errorf("%s: %d, want 404", who, r.Status)
				}
			}
		}

		// The peer moderator has one: the cafés she is going to.
		modTok := feedToken(t, mod.Do("POST", "/api/v1/calendar-feed", map[string]any{}))
		seen = append(seen, modTok)
		fetchFeed(t, env, modTok)

		logs := env.Logs.String()
		if strings.Contains(logs, "rcal_") || strings.Contains(logs, "/calendar/r") {
			t.Error("a feed path reached the log")
		}
		for _, s := range seen {
			if strings.Contains(logs, s) || strings.Contains(logs, s[5:]) || testkit.DBContains(t, db, s) {
				t.Errorf("a feed token reached the log or the database")
			}
		}
		if !strings.Contains(logs, "GET /calendar/{file}") {
			t.Error("feed requests are not logged by their route pattern")
		}
	})
}
