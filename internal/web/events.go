package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/events"
	"reconnect/internal/forum"
	"reconnect/internal/identity"
)

var eventRoles = []identity.Role{identity.ServiceUser, identity.PeerModerator, identity.Admin}
var comingRoles = []identity.Role{identity.ServiceUser, identity.PeerModerator}

var eventFields = []string{"community_id", "kind", "title", "description", "day", "start", "end", "repeat", "until", "place", "address", "map_url", "accessibility", "travel", "capacity", "thread_id"}

// eventsData is the events list page.
type eventsData struct {
	Days        []eventDay
	Communities []identity.Community // where the viewer may create events
	CanCafe     bool
	Reminders   events.Reminders
	Comes       bool // the viewer can answer (not an administrator)
}

type eventDay struct {
	At          time.Time
	Occurrences []events.Occurrence
}

// showEvents lists the coming eight weeks of cafés and gatherings the
// member may see, with her answers.
func (s *Server) showEvents(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	return s.renderEvents(w, r, u, http.StatusOK, NewForm("minutes", "email_details"))
}

func (s *Server) renderEvents(w http.ResponseWriter, r *http.Request, u *identity.User, status int, f *Form) error {
	ctx := r.Context()
	now := s.events.Now()
	occ, err := s.events.List(ctx, u, 0, now.Add(-3*time.Hour), now.AddDate(0, 0, 56))
	if err != nil {
		return err
	}
	d := &eventsData{CanCafe: u.Role != identity.ServiceUser, Comes: u.Role != identity.Admin}
	for _, o := range occ {
		if o.End.Before(now) {
			continue
		}
		day := time.Date(o.Start.Year(), o.Start.Month(), o.Start.Day(), 0, 0, 0, 0, o.Start.Location())
		if n := len(d.Days); n == 0 || !d.Days[n-1].At.Equal(day) {
			d.Days = append(d.Days, eventDay{At: day})
		}
		d.Days[len(d.Days)-1].Occurrences = append(d.Days[len(d.Days)-1].Occurrences, o)
	}
	if d.Communities, err = s.eventCommunities(ctx, u); err != nil {
		return err
	}
	if d.Comes {
		if d.Reminders, err = s.events.Reminders(ctx, u); err != nil {
			return err
		}
	}
	s.render(w, r, status, "events", &Page{Title: "events.title", Form: f, Data: d})
	return nil
}

// eventCommunities are the communities u may create events in.
func (s *Server) eventCommunities(ctx context.Context, u *identity.User) ([]identity.Community, error) {
	cs, err := s.ids.Communities(ctx)
	if err != nil {
		return nil, err
	}
	serves := s.serves(ctx, u)
	var out []identity.Community
	for _, c := range cs {
		if (u.Role == identity.ServiceUser && c.ID == u.CommunityID) || (u.Role != identity.ServiceUser && serves(c.ID)) {
			out = append(out, c)
		}
	}
	return out, nil
}

// eventData is one occurrence's page.
type eventData struct {
	Event      events.Event
	Occ        events.Occurrence
	Host       string
	Answer     string
	Note       string
	Shown      string
	Waiting    bool
	Attendees  events.Attendees
	Thread     *forum.Thread
	Reflection *forum.Thread // after the event, for those who came and joined
	MayManage  bool
	IsHost     bool
	Comes      bool // may answer
	Started    bool
	Guide      bool
	Lifts      []events.Lift
	Matches    []events.Match
	MyLifts    map[string]int64 // kind → my open lift
	ShowLifts  bool
	Came       []string
	Next       []events.Occurrence
	Showns     []string
	Reasons    []string
	Form       *Form
}

