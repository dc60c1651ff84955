package web_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
	"reconnect/internal/testkit/webtest"
)

// jsonRoutes are the JSON routes that take a body, with a valid body to
// mutate and who calls them.
var jsonRoutes = []struct {
	method, path, as string
	valid            map[string]any
}{
	{"POST", "/api/v1/auth/login", "", map[string]any{"login": "member", "password": "wrong but well-formed"}},
	{"POST", "/api/v1/auth/register", "", map[string]any{"invitation": "0000-0000-0000-0000-0000", "login": "x1234", "password": "long enough password", "pseudonym": "Ny", "accept_terms": true}},
	{"POST", "/api/v1/auth/tokens", "member", map[string]any{"name": "t"}},
	{"DELETE", "/api/v1/me", "member", map[string]any{"forum_posts": "keep_anonymous"}},
	{"PATCH", "/api/v1/me/preferences", "member", map[string]any{"language": "en", "email": "havbris@example.no", "email_notices": true}},
	{"POST", "/api/v1/me/email/verify", "member", map[string]any{"token": "AAAA-BBBB-CCCC-DDDD-EEEE"}},
	{"POST", "/api/v1/me/password", "member", map[string]any{"current_password": "x", "new_password": "y"}},
	{"POST", "/api/v1/invitations", "admin", map[string]any{"role": "service_user"}},
	{"POST", "/api/v1/communities", "admin", map[string]any{"name": "N", "slug": "n"}},
	{"PATCH", "/api/v1/admin/accounts/{member}", "admin", map[string]any{"role": "peer_moderator"}},
	{"POST", "/api/v1/reveals", "member", map[string]any{"to_pseudonym": "Morgengry", "shown_name": "Kari", "note": "n"}},
	{"POST", "/api/v1/reveal-requests", "member", map[string]any{"to_pseudonym": "Morgengry", "shown_name": "Kari"}},
	{"POST", "/api/v1/circles", "member", map[string]any{"name": "Kafégjengen", "member_pseudonyms": []string{"Morgengry"}}},
	{"POST", "/api/v1/privacy/check", "member", map[string]any{"text": "hei"}},
	{"POST", "/api/v1/consents", "member", map[string]any{"accept_required": true, "study": false}},
	{"POST", "/api/v1/pseudonyms/check", "member", map[string]any{"pseudonym": "Ny Her"}},
	{"PUT", "/api/v1/me/pseudonym", "member", map[string]any{"pseudonym": "Ny Her"}},
	{"POST", "/api/v1/admin/places", "admin", map[string]any{"community_id": "1", "name": "Et sted"}},
	{"POST", "/api/v1/admin/reserved-pseudonyms", "admin", map[string]any{"word": "Ordet"}},
	{"POST", "/api/v1/admin/identity-lookups", "admin", map[string]any{"pseudonym": "Havbris", "reason": "en lang nok grunn"}},
	{"POST", "/api/v1/admin/consent-documents", "admin", map[string]any{"kind": "terms", "title_nb": "a", "title_en": "b", "body_nb": "c", "body_en": "d"}},
	{"POST", "/api/v1/auth/passkey/signup/begin", "", map[string]any{"invitation": "x", "login": "ny.bruker"}},
	{"POST", "/api/v1/notifications/read", "member", map[string]any{"ids": []string{"1"}}},
	{"PUT", "/api/v1/notifications/preferences", "member", map[string]any{"kinds": map[string]any{"mention": map[string]any{"email": true}},
		"quiet_hours": map[string]any{"start": "22:00", "end": "07:00"}, "digest": map[string]any{"on": true, "hour": 8}}},
	{"POST", "/api/v1/forum/threads", "member", map[string]any{"category_id": "{category}", "title": "Tittel", "body": "Hei"}},
	{"POST", "/api/v1/forum/threads/{thread}/posts", "member", map[string]any{"body": "Hei"}},
	{"PUT", "/api/v1/forum/threads/{thread}/watch", "member", map[string]any{"level": "watch"}},
	{"PATCH", "/api/v1/forum/posts/{post}", "member", map[string]any{"body": "Hei"}},
	{"POST", "/api/v1/forum/posts/{post}/reactions", "member", map[string]any{"kind": "support"}},
	{"DELETE", "/api/v1/forum/posts/{post}/reactions", "member", map[string]any{"kind": "support"}},
	{"PUT", "/api/v1/forum/drafts/reply:{thread}", "member", map[string]any{"body": "Hei"}},
	{"POST", "/api/v1/admin/forum/categories", "admin", map[string]any{"slug": "ny", "name_nb": "Ny", "name_en": "New"}},
	{"PATCH", "/api/v1/admin/forum/categories/{category}", "admin", map[string]any{"slug": "ny", "name_nb": "Ny", "name_en": "New"}},
	{"POST", "/api/v1/care-team/links", "admin", map[string]any{"provider_id": "1", "member_id": "2", "member_name": "Kari Nordmann"}},
	{"POST", "/api/v1/care-team/links/answer", "member", map[string]any{"code": "AAAA-BBBB-CCCC-DDDD-EEEE", "accept": true}},
	{"POST", "/api/v1/conversations", "member", map[string]any{"participant_ids": []string{"1"}, "subject": "Hei", "body": "Hei"}},
	{"POST", "/api/v1/conversations/{conversation}/messages", "member", map[string]any{"body": "Hei"}},
	{"POST", "/api/v1/toolbox/goals", "member", map[string]any{"title": "Mål", "area": "hope"}},
	{"PATCH", "/api/v1/toolbox/goals/{goal}", "member", map[string]any{"title": "Mål", "steps": []map[string]any{{"text": "a"}}}},
	{"POST", "/api/v1/toolbox/crisis-plan", "member", map[string]any{"warning_signs": "x"}},
	{"POST", "/api/v1/toolbox/medications", "member", map[string]any{"name": "X", "started": "2026-01-01"}},
	{"POST", "/api/v1/toolbox/journal", "member", map[string]any{"text": "x", "mood": 3}},
	{"POST", "/api/v1/toolbox/network", "member", map[string]any{"name": "X", "kind": "friend", "closeness": "inner"}},
	{"POST", "/api/v1/toolbox/activities", "member", map[string]any{"what": "Tur", "day": "2026-11-30"}},
	{"POST", "/api/v1/toolbox/exercises", "member", map[string]any{"exercise_id": "1", "text": "x"}},
	{"POST", "/api/v1/toolbox/shares", "member", map[string]any{"item_kind": "goals", "provider_id": "1"}},
	{"POST", "/api/v1/events", "admin", map[string]any{"community_id": "1", "kind": "cafe", "title": "Kafé", "starts_at": "2026-12-01T17:00:00Z", "ends_at": "2026-12-01T19:00:00Z", "place": map[string]any{"name": "Biblioteket"}}},
	{"POST", "/api/v1/events/{event}/rsvp", "member", map[string]any{"status": "going", "note": "n", "shown": "count"}},
	{"PATCH", "/api/v1/events/{event}", "admin", map[string]any{"title": "Kafé", "place": map[string]any{"name": "B"}, "capacity": 5}},
	{"POST", "/api/v1/events/{event}/occurrences", "admin", map[string]any{"occurs_at": "2026-11-28T09:00:00Z", "cancel": true}},
	{"POST", "/api/v1/events/{event}/attendance", "admin", map[string]any{"pseudonyms": []string{"a"}}},
	{"POST", "/api/v1/events/{event}/lifts", "member", map[string]any{"kind": "offer", "seats": 2, "area": "Sentrum"}},
	{"POST", "/api/v1/events/{event}/buddies", "member", map[string]any{"area": "Sentrum", "note": "n"}},
	{"POST", "/api/v1/lifts/1/propose", "member", map[string]any{"my_lift_id": "1"}},
	{"POST", "/api/v1/events/{event}/flag", "member", map[string]any{"reason": "spam"}},
	{"POST", "/api/v1/lift-matches/1", "member", map[string]any{"agree": true}},
	{"PUT", "/api/v1/me/reminders", "member", map[string]any{"minutes_before": []int{60}, "email_shows_event": true}},
	{"POST", "/api/v1/calendar-feed", "member", map[string]any{"show_titles": false}},
	{"PATCH", "/api/v1/calendar-feed", "member", map[string]any{"show_titles": true}},
	{"POST", "/api/v1/library/exercises", "admin", map[string]any{"category": "coping", "title_nb": "a", "title_en": "b", "body_nb": "c", "body_en": "d"}},
}

