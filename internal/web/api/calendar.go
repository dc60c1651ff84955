package api

import (
	"net/http"
	"strings"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/calfeed"
	"reconnect/internal/identity"
	"reconnect/internal/web/httpx"
)

// CalendarFeed is the state of my personal calendar feed. Its address
// is never here: it is shown once, when made.
type CalendarFeed struct {
	Enabled    bool       `json:"enabled"`
	ShowTitles bool       `json:"show_titles"`
	CreatedAt  *time.Time `json:"created_at,omitempty"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
}

// CalendarFeedRequest turns the feed on (or makes a new link). With
// show_titles false (the default) every entry is titled "ReConnect".
type CalendarFeedRequest struct {
	ShowTitles bool `json:"show_titles"`
}

// CalendarFeedPatch changes whether the feed shows titles and places.
type CalendarFeedPatch struct {
	ShowTitles *bool `json:"show_titles"`
}

// CalendarFeedCreated carries the feed's secret address, shown this
// once; webcal_url is the same for calendar apps.
type CalendarFeedCreated struct {
	URL        string `json:"url"`
	WebcalURL  string `json:"webcal_url"`
	ShowTitles bool   `json:"show_titles"`
}

func (a *API) calendarRoutes() []Route {
	who := "service users and peer moderators"
	return []Route{
		{"GET", "/calendar/{file}", a.anon(a.calendarFile), Doc{Summary: "My calendar feed as iCalendar: {file} is the secret token followed by .ics (404 when unknown, replaced or turned off)",
			Access: "anyone with the feed's secret address (no sign-in)", Status: 200, Raw: "text/calendar"}},
		{"GET", "/api/v1/calendar-feed", a.authed(a.calendarFeed), Doc{Summary: "My personal calendar feed: on or off, and whether it shows titles (never its address)", Access: who, Response: CalendarFeed{}, Status: 200}},
		{"POST", "/api/v1/calendar-feed", a.authed(a.enableCalendarFeed), Doc{Summary: "Turn my calendar feed on, or give it a new address (the old one stops at once); the address is shown this once", Access: who,
			Request: CalendarFeedRequest{}, Response: CalendarFeedCreated{}, Status: 201}},
		{"PATCH", "/api/v1/calendar-feed", a.authed(a.patchCalendarFeed), Doc{Summary: "Choose whether my calendar feed shows event titles and places (default: every entry is \"ReConnect\"); 404 while the feed is off", Access: who,
			Request: CalendarFeedPatch{}, Response: CalendarFeed{}, Status: 200}},
		{"DELETE", "/api/v1/calendar-feed", a.authed(a.disableCalendarFeed), Doc{Summary: "Turn my calendar feed off; its address stops working at once", Access: who, Status: 204}},
	}
}

func (a *API) feeds() (*calfeed.Service, error) {
	if a.Calendar == nil {
		return nil, apperr.NotFound()
	}
	return a.Calendar, nil
}

func (a *API) writeCalendarFeed(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	s, err := a.feeds()
	if err != nil {
		return err
	}
	st, err := s.Settings(r.Context(), u)
	if err != nil {
		return err
	}
	out := CalendarFeed{Enabled: st.Enabled, ShowTitles: st.ShowTitles, LastUsedAt: st.LastUsedAt}
	if st.Enabled {
		out.CreatedAt = &st.CreatedAt
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (a *API) calendarFeed(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	return a.writeCalendarFeed(w, r, u)
}

func (a *API) enableCalendarFeed(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	s, err := a.feeds()
	if err != nil {
		return err
	}
	var in CalendarFeedRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	token, err := s.Enable(r.Context(), u, in.ShowTitles)
	if err != nil {
		return err
	}
	url := a.BaseURL + calfeed.Path(token)
	webcal := url
	if _, rest, ok := strings.Cut(url, "://"); ok {
		webcal = "webcal://" + rest
	}
	httpx.WriteJSON(w, http.StatusCreated, CalendarFeedCreated{URL: url, WebcalURL: webcal, ShowTitles: in.ShowTitles})
	return nil
}

func (a *API) patchCalendarFeed(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	s, err := a.feeds()
	if err != nil {
		return err
	}
	var in CalendarFeedPatch
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if in.ShowTitles != nil {
		if err := s.SetShowTitles(r.Context(), u, *in.ShowTitles); err != nil {
			return err
		}
	}
	return a.writeCalendarFeed(w, r, u)
}

func (a *API) disableCalendarFeed(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	s, err := a.feeds()
	if err != nil {
		return err
	}
	if err := s.Disable(r.Context(), u); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
