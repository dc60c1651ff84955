package web_test

import (
	"html"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
	"reconnect/internal/testkit/webtest"
)

type prefsJSON struct {
	Kinds map[string]struct {
		Group string `json:"group"`
		InApp bool   `json:"in_app"`
		Email bool   `json:"email"`
		Fixed bool   `json:"fixed"`
	} `json:"kinds"`
	QuietHours struct{ Start, End string } `json:"quiet_hours"`
	Digest     struct {
		On   bool `json:"on"`
		Hour int  `json:"hour"`
	} `json:"digest"`
}

// The preferences API reports the defaults, changes only what a request
// names, and refuses bad values in the caller's language, changing
// nothing; the page shows the same choices and saves them without
// JavaScript.
func TestNotificationPreferencesAPIAndPage(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env := webtest.Start(t, db)
		c := env.As(t, "member")
		var p prefsJSON
		c.Get("/api/v1/notifications/preferences").JSON(t, &p)
		if k := p.Kinds["message"]; !k.InApp || !k.Email || k.Group != "messages" {
			t.Errorf("message defaults: %+v", k)
		}
		if k := p.Kinds["thread_reply"]; !k.InApp || k.Email {
			t.Errorf("reply defaults: %+v", k)
		}
		if k := p.Kinds["identity_lookup"]; !k.Fixed || !k.InApp || !p.Kinds["event_reminder"].Email {
			t.Errorf("identity look-up or reminder defaults: %+v %+v", k, p.Kinds["event_reminder"])
		}
		if p.QuietHours.Start != "22:00" || p.QuietHours.End != "07:00" || p.Digest.On || p.Digest.Hour != 8 {
			t.Errorf("timing defaults: %+v %+v", p.QuietHours, p.Digest)
		}
		r := c.Do("PUT", "/api/v1/notifications/preferences", map[string]any{"kinds": map[string]any{"mention": map[string]any{"email": true}, "message": map[string]any{"in_app": false}},
			"quiet_hours": map[string]any{"start": "23:30", "end": "06:15"}, "digest": map[string]any{"on": true}})
		mustStatus(t, r, 200)
		c.Get("/api/v1/notifications/preferences").JSON(t, &p)
		if k := p.Kinds["mention"]; !k.InApp || !k.Email {
			t.Errorf("mention after PUT: %+v", k)
		}
		if k := p.Kinds["message"]; k.InApp || !k.Email {
			t.Errorf("message after PUT: %+v", k)
		}
		if p.QuietHours.Start != "23:30" || p.QuietHours.End != "06:15" || !p.Digest.On || p.Digest.Hour != 8 {
			t.Errorf("timing after PUT: %+v %+v", p.QuietHours, p.Digest)
		}
		before := testkit.Counts(t, db)
		for _, bad := range []struct {
			body  map[string]any
			field string
		}{
			{map[string]any{"kinds": map[string]any{"bogus": map[string]any{"email": true}}}, "kinds.bogus"},
			{map[string]any{"kinds": map[string]any{"identity_lookup": map[string]any{"in_app": false}}}, "kinds.identity_lookup"},
			{map[string]any{"quiet_hours": map[string]any{"start": "25:00", "end": "07:00"}}, "quiet_hours.start"},
			{map[string]any{"quiet_hours": map[string]any{"start": "22:00", "end": "7"}}, "quiet_hours.end"},
			{map[string]any{"digest": map[string]any{"hour": 24}}, "digest_hour"},
			{map[string]any{"digest": map[string]any{"hour": -1}}, "digest_hour"},
		} {
			for _, lang := range []string{"nb", "en"} {
				if lang == "en" {
					mustStatus(t, c.Do("PATCH", "/api/v1/me/preferences", map[string]any{"language": "en"}), 200)
				}
				r := c.Do("PUT", "/api/v1/notifications/preferences", bad.body)
				var e struct {
					Error struct {
						Message string            `json:"message"`
						Fields  map[string]string `json:"fields"`
					} `json:"error"`
				}
				r.JSON(t, &e)
				msg := e.Error.Fields[bad.field]
				nb := strings.Contains(e.Error.Message, "Se over feltene")
				if r.Status != 400 || msg == "" || nb != (lang == "nb") {
					t.Errorf("%v (%s): %d %s", bad.body, lang, r.Status, r.Body)
				}
			}
			mustStatus(t, c.Do("PATCH", "/api/v1/me/preferences", map[string]any{"language": "nb"}), 200)
		}
		for _, q := range []string{"?kind=bogus", "?group=bogus", "?unread=maybe", "?kind=mention&group=forum"} {
			if r := c.Get("/api/v1/notifications" + q); r.Status != 400 {
				t.Errorf("list %s: %d", q, r.Status)
			}
		}
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
			t.Errorf("refused preferences changed rows: %v -> %v", before, after)
		}
		// The page: the table of kinds and channels; a plain form post.
		page := c.Get("/settings/notifications")
		mustStatus(t, page, 200)
		for _, want := range []string{`name="email.mention" value="on" checked`, `name="in_app.message" value="on" aria`, `id="f-in_app-identity_lookup" checked disabled`, `value="23:30"`, "Stille timer"} {
			if !strings.Contains(page.Text(), want) {
				t.Errorf("settings page lacks %q", want)
			}
		}
		if !strings.Contains(c.Get("/settings").Text(), `href="/settings/notifications"`) {
			t.Error("no link from the settings page")
		}
		form := url.Values{"in_app.thread_reply": {"on"}, "email.thread_reply": {"on"}, "quiet_start": {"22:00"}, "quiet_end": {"22:00"}, "digest_hour": {"9"}}
		mustStatus(t, c.Form("/settings/notifications", form), 303)
		c.Get("/api/v1/notifications/preferences").JSON(t, &p)
		if k := p.Kinds["thread_reply"]; !k.InApp || !k.Email || p.Kinds["mention"].InApp || !p.Kinds["identity_lookup"].InApp || p.Digest.On || p.Digest.Hour != 9 || p.QuietHours.End != "22:00" {
			t.Errorf("after the form: %+v", p)
		}
		before = testkit.Counts(t, db)
		form.Set("quiet_start", "25:00")
		form.Set("digest_hour", "24")
		r = c.Form("/settings/notifications", form)
		if r.Status != 400 || !strings.Contains(r.Text(), "Skriv et klokkeslett som 22:00") || !strings.Contains(r.Text(), "Velg en time fra 0 til 23") {
			t.Errorf("bad form: %d", r.Status)
		}
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
			t.Errorf("a refused form changed rows: %v -> %v", before, after)
		}
	})
}

