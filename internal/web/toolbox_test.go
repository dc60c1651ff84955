package web_test

import (
	"reflect"
	"strings"
	"testing"

	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
	"reconnect/internal/testkit/webtest"
)

func accessRows(t *testing.T, db *sqldb.DB) int { return testkit.Counts(t, db)["access_log"] }

// Every tool through the API: create, read, change (keeping history),
// delete; the crisis plan starts with the crisis numbers and is one per
// member; bad input is refused with nothing written.
func TestToolboxCRUD(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		cw := newCareWorld(t, db)
		k := cw.kari
		goal := created(t, k.Do("POST", "/api/v1/toolbox/goals", map[string]any{"title": "Gå en tur hver dag", "why": "Jeg sover bedre", "area": "health",
			"steps": []map[string]any{{"text": "Kjøpe sko"}, {"text": "Gå til butikken"}}, "target_date": "2027-03-01"}), "id")
		r := k.Do("PATCH", "/api/v1/toolbox/goals/"+goal, map[string]any{"steps": []map[string]any{{"text": "Kjøpe sko", "done": true}, {"text": "Gå til butikken"}},
			"reflection": "Første uke gikk fint."})
		mustStatus(t, r, 200)
		if !strings.Contains(r.Text(), `"done":true`) || !strings.Contains(r.Text(), "Første uke gikk fint.") || !strings.Contains(r.Text(), `"title":"Gå en tur hver dag"`) {
			t.Errorf("patched goal: %s", r.Body)
		}
		if r := k.Get("/api/v1/toolbox/goals/" + goal + "/history"); !strings.Contains(r.Text(), `"done":false`) {
			t.Errorf("goal history: %s", r.Body)
		}
		plan := created(t, k.Do("POST", "/api/v1/toolbox/crisis-plan", map[string]any{"warning_signs": "Jeg slutter å svare på telefonen."}), "id")
		if r := k.Get("/api/v1/toolbox/crisis-plan/" + plan); !strings.Contains(r.Text(), `"phone":"113"`) {
			t.Errorf("the crisis plan lacks the crisis numbers: %s", r.Body)
		}
		if r := k.Do("POST", "/api/v1/toolbox/crisis-plan", map[string]any{"self_help": "Gå ut"}); r.Status != 409 {
			t.Errorf("a second crisis plan: %d", r.Status)
		}
		med := created(t, k.Do("POST", "/api/v1/toolbox/medications", map[string]any{"name": "Sertralin", "strength": "50 mg", "dose": "1 tablett", "when": "morgen",
			"started": "2026-01-10"}), "id")
		mustStatus(t, k.Do("PATCH", "/api/v1/toolbox/medications/"+med, map[string]any{"stopped": "2026-11-01", "notes": "Trappet ned med legen."}), 200)
		if r := k.Get("/api/v1/toolbox/medications/" + med + "/history"); !strings.Contains(r.Text(), "Sertralin") || strings.Contains(r.Text(), "2026-11-01") {
			t.Errorf("medication history: %s", r.Body)
		}
		created(t, k.Do("POST", "/api/v1/toolbox/journal", map[string]any{"text": "En rolig dag.", "mood": 4}), "id")
		if r := k.Get("/api/v1/toolbox/journal"); !strings.Contains(r.Text(), `"mood":4`) {
			t.Errorf("journal: %s", r.Body)
		}

		before := testkit.Counts(t, db)
		for name, c := range map[string]struct {
			method, path string
			body         map[string]any
		}{
			"unknown life area":        {"POST", "/api/v1/toolbox/goals", map[string]any{"title": "Mål", "area": "money"}},
			"empty title":              {"POST", "/api/v1/toolbox/goals", map[string]any{"title": " ", "area": "hope"}},
			"target date out of range": {"POST", "/api/v1/toolbox/goals", map[string]any{"title": "Mål", "area": "hope", "target_date": "1800-01-01"}},
			"impossible date":          {"PATCH", "/api/v1/toolbox/goals/" + goal, map[string]any{"target_date": "2027-13-40"}},
			"mood 7":                   {"POST", "/api/v1/toolbox/journal", map[string]any{"text": "Hei", "mood": 7}},
			"stopped before started":   {"PATCH", "/api/v1/toolbox/medications/" + med, map[string]any{"stopped": "2025-01-01"}},
			"letters as phone":         {"PATCH", "/api/v1/toolbox/crisis-plan/" + plan, map[string]any{"professionals": []map[string]any{{"name": "Legen", "phone": "ring meg"}}}},
			"unknown field":            {"POST", "/api/v1/toolbox/journal", map[string]any{"text": "Hei", "secret": true}},
			"wrong type":               {"POST", "/api/v1/toolbox/journal", map[string]any{"text": 5}},
			"too long":                 {"POST", "/api/v1/toolbox/journal", map[string]any{"text": strings.Repeat("a", 4001)}},
		} {
			if r := k.Do(c.method, c.path, c.body); r.Status != 400 || r.ErrorCode() == "" {
				t.Errorf("%s: %d %s", name, r.Status, r.Body)
			}
		}
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
			t.Error("refused toolbox input changed rows")
		}
		mustStatus(t, k.Do("DELETE", "/api/v1/toolbox/goals/"+goal, nil), 204)
		if r := k.Get("/api/v1/toolbox/goals/" + goal); r.Status != 404 {
			t.Errorf("a deleted goal: %d", r.Status)
		}
		if accessRows(t, db) != 0 {
			t.Error("the owner's own reads are in her access log")
		}
	})
}

