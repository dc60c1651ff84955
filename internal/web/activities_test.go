package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

// The activity planner: a weekly activity linked to a goal shows on
// each week's day, is marked done for one day only, and bad input is
// refused with nothing written.
func TestActivityPlanner(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		cw := newCareWorld(t, db)
		k := cw.kari
		goal := created(t, k.Do("POST", "/api/v1/toolbox/goals", map[string]any{"title": "Komme meg ut", "area": "health"}), "id")
		ola := created(t, cw.ola.Do("POST", "/api/v1/toolbox/goals", map[string]any{"title": "Olas", "area": "hope"}), "id")
		before := testkit.Counts(t, db)
		for name, body := range map[string]map[string]any{
			"someone else's goal": {"what": "Tur", "day": "2026-11-23", "goal_id": ola},
			"unknown repeat":      {"what": "Tur", "day": "2026-11-23", "repeat": "hourly"},
			"until before day":    {"what": "Tur", "day": "2026-11-23", "until": "2026-11-01"},
			"bad time":            {"what": "Tur", "day": "2026-11-23", "time": "25:61"},
			"no day":              {"what": "Tur"},
		} {
			if r := k.Do("POST", "/api/v1/toolbox/activities", body); r.Status != 400 {
				t.Errorf("%s: %d %s", name, r.Status, r.Body)
			}
		}
		if after := testkit.Counts(t, db); after["toolbox_items"] != before["toolbox_items"] {
			t.Error("refused activities were stored")
		}
		if r := k.Form("/toolbox/activities", url.Values{"what": {"Tur med Jonas"}, "day": {"2026-11-23"}, "time": {"10:00"}, "with_whom": {"Jonas"},
			"repeat": {"weekly"}, "goal_id": {goal}}); r.Status != 303 {
			t.Fatalf("new activity: %d", r.Status)
		}
		for _, week := range []string{"2026-11-25", "2026-12-02"} {
			r := k.Get("/toolbox/activities?week=" + week)
			if strings.Count(r.Text(), "Tur med Jonas</a>") != 1 {
				t.Errorf("week of %s: the weekly walk shows %d times", week, strings.Count(r.Text(), "Tur med Jonas</a>"))
			}
		}
		page := k.Get("/toolbox/activities?week=2026-11-23")
		act := regexp.MustCompile(`/toolbox/activities/(\d+)/done`).FindStringSubmatch(page.Text())
		if act == nil {
			t.Fatal("no done button")
		}
		if r := k.Form("/toolbox/activities/"+act[1]+"/done", url.Values{"date": {"2026-11-24"}}); r.Status != 400 {
			t.Errorf("done on a day it is not planned: %d", r.Status)
		}
		mustStatus(t, k.Form("/toolbox/activities/"+act[1]+"/done", url.Values{"date": {"2026-11-30"}}), 303)
		if r := k.Get("/toolbox/activities?week=2026-11-30"); !strings.Contains(r.Text(), "gjort (angre)") {
			t.Error("not shown as done")
		}
		if r := k.Get("/toolbox/activities?week=2026-11-23"); strings.Contains(r.Text(), "gjort (angre)") {
			t.Error("done on one day shows on another")
		}
		if r := cw.ola.Form("/toolbox/activities/"+act[1]+"/done", url.Values{"date": {"2026-11-30"}}); r.Status != 404 {
			t.Errorf("another member marks it: %d", r.Status)
		}
		if r := k.Get("/toolbox/activities?week=1800-01-01"); r.Status != 400 {
			t.Errorf("a week out of range: %d", r.Status)
		}
	})
}
