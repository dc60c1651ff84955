package web

import (
	"net/http"

	"reconnect/internal/identity"
)

// saveEmail sets a new address and queues its verification e-mail.
func (s *Server) saveEmail(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm(settingsFields...)
	if err := readForm(r, f); err != nil {
		return err
	}
	if err := s.mail.Set(r.Context(), u, f.Get("email")); err != nil {
		return s.settingsError(w, r, u, f, err)
	}
	s.redirectWith(w, r, "/settings#s-email", "flash.email_sent")
	return nil
}

// setEmailNotices turns e-mail notices on ("on") or off.
func (s *Server) setEmailNotices(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm(settingsFields...)
	if err := readForm(r, f); err != nil {
		return err
	}
	on := f.Get("notices") == "on"
	if err := s.mail.SetNotices(r.Context(), u, on); err != nil {
		return s.settingsError(w, r, u, f, err)
	}
	flash := "flash.email_notices_off"
	if on {
		flash = "flash.email_notices_on"
	}
	s.redirectWith(w, r, "/settings#s-email", flash)
	return nil
}

func (s *Server) removeEmail(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	if err := s.mail.Remove(r.Context(), u); err != nil {
		return err
	}
	s.redirectWith(w, r, "/settings#s-email", "flash.email_removed")
	return nil
}

// showVerifyEmail is where the link in the verification e-mail leads: a
// page with a button, so that a mail scanner or a browser prefetching
// the link changes nothing.
func (s *Server) showVerifyEmail(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm("token")
	f.Values["token"] = r.URL.Query().Get("token")
	s.render(w, r, http.StatusOK, "email_verify", &Page{Title: "email_verify.title", Form: f})
	return nil
}

func (s *Server) verifyEmail(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm("token")
	if err := readForm(r, f); err != nil {
		return err
	}
	if err := s.mail.Verify(r.Context(), u, f.Get("token")); err != nil {
		status, other := f.setError(err)
		if other != nil {
			return other
		}
		s.render(w, r, status, "email_verify", &Page{Title: "email_verify.title", Form: f})
		return nil
	}
	s.redirectWith(w, r, "/settings#s-email", "flash.email_verified")
	return nil
}
