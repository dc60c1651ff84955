package api

import (
	"net/http"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/events"
	"reconnect/internal/identity"
	"reconnect/internal/web/httpx"
)

// EventPlace is where an event is.
type EventPlace struct {
	Name    string `json:"name"`
	Address string `json:"address,omitempty"`
	MapURL  string `json:"map_url,omitempty"`
}

// EventJSON is an event (starts_at and ends_at are its first
// occurrence) or, in lists, one occurrence of it with my answer.
type EventJSON struct {
	ID            ID          `json:"id"`
	CommunityID   ID          `json:"community_id"`
	Kind          string      `json:"kind"`
	Title         string      `json:"title"`
	HTML          string      `json:"description_html"`
	StartsAt      time.Time   `json:"starts_at"`
	EndsAt        time.Time   `json:"ends_at"`
	Recurrence    events.Rule `json:"recurrence"`
	Place         EventPlace  `json:"place"`
	Accessibility string      `json:"accessibility,omitempty"`
	Travel        string      `json:"travel,omitempty"`
	Capacity      int         `json:"capacity,omitempty"`
	Host          string      `json:"host_pseudonym,omitempty"`
	MyAnswer      string      `json:"my_rsvp,omitempty"`
	Waiting       bool        `json:"waiting,omitempty"`
	OccursAt      *time.Time  `json:"occurs_at,omitempty"` // in lists: the occurrence's name for answers
	Cancelled     bool        `json:"cancelled,omitempty"`
}

// EventRequest creates an event: kind "cafe" (peer moderators serving
// the community, administrators) or "gathering" (members).
type EventRequest struct {
	CommunityID   ID          `json:"community_id"`
	Kind          string      `json:"kind"`
	Title         string      `json:"title"`
	Description   string      `json:"description"`
	StartsAt      time.Time   `json:"starts_at"`
	EndsAt        time.Time   `json:"ends_at"`
	Recurrence    events.Rule `json:"recurrence"`
	Place         EventPlace  `json:"place"`
	Accessibility string      `json:"accessibility"`
	Travel        string      `json:"travel"`
	Capacity      int         `json:"capacity"`
}

// RSVPRequest answers for one occurrence (occurs_at; the next one when
// empty).
type RSVPRequest struct {
	Status   string     `json:"status"`
	OccursAt *time.Time `json:"occurs_at,omitempty"`
	Note     string     `json:"note"`
	Shown    string     `json:"shown,omitempty"` // count (default), pseudonym or revealed
}

// RSVPAnswer is my answer; waiting when the café is full.
type RSVPAnswer struct {
	Status   string    `json:"status"`
	OccursAt time.Time `json:"occurs_at"`
	Waiting  bool      `json:"waiting"`
	Guide    bool      `json:"first_time_guide,omitempty"` // show the guide to a first café
}

func (a *API) eventJSON(r *http.Request, u *identity.User, e events.Event, start time.Time) EventJSON {
	out := EventJSON{ID: ID(e.ID), CommunityID: ID(e.CommunityID), Kind: e.Kind, Title: e.Title, HTML: string(e.HTML), StartsAt: start.UTC(),
		EndsAt: start.Add(time.Duration(e.Minutes) * time.Minute).UTC(), Recurrence: e.Rule, Place: EventPlace{Name: e.Place, Address: e.Address, MapURL: e.MapURL},
		Accessibility: e.Accessibility, Travel: e.Travel, Capacity: e.Capacity}
	if u.Role != identity.Admin && e.HostID != 0 { // administrators never see pseudonyms
		if h, err := a.Identity.UserByID(r.Context(), e.HostID); err == nil {
			out.Host = h.Pseudonym
		}
	}
	return out
}

