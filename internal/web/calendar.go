package web

import (
	"net/http"
	"sort"
	"strconv"
	"time"

	"reconnect/internal/events"
	"reconnect/internal/identity"
	"reconnect/internal/toolbox"
)

// calendarEntry is one thing on the member's personal calendar: an
// activity she planned, or a café or gathering she said she would (or
// might) come to.
type calendarEntry struct {
	At       time.Time
	HasTime  bool
	What     string
	Kind     string // "activity", "cafe" or "gathering"
	Place    string
	Answer   string
	Waiting  bool
	Link     string
	Done     bool
	WithWhom string
}

type calendarDay struct {
	At      time.Time
	Entries []calendarEntry
}

// showCalendar is the member's own calendar for four weeks: her
// activities and the events she answered going or maybe to, together.
func (s *Server) showCalendar(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	ctx := r.Context()
	now := s.events.Now().In(oslo)
	from := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, oslo)
	to := from.AddDate(0, 0, 28)
	var entries []calendarEntry
	acts, err := s.toolbox.Mine(ctx, u, toolbox.Activities)
	if err != nil {
		return err
	}
	for d := from; d.Before(to); d = d.AddDate(0, 0, 1) {
		day := d.Format("2006-01-02")
		for _, it := range acts {
			a := it.Data.(*toolbox.Activity)
			if !a.Occurs(day) {
				continue
			}
			e := calendarEntry{At: d, What: a.What, Kind: "activity", Link: "/toolbox/activities/" + strconv.FormatInt(it.ID, 10), Done: a.DoneOn(day), WithWhom: a.WithWhom}
			if t, err := time.ParseInLocation("2006-01-02 15:04", day+" "+a.Time, oslo); err == nil {
				e.At, e.HasTime = t, true
			}
			entries = append(entries, e)
		}
	}
	occ, err := s.events.List(ctx, u, 0, from, to)
	if err != nil {
		return err
	}
	for _, o := range occ {
		if (o.Answer == events.Going || o.Answer == events.Maybe) && !o.Cancelled {
			entries = append(entries, calendarEntry{At: o.Start.In(oslo), HasTime: true, What: o.Event.Title, Kind: o.Event.Kind, Place: o.Event.Place, Answer: o.Answer, Waiting: o.Waiting,
				Link: "/events/" + strconv.FormatInt(o.Event.ID, 10) + "?at=" + strconv.FormatInt(o.At.Unix(), 10)})
		}
	}
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].At.Before(entries[j].At) })
	var days []calendarDay
	for _, e := range entries {
		d := time.Date(e.At.Year(), e.At.Month(), e.At.Day(), 12, 0, 0, 0, oslo)
		if len(days) == 0 || !days[len(days)-1].At.Equal(d) {
			days = append(days, calendarDay{At: d})
		}
		days[len(days)-1].Entries = append(days[len(days)-1].Entries, e)
	}
	s.render(w, r, http.StatusOK, "toolbox_calendar", &Page{Title: "toolbox.calendar.title", Data: days})
	return nil
}
