package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/events"
	"reconnect/internal/forum"
	"reconnect/internal/identity"
)

// eventFormData is the page to create or edit an event.
type eventFormData struct {
	Event       *events.Event
	Communities []identity.Community
	CanCafe     bool
	CanGather   bool
	Repeats     []string
}

var formRepeats = []string{"", "weekly", "fortnightly", "monthly", "monthly_last"}

func (s *Server) showNewEvent(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm(eventFields...)
	f.Values["start"], f.Values["end"] = "18:00", "20:00"
	if u.Role == identity.ServiceUser {
		f.Values["kind"] = events.Gathering
	} else {
		f.Values["kind"] = events.Cafe
	}
	return s.renderEventForm(w, r, u, http.StatusOK, f, nil)
}

func (s *Server) renderEventForm(w http.ResponseWriter, r *http.Request, u *identity.User, status int, f *Form, e *events.Event) error {
	cs, err := s.eventCommunities(r.Context(), u)
	if err != nil {
		return err
	}
	if len(cs) == 0 && e == nil {
		return apperr.NotFound()
	}
	d := &eventFormData{Event: e, Communities: cs, CanCafe: u.Role != identity.ServiceUser, CanGather: u.Role == identity.ServiceUser, Repeats: formRepeats}
	title := "events.new"
	if e != nil {
		title = "events.edit"
	}
	s.render(w, r, status, "event_edit", &Page{Title: title, Form: f, Data: d})
	return nil
}

// formEvent reads the create form into an event to create; problems
// with dates go into fe.
func formEvent(f *Form, loc *time.Location, fe *apperr.Error) events.New {
	in := events.New{Kind: f.Get("kind"), Title: f.Get("title"), Description: f.Get("description"), Place: f.Get("place"), Address: f.Get("address"),
		MapURL: f.Get("map_url"), Accessibility: f.Get("accessibility"), Travel: f.Get("travel")}
	in.CommunityID, _ = strconv.ParseInt(f.Get("community_id"), 10, 64)
	if c := strings.TrimSpace(f.Get("capacity")); c != "" {
		n, err := strconv.Atoi(c)
		if err != nil {
			fe.WithField("capacity", "field.event.capacity")
		}
		in.Capacity = n
	}
	day := f.Get("day")
	start, err1 := time.ParseInLocation("2006-01-02 15:04", day+" "+f.Get("start"), loc)
	end, err2 := time.ParseInLocation("2006-01-02 15:04", day+" "+f.Get("end"), loc)
	switch {
	case err1 != nil:
		fe.WithField("day", "field.date.invalid")
	case err2 != nil:
		fe.WithField("end", "field.time.invalid")
	default:
		in.Start, in.End = start, end
	}
	switch f.Get("repeat") {
	case "":
	case "weekly", "fortnightly":
		in.Rule.Freq = f.Get("repeat")
	case "monthly":
		in.Rule.Freq, in.Rule.Nth = events.MonthlyNth, (start.Day()-1)/7+1
		if in.Rule.Nth > 4 {
			in.Rule.Nth = -1
		}
	case "monthly_last":
		in.Rule.Freq, in.Rule.Nth = events.MonthlyNth, -1
	default:
		fe.WithField("repeat", "field.recurrence.unknown")
	}
	in.Rule.Until = f.Get("until")
	return in
}

func (s *Server) createEvent(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm(eventFields...)
	if err := readForm(r, f); err != nil {
		return err
	}
	c, _ := strconv.ParseInt(f.Get("community_id"), 10, 64)
	fe := apperr.Invalid("err.fix_fields")
	in := formEvent(f, s.events.Zone(r.Context(), c), fe)
	var err error
	var id int64
	if len(fe.Fields) > 0 {
		err = fe
	} else {
		id, err = s.events.Create(r.Context(), u, in)
	}
	if err != nil {
		status, other := f.setError(err)
		if other != nil {
			if apperr.From(other).Kind == apperr.KindNotFound { // a community or kind not open to u
				f.Errors["community_id"] = "field.event.community"
				return s.renderEventForm(w, r, u, http.StatusBadRequest, f, nil)
			}
			return other
		}
		return s.renderEventForm(w, r, u, status, f, nil)
	}
	s.redirectWith(w, r, "/events/"+strconv.FormatInt(id, 10), "flash.event_created")
	return nil
}

func (s *Server) showEditEvent(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	e, err := s.events.Get(r.Context(), u, id)
	if err != nil {
		return err
	}
	if !s.events.MayManage(r.Context(), u, e) {
		return apperr.NotFound()
	}
	f := NewForm(eventFields...)
	for k, v := range map[string]string{"title": e.Title, "description": e.Description, "place": e.Place, "address": e.Address, "map_url": e.MapURL,
		"accessibility": e.Accessibility, "travel": e.Travel, "capacity": strconv.Itoa(e.Capacity)} {
		f.Values[k] = v
	}
	if e.ThreadID != 0 {
		f.Values["thread_id"] = strconv.FormatInt(e.ThreadID, 10)
	}
	return s.renderEventForm(w, r, u, http.StatusOK, f, &e)
}

