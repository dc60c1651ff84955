package web_test

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"

	"reconnect/internal/config"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
	"reconnect/internal/testkit/webtest"
)

// eidUser is a person at the test provider; the fields that are set
// spoil the ID token in one way each.
type eidUser struct {
	pid, name, acr, sid string
	nonce               *string
	aud                 []string
	expired             bool
}

type eidClaims struct {
	*mockoidc.IDTokenClaims
	PID  string `json:"pid"`
	Name string `json:"name"`
	ACR  string `json:"acr"`
	SID  string `json:"sid,omitempty"`
}

func (u *eidUser) ID() string { return "sub-" + u.pid }
func (u *eidUser) Userinfo([]string) ([]byte, error) {
	return json.Marshal(map[string]string{"sub": u.ID()})
}
func (u *eidUser) Claims(_ []string, base *mockoidc.IDTokenClaims) (jwt.Claims, error) {
	if u.nonce != nil {
		base.Nonce = *u.nonce
	}
	if u.aud != nil {
		base.Audience = u.aud
	}
	if u.expired {
		base.IssuedAt = jwt.NewNumericDate(time.Now().Add(-2 * time.Hour))
		base.ExpiresAt = jwt.NewNumericDate(time.Now().Add(-time.Hour))
	}
	acr := u.acr
	if acr == "" {
		acr = "idporten-loa-high"
	}
	return &eidClaims{IDTokenClaims: base, PID: u.pid, Name: u.name, ACR: acr, SID: u.sid}, nil
}

// provider runs the in-process OIDC provider. With badSignature, it
// corrupts the signature of every ID token it hands out.
func provider(t *testing.T, badSignature *bool) *mockoidc.MockOIDC {
	m, err := mockoidc.NewServer(nil)
	if err != nil {
		t.Fatal(err)
	}
	m.AddMiddleware(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !*badSignature || !strings.HasSuffix(r.URL.Path, "/token") {
				next.ServeHTTP(w, r)
				return
			}
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			var body map[string]any
			json.Unmarshal(rec.Body.Bytes(), &body)
			if tok, ok := body["id_token"].(string); ok {
				last := tok[len(tok)-2:]
				body["id_token"] = tok[:len(tok)-2] + map[bool]string{true: "AB", false: "BA"}[last != "AB"]
			}
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(body)
		})
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Start(ln, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Shutdown() })
	return m
}

func startWithEID(t *testing.T, db *sqldb.DB, m *mockoidc.MockOIDC) *webtest.Env {
	return webtest.StartWith(t, db, func(c *config.Config) {
		c.EID = config.EIDConfig{Issuer: m.Issuer(), ClientID: m.Config().ClientID, ClientSecret: m.Config().ClientSecret, ACR: "idporten-loa-high"}
	})
}

