package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
	"reconnect/internal/testkit/webtest"
)

// Each role sees its pages; for everyone else they do not exist.
func TestPagesPerRole(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env := webtest.Start(t, db)
		acct := "/admin/accounts/" + id(env.Member.ID)
		want := map[string]map[string]int{
			"": {"/": 200, "/login": 200, "/register": 200, "/crisis": 200, "/terms": 200, "/settings": 303,
				"/invitations": 303, "/admin/accounts": 303, "/no/such/page": 404},
			"member": {"/": 200, "/settings": 200, "/crisis": 200, "/invitations": 404, "/admin/communities": 404,
				"/admin/accounts": 404, acct: 404, "/login": 303},
			"moderator":  {"/": 200, "/invitations": 200, "/admin/accounts": 404, acct: 404},
			"provider":   {"/": 200, "/invitations": 200, "/admin/communities": 404},
			"researcher": {"/": 200, "/settings": 200, "/invitations": 404},
			"admin": {"/": 200, "/invitations": 200, "/admin/communities": 200, "/admin/accounts": 200, acct: 200,
				"/admin/accounts/999999": 404, "/admin/accounts/abc": 404},
		}
		for who, pages := range want {
			c := env.Client(t)
			if who != "" {
				c = env.As(t, who)
			}
			for path, status := range pages {
				r := c.Get(path)
				if r.Status != status {
					t.Errorf("%q GET %s: %d, want %d", who, path, r.Status, status)
					continue
				}
				if status == 200 || status == 404 {
					body := r.Text()
					for _, must := range []string{`href="/crisis"`, `<html lang="nb">`, `href="#main"`, `<main id="main"`} {
						if !strings.Contains(body, must) {
							t.Errorf("%q GET %s: page lacks %s", who, path, must)
						}
					}
				}
			}
		}
		// The API answers 404 to non-admins for admin resources.
		m := env.As(t, "member")
		if r := m.Get("/api/v1/admin/accounts"); r.Status != 404 {
			t.Errorf("member lists accounts: %d", r.Status)
		}
		if r := m.Do("PATCH", "/api/v1/admin/accounts/"+id(env.Member2.ID), map[string]any{"disabled": true}); r.Status != 404 {
			t.Errorf("member patches account: %d", r.Status)
		}
		if r := env.Client(t).Get("/api/v1/me"); r.Status != 401 || r.ErrorCode() != "unauthorized" {
			t.Errorf("anonymous me: %d %s", r.Status, r.Body)
		}
	})
}

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	env := webtest.Start(t, testkit.SQLite(t))
	c := env.Client(t)
	home := c.Get("/")
	css := strings.SplitN(strings.SplitN(home.Text(), `rel="stylesheet" href="`, 2)[1], `"`, 2)[0]
	for _, path := range []string{"/", "/login", "/api/v1/me", "/no-such-page", "/healthz", css, "/api/v1/openapi.json"} {
		r := c.Get(path)
		h := r.Header
		csp := h.Get("Content-Security-Policy")
		for _, must := range []string{"default-src 'none'", "script-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'"} {
			if !strings.Contains(csp, must) {
				t.Errorf("%s: CSP %q lacks %s", path, csp, must)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s: CSP allows unsafe code: %s", path, csp)
		}
		for k, v := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"} {
			if h.Get(k) != v {
				t.Errorf("%s: %s = %q", path, k, h.Get(k))
			}
		}
		if !strings.Contains(h.Get("Permissions-Policy"), "camera=()") {
			t.Errorf("%s: Permissions-Policy %q", path, h.Get("Permissions-Policy"))
		}
		if path == css {
			if r.Status != 200 || !strings.Contains(h.Get("Cache-Control"), "immutable") || !strings.HasPrefix(h.Get("Content-Type"), "text/css") {
				t.Errorf("static %s: %d %q %q", css, r.Status, h.Get("Cache-Control"), h.Get("Content-Type"))
			}
		} else if h.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: Cache-Control %q", path, h.Get("Cache-Control"))
		}
	}
}

func TestSessionCookieAttributes(t *testing.T) {
	env := webtest.Start(t, testkit.SQLite(t))
	r := env.Client(t).Do("POST", "/api/v1/auth/login", map[string]string{"login": "member", "password": testkit.Password})
	sc := r.Header.Get("Set-Cookie")
	for _, must := range []string{"reconnect_session=", "HttpOnly", "SameSite=Lax", "Path=/"} {
		if !strings.Contains(sc, must) {
			t.Errorf("Set-Cookie %q lacks %s", sc, must)
		}
	}
}