type badBody struct {
	name        string
	contentType string
	body        []byte
	status      int
}

func badBodies(valid map[string]any) []badBody {
	var out []badBody
	add := func(name string, status int, body []byte) {
		out = append(out, badBody{name, "application/json", body, status})
	}
	add("empty", 400, nil)
	add("truncated", 400, []byte(`{"login": "a`))
	add("array", 400, []byte(`[]`))
	add("string", 400, []byte(`"hello"`))
	add("number", 400, []byte(`42`))
	add("two objects", 400, []byte(`{} {}`))
	add("trailing garbage", 400, []byte(`{}garbage`))
	add("invalid utf-8", 400, []byte("{\"name\": \"\xff\xfe\"}"))
	add("unknown field", 400, []byte(`{"is_admin": true}`))
	add("over the limit", 413, append(append([]byte(`{"name": "`), bytes.Repeat([]byte("a"), 2<<20)...), '"', '}'))
	out = append(out, badBody{"form encoded", "application/x-www-form-urlencoded", []byte("login=a"), 400})
	out = append(out, badBody{"text/plain", "text/plain", []byte(`{}`), 400})
	for field := range valid {
		for _, wrong := range []any{12345, true, []string{"a"}, map[string]int{"a": 1}} {
			m := map[string]any{}
			for k, v := range valid {
				m[k] = v
			}
			if reflect.TypeOf(valid[field]) == reflect.TypeOf(wrong) {
				continue
			}
			m[field] = wrong
			b, _ := json.Marshal(m)
			add("wrong type for "+field, 400, b)
		}
	}
	return out
}

