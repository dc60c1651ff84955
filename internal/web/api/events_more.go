package api

import (
	"net/http"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/events"
	"reconnect/internal/identity"
	"reconnect/internal/web/httpx"
)

// AttendeeJSON is one person on the list of who is coming, as the
// caller may see them; note only for the host.
type AttendeeJSON struct {
	Pseudonym string `json:"pseudonym"`
	Status    string `json:"status"`
	Waiting   bool   `json:"waiting,omitempty"`
	Note      string `json:"note,omitempty"`
	Came      bool   `json:"came,omitempty"`
}

// AttendeesJSON counts everyone and names those who chose to be seen by
// the caller.
type AttendeesJSON struct {
	Going   int            `json:"going"`
	Waiting int            `json:"waiting"`
	Maybe   int            `json:"maybe"`
	Named   []AttendeeJSON `json:"named"`
	Unnamed int            `json:"counted_only"`
}

// OccurrenceJSON is one occurrence of an event with who is coming.
type OccurrenceJSON struct {
	EventJSON
	OccursAt  time.Time     `json:"occurs_at"`
	Cancelled bool          `json:"cancelled,omitempty"`
	Moved     bool          `json:"moved,omitempty"`
	ThreadID  ID            `json:"thread_id,omitempty"`
	Attendees AttendeesJSON `json:"attendees"`
	MayManage bool          `json:"may_manage"`
}

// EventEdit changes an event's details (not its times).
type EventEdit struct {
	Title         string     `json:"title"`
	Description   string     `json:"description"`
	Place         EventPlace `json:"place"`
	Accessibility string     `json:"accessibility"`
	Travel        string     `json:"travel"`
	Capacity      int        `json:"capacity"`
	ThreadID      ID         `json:"thread_id"`
}

// OccurrenceChange cancels (cancel true) or moves one occurrence, or
// restores it (cancel false, no new times).
type OccurrenceChange struct {
	OccursAt time.Time  `json:"occurs_at"`
	Cancel   bool       `json:"cancel"`
	StartsAt *time.Time `json:"starts_at,omitempty"`
	EndsAt   *time.Time `json:"ends_at,omitempty"`
}

// AttendanceRequest records who came to an occurrence (the most recent
// one that has started when occurs_at is empty).
type AttendanceRequest struct {
	OccursAt   *time.Time `json:"occurs_at,omitempty"`
	Pseudonyms []string   `json:"pseudonyms"`
}

// RemindersJSON are my reminder choices.
type RemindersJSON struct {
	Minutes      []int `json:"minutes_before"`
	EmailDetails bool  `json:"email_shows_event"`
}

func (a *API) eventMoreRoutes() []Route {
	who := "service users (their community), peer moderators (communities they serve) and administrators"
	managers := "the host, peer moderators serving the community, administrators"
	return []Route{
		{"GET", "/api/v1/events/{id}/occurrence", a.authed(a.getOccurrence), Doc{Summary: "One occurrence (?at=, default the next) with who is coming as each attendee chose to be seen by me", Access: who,
			Response: OccurrenceJSON{}, Status: 200, Query: []Param{{"at", "RFC 3339 start of the occurrence"}}}},
		{"PATCH", "/api/v1/events/{id}", a.authed(a.editEvent), Doc{Summary: "Change an event's details; capacity never below the places taken", Access: managers, Request: EventEdit{}, Response: EventJSON{}, Status: 200}},
		{"DELETE", "/api/v1/events/{id}", a.authed(a.cancelEvent), Doc{Summary: "Cancel the whole event; those coming are told (without details)", Access: managers, Status: 204}},
		{"POST", "/api/v1/events/{id}/occurrences", a.authed(a.changeOccurrence), Doc{Summary: "Cancel, move or restore one occurrence", Access: managers, Request: OccurrenceChange{}, Status: 204}},
		{"POST", "/api/v1/events/{id}/attendance", a.authed(a.recordAttendance), Doc{Summary: "Record who came, by pseudonym, after the start", Access: "the host", Request: AttendanceRequest{}, Status: 204}},
		{"POST", "/api/v1/events/{id}/flag", a.authed(a.flagEvent), Doc{Summary: "Ask the community's peer moderators to look at a gathering", Access: "service users and peer moderators who see it",
			Request: FlagEventRequest{}, Status: 204}},
		{"GET", "/api/v1/me/reminders", a.authed(a.getReminders), Doc{Summary: "My reminder times before events I am going to", Access: "service users and peer moderators", Response: RemindersJSON{}, Status: 200}},
		{"PUT", "/api/v1/me/reminders", a.authed(a.putReminders), Doc{Summary: "Set my reminder times (at most three, 15 minutes to 7 days) and whether reminder e-mails name the event", Access: "service users and peer moderators",
			Request: RemindersJSON{}, Response: RemindersJSON{}, Status: 200}},
	}
}

// occurrenceAt picks an occurrence: the given one (which must be one),
// or the next not yet over.
func (a *API) occurrenceAt(r *http.Request, e events.Event, at *time.Time) (events.Occurrence, error) {
	if at != nil {
		o, err := a.Events.Occurrence(r.Context(), e, *at)
		if err != nil {
			return o, apperr.Invalid("err.fix_fields").WithField("occurs_at", "field.rsvp.occurrence")
		}
		return o, nil
	}
	o, ok, err := a.Events.Next(r.Context(), e)
	if err == nil && !ok {
		err = apperr.Invalid("err.fix_fields").WithField("occurs_at", "field.rsvp.occurrence")
	}
	return o, err
}