func (a *API) eventRoutes() []Route {
	who := "service users (their community), peer moderators (communities they serve) and administrators"
	return []Route{
		{"GET", "/api/v1/events", a.authed(a.listEvents), Doc{Summary: "Occurrences of the events I may see, earliest first, with my answer (default: the next eight weeks)", Access: who,
			Response: List[EventJSON]{}, Status: 200, Query: []Param{{"community_id", "one community"}, {"from", "RFC 3339 time or YYYY-MM-DD"}, {"to", "RFC 3339 time or YYYY-MM-DD"}}}},
		{"POST", "/api/v1/events", a.authed(a.createEvent), Doc{Summary: "Create a café (peer moderators serving the community, administrators; may repeat) or a gathering (members of the community)", Access: who,
			Request: EventRequest{}, Response: EventJSON{}, Status: 201}},
		{"GET", "/api/v1/events/{id}", a.authed(a.getEvent), Doc{Summary: "One event", Access: who, Response: EventJSON{}, Status: 200}},
		{"POST", "/api/v1/events/{id}/rsvp", a.authed(a.rsvp), Doc{Summary: "Answer going, maybe or not_today for one occurrence; going beyond capacity waits in order", Access: "service users and peer moderators who see the event",
			Request: RSVPRequest{}, Response: RSVPAnswer{}, Status: 200}},
	}
}

func parseWhen(field, v string, def time.Time) (time.Time, error) {
	if v == "" {
		return def, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation("2006-01-02", v, oslo); err == nil {
		return t, nil
	}
	return time.Time{}, apperr.Invalid("err.fix_fields").WithField(field, "field.date.invalid")
}

func (a *API) listEvents(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	q := r.URL.Query()
	community, err := queryID(r, "community_id")
	if err != nil {
		return err
	}
	from, err := parseWhen("from", q.Get("from"), a.Events.Now())
	if err != nil {
		return err
	}
	to, err := parseWhen("to", q.Get("to"), from.AddDate(0, 0, 56))
	if err != nil {
		return err
	}
	occ, err := a.Events.List(r.Context(), u, community, from, to)
	if err != nil {
		return err
	}
	out := List[EventJSON]{Items: make([]EventJSON, 0, len(occ))}
	for _, o := range occ {
		e := a.eventJSON(r, u, o.Event, o.Start)
		at := o.At.UTC()
		e.MyAnswer, e.Waiting, e.OccursAt, e.Cancelled, e.EndsAt = o.Answer, o.Waiting, &at, o.Cancelled, o.End.UTC()
		out.Items = append(out.Items, e)
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (a *API) createEvent(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	var in EventRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	loc := a.Events.Zone(r.Context(), int64(in.CommunityID))
	id, err := a.Events.Create(r.Context(), u, events.New{CommunityID: int64(in.CommunityID), Kind: in.Kind, Title: in.Title, Description: in.Description,
		Start: in.StartsAt.In(loc), End: in.EndsAt.In(loc), Rule: in.Recurrence, Place: in.Place.Name, Address: in.Place.Address, MapURL: in.Place.MapURL,
		Accessibility: in.Accessibility, Travel: in.Travel, Capacity: in.Capacity})
	if err != nil {
		return err
	}
	e, err := a.Events.Get(r.Context(), u, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, a.eventJSON(r, u, e, e.Start))
	return nil
}

func (a *API) getEvent(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathID(r)
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

func (a *API) rsvp(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in RSVPRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	e, err := a.Events.Get(r.Context(), u, id)
	if err != nil {
		return err
	}
	var at time.Time
	if in.OccursAt != nil {
		at = *in.OccursAt
	} else {
		now := a.Events.Now()
		if next := events.Expand(e.Start, e.Rule, now, now.AddDate(2, 0, 0)); len(next) > 0 {
			at = next[0]
		}
	}
	ans, err := a.Events.Answer(r.Context(), u, id, at, events.Reply{Status: in.Status, Note: in.Note, Shown: in.Shown})
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, RSVPAnswer{Status: ans.Status, OccursAt: at.UTC(), Waiting: ans.Waiting, Guide: ans.Guide})
	return nil
}