func occursParam(r *http.Request) (time.Time, bool) {
	v := r.URL.Query().Get("at")
	if v == "" {
		v = r.PostFormValue("at")
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	return time.Unix(n, 0), true
}

// occurrenceFor picks the occurrence named by ?at= (a unix time), or
// the next one. A bad ?at= names nothing: 404.
func (s *Server) occurrenceFor(r *http.Request, e events.Event) (events.Occurrence, error) {
	if at, ok := occursParam(r); ok {
		return s.events.Occurrence(r.Context(), e, at)
	}
	o, ok, err := s.events.Next(r.Context(), e)
	if err == nil && !ok {
		// All over: show the last one.
		past := events.Expand(e.Start, e.Rule, e.Start, s.events.Now())
		if len(past) == 0 {
			return o, apperr.NotFound()
		}
		return s.events.Occurrence(r.Context(), e, past[len(past)-1])
	}
	return o, err
}

func (s *Server) showEvent(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	return s.renderEvent(w, r, u, http.StatusOK, nil)
}

func (s *Server) renderEvent(w http.ResponseWriter, r *http.Request, u *identity.User, status int, f *Form) error {
	ctx := r.Context()
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	e, err := s.events.Get(ctx, u, id)
	if err != nil {
		return err
	}
	o, err := s.occurrenceFor(r, e)
	if err != nil {
		return err
	}
	now := s.events.Now()
	d := &eventData{Event: e, Occ: o, MayManage: s.events.MayManage(ctx, u, e), IsHost: s.events.IsHost(ctx, u, e), Comes: u.Role != identity.Admin,
		Started: !o.Start.After(now), Guide: r.URL.Query().Get("guide") == "1" && e.Kind == events.Cafe, Showns: events.Showns, Reasons: events.FlagReasons, MyLifts: map[string]int64{}}
	if u.Role != identity.Admin && e.HostID != 0 {
		if h, err := s.ids.UserByID(ctx, e.HostID); err == nil {
			d.Host = h.Pseudonym
		}
	}
	if d.Attendees, err = s.events.Attendees(ctx, u, e, o.At); err != nil {
		return err
	}
	if d.Comes {
		if d.Answer, d.Note, d.Shown, d.Waiting, err = s.events.MyAnswer(ctx, u, e.ID, o.At); err != nil {
			return err
		}
	}
	if rid, err := s.events.Reflection(ctx, e.ID, o.At); err != nil {
		return err
	} else if rid != 0 && u.Role != identity.Admin {
		if t, err := s.forum.ThreadByID(ctx, u, rid); err == nil {
			d.Reflection = &t
		}
	}
	if e.ThreadID != 0 && u.Role != identity.Admin {
		if t, err := s.forum.ThreadByID(ctx, u, e.ThreadID); err == nil {
			d.Thread = &t
		}
	}
	if lifts, matches, err := s.events.Lifts(ctx, u, e, o.At); err == nil {
		d.Lifts, d.Matches, d.ShowLifts = lifts, matches, true
		for _, l := range lifts {
			if l.Mine {
				d.MyLifts[l.Kind] = l.ID
			}
		}
	} else if apperr.From(err).Kind != apperr.KindNotFound {
		return err
	}
	if d.IsHost && d.Started {
		if d.Came, err = s.events.Came(ctx, u, e, o.At); err != nil {
			return err
		}
	}
	if e.Rule.Freq != events.Once {
		next, err := s.events.Occurrences(ctx, e, o.At.Add(time.Minute), o.At.AddDate(0, 3, 0))
		if err != nil {
			return err
		}
		if len(next) > 4 {
			next = next[:4]
		}
		d.Next = next
	}
	if f == nil {
		f = NewForm("status", "note", "shown", "kind", "seats", "area", "lift_note", "pseudonyms", "day", "start", "end")
		f.Values["note"], f.Values["shown"] = d.Note, d.Shown
		f.Values["day"], f.Values["start"], f.Values["end"] = o.Start.Format("2006-01-02"), o.Start.Format("15:04"), o.End.Format("15:04")
	}
	d.Form = f
	s.render(w, r, status, "event", &Page{Title: "events.event", Form: f, Data: d})
	return nil
}

func eventURL(id int64, at time.Time) string {
	return "/events/" + strconv.FormatInt(id, 10) + "?at=" + strconv.FormatInt(at.Unix(), 10)
}

// answerEvent saves the member's answer from the event page.
func (s *Server) answerEvent(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	f := NewForm("status", "note", "shown")
	if err := readForm(r, f); err != nil {
		return err
	}
	at, ok := occursParam(r)
	if !ok {
		return apperr.NotFound()
	}
	ans, err := s.events.Answer(r.Context(), u, id, at, events.Reply{Status: f.Get("status"), Note: f.Get("note"), Shown: f.Get("shown")})
	if err != nil {
		status, other := f.setError(err)
		if other != nil {
			return other
		}
		return s.renderEvent(w, r, u, status, f)
	}
	target := eventURL(id, at)
	if ans.Guide {
		target += "&guide=1#guide"
	}
	s.redirectWith(w, r, target, rsvpFlash[ans.Status])
	return nil
}

var rsvpFlash = map[string]string{events.Going: "flash.rsvp_going", events.Maybe: "flash.rsvp_maybe", events.NotToday: "flash.rsvp_not_today"}

// showGuide is the guide to a first café, also reachable at any time.
func (s *Server) showGuide(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	s.render(w, r, http.StatusOK, "event_guide", &Page{Title: "events.guide.title"})
	return nil
}

// saveReminders sets the member's reminder times from the events page.
func (s *Server) saveReminders(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm("minutes", "email_details")
	if err := readForm(r, f); err != nil {
		return err
	}
	var leads []int
	for _, v := range r.PostForm["minutes"] {
		n, err := strconv.Atoi(v)
		if err != nil {
			f.Errors["minutes"] = "field.reminders.range"
			return s.renderEvents(w, r, u, http.StatusBadRequest, f)
		}
		leads = append(leads, n)
	}
	err := s.events.SetReminders(r.Context(), u, events.Reminders{Leads: leads, EmailDetails: f.Get("email_details") == "on"})
	if err != nil {
		status, other := f.setError(err)
		if other != nil {
			return other
		}
		return s.renderEvents(w, r, u, status, f)
	}
	s.redirectWith(w, r, "/events", "flash.reminders_saved")
	return nil
}