func TestLanguageChoice(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env := webtest.Start(t, db)
		c := env.Client(t)
		if body := c.Get("/login").Text(); !strings.Contains(body, "Logg inn") || !strings.Contains(body, `lang="nb"`) {
			t.Fatal("default is not Bokmål")
		}
		c.Lang = "en-GB,en;q=0.8"
		if body := c.Get("/login").Text(); !strings.Contains(body, "Sign in") || !strings.Contains(body, `<html lang="en">`) {
			t.Fatal("Accept-Language en ignored")
		}
		c.Lang = ""
		r := c.Form("/language", url.Values{"lang": {"en"}, "next": {"/crisis"}})
		if r.Status != 303 || r.Header.Get("Location") != "/crisis" {
			t.Fatalf("switch: %d %s", r.Status, r.Header.Get("Location"))
		}
		if body := c.Get("/crisis").Text(); !strings.Contains(body, "Need help now?") {
			t.Fatal("language cookie ignored")
		}
		for _, evil := range []string{"//evil.example/x", "https://evil.example", "/\\evil.example", "javascript:alert(1)"} {
			r := c.Form("/language", url.Values{"lang": {"nb"}, "next": {evil}})
			if r.Header.Get("Location") != "/" {
				t.Errorf("next=%q redirected to %q", evil, r.Header.Get("Location"))
			}
		}
		// Signed in, the choice is stored on the account and follows it.
		m := env.As(t, "member")
		m.Form("/language", url.Values{"lang": {"en"}, "next": {"/"}})
		var me struct{ Language string }
		m.Get("/api/v1/me").JSON(t, &me)
		if me.Language != "en" {
			t.Fatalf("stored language %q", me.Language)
		}
		fresh := env.As(t, "member")
		if body := fresh.Get("/").Text(); !strings.Contains(body, "Sign out") {
			t.Fatal("account language not applied on a new device")
		}
		// A language picked before signing in survives the sign-in.
		anon := env.Client(t)
		anon.Form("/language", url.Values{"lang": {"en"}, "next": {"/login"}})
		if r := anon.Form("/login", url.Values{"login": {"member2"}, "password": {testkit.Password}}); r.Status != 303 {
			t.Fatalf("login: %d", r.Status)
		}
		fresh2 := env.As(t, "member2")
		if body := fresh2.Get("/").Text(); !strings.Contains(body, "Sign out") {
			t.Fatal("language chosen before sign-in was not kept")
		}
		// The switch returns to the same page with its query.
		if body := anon.Get("/register?code=ABCD").Text(); !strings.Contains(body, `name="next" value="/register?code=ABCD"`) {
			t.Fatal("language switch loses the query string")
		}
		// Errors come in the member's language.
		if r := fresh.Do("POST", "/api/v1/auth/tokens", map[string]any{"name": ""}); !strings.Contains(r.Text(), "Please check the marked fields.") {
			t.Fatalf("English error: %s", r.Body)
		}
	})
}

func TestLoginAndRegisterForms(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env := webtest.Start(t, db)
		c := env.Client(t)
		r := c.Form("/login", url.Values{"login": {"member"}, "password": {"wrong password"}, "next": {"/settings"}})
		if r.Status != 401 || !strings.Contains(r.Text(), "Brukernavnet eller passordet er feil.") || !strings.Contains(r.Text(), `value="member"`) {
			t.Fatalf("wrong password page: %d", r.Status)
		}
		if strings.Contains(r.Text(), "wrong password") {
			t.Fatal("password echoed back into the page")
		}
		r = c.Form("/login", url.Values{"login": {"member"}, "password": {testkit.Password}, "next": {"https://evil.example/"}})
		if r.Status != 303 || r.Header.Get("Location") != "/" {
			t.Fatalf("login redirect: %d %q", r.Status, r.Header.Get("Location"))
		}
		// Registration: a bad code, then a good one.
		anon := env.Client(t)
		if r := anon.Get("/register?code=NOPE-NOPE"); r.Status != 400 || !strings.Contains(r.Text(), "Vi kjenner ikke igjen denne invitasjonskoden") {
			t.Fatalf("bad code: %d", r.Status)
		}
		inv, _ := env.IDs.CreateInvitation(ctx, &env.Admin, newInv("service_user", env.Fjordvik.ID))
		page := anon.Get("/register?code=" + inv.Code).Text()
		if !strings.Contains(page, `action="/register"`) || !strings.Contains(page, "Fjordvik") {
			t.Fatal("registration page lacks the password form or the community")
		}
		before := testkit.Counts(t, db)
		r = anon.Form("/register", url.Values{"invitation": {inv.Code}, "login": {"new.member"}, "password": {"short"}})
		body := r.Text()
		if r.Status != 400 || !strings.Contains(body, "error-summary") || !strings.Contains(body, `href="#f-password"`) || !strings.Contains(body, `aria-invalid="true"`) {
			t.Fatalf("register errors: %d", r.Status)
		}
		if after := testkit.Counts(t, db); after["users"] != before["users"] {
			t.Fatal("failed registration created a user")
		}
		r = anon.Form("/register", url.Values{"invitation": {inv.Code}, "login": {"new.member"}, "password": {"a long enough secret"}})
		if r.Status != 303 || r.Header.Get("Location") != "/onboarding" {
			t.Fatalf("register: %d %s", r.Status, r.Header.Get("Location"))
		}
	})
}

