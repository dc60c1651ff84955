package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

// Every tool works in pages without JavaScript: forms create and change
// items, bad input is shown in place (400, text kept, nothing written),
// sharing goes through a form, and the provider's pages read what is
// shared with one access-log entry per item.
func TestToolboxPages(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		cw := newCareWorld(t, db)
		k := cw.kari
		if r := k.Get("/toolbox/crisis-plan"); r.Status != 200 || !strings.Contains(r.Text(), `value="113"`) {
			t.Fatalf("a new crisis plan is not prefilled with the numbers: %d", r.Status)
		}
		plan := url.Values{"warning_signs": {"Jeg sover lite og trekker meg unna."}, "self_help": {"Gå en tur med hunden."},
			"pro_name": {"Legevakt", "Fastlegen", ""}, "pro_phone": {"116 117", "22 33 44 55", ""}}
		if r := k.Form("/toolbox/crisis-plan", plan); r.Status != 303 {
			t.Fatalf("saving the plan: %d", r.Status)
		}
		r := k.Get("/toolbox/crisis-plan/print")
		for _, want := range []string{"Jeg sover lite", "Fastlegen", "22 33 44 55", "Mine varselsignaler", "Det som betyr mest for meg"} {
			if !strings.Contains(r.Text(), want) {
				t.Errorf("the print view lacks %q", want)
			}
		}
		if r := k.Get("/crisis"); !strings.Contains(r.Text(), `href="/toolbox/crisis-plan/print"`) {
			t.Error("the crisis page has no link to the plan")
		}
		before := testkit.Counts(t, db)
		bad := url.Values{"warning_signs": {"Kept text"}, "pro_name": {"Legen"}, "pro_phone": {"ring meg i morgen"}}
		if r := k.Form("/toolbox/crisis-plan", bad); r.Status != 400 || !strings.Contains(r.Text(), "Kept text") || !strings.Contains(r.Text(), "ring meg i morgen") {
			t.Errorf("a bad phone number: %d", r.Status)
		}

		// Goals: steps with done state, then a reflection.
		if r := k.Form("/toolbox/goals", url.Values{"title": {"Ta bussen alene"}, "area": {"empowerment"}, "step": {"Se på rutetabellen", "Kjøre én holdeplass", ""}}); r.Status != 303 {
			t.Fatalf("new goal: %d", r.Status)
		}
		if r := k.Form("/toolbox/goals", url.Values{"title": {"Uten område"}, "area": {"money"}}); r.Status != 400 || !strings.Contains(r.Text(), "Uten område") {
			t.Errorf("an unknown life area: %d", r.Status)
		}
		list := k.Get("/toolbox/goals")
		goalURL := regexp.MustCompile(`/toolbox/goals/\d+`).FindString(list.Text())
		if goalURL == "" {
			t.Fatal("no goal link")
		}
		if r := k.Form(goalURL, url.Values{"title": {"Ta bussen alene"}, "area": {"empowerment"}, "step": {"Se på rutetabellen", "Kjøre én holdeplass"},
			"step_done": {"0"}, "reflection": {"Det gikk bedre enn jeg trodde."}}); r.Status != 303 {
			t.Errorf("changing the goal: %d", r.Status)
		}
		if r := k.Get(goalURL); !strings.Contains(r.Text(), "Det gikk bedre enn jeg trodde.") {
			t.Error("the reflection is not shown")
		}
		if r := k.Get("/toolbox/goals"); !strings.Contains(r.Text(), "50 % av stegene gjort") {
			t.Error("the progress is not shown")
		}

		// The network map through its form, a peer by pseudonym.
		if r := k.Form("/toolbox/network", url.Values{"name": {"Jonas"}, "kind": {"friend"}, "closeness": {"inner"}, "note": {"Ringer på søndager"}}); r.Status != 303 {
			t.Errorf("a person from the form: %d", r.Status)
		}
		if r := k.Form("/toolbox/network", url.Values{"kind": {"peer"}, "closeness": {"far"}, "pseudonym": {"Morgengry"}}); r.Status != 400 || !strings.Contains(r.Text(), "Morgengry") {
			t.Errorf("a ring outside the three: %d", r.Status)
		}
		if r := k.Get("/toolbox/network"); !strings.Contains(r.Text(), "Jonas") || !strings.Contains(r.Text(), "<svg") {
			t.Error("the map lacks the person")
		}
		before["toolbox_items"]++

		// Medications and the journal's mood chart.
		mustStatus(t, k.Form("/toolbox/medications", url.Values{"name": {"Quetiapin"}, "strength": {"25 mg"}, "started": {"2026-02-01"}}), 303)
		if r := k.Form("/toolbox/medications", url.Values{"name": {"X"}, "started": {"2026-02-01"}, "stopped": {"2025-01-01"}}); r.Status != 400 {
			t.Errorf("stopped before started: %d", r.Status)
		}
		for _, m := range []string{"2", "4"} {
			mustStatus(t, k.Form("/toolbox/journal", url.Values{"text": {"Notat " + m}, "mood": {m}}), 303)
		}
		j := k.Get("/toolbox/journal")
		entryURL := regexp.MustCompile(`/toolbox/journal/\d+`).FindString(j.Text())
		if r := k.Form(entryURL, url.Values{"text": {"x"}, "delete": {"1"}}); r.Status != 303 {
			t.Errorf("deleting an entry from its page: %d", r.Status)
		}
		mustStatus(t, k.Form("/toolbox/journal", url.Values{"text": {"Notat igjen"}, "mood": {"3"}}), 303)
		j = k.Get("/toolbox/journal")
		if !strings.Contains(j.Text(), "<polyline") || strings.Count(j.Text(), "<circle") != 2 || !strings.Contains(j.Text(), `role="img"`) {
			t.Errorf("the mood chart: %s", j.Text())
		}
		if after := testkit.Counts(t, db); after["toolbox_items"] != before["toolbox_items"]+4 {
			t.Errorf("items: %d → %d, want four more (refused forms wrote nothing)", before["toolbox_items"], after["toolbox_items"])
		}

		// Share the plan through the form; the provider reads it.
		planPage := k.Get("/toolbox/crisis-plan")
		item := regexp.MustCompile(`name="item" value="(\d+)"`).FindStringSubmatch(planPage.Text())
		if item == nil {
			t.Fatal("no share form on the plan")
		}
		if r := k.Form("/toolbox/shares", url.Values{"tool": {"crisis-plan"}, "item": {item[1]}, "provider": {id(cw.provider2ID)}, "back": {"/toolbox/crisis-plan"}}); r.Status != 400 ||
			!strings.Contains(r.Text(), "behandlingsteamet") {
			t.Errorf("sharing with an unlinked provider: %d", r.Status)
		}
		if r := k.Form("/toolbox/shares", url.Values{"tool": {"crisis-plan"}, "item": {item[1]}, "provider": {id(cw.Provider.ID)}, "back": {"/toolbox/crisis-plan"}}); r.Status != 303 {
			t.Fatalf("sharing: %d", r.Status)
		}
		shared := cw.provider.Get("/shared")
		if !strings.Contains(shared.Text(), "Kari Nordmann") || strings.Contains(shared.Text(), "sover lite") {
			t.Errorf("the provider's shared page: %d", shared.Status)
		}
		n := accessRows(t, db)
		if r := cw.provider.Get("/shared/" + id(cw.Member.ID) + "/crisis-plan"); r.Status != 200 || !strings.Contains(r.Text(), "Jeg sover lite") {
			t.Errorf("the provider's view of the plan: %d", r.Status)
		}
		if got := accessRows(t, db); got != n+1 {
			t.Errorf("access log %d → %d, want one more", n, got)
		}
		for _, p := range []string{"/shared/" + id(cw.Member.ID) + "/goals", "/shared/" + id(cw.Member2.ID) + "/crisis-plan"} {
			if r := cw.provider.Get(p); r.Status != 404 {
				t.Errorf("%s: %d", p, r.Status)
			}
		}
		for who, c := range map[string]string{"moderator": "/toolbox", "admin": "/toolbox/goals", "provider": "/toolbox/crisis-plan", "researcher": "/shared"} {
			if r := cw.As(t, who).Get(c); r.Status != 404 {
				t.Errorf("%s as %s: %d", c, who, r.Status)
			}
		}
		if r := cw.ola.Get(goalURL); r.Status != 404 {
			t.Errorf("another member's goal page: %d", r.Status)
		}
	})
}
