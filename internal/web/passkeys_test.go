package web_test

import (
	"strings"
	"testing"

	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
	"reconnect/internal/testkit/webtest"
)

// The ceremonies themselves run in Chromium (e2e/passkey_test.go); here
// every way to get them wrong answers a clear 4xx and writes nothing.
func TestPasskeyAPIRefusals(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env := webtest.Start(t, db)
		code := invite(t, env.As(t, "admin"), "service_user", id(env.Fjordvik.ID))
		anon := env.Client(t)
		before := testkit.Counts(t, db)
		for _, c := range []struct {
			body map[string]any
			code string
		}{
			{map[string]any{"invitation": "NOPE", "login": "ny.bruker"}, "invitation_invalid"},
			{map[string]any{"invitation": code, "login": "x"}, "invalid_input"},
			{map[string]any{"invitation": code, "login": "member"}, "taken"},
		} {
			if r := anon.Do("POST", "/api/v1/auth/passkey/signup/begin", c.body); r.Status/100 != 4 || r.ErrorCode() != c.code {
				t.Errorf("%v: %d %s", c.body, r.Status, r.Body)
			}
		}
		r := anon.Do("POST", "/api/v1/auth/passkey/signup/begin", map[string]any{"invitation": code, "login": "ny.bruker"})
		if r.Status != 200 || !strings.Contains(r.Text(), `"residentKey":"required"`) || !strings.Contains(r.Text(), `"id":"localhost"`) {
			t.Fatalf("begin: %d %s", r.Status, r.Body)
		}
		// A forged answer, and a finish without a ceremony.
		if r := anon.Raw("POST", "/api/v1/auth/passkey/signup/finish", "application/json", []byte(`{"id":"x","type":"public-key","response":{}}`)); r.Status != 400 {
			t.Fatalf("forged credential: %d %s", r.Status, r.Body)
		}
		if r := anon.Raw("POST", "/api/v1/auth/passkey/signup/finish", "application/json", []byte(`{}`)); r.ErrorCode() != "passkey_ceremony_unknown" {
			t.Fatalf("finish twice: %d %s", r.Status, r.Body)
		}
		if r := env.Client(t).Raw("POST", "/api/v1/auth/passkey/login/finish", "application/json", []byte(`garbage`)); r.Status != 400 {
			t.Fatalf("login finish without begin: %d", r.Status)
		}
		if after := testkit.Counts(t, db); after["users"] != before["users"] || after["passkeys"] != before["passkeys"] {
			t.Fatal("refused ceremonies wrote accounts or passkeys")
		}
		m := env.As(t, "member")
		var list struct{ Items []any }
		m.Get("/api/v1/passkeys").JSON(t, &list)
		if len(list.Items) != 0 {
			t.Fatalf("passkeys %+v", list)
		}
		if r := m.Do("DELETE", "/api/v1/passkeys/1", nil); r.Status != 404 {
			t.Fatalf("removing a passkey that is not mine: %d", r.Status)
		}
		if r := env.Client(t).Do("POST", "/api/v1/passkeys/begin", nil); r.Status != 401 {
			t.Fatalf("adding without signing in: %d", r.Status)
		}
	})
}
