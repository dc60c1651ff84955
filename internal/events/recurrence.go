package events

import (
	"time"

	"reconnect/internal/apperr"
)

// Frequencies a café can repeat with.
const (
	Once        = ""
	Weekly      = "weekly"
	Fortnightly = "fortnightly"
	MonthlyNth  = "monthly_nth" // the nth (1–4, or -1 for last) weekday of each month, e.g. the first Tuesday
)

// Rule is how an event repeats. Times repeat on the wall clock of the
// community's time zone, so a 18:00 café stays at 18:00 across the
// daylight-saving changes.
type Rule struct {
	Freq  string `json:"freq"`
	Nth   int    `json:"nth,omitempty"`   // MonthlyNth: 1–4, or -1 for the last
	Until string `json:"until,omitempty"` // YYYY-MM-DD, inclusive; empty for no end
}

// Check reports a problem with the rule as a 400.
func (r Rule) Check(first time.Time) error {
	bad := apperr.Invalid("err.fix_fields")
	switch r.Freq {
	case Once, Weekly, Fortnightly:
	case MonthlyNth:
		if r.Nth != -1 && (r.Nth < 1 || r.Nth > 4) {
			return bad.WithField("recurrence", "field.recurrence.nth")
		}
		if nthOf(first) != r.Nth && !(r.Nth == -1 && isLast(first)) {
			return bad.WithField("recurrence", "field.recurrence.first_not_nth")
		}
	default:
		return bad.WithField("recurrence", "field.recurrence.unknown")
	}
	if r.Until != "" {
		u, err := time.Parse("2006-01-02", r.Until)
		if err != nil || u.Before(time.Date(first.Year(), first.Month(), first.Day(), 0, 0, 0, 0, time.UTC)) || u.Year() > first.Year()+5 {
			return bad.WithField("recurrence", "field.recurrence.until")
		}
	}
	return nil
}

// nthOf is which occurrence of its weekday in the month t is (1–5).
func nthOf(t time.Time) int { return (t.Day()-1)/7 + 1 }

// isLast reports whether t is the last of its weekday in the month.
func isLast(t time.Time) bool { return t.AddDate(0, 0, 7).Month() != t.Month() }

// Expand returns the start times of the occurrences of an event first
// starting at start (in its time zone) that begin in [from, to).
func Expand(start time.Time, r Rule, from, to time.Time) []time.Time {
	loc := start.Location()
	var until time.Time
	if r.Until != "" {
		if u, err := time.ParseInLocation("2006-01-02", r.Until, loc); err == nil {
			until = u.AddDate(0, 0, 1)
		}
	}
	at := func(y int, m time.Month, d int) time.Time {
		return time.Date(y, m, d, start.Hour(), start.Minute(), start.Second(), 0, loc)
	}
	var out []time.Time
	add := func(t time.Time) bool {
		if !to.IsZero() && !t.Before(to) || !until.IsZero() && !t.Before(until) {
			return false
		}
		if !t.Before(from) {
			out = append(out, t)
		}
		return true
	}
	switch r.Freq {
	case Once:
		add(start)
	case Weekly, Fortnightly:
		step := 7
		if r.Freq == Fortnightly {
			step = 14
		}
		for i := 0; i < 2000; i++ {
			if !add(at(start.Year(), start.Month(), start.Day()+i*step)) {
				break
			}
		}
	case MonthlyNth:
		for i := 0; i < 600; i++ {
			first := time.Date(start.Year(), start.Month()+time.Month(i), 1, 0, 0, 0, 0, loc)
			d := 1 + (int(start.Weekday())-int(first.Weekday())+7)%7
			if r.Nth == -1 {
				for d+7 <= daysIn(first) {
					d += 7
				}
			} else {
				d += (r.Nth - 1) * 7
			}
			if !add(at(first.Year(), first.Month(), d)) {
				break
			}
		}
	}
	return out
}

func daysIn(t time.Time) int {
	return time.Date(t.Year(), t.Month()+1, 0, 0, 0, 0, 0, t.Location()).Day()
}
