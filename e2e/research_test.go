package e2e

import (
	"testing"
	"time"

	"reconnect/internal/research"
	"reconnect/internal/testkit"
)

// The researcher's page, with the replayed study's figures and charts,
// passes the accessibility audit in both languages.
func TestResearchPageAudit(t *testing.T) {
	env := start(t)
	admin := env.Admin
	real := env.Clock.Now()
	if _, err := research.Simulate(t.Context(), research.Sim{IDs: env.App.Identity, Forum: env.App.Forum, Events: env.App.Events, Set: env.Clock.Set,
		Admin: &admin, Password: testkit.Password}, real.Add(-183*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	env.Clock.Set(real)
	tb := NewTab(t, env, Norwegian)
	tb.SignIn("researcher", testkit.Password)
	tb.Go("/research")
	tb.WantText("main", "524")
	if !tb.Has("main figure svg rect") {
		t.Fatal("no chart")
	}
	tb.Audit("research report")
	tb.SwitchLanguage("en")
	tb.WantText("main", "Posts written")
	tb.Audit("research report")
}