// Sharing: one item or a whole tool with a linked provider, read-only;
// every provider read is one access-log entry in the member's log;
// stopping and ending the link take effect at once; nobody else reaches
// anything.
func TestToolboxSharing(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		cw := newCareWorld(t, db)
		k := cw.kari
		plan := created(t, k.Do("POST", "/api/v1/toolbox/crisis-plan", map[string]any{"warning_signs": "Jeg trekker meg unna."}), "id")
		goal := created(t, k.Do("POST", "/api/v1/toolbox/goals", map[string]any{"title": "Ringe søsteren min", "area": "connectedness"}), "id")
		med := created(t, k.Do("POST", "/api/v1/toolbox/medications", map[string]any{"name": "Litium"}), "id")
		entry := created(t, k.Do("POST", "/api/v1/toolbox/journal", map[string]any{"text": "Tung dag.", "mood": 2}), "id")
		person := created(t, k.Do("POST", "/api/v1/toolbox/network", map[string]any{"name": "Mamma", "kind": "family", "closeness": "inner"}), "id")
		activity := created(t, k.Do("POST", "/api/v1/toolbox/activities", map[string]any{"what": "Tur", "day": "2026-11-30"}), "id")
		var ex struct{ Items []struct{ ID string } }
		k.Get("/api/v1/library/exercises").JSON(t, &ex)
		response := created(t, k.Do("POST", "/api/v1/toolbox/exercises", map[string]any{"exercise_id": ex.Items[0].ID, "text": "Rolig."}), "id")
		ola := created(t, cw.ola.Do("POST", "/api/v1/toolbox/goals", map[string]any{"title": "Olas mål", "area": "hope"}), "id")

		before := testkit.Counts(t, db)
		for name, body := range map[string]map[string]any{
			"an unlinked provider":    {"item_kind": "crisis-plan", "item_id": plan, "provider_id": id(cw.provider2ID)},
			"someone else's item":     {"item_kind": "goals", "item_id": ola, "provider_id": id(cw.Provider.ID)},
			"an item of another tool": {"item_kind": "medications", "item_id": goal, "provider_id": id(cw.Provider.ID)},
			"an unknown tool":         {"item_kind": "diary", "provider_id": id(cw.Provider.ID)},
			"a moderator as provider": {"item_kind": "goals", "provider_id": id(cw.Moderator.ID)},
		} {
			if r := k.Do("POST", "/api/v1/toolbox/shares", body); r.Status != 400 {
				t.Errorf("sharing with %s: %d %s", name, r.Status, r.Body)
			}
		}
		if r := cw.provider.Do("POST", "/api/v1/toolbox/shares", map[string]any{"item_kind": "goals", "provider_id": id(cw.Provider.ID)}); r.Status != 404 {
			t.Errorf("a provider shares: %d", r.Status)
		}
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
			t.Error("refused shares changed rows")
		}

		planShare := created(t, k.Do("POST", "/api/v1/toolbox/shares", map[string]any{"item_kind": "crisis-plan", "item_id": plan, "provider_id": id(cw.Provider.ID)}), "id")
		if r := k.Do("POST", "/api/v1/toolbox/shares", map[string]any{"item_kind": "crisis-plan", "item_id": plan, "provider_id": id(cw.Provider.ID)}); r.Status != 409 {
			t.Errorf("sharing twice: %d", r.Status)
		}
		var notes struct{ Items []struct{ Kind, Text string } }
		cw.provider.Get("/api/v1/notifications").JSON(t, &notes)
		if len(notes.Items) == 0 || notes.Items[0].Kind != "toolbox_shared" || strings.Contains(notes.Items[0].Text, "trekker") {
			t.Errorf("the provider's notice: %+v", notes.Items)
		}
		if r := cw.provider.Get("/api/v1/toolbox/shared-with-me"); !strings.Contains(r.Text(), "Kari Nordmann") || !strings.Contains(r.Text(), `"item_kind":"crisis-plan"`) || strings.Contains(r.Text(), "trekker") {
			t.Errorf("shared with me: %s", r.Body)
		}
		if r := k.Get("/api/v1/toolbox/shares"); !strings.Contains(r.Text(), "Per Provider") {
			t.Errorf("my shares: %s", r.Body)
		}

		// Each provider read is exactly one entry; the owner's reads none.
		n := accessRows(t, db)
		if r := cw.provider.Get("/api/v1/toolbox/crisis-plan/" + plan); r.Status != 200 || !strings.Contains(r.Text(), "trekker meg unna") {
			t.Fatalf("the provider reads the shared plan: %d", r.Status)
		}
		if got := accessRows(t, db); got != n+1 {
			t.Errorf("access log rows %d → %d, want one more", n, got)
		}
		k.Get("/api/v1/toolbox/crisis-plan/" + plan)
		if got := accessRows(t, db); got != n+1 {
			t.Error("the owner's read was logged")
		}
		if r := k.Get("/api/v1/access-log"); !strings.Contains(r.Text(), `"object_kind":"crisis-plan"`) || !strings.Contains(r.Text(), `"viewer":"Per Provider"`) {
			t.Errorf("the member's access log: %s", r.Body)
		}
		// A whole tool: one entry per item read.
		created(t, k.Do("POST", "/api/v1/toolbox/shares", map[string]any{"item_kind": "medications", "provider_id": id(cw.Provider.ID)}), "id")
		created(t, k.Do("POST", "/api/v1/toolbox/medications", map[string]any{"name": "Melatonin"}), "id")
		if r := cw.provider.Get("/api/v1/toolbox/medications?member_id=" + id(cw.Member.ID)); !strings.Contains(r.Text(), "Litium") || !strings.Contains(r.Text(), "Melatonin") {
			t.Errorf("the shared tool: %s", r.Body)
		}
		if got := accessRows(t, db); got != n+3 {
			t.Errorf("access log rows after reading a tool of two: %d, want %d", got, n+3)
		}

		// Object-level access: everyone but the owner and the provider for
		// what is shared gets 404, and nothing is logged.
		n = accessRows(t, db)
		outsiders := map[string]*webtest.Client{"member2": cw.ola, "provider2 (unlinked)": cw.provider2, "moderator": cw.mod, "admin": cw.admin, "researcher": cw.As(t, "researcher")}
		paths := []string{"/api/v1/toolbox/crisis-plan/" + plan, "/api/v1/toolbox/goals/" + goal, "/api/v1/toolbox/medications/" + med,
			"/api/v1/toolbox/journal/" + entry, "/api/v1/toolbox/crisis-plan/" + plan + "/history", "/api/v1/toolbox/goals/" + goal + "/history",
			"/api/v1/toolbox/medications/" + med + "/history", "/api/v1/toolbox/network/" + person, "/api/v1/toolbox/activities/" + activity,
			"/api/v1/toolbox/exercises/" + response}
		cases := 0
		for who, c := range outsiders {
			for _, p := range paths {
				for _, m := range []string{"GET", "PATCH", "DELETE"} {
					if strings.HasSuffix(p, "/history") && m != "GET" {
						continue
					}
					var body map[string]any
					if m == "PATCH" {
						body = map[string]any{"title": "x"}
					}
					cases++
					if r := c.Do(m, p, body); r.Status != 404 {
						t.Errorf("%s %s as %s: %d", m, p, who, r.Status)
					}
				}
			}
			for _, tool := range []string{"goals", "crisis-plan", "medications", "journal", "network", "activities", "exercises"} {
				cases++
				if r := c.Get("/api/v1/toolbox/" + tool + "?member_id=" + id(cw.Member.ID)); r.Status != 404 && !(r.Status == 200 && strings.TrimSpace(r.Text()) == `{"items":[]}`) {
					t.Errorf("%s of another member as %s: %d %s", tool, who, r.Status, r.Body)
				}
			}
		}
		// The linked provider: not the goal (not shared), never changes anything.
		for _, c := range []struct{ m, p string }{{"GET", "/api/v1/toolbox/goals/" + goal}, {"GET", "/api/v1/toolbox/network/" + person},
			{"GET", "/api/v1/toolbox/activities/" + activity}, {"GET", "/api/v1/toolbox/exercises/" + response}, {"GET", "/api/v1/toolbox/journal/" + entry}, {"PATCH", "/api/v1/toolbox/crisis-plan/" + plan},
			{"DELETE", "/api/v1/toolbox/crisis-plan/" + plan}, {"GET", "/api/v1/toolbox/crisis-plan/" + plan + "/history"}, {"DELETE", "/api/v1/toolbox/shares/" + planShare}} {
			cases++
			if r := cw.provider.Do(c.m, c.p, map[string]any{}); r.Status != 404 {
				t.Errorf("%s %s as the linked provider: %d", c.m, c.p, r.Status)
			}
		}
		if r := cw.provider.Get("/api/v1/toolbox/goals?member_id=" + id(cw.Member.ID)); r.Status != 200 || strings.Contains(r.Text(), "søsteren") {
			t.Errorf("unshared goals reach the provider: %s", r.Body)
		}
		if cases < 150 {
			t.Fatalf("only %d cases", cases)
		}
		if got := accessRows(t, db); got != n {
			t.Errorf("refused reads were logged: %d → %d", n, got)
		}

		// Stopping a share works on the provider's next request.
		mustStatus(t, k.Do("DELETE", "/api/v1/toolbox/shares/"+planShare, nil), 204)
		if r := cw.provider.Get("/api/v1/toolbox/crisis-plan/" + plan); r.Status != 404 {
			t.Errorf("after unsharing: %d", r.Status)
		}
		// Ending the link ends all sharing.
		mustStatus(t, k.Do("DELETE", "/api/v1/care-team/links/"+cw.link, nil), 204)
		if r := cw.provider.Get("/api/v1/toolbox/medications/" + med); r.Status != 404 {
			t.Errorf("after the link ended: %d", r.Status)
		}
		if r := k.Get("/api/v1/toolbox/shares"); strings.Contains(r.Text(), "Per Provider") {
			t.Errorf("shares outlive the link: %s", r.Body)
		}
	})
}

