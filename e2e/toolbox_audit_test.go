package e2e

import (
	"context"
	"strconv"
	"testing"

	"reconnect/internal/testkit"
	"reconnect/internal/toolbox"
)

// Every toolbox, library, sharing and access-log page passes the
// accessibility audit, for the member, a peer moderator and a provider.
func TestToolboxPagesAreAccessible(t *testing.T) {
	env := start(t)
	ctx := context.Background()
	if _, err := env.App.Care.Link(ctx, &env.Admin, env.Provider.ID, env.Member.ID, "Kari Nordmann"); err != nil {
		t.Fatal(err)
	}
	tools := env.App.Toolbox
	plan, err := tools.Create(ctx, &env.Member, toolbox.CrisisPlan, &toolbox.Plan{WarningSigns: "Jeg trekker meg unna."})
	if err != nil {
		t.Fatal(err)
	}
	goal, _ := tools.Create(ctx, &env.Member, toolbox.Goals, &toolbox.Goal{Title: "Komme meg ut", Area: "health", Steps: []toolbox.Step{{Text: "Gå ut", Done: true}}})
	med, _ := tools.Create(ctx, &env.Member, toolbox.Medications, &toolbox.Medication{Name: "Sertralin"})
	person, _ := tools.Create(ctx, &env.Member, toolbox.Network, &toolbox.Person{Name: "Mamma", Kind: "family", Closeness: "inner"})
	act, _ := tools.Create(ctx, &env.Member, toolbox.Activities, &toolbox.Activity{What: "Tur", Day: "2026-11-30", Repeat: "weekly"})
	entry, _ := tools.Create(ctx, &env.Member, toolbox.Journal, &toolbox.Entry{Text: "Notat", Mood: 3})
	if _, err := tools.Share(ctx, &env.Member, toolbox.CrisisPlan, plan.ID, env.Provider.ID); err != nil {
		t.Fatal(err)
	}
	id := func(n int64) string { return strconv.FormatInt(n, 10) }

	member := NewTab(t, env, Norwegian)
	member.SignIn("member", testkit.Password)
	for _, p := range []string{"/toolbox/activities?week=2026-11-30", "/toolbox/goals/" + id(goal.ID), "/toolbox/medications/" + id(med.ID),
		"/toolbox/network/" + id(person.ID), "/toolbox/activities/" + id(act.ID), "/toolbox/journal/" + id(entry.ID), "/library", "/care/access-log"} {
		if status := member.Go(p); status != 200 {
			t.Fatalf("%s: %d", p, status)
		}
		member.Audit(p)
	}
	member.Go("/library")
	member.Click(`main a[href^="/library/exercise/"]`)
	member.Audit("an exercise")

	mod := NewTab(t, env, English)
	mod.SignIn("moderator", testkit.Password)
	mod.Go("/library/exercise/new")
	mod.Audit("new exercise")
	mod.Go("/library")
	mod.Audit("library with the local-link form")

	provider := NewTab(t, env, Norwegian)
	provider.SignIn("provider", testkit.Password)
	for _, p := range []string{"/shared", "/shared/" + id(env.Member.ID) + "/crisis-plan", "/messages?filter=closed", "/invitations"} {
		if status := provider.Go(p); status != 200 {
			t.Fatalf("%s: %d", p, status)
		}
		provider.Audit(p)
	}
}
