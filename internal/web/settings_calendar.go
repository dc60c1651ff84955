package web

import (
	"net/http"
	"strings"

	"reconnect/internal/apperr"
	"reconnect/internal/calfeed"
	"reconnect/internal/identity"
)

// feedData is the calendar feed section of the settings page.
type feedData struct {
	calfeed.Settings
	URL    string // the new link, on the response that made it only
	Webcal string // the same as a webcal:// link that opens calendar apps
}

// feedSettings is the member's feed state, or nil for roles without a
// feed.
func (s *Server) feedSettings(r *http.Request, u *identity.User) (*feedData, error) {
	if s.calendar == nil {
		return nil, nil
	}
	st, err := s.calendar.Settings(r.Context(), u)
	if apperr.Is(err, apperr.KindNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &feedData{Settings: st}, nil
}

// showFeedLink shows the settings page with a new feed link, this once.
func (s *Server) showFeedLink(w http.ResponseWriter, r *http.Request, u *identity.User, token string) error {
	d, err := s.loadSettings(r, u)
	if err != nil {
		return err
	}
	if d.Feed == nil {
		return apperr.NotFound()
	}
	d.Feed.URL = s.cfg.BaseURL + calfeed.Path(token)
	if _, rest, ok := strings.Cut(d.Feed.URL, "://"); ok {
		d.Feed.Webcal = "webcal://" + rest
	}
	s.render(w, r, http.StatusCreated, "settings", &Page{Title: "settings.title", Form: NewForm(settingsFields...), Data: d})
	return nil
}

// enableFeed turns the feed on (or makes a new link) and shows its
// address once.
func (s *Server) enableFeed(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm()
	if err := readForm(r, f); err != nil {
		return err
	}
	token, err := s.calendar.Enable(r.Context(), u, f.Get("show_titles") == "yes")
	if err != nil {
		return err
	}
	return s.showFeedLink(w, r, u, token)
}

// rotateFeed replaces the feed's link: the old one stops at once.
func (s *Server) rotateFeed(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	token, err := s.calendar.Rotate(r.Context(), u)
	if err != nil {
		return err
	}
	return s.showFeedLink(w, r, u, token)
}

func (s *Server) setFeedTitles(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm()
	if err := readForm(r, f); err != nil {
		return err
	}
	if err := s.calendar.SetShowTitles(r.Context(), u, f.Get("show_titles") == "yes"); err != nil {
		return err
	}
	s.redirectWith(w, r, "/settings#s-calendar", "flash.calendar_saved")
	return nil
}

func (s *Server) disableFeed(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	if err := s.calendar.Disable(r.Context(), u); err != nil {
		return err
	}
	s.redirectWith(w, r, "/settings#s-calendar", "flash.calendar_off")
	return nil
}