func (s *Server) saveEvent(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	e, err := s.events.Get(r.Context(), u, id)
	if err != nil {
		return err
	}
	f := NewForm(eventFields...)
	if err := readForm(r, f); err != nil {
		return err
	}
	if f.Get("cancel_event") == "yes" {
		if err := s.events.Cancel(r.Context(), u, id); err != nil {
			return err
		}
		s.redirectWith(w, r, "/events", "flash.event_cancelled")
		return nil
	}
	in := events.New{Title: f.Get("title"), Description: f.Get("description"), Place: f.Get("place"), Address: f.Get("address"), MapURL: f.Get("map_url"),
		Accessibility: f.Get("accessibility"), Travel: f.Get("travel")}
	if c := strings.TrimSpace(f.Get("capacity")); c != "" {
		n, aerr := strconv.Atoi(c)
		if aerr != nil {
			n = -1 // refused by the check as out of range
		}
		in.Capacity = n
	}
	var thread int64
	if v := strings.TrimSpace(f.Get("thread_id")); v != "" {
		thread = threadRef(v)
		if thread == 0 {
			err = apperr.Invalid("err.fix_fields").WithField("thread_id", "field.event.thread")
		} else if t, terr := s.forum.ThreadByID(r.Context(), u, thread); terr != nil || t.CircleID != 0 {
			err = apperr.Invalid("err.fix_fields").WithField("thread_id", "field.event.thread")
		}
	}
	if err == nil {
		err = s.events.Edit(r.Context(), u, id, in, thread)
	}
	if err != nil {
		status, other := f.setError(err)
		if other != nil {
			return other
		}
		return s.renderEventForm(w, r, u, status, f, &e)
	}
	s.redirectWith(w, r, "/events/"+strconv.FormatInt(id, 10), "flash.event_saved")
	return nil
}

// threadRef reads a thread ID or a thread link (/forum/threads/12...).
func threadRef(v string) int64 {
	if i := strings.Index(v, "/forum/threads/"); i >= 0 {
		v = v[i+len("/forum/threads/"):]
		if j := strings.IndexAny(v, "/?#"); j >= 0 {
			v = v[:j]
		}
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return 0
	}
	return n
}

// changeOccurrence cancels, moves or restores one occurrence.
func (s *Server) changeOccurrence(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	f := NewForm("day", "start", "end")
	if err := readForm(r, f); err != nil {
		return err
	}
	at, ok := occursParam(r)
	if !ok {
		return apperr.NotFound()
	}
	e, err := s.events.Get(r.Context(), u, id)
	if err != nil {
		return err
	}
	var start, end time.Time
	action := f.Get("action")
	if action == "move" {
		loc := e.Start.Location()
		var err1, err2 error
		start, err1 = time.ParseInLocation("2006-01-02 15:04", f.Get("day")+" "+f.Get("start"), loc)
		end, err2 = time.ParseInLocation("2006-01-02 15:04", f.Get("day")+" "+f.Get("end"), loc)
		if err1 != nil || err2 != nil {
			f.Errors["day"] = "field.date.invalid"
			return s.renderEvent(w, r, u, http.StatusBadRequest, f)
		}
	} else if action != "cancel" && action != "restore" {
		return apperr.Invalid("err.fix_fields").WithField("action", "field.invalid_choice")
	}
	if err := s.events.ChangeOccurrence(r.Context(), u, id, at, action == "cancel", start, end); err != nil {
		status, other := f.setError(err)
		if other != nil {
			return other
		}
		return s.renderEvent(w, r, u, status, f)
	}
	s.redirectWith(w, r, eventURL(id, at), map[string]string{"cancel": "flash.occurrence_cancel", "move": "flash.occurrence_move", "restore": "flash.occurrence_restore"}[action])
	return nil
}

// recordAttendance saves who came, one pseudonym per line or ticked.
func (s *Server) recordAttendance(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	f := NewForm("pseudonyms")
	if err := readForm(r, f); err != nil {
		return err
	}
	at, ok := occursParam(r)
	if !ok {
		return apperr.NotFound()
	}
	var names []string
	names = append(names, r.PostForm["came"]...)
	for _, line := range strings.Split(f.Get("pseudonyms"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			names = append(names, line)
		}
	}
	if err := s.events.Record(r.Context(), u, id, at, names); err != nil {
		status, other := f.setError(err)
		if other != nil {
			return other
		}
		return s.renderEvent(w, r, u, status, f)
	}
	s.redirectWith(w, r, eventURL(id, at), "flash.attendance_saved")
	return nil
}

