package web

import (
	"net/http"
	"net/url"
	"strconv"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
)

type placesData struct {
	Communities []identity.Community
	Community   identity.Community
	Places      []identity.Place
}

// showPlaces lists one community's places for the identifying-details
// check, with a form to add more.
func (s *Server) showPlaces(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	return s.renderPlaces(w, r, http.StatusOK, NewForm("name"))
}

func (s *Server) renderPlaces(w http.ResponseWriter, r *http.Request, status int, f *Form) error {
	cs, err := s.ids.Communities(r.Context())
	if err != nil {
		return err
	}
	d := &placesData{Communities: cs}
	want, _ := strconv.ParseInt(r.URL.Query().Get("community"), 10, 64)
	if c := f.Get("community_id"); c != "" {
		want, _ = strconv.ParseInt(c, 10, 64)
	}
	for _, c := range cs {
		if c.ID == want || want == 0 && d.Community.ID == 0 {
			d.Community = c
		}
	}
	if d.Community.ID != 0 {
		if d.Places, err = s.ids.Places(r.Context(), d.Community.ID); err != nil {
			return err
		}
	}
	s.render(w, r, status, "admin_places", &Page{Title: "admin_places.title", Form: f, Data: d})
	return nil
}

func (s *Server) addPlace(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm("name")
	if err := readForm(r, f); err != nil {
		return err
	}
	cid, _ := strconv.ParseInt(f.Get("community_id"), 10, 64)
	if _, err := s.ids.AddPlace(r.Context(), u, cid, f.Get("name")); err != nil {
		status, other := f.setError(err)
		if other != nil {
			return other
		}
		return s.renderPlaces(w, r, status, f)
	}
	s.redirectWith(w, r, "/admin/places?community="+strconv.FormatInt(cid, 10), "flash.place_added")
	return nil
}

func (s *Server) removePlace(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return apperr.NotFound()
	}
	f := NewForm()
	if err := readForm(r, f); err != nil {
		return err
	}
	if err := s.ids.RemovePlace(r.Context(), u, id); err != nil {
		return err
	}
	s.redirectWith(w, r, "/admin/places?community="+url.QueryEscape(f.Get("community_id")), "flash.place_removed")
	return nil
}