// eventAt reads the event in the path and the occurrence named by ?at=
// (RFC 3339), or its next one.
func (a *API) eventAt(r *http.Request, u *identity.User) (events.Event, events.Occurrence, error) {
	id, err := pathID(r)
	if err != nil {
		return events.Event{}, events.Occurrence{}, err
	}
	e, err := a.Events.Get(r.Context(), u, id)
	if err != nil {
		return e, events.Occurrence{}, err
	}
	var at *time.Time
	if v := r.URL.Query().Get("at"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return e, events.Occurrence{}, apperr.Invalid("err.fix_fields").WithField("at", "field.date.invalid")
		}
		at = &t
	}
	o, err := a.occurrenceAt(r, e, at)
	return e, o, err
}

func (a *API) getOccurrence(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	e, o, err := a.eventAt(r, u)
	if err != nil {
		return err
	}
	att, err := a.Events.Attendees(r.Context(), u, e, o.At)
	if err != nil {
		return err
	}
	out := OccurrenceJSON{EventJSON: a.eventJSON(r, u, e, o.Start), OccursAt: o.At.UTC(), Cancelled: o.Cancelled || e.Cancelled, Moved: o.Moved,
		MayManage: a.Events.MayManage(r.Context(), u, e),
		Attendees: AttendeesJSON{Going: att.Going, Waiting: att.Waiting, Maybe: att.Maybe, Unnamed: att.Unnamed, Named: []AttendeeJSON{}}}
	out.EndsAt = o.End.UTC()
	if u.Role != identity.Admin {
		out.ThreadID = ID(e.ThreadID)
	}
	for _, n := range att.Named {
		out.Attendees.Named = append(out.Attendees.Named, AttendeeJSON{Pseudonym: n.Pseudonym, Status: n.Status, Waiting: n.Waiting, Note: n.Note, Came: n.Came})
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

// checkThread is nil when a thread may be linked to an event by u: a
// forum thread (not a circle's) that u can read.
func (a *API) checkThread(r *http.Request, u *identity.User, id int64) error {
	if id == 0 {
		return nil
	}
	t, err := a.Forum.ThreadByID(r.Context(), u, id)
	if err != nil || t.CircleID != 0 {
		return apperr.Invalid("err.fix_fields").WithField("thread_id", "field.event.thread")
	}
	return nil
}

func (a *API) editEvent(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in EventEdit
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if _, err := a.Events.Get(r.Context(), u, id); err != nil {
		return err
	}
	if err := a.checkThread(r, u, int64(in.ThreadID)); err != nil {
		return err
	}
	err = a.Events.Edit(r.Context(), u, id, events.New{Title: in.Title, Description: in.Description, Place: in.Place.Name, Address: in.Place.Address,
		MapURL: in.Place.MapURL, Accessibility: in.Accessibility, Travel: in.Travel, Capacity: in.Capacity}, int64(in.ThreadID))
	if err != nil {
		return err
	}
	e, err := a.Events.Get(r.Context(), u, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, a.eventJSON(r, u, e, e.Start))
	return nil
}

func (a *API) cancelEvent(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := a.Events.Cancel(r.Context(), u, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) changeOccurrence(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in OccurrenceChange
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	var start, end time.Time
	if in.StartsAt != nil && in.EndsAt != nil {
		start, end = *in.StartsAt, *in.EndsAt
	} else if (in.StartsAt == nil) != (in.EndsAt == nil) {
		return apperr.Invalid("err.fix_fields").WithField("ends_at", "field.date.invalid")
	}
	if err := a.Events.ChangeOccurrence(r.Context(), u, id, in.OccursAt, in.Cancel, start, end); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) recordAttendance(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in AttendanceRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	e, err := a.Events.Get(r.Context(), u, id)
	if err != nil {
		return err
	}
	at := in.OccursAt
	if at == nil {
		now := a.Events.Now()
		past := events.Expand(e.Start, e.Rule, now.AddDate(0, 0, -60), now)
		if len(past) == 0 {
			return apperr.Invalid("err.fix_fields").WithField("occurs_at", "field.attendance.not_yet")
		}
		at = &past[len(past)-1]
	}
	if err := a.Events.Record(r.Context(), u, id, *at, in.Pseudonyms); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) getReminders(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	if u.Role != identity.ServiceUser && u.Role != identity.PeerModerator {
		return apperr.NotFound()
	}
	rs, err := a.Events.Reminders(r.Context(), u)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, RemindersJSON{Minutes: append([]int{}, rs.Leads...), EmailDetails: rs.EmailDetails})
	return nil
}

func (a *API) putReminders(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	var in RemindersJSON
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := a.Events.SetReminders(r.Context(), u, events.Reminders{Leads: in.Minutes, EmailDetails: in.EmailDetails}); err != nil {
		return err
	}
	return a.getReminders(w, r, u)
}

// FlagEventRequest says why a gathering should be looked at:
// unsafe, identity, spam or other.
type FlagEventRequest struct {
	Reason string `json:"reason"`
}

func (a *API) flagEvent(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in FlagEventRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := a.Events.Flag(r.Context(), u, id, in.Reason); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
