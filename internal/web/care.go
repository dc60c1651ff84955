package web

import (
	"net/http"
	"strconv"

	"reconnect/internal/apperr"
	"reconnect/internal/care"
	"reconnect/internal/identity"
)

var careRoles = []identity.Role{identity.ServiceUser, identity.Provider}

type careData struct {
	Links []care.Link
	Code  string // a provider's new code, shown once
}

// showCare is the care team: a member's providers (with a form for a
// provider's code), or a provider's linked members and open codes.
func (s *Server) showCare(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	return s.renderCare(w, r, u, http.StatusOK, NewForm("code", "member_name"), "")
}

func (s *Server) renderCare(w http.ResponseWriter, r *http.Request, u *identity.User, status int, f *Form, code string) error {
	ls, err := s.care.Team(r.Context(), u)
	if err != nil {
		return err
	}
	s.render(w, r, status, "care", &Page{Title: "care.title", Form: f, Data: &careData{Links: ls, Code: code}})
	return nil
}

// careAction answers or asks for a link, or ends one.
func (s *Server) careAction(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm("code", "member_name", "link")
	if err := readForm(r, f); err != nil {
		return err
	}
	ctx := r.Context()
	var err error
	switch r.PathValue("action") {
	case "accept", "decline":
		err = s.care.Answer(ctx, u, f.Get("code"), r.PathValue("action") == "accept")
	case "ask":
		var code string
		if code, err = s.care.Ask(ctx, u, f.Get("member_name")); err == nil {
			return s.renderCare(w, r, u, http.StatusOK, NewForm("code", "member_name"), code)
		}
	case "end":
		id, perr := strconv.ParseInt(f.Get("link"), 10, 64)
		if perr != nil {
			return apperr.NotFound()
		}
		err = s.care.End(ctx, u, id)
	default:
		return apperr.NotFound()
	}
	if err != nil {
		status, other := f.setError(err)
		if other != nil {
			return other
		}
		return s.renderCare(w, r, u, status, f, "")
	}
	s.redirectWith(w, r, "/care", "flash.care_saved")
	return nil
}
