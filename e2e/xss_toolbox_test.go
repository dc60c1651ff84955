package e2e

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"reconnect/internal/toolbox"
)

// toolbox stores every payload in every text field of Havbris's tools —
// journal entries, goals with a step and a reflection, medications,
// people on the network map, activities, and the crisis plan, whose
// sections hold the payloads one per line — shares every tool with the
// provider, and checks each tool's page, the items' pages (every goal,
// samples of the rest), the crisis plan and its print view, the week
// and the calendar, the provider's view of each shared tool and the
// member's access log. Answers to exercises are in admin, which writes
// the exercises.
func (x *xssWorld) toolbox(t *testing.T) {
	began := time.Now()
	env, ps := x.env, x.payloads
	c := env.As(t, "member")
	oslo, _ := time.LoadLocation("Europe/Oslo")
	day := env.Clock.Now().In(oslo).Format("2006-01-02")
	type item struct {
		tool string
		id   ID
		text []string
		all  bool // fetch its page whatever the sample
	}
	var items []item
	add := func(tool string, body any, text ...string) {
		var out struct{ ID ID }
		call(t, c, http.MethodPost, "/api/v1/toolbox/"+tool, body, &out)
		items = append(items, item{tool, out.ID, text, tool == toolbox.Goals})
	}
	for i, p := range ps {
		e := toolbox.Entry{Text: lines(p, 1, 4000), Mood: i%5 + 1}
		add(toolbox.Journal, e, e.Text)
		g := toolbox.Goal{Title: line(p, 1, 140), Why: lines(p, 0, 2000), Area: toolbox.LifeAreas[i%len(toolbox.LifeAreas)],
			Steps: []toolbox.Step{{Text: line(p, 1, 200)}}, Reflection: lines(p, 1, 2000)}
		add(toolbox.Goals, g, g.Title, g.Why, g.Steps[0].Text, g.Reflection)
		m := toolbox.Medication{Name: line(p, 1, 100), Strength: line(p, 0, 50), Dose: line(p, 0, 100), When: line(p, 0, 100),
			Purpose: line(p, 0, 200), Prescriber: line(p, 0, 100), Notes: lines(p, 0, 2000), SideEffects: lines(p, 0, 2000)}
		add(toolbox.Medications, m, m.Name, m.Strength, m.Dose, m.When, m.Purpose, m.Prescriber, m.Notes, m.SideEffects)
		n := toolbox.Person{Name: line(p, 1, 100), Kind: toolbox.PersonKinds[i%len(toolbox.PersonKinds)],
			Closeness: toolbox.Rings[i%len(toolbox.Rings)], Note: lines(p, 0, 500)}
		add(toolbox.Network, n, n.Name, n.Note)
		a := toolbox.Activity{What: line(p, 1, 140), WithWhom: line(p, 0, 100), Day: day}
		add(toolbox.Activities, a, a.What, a.WithWhom)
	}
	// The crisis plan's sections hold the payloads one per line, as
	// many as fit; its contacts hold 20 more.
	plan := toolbox.Plan{}
	sections := []*string{&plan.WarningSigns, &plan.SelfHelp, &plan.Distractions, &plan.PeopleToAsk, &plan.SaferSurround, &plan.MattersMost}
	k, inPlan := 0, 0
	for _, p := range ps {
		l := line(p, 1, 4000)
		for k < len(sections) && len(*sections[k])+len(l)+1 > 4000 {
			k++
		}
		if k == len(sections) {
			break
		}
		*sections[k] = strings.TrimPrefix(*sections[k]+"\n"+l, "\n")
		inPlan++
	}
	for i := 0; i < 20; i++ {
		plan.Professionals = append(plan.Professionals, toolbox.Contact{Name: line(ps[(i*13)%len(ps)], 1, 100), Phone: "116 123"})
	}
	call(t, c, http.MethodPost, "/api/v1/toolbox/crisis-plan", plan, nil)
	t.Logf("the crisis plan holds %d payloads in its sections and 20 in its contacts", inPlan)

	// The provider is on Havbris's care team and reads every tool.
	admin := env.As(t, "admin")
	careName := line(ps[16], 2, 100)
	call(t, admin, http.MethodPost, "/api/v1/care-team/links", map[string]any{"provider_id": fmt.Sprint(env.Provider.ID),
		"member_id": fmt.Sprint(env.Member.ID), "member_name": careName}, nil)
	for _, tool := range []string{toolbox.Journal, toolbox.Goals, toolbox.Medications, toolbox.Network, toolbox.Activities, toolbox.CrisisPlan} {
		call(t, c, http.MethodPost, "/api/v1/toolbox/shares", map[string]any{"item_kind": tool, "provider_id": fmt.Sprint(env.Provider.ID)}, nil)
	}

	defer stored(t, began)()

	// Each item's page, fetched: every goal, whose form holds text in
	// inputs, textareas and a list of steps, every other medication and
	// every fourth entry, person and activity, whose forms put text in
	// the same places (their lists show every payload).
	var pcs []pageCheck
	byTool := map[string][]string{}
	for k, it := range items {
		if it.all || (k/5)%4 == 0 || it.tool == toolbox.Medications && (k/5)%2 == 1 {
			pcs = append(pcs, shows(it.tool+" item", idPath("/toolbox/"+it.tool+"/%s", it.id), len(it.text), it.text...))
		}
		switch it.tool {
		case toolbox.Medications:
			it.text = it.text[:4] // the list shows name, strength, dose and time
		case toolbox.Goals:
			it.text = it.text[:1] // the list shows titles
		}
		byTool[it.tool] = append(byTool[it.tool], it.text...)
	}
	x.fetch(x.tabsAs(t, "member"), pcs)

	// The lists, the plan and the calendar, loaded.
	var planText []string
	for _, s := range sections {
		planText = append(planText, strings.Split(*s, "\n")...)
	}
	for _, c := range plan.Professionals {
		planText = append(planText, c.Name)
	}
	lists := []pageCheck{
		shows("journal", "/toolbox/journal", len(ps), byTool[toolbox.Journal]...),
		shows("goals", "/toolbox/goals", len(ps), byTool[toolbox.Goals]...),
		shows("medications", "/toolbox/medications", len(byTool[toolbox.Medications]), byTool[toolbox.Medications]...),
		shows("network", "/toolbox/network", 2*len(ps), byTool[toolbox.Network]...),
		shows("activities", "/toolbox/activities?week="+day, 2*len(ps), byTool[toolbox.Activities]...),
		shows("calendar", "/toolbox/calendar", 2*len(ps)),
		shows("crisis plan", "/toolbox/crisis-plan", len(planText), planText...),
		shows("crisis plan print", "/toolbox/crisis-plan/print", len(planText), planText...),
		shows("toolbox", "/toolbox", 0),
	}
	lists[0].opts.SVGs, lists[3].opts.SVGs = 1, 1
	x.visit(x.tabsAs(t, "member"), lists)

	// The provider's views, loaded, then the access log they fill.
	var shared []pageCheck
	for _, tool := range []string{toolbox.Journal, toolbox.Goals, toolbox.Medications, toolbox.Network, toolbox.Activities, toolbox.CrisisPlan} {
		pc := shows("provider's view of "+tool, fmt.Sprintf("/shared/%d/%s", env.Member.ID, tool), len(byTool[tool]))
		if tool == toolbox.Network {
			pc.opts.SVGs = 1
		}
		shared = append(shared, pc)
	}
	shared = append(shared, shows("shared with me", "/shared", 1, careName), shows("care team", "/care", 1, careName))
	x.visit(x.tabsAs(t, "provider"), shared)
	x.visit(x.tabsAs(t, "member"), []pageCheck{shows("access log", "/care/access-log", 0)})
}
