package calfeed

import (
	"strconv"
	"time"

	ics "github.com/arran4/golang-ical"
)

// neutralTitle is every entry's title unless the member chose to show
// real ones: a phone's calendar is easily seen by others.
const neutralTitle = "ReConnect"

// render writes the entries as an iCalendar file (CRLF line ends, as
// RFC 5545 requires and the library does not do by default on Unix).
// Times are UTC (all-day entries are dates); with show false nothing
// but "ReConnect" and the times is in it.
func render(entries []entry, show bool, now time.Time) []byte {
	cal := ics.NewCalendar()
	cal.SetProductId("-//ReConnect//Calendar feed//NB")
	cal.SetMethod(ics.MethodPublish)
	cal.SetXWRCalName(neutralTitle)
	cal.SetRefreshInterval("PT1H") // the library adds VALUE=DURATION
	cal.SetXPublishedTTL("PT1H")
	for _, e := range entries {
		ev := cal.AddEvent(e.UID)
		ev.SetDtStampTime(now)
		if e.AllDay {
			ev.SetAllDayStartAt(e.Start)
			ev.SetAllDayEndAt(e.End)
		} else {
			ev.SetStartAt(e.Start)
			ev.SetEndAt(e.End)
		}
		ev.SetSummary(neutralTitle)
		if show {
			ev.SetSummary(e.Title)
			if e.Place != "" {
				ev.SetLocation(e.Place)
			}
		}
		if e.Tentative {
			ev.SetStatus(ics.ObjectStatusTentative)
		} else {
			ev.SetStatus(ics.ObjectStatusConfirmed)
		}
	}
	return []byte(cal.Serialize(ics.WithNewLineWindows)) // RFC 5545 lines end in CRLF
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
