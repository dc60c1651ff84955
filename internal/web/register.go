package web

import (
	"net/http"

	"reconnect/internal/identity"
	"reconnect/internal/web/httpx"
)

type registerData struct {
	Invitation    *identity.Invitation
	CommunityName string
	CareProvider  string // a provider's invitation: registering puts them on the care team
	UsesForum     bool
	EID           bool // national eID sign-in is configured
}

var registerFields = []string{"invitation", "code", "login", "password"}

// showRegister asks for the invitation code, then shows the form that
// fits the invitation's role.
func (s *Server) showRegister(w http.ResponseWriter, r *http.Request) {
	f := NewForm(registerFields...)
	p := &Page{Title: "register.title", Form: f, Data: &registerData{}}
	code := r.URL.Query().Get("code")
	if code == "" {
		s.render(w, r, http.StatusOK, "register", p)
		return
	}
	f.Values["code"], f.Values["invitation"] = code, code
	d, err := s.registerData(r, code)
	if err != nil {
		status, other := f.setError(err)
		if other != nil {
			s.fail(w, r, other)
			return
		}
		if msg, ok := f.Errors["invitation"]; ok {
			f.Errors["code"] = msg
			delete(f.Errors, "invitation")
		}
		s.render(w, r, status, "register", p)
		return
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "register", p)
}

func (s *Server) registerData(r *http.Request, code string) (*registerData, error) {
	inv, err := s.ids.LookupInvitation(r.Context(), code)
	if err != nil {
		return nil, err
	}
	d := &registerData{Invitation: &inv, UsesForum: inv.Role.UsesForum(), EID: s.eidEnabled()}
	if inv.CareName != "" {
		if d.CareProvider, err = s.care.ProviderName(r.Context(), inv.CreatedBy); err != nil {
			return nil, err
		}
	}
	if inv.CommunityID != 0 {
		cs, err := s.ids.Communities(r.Context())
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			if c.ID == inv.CommunityID {
				d.CommunityName = c.Name
			}
		}
	}
	return d, nil
}

// submitRegister creates the account with a password, signs in and
// starts onboarding.
func (s *Server) submitRegister(w http.ResponseWriter, r *http.Request) {
	f := NewForm(registerFields...)
	if err := readForm(r, f); err != nil {
		s.fail(w, r, err)
		return
	}
	code := f.Get("invitation")
	u, err := s.ids.StartRegistration(r.Context(), identity.Registration{
		Invitation: code, Login: f.Get("login"), Password: f.Get("password"),
		Language: string(httpx.LangFrom(r.Context())),
	})
	if err == nil {
		err = s.startSession(w, r, u.ID)
	}
	if err == nil {
		http.Redirect(w, r, "/onboarding", http.StatusSeeOther)
		return
	}
	p := &Page{Title: "register.title", Form: f, Data: &registerData{}}
	status, other := f.setError(err)
	if other != nil {
		s.fail(w, r, other)
		return
	}
	if d, derr := s.registerData(r, code); derr == nil {
		p.Data = d
	} else {
		// The invitation itself is the problem: back to the code step.
		f.Values["code"] = code
		if msg, ok := f.Errors["invitation"]; ok {
			f.Errors["code"] = msg
			delete(f.Errors, "invitation")
		}
	}
	s.render(w, r, status, "register", p)
}