// Every malformed body gets a 4xx in the API error shape, in the
// caller's language, and changes nothing.
func TestBadJSONIsRefusedAndChangesNothing(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env := webtest.Start(t, db)
		clients := map[string]*webtest.Client{"": env.Client(t), "member": env.As(t, "member"), "admin": env.As(t, "admin")}
		category := created(t, clients["admin"].Do("POST", "/api/v1/admin/forum/categories", map[string]any{"slug": "generelt", "name_nb": "Generelt", "name_en": "General"}), "id")
		var tc struct {
			Thread struct{ ID string }
			Post   struct{ ID string }
		}
		r := clients["member"].Do("POST", "/api/v1/forum/threads", map[string]any{"category_id": category, "title": "Tittel", "body": "Hei"})
		mustStatus(t, r, 201)
		r.JSON(t, &tc)
		created(t, clients["admin"].Do("POST", "/api/v1/care-team/links", map[string]any{"provider_id": id(env.Provider.ID), "member_id": id(env.Member.ID), "member_name": "Kari Nordmann"}), "id")
		conv := created(t, clients["member"].Do("POST", "/api/v1/conversations", map[string]any{"participant_ids": []string{id(env.Provider.ID)}, "subject": "Hei", "body": "Hei"}), "id")
		goal := created(t, clients["member"].Do("POST", "/api/v1/toolbox/goals", map[string]any{"title": "Mål", "area": "hope"}), "id")
		event := created(t, clients["admin"].Do("POST", "/api/v1/events", map[string]any{"community_id": id(env.Fjordvik.ID), "kind": "cafe", "title": "Kafé",
			"starts_at": testkit.Start.Add(48 * time.Hour), "ends_at": testkit.Start.Add(50 * time.Hour), "place": map[string]any{"name": "Biblioteket"}}), "id")
		ids := strings.NewReplacer("{member}", id(env.Member.ID), "{category}", category, "{thread}", tc.Thread.ID, "{post}", tc.Post.ID, "{conversation}", conv, "{goal}", goal, "{event}", event)
		tried := 0
		for _, rt := range jsonRoutes {
			path := ids.Replace(rt.path)
			c := clients[rt.as]
			for _, bb := range badBodies(rt.valid) {
				before := testkit.Counts(t, db)
				for _, lang := range []string{"nb", "en"} {
					c.Lang = lang
					r := c.Raw(rt.method, path, bb.contentType, bb.body)
					tried++
					var e struct {
						Error struct {
							Code    string            `json:"code"`
							Message string            `json:"message"`
							Fields  map[string]string `json:"fields"`
						} `json:"error"`
					}
					r.JSON(t, &e)
					if r.Status != bb.status || e.Error.Code == "" || e.Error.Message == "" {
						t.Errorf("%s %s, %s: %d %s, want %d", rt.method, rt.path, bb.name, r.Status, r.Body, bb.status)
					}
					if strings.Contains(r.Text(), "sql") || strings.Contains(r.Text(), "json: ") {
						t.Errorf("%s %s, %s: internal text leaked: %s", rt.method, rt.path, bb.name, r.Body)
					}
					if lang == "en" && strings.ContainsAny(e.Error.Message, "æøåÆØÅ") {
						t.Errorf("%s %s, %s: English caller got %q", rt.method, rt.path, bb.name, e.Error.Message)
					}
				}
				c.Lang = ""
				if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
					t.Errorf("%s %s, %s: rows changed %v -> %v", rt.method, rt.path, bb.name, before, after)
				}
			}
		}
		t.Logf("%d bad requests tried", tried)
	})
}

