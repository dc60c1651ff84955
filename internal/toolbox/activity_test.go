package toolbox

import "testing"

func TestActivityOccurs(t *testing.T) {
	cases := []struct {
		a    Activity
		days map[string]bool
	}{
		{Activity{Day: "2026-03-23", Repeat: "weekly", Until: "2026-04-13"}, // across the change to summer time on 29 March
			map[string]bool{"2026-03-23": true, "2026-03-30": true, "2026-04-06": true, "2026-04-13": true, "2026-04-20": false, "2026-03-24": false, "2026-03-16": false}},
		{Activity{Day: "2026-10-19", Repeat: "fortnightly"}, // across the change back on 25 October
			map[string]bool{"2026-11-02": true, "2026-10-26": false, "2026-11-16": true}},
		{Activity{Day: "2026-11-27", Repeat: "weekdays"}, // a Friday
			map[string]bool{"2026-11-27": true, "2026-11-28": false, "2026-11-29": false, "2026-11-30": true}},
		{Activity{Day: "2026-11-27"}, map[string]bool{"2026-11-27": true, "2026-12-04": false}},
		{Activity{Day: "2026-11-27", Repeat: "daily", Until: "2026-11-28"}, map[string]bool{"2026-11-28": true, "2026-11-29": false}},
	}
	for _, c := range cases {
		for day, want := range c.days {
			if got := c.a.Occurs(day); got != want {
				t.Errorf("%+v on %s: %v, want %v", c.a, day, got, want)
			}
		}
	}
}
