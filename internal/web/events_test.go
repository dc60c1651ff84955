package web_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

// A peer moderator's weekly café over the API: members of its community
// see it and answer; it shows in the member's personal calendar beside
// her activities; other communities, providers and researchers do not
// see it; bad input changes nothing.
func TestCafesAndThePersonalCalendar(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		cw := newCareWorld(t, db)
		start := testkit.Start.Add(50 * time.Hour).Truncate(time.Hour)
		cafe := map[string]any{"community_id": id(cw.Fjordvik.ID), "kind": "cafe", "title": "Torsdagskafé", "starts_at": start, "ends_at": start.Add(2 * time.Hour),
			"recurrence": map[string]any{"freq": "weekly"}, "place": map[string]any{"name": "Biblioteket", "address": "Storgata 1"}, "accessibility": "Trinnfri inngang", "capacity": 12}
		ev := created(t, cw.mod.Do("POST", "/api/v1/events", cafe), "id")
		before := testkit.Counts(t, db)
		bad := func(change map[string]any) map[string]any {
			m := map[string]any{}
			for k, v := range cafe {
				m[k] = v
			}
			for k, v := range change {
				m[k] = v
			}
			return m
		}
		for name, c := range map[string]struct {
			body   map[string]any
			status int
		}{
			"end before start":   {bad(map[string]any{"ends_at": start.Add(-time.Hour)}), 400},
			"negative capacity":  {bad(map[string]any{"capacity": -3}), 400},
			"unknown repetition": {bad(map[string]any{"recurrence": map[string]any{"freq": "hourly"}}), 400},
			"no place":           {bad(map[string]any{"place": map[string]any{"name": ""}}), 400},
		} {
			if r := cw.mod.Do("POST", "/api/v1/events", c.body); r.Status != c.status {
				t.Errorf("%s: %d %s", name, r.Status, r.Body)
			}
		}
		if r := cw.kari.Do("POST", "/api/v1/events", cafe); r.Status != 404 {
			t.Errorf("a member creates a café: %d", r.Status)
		}
		if r := cw.ola.Do("POST", "/api/v1/events/"+ev+"/rsvp", map[string]any{"status": "going"}); r.Status != 404 {
			t.Errorf("RSVP to another community's café: %d", r.Status)
		}
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
			t.Error("refused events changed rows")
		}
		for who, c := range map[string]string{"member2": "/api/v1/events/" + ev, "provider": "/api/v1/events/" + ev, "researcher": "/api/v1/events"} {
			if r := cw.As(t, who).Get(c); r.Status != 404 {
				t.Errorf("%s as %s: %d", c, who, r.Status)
			}
		}
		if r := cw.ola.Get("/api/v1/events"); strings.Contains(r.Text(), "Torsdagskafé") {
			t.Error("another community's café is listed")
		}
		r := cw.kari.Get("/api/v1/events")
		if strings.Count(r.Text(), "Torsdagskafé") < 4 || !strings.Contains(r.Text(), `"host_pseudonym"`) {
			t.Errorf("the member's events: %s", r.Body)
		}
		if r := cw.admin.Get("/api/v1/events/" + ev); strings.Contains(r.Text(), "host_pseudonym") {
			t.Error("an administrator sees the host's pseudonym")
		}
		ans := cw.kari.Do("POST", "/api/v1/events/"+ev+"/rsvp", map[string]any{"status": "going", "note": "Første gang, litt nervøs"})
		if ans.Status != 200 || !strings.Contains(ans.Text(), `"status":"going"`) {
			t.Fatalf("RSVP: %d %s", ans.Status, ans.Body)
		}
		created(t, cw.kari.Do("POST", "/api/v1/toolbox/activities", map[string]any{"what": "Tur med Jonas", "day": testkit.Start.Add(24 * time.Hour).Format("2006-01-02"), "time": "10:00"}), "id")
		cal := cw.kari.Get("/toolbox/calendar")
		if cal.Status != 200 || !strings.Contains(cal.Text(), "Torsdagskafé") || !strings.Contains(cal.Text(), "Tur med Jonas") || !strings.Contains(cal.Text(), "du kommer") {
			t.Errorf("the personal calendar: %d", cal.Status)
		}
		if strings.Index(cal.Text(), "Tur med Jonas") > strings.Index(cal.Text(), "Torsdagskafé") {
			t.Error("the calendar is not in time order")
		}
	})
}
