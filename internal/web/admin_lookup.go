package web

import (
	"net/http"

	"reconnect/internal/identity"
)

func (s *Server) showLookup(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	s.render(w, r, http.StatusOK, "admin_lookup", &Page{Title: "admin_lookup.title", Form: NewForm("pseudonym", "reason")})
	return nil
}

// lookupPseudonym shows who is behind a pseudonym, once, on this
// response; the look-up is audited and the member is told.
func (s *Server) lookupPseudonym(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm("pseudonym", "reason")
	if err := readForm(r, f); err != nil {
		return err
	}
	res, err := s.ids.LookupPseudonym(r.Context(), u, f.Get("pseudonym"), f.Get("reason"))
	if err != nil {
		status, other := f.setError(err)
		if other != nil {
			return other
		}
		s.render(w, r, status, "admin_lookup", &Page{Title: "admin_lookup.title", Form: f})
		return nil
	}
	s.render(w, r, http.StatusOK, "admin_lookup", &Page{Title: "admin_lookup.title", Form: f, Data: &res})
	return nil
}