// Unsafe requests authenticated by a cookie must come from our own
// origin; bearer requests are exempt.
func TestCrossOriginRequestsWithCookieAreRefused(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env := webtest.Start(t, db)
		c := env.As(t, "admin")
		before := testkit.Counts(t, db)
		for _, h := range []map[string]string{
			{"Sec-Fetch-Site": "cross-site"},
			{"Sec-Fetch-Site": "same-site"},
			{"Origin": "https://evil.example"},
		} {
			c.Header = h
			r := c.Do("POST", "/api/v1/invitations", map[string]any{"role": "admin"})
			if r.Status != http.StatusForbidden || r.ErrorCode() != "cross_origin" {
				t.Errorf("%v: %d %s", h, r.Status, r.Body)
			}
			r = c.Raw("POST", "/admin/communities", "application/x-www-form-urlencoded", []byte(url.Values{"name": {"Evil"}, "slug": {"evil"}}.Encode()))
			if r.Status != http.StatusForbidden {
				t.Errorf("form %v: %d", h, r.Status)
			}
			r = c.Raw("POST", "/logout", "application/x-www-form-urlencoded", nil)
			if r.Status != http.StatusForbidden {
				t.Errorf("logout %v: %d", h, r.Status)
			}
		}
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
			t.Fatalf("rows changed %v -> %v", before, after)
		}
		// Same-origin requests pass.
		c.Header = map[string]string{"Sec-Fetch-Site": "same-origin"}
		if r := c.Do("POST", "/api/v1/invitations", map[string]any{"role": "admin"}); r.Status != http.StatusCreated {
			t.Fatalf("same-origin: %d %s", r.Status, r.Body)
		}
		// A bearer token needs no origin check.
		tok := c.Do("POST", "/api/v1/auth/tokens", map[string]any{"name": "script"})
		var created struct{ Token string }
		tok.JSON(t, &created)
		b := env.Client(t)
		b.Bearer = created.Token
		b.Header = map[string]string{"Sec-Fetch-Site": "cross-site"}
		if r := b.Do("POST", "/api/v1/invitations", map[string]any{"role": "admin"}); r.Status != http.StatusCreated {
			t.Fatalf("bearer: %d %s", r.Status, r.Body)
		}
	})
}