// Onboarding: invitation → password → consent → pseudonym → welcome,
// and nothing else is reachable before it is done.
func TestOnboardingFlow(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env := webtest.Start(t, db)
		c := env.Client(t)
		inv, _ := env.IDs.CreateInvitation(ctx, &env.Admin, newInv("service_user", env.Fjordvik.ID))
		c.Form("/register", url.Values{"invitation": {inv.Code}, "login": {"new.member"}, "password": {"a long enough secret"}})
		step := func(want string) {
			t.Helper()
			r := c.Get("/onboarding")
			if r.Status != 303 || r.Header.Get("Location") != want {
				t.Fatalf("next step %d %q, want %s", r.Status, r.Header.Get("Location"), want)
			}
		}
		// The gate: pages redirect, the API refuses.
		if r := c.Get("/settings"); r.Status != 303 || r.Header.Get("Location") != "/onboarding" {
			t.Fatalf("settings before onboarding: %d %s", r.Status, r.Header.Get("Location"))
		}
		if r := c.Get("/api/v1/communities"); r.Status != 403 || r.ErrorCode() != "onboarding_required" {
			t.Fatalf("API before onboarding: %d %s", r.Status, r.Body)
		}
		step("/consent")
		page := c.Get("/consent").Text()
		for _, must := range []string{"Vilkår for bruk", "Personvernerklæring", "Ikke en akuttjeneste", "116 123", `name="study_consent"`} {
			if !strings.Contains(page, must) {
				t.Errorf("consent page lacks %q", must)
			}
		}
		if r := c.Form("/consent", url.Values{"study_shown": {"yes"}}); r.Status != 400 || !strings.Contains(r.Text(), "Du må godta vilkårene") {
			t.Fatalf("consent without accepting: %d", r.Status)
		}
		c.Form("/consent", url.Values{"accept_terms": {"yes"}, "study_shown": {"yes"}, "study_consent": {"yes"}})
		step("/onboarding/pseudonym")
		if r := c.Form("/onboarding/pseudonym", url.Values{"pseudonym": {"Аdmin"}}); r.Status != 400 {
			t.Fatalf("look-alike pseudonym: %d", r.Status)
		}
		if r := c.Form("/onboarding/pseudonym", url.Values{"pseudonym": {"HAVBRIS"}}); r.Status != 409 || !strings.Contains(r.Text(), "Kallenavnet er tatt") {
			t.Fatalf("taken pseudonym: %d", r.Status)
		}
		c.Form("/onboarding/pseudonym", url.Values{"pseudonym": {"Stille Vann"}})
		step("/onboarding/welcome")
		if body := c.Get("/onboarding/welcome").Text(); !strings.Contains(body, "Du hører til Fjordvik") {
			t.Fatal("welcome does not confirm the community")
		}
		if r := c.Form("/onboarding/welcome", nil); r.Status != 303 || r.Header.Get("Location") != "/" {
			t.Fatalf("finish: %d", r.Status)
		}
		if home := c.Get("/").Text(); !strings.Contains(home, "Velkommen, Stille Vann") {
			t.Fatal("not home after onboarding")
		}
		var me struct {
			Consents []struct{ Kind string }
		}
		c.Get("/api/v1/me").JSON(t, &me)
		if len(me.Consents) != 4 {
			t.Fatalf("consents %+v", me.Consents)
		}
	})
}

