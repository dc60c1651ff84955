package web

import (
	"sort"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/toolbox"
)

// week is the activity planner's week, Monday to Sunday in Oslo.
type week struct {
	Days       []weekDay
	Prev, Next string // a date in the week before and after
}

type weekDay struct {
	Date  string // YYYY-MM-DD
	At    time.Time
	Today bool
	Items []occurrence
}

type occurrence struct {
	ID       int64
	What     string
	Time     string
	WithWhom string
	Done     bool
	Repeat   string
}

// newWeek lays out the week holding the date in q (YYYY-MM-DD; today
// when empty) with every activity that falls on each day.
func newWeek(q string, items []toolbox.Item, now time.Time) (*week, error) {
	day := now.In(oslo)
	if q != "" {
		t, err := time.ParseInLocation("2006-01-02", q, oslo)
		if err != nil || t.Year() < 2000 || t.Year() > 2100 {
			return nil, apperr.Invalid("err.fix_fields").WithField("week", "field.date.invalid")
		}
		day = t
	}
	monday := time.Date(day.Year(), day.Month(), day.Day(), 12, 0, 0, 0, oslo)
	monday = monday.AddDate(0, 0, -((int(monday.Weekday()) + 6) % 7))
	today := now.In(oslo).Format("2006-01-02")
	w := &week{Prev: monday.AddDate(0, 0, -7).Format("2006-01-02"), Next: monday.AddDate(0, 0, 7).Format("2006-01-02")}
	for i := 0; i < 7; i++ {
		d := monday.AddDate(0, 0, i)
		wd := weekDay{Date: d.Format("2006-01-02"), At: d, Today: d.Format("2006-01-02") == today}
		for _, it := range items {
			a, ok := it.Data.(*toolbox.Activity)
			if ok && a.Occurs(wd.Date) {
				wd.Items = append(wd.Items, occurrence{ID: it.ID, What: a.What, Time: a.Time, WithWhom: a.WithWhom, Done: a.DoneOn(wd.Date), Repeat: a.Repeat})
			}
		}
		sort.SliceStable(wd.Items, func(i, j int) bool { return wd.Items[i].Time < wd.Items[j].Time })
		w.Days = append(w.Days, wd)
	}
	return w, nil
}
