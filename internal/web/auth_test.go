package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"reconnect/internal/identity"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
	"reconnect/internal/testkit/webtest"
)

type userJSON struct {
	ID          string `json:"id"`
	Role        string `json:"role"`
	Pseudonym   string `json:"pseudonym"`
	CommunityID string `json:"community_id"`
	Login       string `json:"login"`
	RealName    string `json:"real_name"`
	Consents    []struct {
		Kind, Version string
	} `json:"consents"`
}

func invite(t *testing.T, c *webtest.Client, role, community string) string {
	t.Helper()
	body := map[string]any{"role": role}
	if community != "" {
		body["community_id"] = community
	}
	r := c.Do("POST", "/api/v1/invitations", body)
	if r.Status != http.StatusCreated {
		t.Fatalf("invite: %d %s", r.Status, r.Body)
	}
	var inv struct{ Code, Status string }
	r.JSON(t, &inv)
	if inv.Code == "" || inv.Status != "open" {
		t.Fatalf("invitation %+v", inv)
	}
	return inv.Code
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

func TestRegisterLoginMeLogout(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env := webtest.Start(t, db)
		admin := env.As(t, "admin")
		code := invite(t, admin, "service_user", id(env.Fjordvik.ID))

		c := env.Client(t)
		r := c.Do("POST", "/api/v1/auth/register", map[string]any{
			"invitation": strings.ToLower(code), "login": "newbie", "password": "a long enough secret",
			"pseudonym": "Stille Vann", "accept_terms": true, "study_consent": true})
		if r.Status != http.StatusCreated {
			t.Fatalf("register: %d %s", r.Status, r.Body)
		}
		var reg struct{ User userJSON }
		r.JSON(t, &reg)
		if reg.User.Pseudonym != "Stille Vann" || reg.User.Role != "service_user" || reg.User.CommunityID != id(env.Fjordvik.ID) {
			t.Fatalf("registered user %+v", reg.User)
		}
		// Registering signs in.
		r = c.Get("/api/v1/me")
		var me userJSON
		r.JSON(t, &me)
		if r.Status != 200 || me.Login != "newbie" || len(me.Consents) != 4 {
			t.Fatalf("me after register: %d %+v", r.Status, me)
		}
		// The invitation is used up.
		r = env.Client(t).Do("POST", "/api/v1/auth/register", map[string]any{
			"invitation": code, "login": "other", "password": "a long enough secret", "pseudonym": "Annen", "accept_terms": true})
		if r.Status != http.StatusConflict || r.ErrorCode() != "invitation_used" {
			t.Fatalf("reuse: %d %s", r.Status, r.Body)
		}
		// Logout ends the session on the server: the old cookie is dead.
		cookie := c.Cookie("reconnect_session")
		if r := c.Do("POST", "/api/v1/auth/logout", nil); r.Status != http.StatusNoContent {
			t.Fatalf("logout: %d %s", r.Status, r.Body)
		}
		replay := env.Client(t)
		replay.Header["Cookie"] = "reconnect_session=" + cookie
		if r := replay.Get("/api/v1/me"); r.Status != http.StatusUnauthorized {
			t.Fatalf("old cookie after logout: %d", r.Status)
		}
		// Login again with the new password.
		c2 := env.Client(t)
		c2.Login("NEWBIE", "a long enough secret")
		if r := c2.Get("/api/v1/me"); r.Status != 200 {
			t.Fatalf("me: %d", r.Status)
		}
	})
}

func TestLoginAnswersAlikeForUnknownAndWrong(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env := webtest.Start(t, db)
		c := env.Client(t)
		a := c.Do("POST", "/api/v1/auth/login", map[string]string{"login": "member", "password": "wrong password"})
		b := c.Do("POST", "/api/v1/auth/login", map[string]string{"login": "nobody-here", "password": "wrong password"})
		if a.Status != 401 || b.Status != 401 || a.Text() != b.Text() {
			t.Fatalf("wrong password %d %s; unknown login %d %s", a.Status, a.Body, b.Status, b.Body)
		}
	})
}

func TestLoginRateLimits(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env := webtest.Start(t, db)
		c := env.Client(t)
		for i := range 10 {
			r := c.Do("POST", "/api/v1/auth/login", map[string]string{"login": "member", "password": "wrong password"})
			if r.Status != 401 {
				t.Fatalf("attempt %d: %d %s", i, r.Status, r.Body)
			}
		}
		// The account is now blocked, even with the right password.
		r := c.Do("POST", "/api/v1/auth/login", map[string]string{"login": "member", "password": testkit.Password})
		if r.Status != http.StatusTooManyRequests || r.ErrorCode() != "too_many_attempts" {
			t.Fatalf("blocked account: %d %s", r.Status, r.Body)
		}
		// Other accounts from the same address still work.
		env.Client(t).Login("member2", testkit.Password)
		// After the window, the account opens again.
		env.Clock.Advance(16 * time.Minute)
		env.Client(t).Login("member", testkit.Password)

		// Per address: many logins tried from one address are blocked
		// whichever login they name.
		for i := range 50 {
			r := c.Do("POST", "/api/v1/auth/login", map[string]string{"login": "guess" + strconv.Itoa(i), "password": "wrong password"})
			if r.Status != 401 {
				t.Fatalf("ip attempt %d: %d %s", i, r.Status, r.Body)
			}
		}
		r = c.Do("POST", "/api/v1/auth/login", map[string]string{"login": "member2", "password": testkit.Password})
		if r.Status != http.StatusTooManyRequests {
			t.Fatalf("blocked address: %d %s", r.Status, r.Body)
		}
	})
}

var ctx = context.Background()

func newInv(role string, community int64) identity.NewInvitation {
	return identity.NewInvitation{Role: identity.Role(role), CommunityID: community}
}

// Session fixation: signing in always makes a new session ID; a session
// ID the browser held before (planted, or from an earlier sign-in) is
// ended and never becomes the signed-in session. The page form behaves
// like the API.
func TestSessionIDChangesAtSignIn(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env := webtest.Start(t, db)
		c := env.Client(t)
		c.Login("member", testkit.Password)
		first := c.Cookie("reconnect_session")
		c.Login("member", testkit.Password) // again, from the same browser
		second := c.Cookie("reconnect_session")
		if first == "" || second == "" || first == second {
			t.Fatalf("the session ID did not change: %q → %q", first, second)
		}
		old := env.Client(t)
		old.Header["Cookie"] = "reconnect_session=" + first
		if r := old.Get("/api/v1/me"); r.Status != http.StatusUnauthorized {
			t.Errorf("the earlier session still works after signing in again: %d", r.Status)
		}
		// A planted ID is not adopted by the page sign-in.
		planted := env.Client(t)
		planted.Header["Cookie"] = "reconnect_session=attacker-chosen-value"
		r := planted.Form("/login", url.Values{"login": {"member"}, "password": {testkit.Password}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("page sign-in: %d", r.Status)
		}
		for _, sc := range r.Header.Values("Set-Cookie") {
			if strings.HasPrefix(sc, "reconnect_session=attacker-chosen-value") {
				t.Error("the planted session ID was kept")
			}
		}
	})
}