// liftAction adds, withdraws, proposes or decides on lifts and buddies.
func (s *Server) liftAction(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	f := NewForm("kind", "seats", "area", "lift_note")
	if err := readForm(r, f); err != nil {
		return err
	}
	at, ok := occursParam(r)
	if !ok {
		return apperr.NotFound()
	}
	ref := func(name string) int64 { n, _ := strconv.ParseInt(f.Get(name), 10, 64); return n }
	flash := "flash.lift_saved"
	switch f.Get("action") {
	case "add":
		seats := 1
		if v := f.Get("seats"); v != "" {
			if seats, err = strconv.Atoi(v); err != nil {
				seats = -1
			}
		}
		_, err = s.events.AddLift(r.Context(), u, id, at, f.Get("kind"), seats, f.Get("area"), f.Get("lift_note"))
	case "withdraw":
		err = s.events.WithdrawLift(r.Context(), u, ref("lift"))
		flash = "flash.lift_withdrawn"
	case "propose":
		_, err = s.events.Propose(r.Context(), u, ref("mine"), ref("lift"))
		flash = "flash.lift_proposed"
	case "agree", "decline":
		var conv int64
		conv, err = s.events.Decide(r.Context(), u, ref("match"), f.Get("action") == "agree")
		if err == nil && conv != 0 {
			s.redirectWith(w, r, "/messages/"+strconv.FormatInt(conv, 10), "flash.lift_agreed")
			return nil
		}
		flash = "flash.lift_declined"
	default:
		return apperr.Invalid("err.fix_fields").WithField("action", "field.invalid_choice")
	}
	if err != nil {
		status, other := f.setError(err)
		if other != nil {
			return other
		}
		return s.renderEvent(w, r, u, status, f)
	}
	s.redirectWith(w, r, eventURL(id, at)+"#lifts", flash)
	return nil
}

// flagEvent asks the community's moderators to look at a gathering.
func (s *Server) flagEvent(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	f := NewForm("reason")
	if err := readForm(r, f); err != nil {
		return err
	}
	if err := s.events.Flag(r.Context(), u, id, f.Get("reason")); err != nil {
		status, other := f.setError(err)
		if other != nil {
			return other
		}
		return s.renderEvent(w, r, u, status, f)
	}
	s.redirectWith(w, r, "/events/"+strconv.FormatInt(id, 10), "flash.event_flagged")
	return nil
}

// startReflection lets the host open a thread after an occurrence for
// those who came: a circle is made with the host alone, the thread is
// started in it, and only then are those who came invited; each decides
// whether to join and see it. If the thread cannot be started, the empty
// circle goes again.
func (s *Server) startReflection(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	ctx := r.Context()
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	f := NewForm("title", "body")
	if err := readForm(r, f); err != nil {
		return err
	}
	at, ok := occursParam(r)
	if !ok {
		return apperr.NotFound()
	}
	e, err := s.events.Get(ctx, u, id)
	if err != nil {
		return err
	}
	o, err := s.events.Occurrence(ctx, e, at)
	if err != nil || !s.events.IsHost(ctx, u, e) {
		return apperr.NotFound()
	}
	came, err := s.events.Came(ctx, u, e, at)
	if err != nil {
		return err
	}
	var invite []string
	for _, p := range came {
		if p != u.Pseudonym {
			invite = append(invite, p)
		}
	}
	fail := func(err error) error {
		status, other := f.setError(err)
		if other != nil {
			return other
		}
		return s.renderEvent(w, r, u, status, f)
	}
	if o.Start.After(s.events.Now()) || len(invite) == 0 {
		return fail(apperr.Invalid("err.fix_fields").WithField("title", "field.reflection.nobody"))
	}
	name := []rune(e.Title + " " + o.Start.Format("02.01."))
	if len(name) > 60 {
		name = name[:60]
	}
	c, err := s.ids.CreateCircle(ctx, u, string(name), nil)
	if err != nil {
		return err
	}
	th, _, err := s.forum.CreateThread(ctx, u, forum.NewThread{CircleID: c.ID, Title: f.Get("title"), Body: f.Get("body")})
	if err != nil {
		_ = s.ids.LeaveCircle(ctx, u, c.ID)
		return fail(err)
	}
	if err := s.ids.InviteToCircle(ctx, u, c.ID, invite); err != nil {
		return err
	}
	if err := s.events.SetReflection(ctx, u, e, at, th.ID); err != nil {
		return err
	}
	s.redirectWith(w, r, "/forum/threads/"+strconv.FormatInt(th.ID, 10), "flash.reflection_started")
	return nil
}