// A new document version is asked for at the next sign-in, and nothing
// else opens until it is answered.
func TestNewConsentVersionIsAskedAtNextSignIn(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env := webtest.Start(t, db)
		already := env.As(t, "member")
		admin := env.As(t, "admin")
		r := admin.Do("POST", "/api/v1/admin/consent-documents", map[string]any{"kind": "privacy", "title_nb": "Personvern 2", "title_en": "Privacy 2",
			"body_nb": "Ny **tekst**", "body_en": "New **text**"})
		if r.Status != 201 {
			t.Fatalf("publish: %d %s", r.Status, r.Body)
		}
		if r := already.Do("POST", "/api/v1/admin/consent-documents", map[string]any{"kind": "privacy", "title_nb": "x", "title_en": "x", "body_nb": "x", "body_en": "x"}); r.Status != 404 {
			t.Fatalf("member publishing: %d", r.Status)
		}
		// A session opened before the change goes on.
		if r := already.Get("/settings"); r.Status != 200 {
			t.Fatalf("existing session: %d", r.Status)
		}
		c := env.Client(t)
		c.Form("/login", url.Values{"login": {"member"}, "password": {testkit.Password}})
		r = c.Get("/settings")
		if r.Status != 303 || !strings.HasPrefix(r.Header.Get("Location"), "/consent?next=") {
			t.Fatalf("gate after new version: %d %s", r.Status, r.Header.Get("Location"))
		}
		page := c.Get("/consent").Text()
		if !strings.Contains(page, "Personvern 2") || !strings.Contains(page, "<strong>tekst</strong>") || strings.Contains(page, "Vilkår for bruk") {
			t.Fatal("consent page should show only the changed document")
		}
		if r := c.Get("/api/v1/communities"); r.ErrorCode() != "consent_required" {
			t.Fatalf("API with consent due: %s", r.Body)
		}
		if r := c.Form("/consent", url.Values{"accept_terms": {"yes"}, "next": {"/settings"}}); r.Header.Get("Location") != "/settings" {
			t.Fatalf("after answering: %s", r.Header.Get("Location"))
		}
		if r := c.Get("/settings"); r.Status != 200 {
			t.Fatalf("settings after answering: %d", r.Status)
		}
		// Study consent can be withdrawn from settings, and is recorded.
		c.Form("/settings/study", url.Values{"study": {"yes"}})
		var st struct{ Study bool }
		c.Get("/api/v1/consents").JSON(t, &st)
		if !st.Study {
			t.Fatal("study consent not given")
		}
		c.Form("/settings/study", url.Values{"study": {"no"}})
		c.Get("/api/v1/consents").JSON(t, &st)
		if st.Study {
			t.Fatal("study consent not withdrawn")
		}
	})
}

// Administrators never see pseudonyms; one-time secrets are shown once.
func TestAdminPagesAndOneTimeSecrets(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env := webtest.Start(t, db)
		admin := env.As(t, "admin")
		for _, p := range []string{"/admin/accounts", "/admin/accounts/" + id(env.Member.ID), "/", "/invitations"} {
			if body := admin.Get(p).Text(); strings.Contains(body, "Havbris") || strings.Contains(body, "Fjordvik-verten") {
				t.Errorf("%s shows a pseudonym to the administrator", p)
			}
		}
		r := admin.Form("/invitations", url.Values{"role": {"service_user"}, "community_id": {id(env.Granlia.ID)}, "valid_days": {"7"}})
		if r.Status != 201 || !strings.Contains(r.Text(), "/register?code=") {
			t.Fatalf("create invitation: %d", r.Status)
		}
		code := strings.SplitN(strings.SplitN(r.Text(), "/register?code=", 2)[1], "<", 2)[0]
		if strings.Contains(admin.Get("/invitations").Text(), code) {
			t.Fatal("invitation code shown again")
		}
		if r := admin.Form("/invitations", url.Values{"role": {"service_user"}, "valid_days": {"400"}}); r.Status != 400 ||
			!strings.Contains(r.Text(), "Skriv et tall fra 1 til 90") || !strings.Contains(r.Text(), "Velg kommune eller område") {
			t.Fatalf("bad invitation form: %d", r.Status)
		}
		m := env.As(t, "moderator")
		if r := m.Form("/invitations", url.Values{"role": {"admin"}}); r.Status != 400 || !strings.Contains(r.Text(), "Du kan ikke invitere noen med denne rollen") {
			t.Fatalf("moderator inviting admin: %d", r.Status)
		}
		r = m.Form("/settings/tokens", url.Values{"token_name": {"phone"}})
		if r.Status != 201 || !strings.Contains(r.Text(), "rcn_") {
			t.Fatalf("token page: %d", r.Status)
		}
		if strings.Contains(m.Get("/settings").Text(), "rcn_") {
			t.Fatal("token secret shown again")
		}
		r = admin.Form("/admin/accounts/"+id(env.Member.ID), url.Values{"role": {"provider"}})
		if r.Status != 409 || !strings.Contains(r.Text(), "Lag en ny konto i stedet") {
			t.Fatalf("crossing the forum line: %d", r.Status)
		}
		r = admin.Form("/admin/accounts/"+id(env.Member.ID), url.Values{"role": {"service_user"}, "disabled": {"yes"}})
		if r.Status != 303 {
			t.Fatalf("disable: %d", r.Status)
		}
		if r := env.Client(t).Do("POST", "/api/v1/auth/login", map[string]string{"login": "member", "password": testkit.Password}); r.ErrorCode() != "account_disabled" {
			t.Fatalf("disabled member signs in: %s", r.Body)
		}
	})
}

