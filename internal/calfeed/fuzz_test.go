package calfeed

import (
	"bytes"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
)

// Whatever an event's title and place say (titles are written by
// members), the feed parses back with the library into exactly one
// event per entry, and with neutral titles nothing of them is in it.
func FuzzRender(f *testing.F) {
	for _, s := range []string{"Kafé på biblioteket", "a\r\nBEGIN:VEVENT\r\nSUMMARY:x", "semi;colon,comma\\back", "æøå 🙂", "\x00\x1b", strings.Repeat("lang ", 40)} {
		f.Add(s, "Biblioteket")
	}
	start := time.Date(2026, 12, 1, 17, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, title, place string) {
		entries := []entry{{UID: "event-1-1@reconnect", Start: start, End: start.Add(2 * time.Hour), Title: title, Place: place},
			{UID: "activity-2-20261202@reconnect", Start: start.AddDate(0, 0, 1), End: start.AddDate(0, 0, 2), AllDay: true, Title: title}}
		for _, show := range []bool{false, true} {
			out := render(entries, show, start)
			cal, err := ics.ParseCalendar(bytes.NewReader(out))
			if err != nil {
				t.Fatalf("title %q: the feed does not parse: %v", title, err)
			}
			if n := len(cal.Events()); n != 2 {
				t.Fatalf("title %q gave %d events:\n%s", title, n, out)
			}
			for _, ev := range cal.Events() {
				sum := ev.GetProperty(ics.ComponentPropertySummary)
				if !show && (sum == nil || sum.Value != neutralTitle || ev.GetProperty(ics.ComponentPropertyLocation) != nil) {
					t.Fatalf("a neutral feed names more than %q for title %q:\n%s", neutralTitle, title, out)
				}
			}
		}
	})
}
