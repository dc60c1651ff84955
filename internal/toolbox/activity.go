package toolbox

import (
	"slices"
	"strings"
	"time"

	"reconnect/internal/apperr"
)

// Repeats are how an activity can repeat.
var Repeats = []string{"", "daily", "weekdays", "weekly", "fortnightly"}

// Activity is something planned on the member's week: once, or
// repeating from Day until Until. Done holds the dates it was done.
type Activity struct {
	What     string   `json:"what"`
	Day      string   `json:"day"`            // YYYY-MM-DD, the first (or only) day
	Time     string   `json:"time,omitempty"` // HH:MM, optional
	WithWhom string   `json:"with_whom"`
	GoalID   int64    `json:"goal_id,omitempty,string"` // a goal of the member's (the caller checks it is hers)
	Repeat   string   `json:"repeat"`
	Until    string   `json:"until,omitempty"` // YYYY-MM-DD, optional
	Done     []string `json:"done"`            // dates done
}

func (a *Activity) check(fe *apperr.Error, _ time.Time) {
	a.What = text(fe, "what", a.What, 1, 140, true)
	a.WithWhom = text(fe, "with_whom", a.WithWhom, 0, 100, true)
	if a.Day = date(fe, "day", a.Day); a.Day == "" {
		fe.WithField("day", "field.date.invalid")
	}
	a.Until = date(fe, "until", a.Until)
	if a.Until != "" && a.Until < a.Day {
		fe.WithField("until", "field.until.before_day")
	}
	if a.Time = strings.TrimSpace(a.Time); a.Time != "" {
		if _, err := time.Parse("15:04", a.Time); err != nil {
			fe.WithField("time", "field.time.invalid")
		}
	}
	if !oneOf(a.Repeat, Repeats) {
		fe.WithField("repeat", "field.repeat.unknown")
	}
	if len(a.Done) > 1000 {
		fe.WithField("done", "field.done.count")
	}
	for _, d := range a.Done {
		if date(fe, "done", d) == "" {
			fe.WithField("done", "field.date.invalid")
		}
	}
	slices.Sort(a.Done)
	a.Done = slices.Compact(a.Done)
	if a.Done == nil {
		a.Done = []string{}
	}
}

// Occurs reports whether the activity falls on day (YYYY-MM-DD).
func (a *Activity) Occurs(day string) bool {
	if day < a.Day || (a.Until != "" && day > a.Until) {
		return false
	}
	if day == a.Day {
		return true
	}
	d, err1 := time.Parse("2006-01-02", day)
	start, err2 := time.Parse("2006-01-02", a.Day)
	if err1 != nil || err2 != nil {
		return false
	}
	days := int(d.Sub(start).Hours()/24 + 0.5)
	switch a.Repeat {
	case "daily":
		return true
	case "weekdays":
		return d.Weekday() != time.Saturday && d.Weekday() != time.Sunday
	case "weekly":
		return days%7 == 0
	case "fortnightly":
		return days%14 == 0
	}
	return false
}

// DoneOn reports whether the activity was done on day.
func (a *Activity) DoneOn(day string) bool { return slices.Contains(a.Done, day) }

// Toggle marks the activity done on day, or not done if it was.
func (a *Activity) Toggle(day string) {
	if i := slices.Index(a.Done, day); i >= 0 {
		a.Done = slices.Delete(a.Done, i, i+1)
		return
	}
	a.Done = append(a.Done, day)
}