// Text fields full of SQL and template metacharacters are either refused
// with a 4xx or stored and returned verbatim; never a 5xx.
func TestMetacharactersInEveryTextField(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env := webtest.Start(t, db)
		admin := env.As(t, "admin")
		member := env.As(t, "member")
		category := created(t, admin.Do("POST", "/api/v1/admin/forum/categories", map[string]any{"slug": "generelt", "name_nb": "Generelt", "name_en": "General"}), "id")
		payloads := []string{`'; DROP TABLE users; --`, `" OR 1=1 --`, `{{.}}{{template "x"}}`, `<script>alert(1)</script>`,
			`$1 $2 ?1 :name @x`, `%s %d %v`, `\'\"\\`, "Robert'); DELETE FROM sessions;--", `' UNION SELECT password_hash FROM users --`}
		for _, p := range payloads {
			checks := []struct {
				c    *webtest.Client
				m, u string
				body map[string]any
			}{
				{env.Client(t), "POST", "/api/v1/auth/login", map[string]any{"login": p, "password": p}},
				{member, "POST", "/api/v1/auth/tokens", map[string]any{"name": p}},
				{member, "PATCH", "/api/v1/me/preferences", map[string]any{"language": p}},
				{member, "POST", "/api/v1/me/password", map[string]any{"current_password": p, "new_password": p}},
				{admin, "POST", "/api/v1/invitations", map[string]any{"role": p}},
				{admin, "POST", "/api/v1/communities", map[string]any{"name": p, "slug": p, "timezone": p}},
				{admin, "GET", "/api/v1/admin/accounts?login=" + url.QueryEscape(p) + "&role=", nil},
				{env.Client(t), "POST", "/api/v1/auth/register", map[string]any{"invitation": p, "login": p, "password": p, "pseudonym": p, "name": p, "accept_terms": true}},
				{member, "GET", "/api/v1/forum/search?q=" + url.QueryEscape(p), nil},
				{member, "GET", "/api/v1/forum/threads?category_id=" + category + "&cursor=" + url.QueryEscape(p), nil},
				{member, "GET", "/api/v1/forum/drafts/" + url.PathEscape(p), nil},
				{admin, "POST", "/api/v1/admin/forum/categories", map[string]any{"slug": p, "name_nb": p, "name_en": p, "description_nb": p}},
			}
			for _, ck := range checks {
				r := ck.c.Do(ck.m, ck.u, ck.body)
				if r.Status >= 500 {
					t.Errorf("%s %s with %q: %d %s", ck.m, ck.u, p, r.Status, r.Body)
				}
			}
			// Forum titles and posts keep the text exactly, for their author.
			r := member.Do("POST", "/api/v1/forum/threads", map[string]any{"category_id": category, "title": "Om " + p, "body": p, "acknowledge_findings": true})
			var tc struct {
				Thread struct{ Title string }
				Post   struct{ Body, HTML string }
			}
			r.JSON(t, &tc)
			if r.Status != 201 || tc.Thread.Title != "Om "+p || tc.Post.Body != p || strings.Contains(tc.Post.HTML, "<script") {
				t.Errorf("thread with %q: %d %s", p, r.Status, r.Body)
			}
		}
		// Stored verbatim where accepted: a token name.
		name := `'; DROP TABLE api_tokens; -- {{.}}`
		if r := member.Do("POST", "/api/v1/auth/tokens", map[string]any{"name": name}); r.Status != 201 {
			t.Fatalf("token: %d %s", r.Status, r.Body)
		}
		var list struct{ Items []struct{ Name string } }
		member.Get("/api/v1/auth/tokens").JSON(t, &list)
		found := false
		for _, it := range list.Items {
			found = found || it.Name == name
		}
		if !found {
			t.Fatalf("token name not stored verbatim: %+v", list.Items)
		}
		// Everything still works afterwards.
		env.Client(t).Login("member2", testkit.Password)
	})
}

func TestPathIDsThatCannotExistAre404(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env := webtest.Start(t, db)
		admin := env.As(t, "admin")
		for _, p := range []string{"abc", "-1", "0", "99999999999999999999", "1%27%20OR%201=1", "..%2F..%2Fetc%2Fpasswd"} {
			for _, req := range [][2]string{{"DELETE", "/api/v1/auth/tokens/" + p}, {"DELETE", "/api/v1/invitations/" + p}, {"PATCH", "/api/v1/admin/accounts/" + p}} {
				r := admin.Do(req[0], req[1], map[string]any{})
				if r.Status != 404 || r.ErrorCode() != "not_found" {
					t.Errorf("%s %s: %d %s", req[0], req[1], r.Status, r.Body)
				}
			}
		}
	})
}