func TestHealthAndMetrics(t *testing.T) {
	env := webtest.Start(t, testkit.SQLite(t))
	c := env.As(t, "member")
	c.Get("/api/v1/me")
	for _, p := range []string{"/healthz", "/readyz"} {
		if r := c.Get(p); r.Status != 200 || !strings.Contains(r.Text(), `"ok"`) {
			t.Errorf("%s: %d %s", p, r.Status, r.Body)
		}
	}
	m := c.Get("/metrics").Text()
	for _, must := range []string{`reconnect_http_requests_total{code="200",method="GET",route="GET /api/v1/me"}`,
		`reconnect_http_request_duration_seconds_bucket`, `go_sql_open_connections{db_name="writer"}`, `go_goroutines`} {
		if !strings.Contains(m, must) {
			t.Errorf("metrics lack %s", must)
		}
	}
	env.App.DB.Close()
	if r := c.Get("/readyz"); r.Status != 503 {
		t.Errorf("readyz with the database closed: %d", r.Status)
	}
}

// A panic becomes a logged 500 that shows nothing internal.
func TestPanicsBecomeQuiet500s(t *testing.T) {
	env := webtest.Start(t, testkit.SQLite(t))
	h := env.App.Web.WithMiddleware(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("secret content of a post")
	}))
	for _, path := range []string{"/api/v1/x", "/x"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != 500 || strings.Contains(rec.Body.String(), "secret") || strings.Contains(rec.Body.String(), "goroutine") {
			t.Errorf("%s: %d %s", path, rec.Code, rec.Body)
		}
		if rec.Header().Get("Content-Security-Policy") == "" {
			t.Errorf("%s: no security headers on the 500", path)
		}
	}
	if logs := env.Logs.String(); !strings.Contains(logs, `"msg":"panic"`) || strings.Contains(logs, "secret content") {
		t.Fatalf("panic log: %s", logs)
	}
}

// Logs never carry passwords, names, pseudonyms or tokens.
func TestLogsCarryNoPersonalData(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env := webtest.Start(t, db)
		admin := env.As(t, "admin")
		inv := invite(t, admin, "provider", "")
		c := env.Client(t)
		c.Do("POST", "/api/v1/auth/register", map[string]any{"invitation": inv, "login": "loggedlogin", "password": "Pw-Unique-Marker-123",
			"name": "Realname Marker", "accept_terms": true})
		c.Do("POST", "/api/v1/auth/tokens", map[string]any{"name": "Tokenname Marker"})
		c.Get("/api/v1/communities?search=Query-Marker")
		env.Client(t).Do("POST", "/api/v1/auth/login", map[string]any{"login": "loggedlogin", "password": "Wrong-Marker-456"})
		logs := env.Logs.String()
		if !strings.Contains(logs, "POST /api/v1/auth/register") {
			t.Fatalf("debug request logs missing: %.500s", logs)
		}
		for _, secret := range []string{"Pw-Unique-Marker", "Realname Marker", "Tokenname Marker", "Query-Marker", "Wrong-Marker", "rcn_"} {
			if strings.Contains(logs, secret) {
				t.Errorf("logs contain %q", secret)
			}
		}
	})
}