// An administrator's look-up of who is behind a pseudonym is in the
// member's access log; the log filters by period and downloads as CSV.
func TestAccessLogLookupAndPeriod(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		cw := newCareWorld(t, db)
		mustStatus(t, cw.admin.Do("POST", "/api/v1/admin/identity-lookups", map[string]any{"pseudonym": "Havbris", "reason": "Politiet ba om det i en alvorlig sak."}), 200)
		if r := cw.kari.Get("/api/v1/access-log"); !strings.Contains(r.Text(), `"object_kind":"identity_lookup"`) || !strings.Contains(r.Text(), `"viewer_role":"admin"`) {
			t.Errorf("access log after a look-up: %s", r.Body)
		}
		if r := cw.kari.Get("/api/v1/access-log?from=2001-01-01&to=2001-12-31"); strings.Contains(r.Text(), "identity_lookup") {
			t.Errorf("a period before it still lists it: %s", r.Body)
		}
		if r := cw.kari.Get("/api/v1/access-log?from=2001-13-01"); r.Status != 400 {
			t.Errorf("a bad date: %d", r.Status)
		}
		r := cw.kari.Get("/care/access-log?format=csv")
		if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") || !strings.HasPrefix(r.Text(), "Når,Hvem,Rolle,Hva") ||
			!strings.Contains(r.Text(), "Administrator") {
			t.Errorf("CSV: %d %s", r.Status, r.Header.Get("Content-Type"))
		}
	})
}