// eidSignIn walks the browser's redirects: our start, the provider, our
// callback, and returns our final answer.
func eidSignIn(t *testing.T, env *webtest.Env, c *webtest.Client, invitation string) *webtest.Response {
	t.Helper()
	r := c.Form("/auth/eid/start", url.Values{"invitation": {invitation}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("start: %d %s", r.Status, r.Body)
	}
	auth := r.Header.Get("Location")
	u, _ := url.Parse(auth)
	q := u.Query()
	if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("nonce") == "" || q.Get("state") == "" || q.Get("acr_values") != "idporten-loa-high" {
		t.Fatalf("authorization request lacks PKCE, nonce, state or acr: %s", auth)
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(auth)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	back, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || back.Path != "/auth/eid/callback" {
		t.Fatalf("provider redirect: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	return c.Get(back.RequestURI())
}

const testPID = "02023712345"

func TestEIDSignUpAndSignIn(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		bad := false
		m := provider(t, &bad)
		env := startWithEID(t, db, m)
		if body := env.Client(t).Get("/login").Text(); !strings.Contains(body, `action="/auth/eid/start"`) {
			t.Fatal("no eID button on the sign-in page")
		}
		code := invite(t, env.As(t, "admin"), "service_user", id(env.Fjordvik.ID))

		// No account and no invitation: refused, nothing created.
		before := testkit.Counts(t, db)["users"]
		m.QueueUser(&eidUser{pid: testPID, name: "Kari Nordmann", sid: "s1"})
		if r := eidSignIn(t, env, env.Client(t), ""); r.Status != 404 || !strings.Contains(r.Text(), "Du trenger en invitasjon") {
			t.Fatalf("no account: %d", r.Status)
		}
		if testkit.Counts(t, db)["users"] != before {
			t.Fatal("an account was created without an invitation")
		}

		// With the invitation: the account is created and onboarding starts.
		c := env.Client(t)
		m.QueueUser(&eidUser{pid: testPID, name: "Kari Nordmann", sid: "s1"})
		r := eidSignIn(t, env, c, code)
		if r.Status != 303 || r.Header.Get("Location") != "/onboarding" {
			t.Fatalf("sign-up: %d %s %s", r.Status, r.Header.Get("Location"), r.Body)
		}
		var me struct {
			Login    string `json:"login"`
			RealName string `json:"real_name"`
		}
		c.Get("/api/v1/me").JSON(t, &me)
		if me.RealName != "Kari Nordmann" || !strings.HasPrefix(me.Login, "eid-") {
			t.Fatalf("me %+v", me)
		}
		if testkit.DBContains(t, db, testPID) {
			t.Fatal("the national ID number is stored in clear")
		}
		// Signing in again finds the same account; the invitation is spent.
		c2 := env.Client(t)
		m.QueueUser(&eidUser{pid: testPID, name: "Kari Nordmann", sid: "s2"})
		eidSignIn(t, env, c2, "")
		var me2 struct{ Login string }
		c2.Get("/api/v1/me").JSON(t, &me2)
		if me2.Login != me.Login {
			t.Fatalf("second sign-in: %s vs %s", me2.Login, me.Login)
		}
		// Front-channel logout ends the matching session only.
		iss, _ := url.Parse(m.Issuer())
		if r := env.Client(t).Get("/auth/eid/logout?iss=" + url.QueryEscape(m.Issuer()) + "&sid=s2"); r.Status != 200 ||
			!strings.HasSuffix(r.Header.Get("Content-Security-Policy"), "frame-ancestors "+iss.Scheme+"://"+iss.Host) {
			t.Fatalf("logout: %d %s", r.Status, r.Header.Get("Content-Security-Policy"))
		}
		if r := c2.Get("/api/v1/me"); r.Status != 401 {
			t.Fatalf("session after front-channel logout: %d", r.Status)
		}
		if r := c.Get("/api/v1/me"); r.Status != 200 {
			t.Fatalf("other session ended too: %d", r.Status)
		}
		if logs := env.Logs.String(); strings.Contains(logs, testPID) || strings.Contains(logs, "Kari Nordmann") {
			t.Fatal("the logs hold the national ID number or the real name")
		}
	})
}

func TestEIDRefusals(t *testing.T) {
	wrong := "not-the-nonce"
	cases := []struct {
		name   string
		user   *eidUser
		bad    bool
		reason string // in the log line, proving the refusal was for this
	}{
		{"wrong nonce", &eidUser{pid: testPID, name: "Kari Nordmann", nonce: &wrong}, false, "nonce does not match"},
		{"wrong audience", &eidUser{pid: testPID, name: "Kari Nordmann", aud: []string{"another-client"}}, false, "audience"},
		{"expired token", &eidUser{pid: testPID, name: "Kari Nordmann", expired: true}, false, "expired"},
		{"bad signature", &eidUser{pid: testPID, name: "Kari Nordmann"}, true, "signature"},
		{"too low acr", &eidUser{pid: testPID, name: "Kari Nordmann", acr: "idporten-loa-substantial"}, false, "is below"},
		{"unknown acr", &eidUser{pid: testPID, name: "Kari Nordmann", acr: "level-0"}, false, "is below"},
	}
	db := testkit.SQLite(t)
	bad := false
	m := provider(t, &bad)
	env := startWithEID(t, db, m)
	code := invite(t, env.As(t, "admin"), "service_user", id(env.Fjordvik.ID))
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			bad = c.bad
			defer func() { bad = false }()
			before := testkit.Counts(t, db)["users"]
			cl := env.Client(t)
			m.QueueUser(c.user)
			r := eidSignIn(t, env, cl, code)
			if r.Status != 401 || !strings.Contains(r.Text(), "Vi kunne ikke bekrefte innloggingen") {
				t.Fatalf("%d %s", r.Status, r.Body)
			}
			if got := cl.Get("/api/v1/me"); got.Status != 401 {
				t.Fatal("signed in despite the refusal")
			}
			if testkit.Counts(t, db)["users"] != before {
				t.Fatal("an account was created")
			}
			logs := env.Logs.String()
			last := logs[strings.LastIndex(logs, `"msg":"eid refused"`):]
			if !strings.Contains(last, c.reason) {
				t.Fatalf("refused for another reason: %.300s", last)
			}
		})
	}
	// The same provider then lets a good token through.
	m.QueueUser(&eidUser{pid: testPID, name: "Kari Nordmann"})
	if r := eidSignIn(t, env, env.Client(t), code); r.Status != 303 {
		t.Fatalf("good token after refusals: %d %s", r.Status, r.Body)
	}
	// A state that was never issued, or is used twice, is refused.
	if r := env.Client(t).Get("/auth/eid/callback?code=x&state=forged"); r.Status != 400 {
		t.Fatalf("forged state: %d", r.Status)
	}
}
