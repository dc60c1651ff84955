package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"reconnect/internal/i18n"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
	"reconnect/internal/testkit/webtest"
)

// Every JSON route that takes a body, with at least 100 generated bad
// inputs each: those that must be refused get a 4xx in the API error
// shape, in the caller's language, without Go or SQL error text, and
// change no row; the rest (text a member may write, odd but valid
// numbers and dates) may be accepted; none gets a 5xx.
func TestBadJSONIsRefusedAndChangesNothing(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env := webtest.Start(t, db)
		w := newBadWorld(t, env)
		types := map[string]reflect.Type{}
		covered := map[string]bool{}
		for _, rt := range jsonRoutes {
			p := w.pattern(rt.method, w.fill(t, rt.path))
			if !strings.HasPrefix(p, rt.method+" ") {
				t.Fatalf("%s %s resolves to %q", rt.method, rt.path, p)
			}
			covered[p] = true
		}
		for _, r := range env.App.Web.APIRoutes() {
			if r.Doc.Request != nil {
				types[r.Pattern()] = reflect.TypeOf(r.Doc.Request)
			}
			if (r.Doc.Request != nil || bodyWithoutDoc[r.Pattern()]) && !covered[r.Pattern()] {
				t.Errorf("%s takes a body but has no valid body in jsonRoutes (badinput_routes_test.go): add one", r.Pattern())
			}
		}
		rows := newRowCounter(t, db)
		lc := newLanguageCheck(t)
		tried, refused := 0, 0
		for round, rt := range jsonRoutes {
			c := w.clients[rt.as]
			valid := w.body(t, rt.valid)
			pattern := w.pattern(rt.method, w.fill(t, rt.path))
			inputs := badInputs(rt.path, valid, types[pattern], round)
			if len(inputs) < 100 {
				t.Errorf("%s: only %d bad inputs", pattern, len(inputs))
			}
			// Half the inputs in each language: by Accept-Language when
			// signed out, by the caller's setting (which wins) when signed in.
			for pass, lang := range []i18n.Lang{"nb", "en"} {
				c.Lang = string(lang)
				if rt.as != "" {
					mustStatus(t, c.Do("PATCH", "/api/v1/me/preferences", map[string]any{"language": lang}), 200)
				}
				watch := &changeWatch{rows: rows}
				watch.start(t)
				for i := pass; i < len(inputs); i += 2 * sampleStride() {
					in := inputs[i]
					if readsBodyLater[rt.path] {
						in.status = 0
					}
					if lenientInput(rt.path, in) {
						in.refuse = false
					}
					path := w.fill(t, rt.path)
					if in.path != "" {
						path = w.fill(t, in.path)
					}
					where := fmt.Sprintf("%s %s, %s (%s)", rt.method, rt.path, in.name, lang)
					if !in.refuse {
						watch.settle(t, where)
					}
					r := c.Raw(rt.method, path, in.contentType, in.body)
					tried++
					check := lc
					if rt.path == "/api/v1/me/preferences" {
						check = nil // the inputs change the language
					}
					if problem := badAnswer(r, in, lang, check); problem != "" {
						t.Errorf("%s: %s: %d %.300s", where, problem, r.Status, r.Body)
					}
					if r.Status >= 400 {
						refused++
					}
					watch.answered(t, in.name, r.Status)
				}
				watch.settle(t, fmt.Sprintf("%s %s (%s)", rt.method, rt.path, lang))
			}
			c.Lang = ""
			// The valid body reaches the route's own checks: a suite
			// stopped at the door by a missing right proves nothing.
			// (Sign-in's own check is the password: its well-formed but
			// wrong body gets 401, or 429 once the tries add up.)
			if r := c.Do(rt.method, w.fill(t, rt.path), valid); r.Status >= 500 || (r.Status == 401 && rt.path != "/api/v1/auth/login") || r.Status == 403 || (r.Status == 404 && !mayBeGone[rt.path]) || r.Status == 405 {
				t.Errorf("%s %s: the valid body gets %d %.300s", rt.method, rt.path, r.Status, r.Body)
			}
		}
		// A route that reads a body without documenting a request type is
		// caught here: at the end, since these calls do what they do.
		for _, r := range env.App.Web.APIRoutes() {
			if r.Method == "GET" || covered[r.Pattern()] || r.Path == "/api/v1/auth/logout" {
				continue
			}
			path := placeholder.ReplaceAllString(strings.ReplaceAll(r.Path, "{pseudonym}", "Havbris"), "1")
			for _, as := range []string{"moderator", "member", "admin"} {
				if code := w.clients[as].Raw(r.Method, path, "application/json", []byte(`{"x":`)).ErrorCode(); code == "malformed_json" || code == "json_required" {
					t.Errorf("%s reads a body (%s for %s): document its request type or add it to bodyWithoutDoc and jsonRoutes", r.Pattern(), code, as)
				}
			}
		}
		t.Logf("bad requests tried: %d over %d routes (%d refused)%s", tried, len(jsonRoutes), refused, sampleNote())
	})
}

// badAnswer says what is wrong with the answer to a bad input, or "".
func badAnswer(r *webtest.Response, in badInput, lang i18n.Lang, lc *languageCheck) string {
	switch {
	case r.Status >= 500:
		return "server error"
	case in.refuse && (r.Status < 400 || r.Status >= 500):
		return "accepted, must be refused"
	case in.refuse && in.status != 0 && r.Status != in.status:
		return fmt.Sprintf("want %d", in.status)
	case r.Status >= 300 && r.Status < 400:
		return "redirected"
	}
	if l := leaked(r.Body, in.body); l != "" {
		return "internal text " + l
	}
	if r.Status < 400 {
		return ""
	}
	var e struct {
		Error struct {
			Code    string            `json:"code"`
			Message string            `json:"message"`
			Fields  map[string]string `json:"fields"`
		} `json:"error"`
	}
	if err := json.Unmarshal(r.Body, &e); err != nil || e.Error.Code == "" {
		return "not the API error shape"
	}
	if lc == nil {
		return ""
	}
	if p := lc.problem(lang, e.Error.Message); p != "" {
		return p
	}
	for f, m := range e.Error.Fields {
		if p := lc.problem(lang, m); p != "" {
			return "field " + f + ": " + p
		}
	}
	return ""
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