// The notices page counts unread notices, filters by group and unread,
// marks one or all read (another member's is not found), and pages.
func TestNoticesPage(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env := webtest.Start(t, db)
		kari, ola := env.As(t, "member"), env.As(t, "member2")
		for i := range 52 {
			mustStatus(t, ola.Do("POST", "/api/v1/circles", map[string]any{"name": "Sirkel " + string(rune('A'+i%26)) + string(rune('a'+i/26)), "member_pseudonyms": []string{"Havbris"}}), 201)
		}
		mustStatus(t, env.As(t, "admin").Do("POST", "/api/v1/admin/identity-lookups", map[string]any{"pseudonym": "Havbris", "reason": "Politiet ba om det skriftlig"}), 200)
		page := kari.Get("/notifications")
		mustStatus(t, page, 200)
		if !strings.Contains(page.Text(), "Uleste: 53") || !strings.Contains(page.Text(), "Eldre varsler") {
			t.Fatalf("first page: %.2000s", page.Body)
		}
		m := olderLink.FindStringSubmatch(page.Text())
		if m == nil {
			t.Fatal("no link to older notices")
		}
		older := kari.Get("/notifications?" + html.UnescapeString(m[1]))
		if n := strings.Count(older.Text(), "Merk som lest</button>"); n != 3 || !strings.Contains(older.Text(), "Nyeste varsler") {
			t.Errorf("older page has %d notices: %.1500s", n, older.Body)
		}
		safety := kari.Get("/notifications?group=safety")
		if !strings.Contains(safety.Text(), "slått opp hvem som står bak") || strings.Contains(safety.Text(), "invitert deg") {
			t.Errorf("safety filter: %.2000s", safety.Body)
		}
		var list struct{ Items []struct{ ID, Kind string } }
		kari.Get("/api/v1/notifications?kind=identity_lookup&unread=1").JSON(t, &list)
		if len(list.Items) != 1 || list.Items[0].Kind != "identity_lookup" {
			t.Fatalf("API filter: %+v", list.Items)
		}
		if r := ola.Form("/notifications/"+list.Items[0].ID+"/read", nil); r.Status != 404 {
			t.Errorf("another member's notice: %d", r.Status)
		}
		mustStatus(t, kari.Form("/notifications/"+list.Items[0].ID+"/read", nil), 303)
		if r := kari.Get("/api/v1/notifications/unread"); !strings.Contains(r.Text(), `{"count":52}`) {
			t.Errorf("unread count: %s", r.Body)
		}
		if !strings.Contains(kari.Get("/notifications").Text(), "Uleste: 52") {
			t.Error("one notice read")
		}
		if r := kari.Get("/notifications?group=bogus"); r.Status != 400 {
			t.Errorf("unknown group: %d", r.Status)
		}
		mustStatus(t, kari.Form("/notifications/read", nil), 303)
		if page := kari.Get("/notifications?unread=1"); !strings.Contains(page.Text(), "Uleste: 0") || !strings.Contains(page.Text(), "Ingen varsler") {
			t.Errorf("after reading all: %.1500s", page.Body)
		}
	})
}

var olderLink = regexp.MustCompile(`href="/notifications\?([^"]+)">Eldre varsler`)
