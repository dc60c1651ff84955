package web

import (
	"net/http"
	"net/url"

	"reconnect/internal/i18n"
	"reconnect/internal/identity"
	"reconnect/internal/web/httpx"
)

func (s *Server) userOf(r *http.Request) *identity.User { return httpx.UserFrom(r.Context()) }

func (s *Server) showLogin(w http.ResponseWriter, r *http.Request) {
	if s.userOf(r) != nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	f := NewForm("login", "password")
	f.Values["next"] = localPath(r.URL.Query().Get("next"))
	s.render(w, r, http.StatusOK, "login", &Page{Title: "login.title", Form: f, Data: &loginData{EID: s.eidEnabled()}})
}

// submitLogin signs in with a password and starts a new session.
func (s *Server) submitLogin(w http.ResponseWriter, r *http.Request) {
	f := NewForm("login", "password")
	if err := readForm(r, f); err != nil {
		s.fail(w, r, err)
		return
	}
	p := &Page{Title: "login.title", Form: f, Data: &loginData{EID: s.eidEnabled()}}
	u, err := s.ids.Login(r.Context(), f.Get("login"), f.Get("password"), httpx.ClientIP(r, s.cfg.TrustProxy))
	if err == nil {
		err = s.startSession(w, r, u.ID)
	}
	if err == nil {
		err = s.keepChosenLanguage(r, &u)
	}
	if err != nil {
		if err := s.formPage(w, r, "login", p, err); err != nil {
			s.fail(w, r, err)
		}
		return
	}
	http.Redirect(w, r, localPath(f.Get("next")), http.StatusSeeOther)
}

// keepChosenLanguage saves a language the visitor picked with the switch
// before signing in, so the choice survives the sign-in.
func (s *Server) keepChosenLanguage(r *http.Request, u *identity.User) error {
	c, err := r.Cookie("lang")
	if err != nil || c.Value == u.Language {
		return nil
	}
	if _, ok := i18n.Parse(c.Value); !ok {
		return nil
	}
	return s.ids.SetLanguage(r.Context(), u, c.Value)
}

// startSession replaces any session the browser had with a new one.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, userID int64) error {
	st, err := s.ids.SignIn(r.Context(), s.cookie.Read(r), userID)
	if err != nil {
		return err
	}
	s.cookie.Set(w, st.Token)
	if st.DeletionCancelled {
		s.flash(w, "flash.deletion_cancelled")
	}
	return nil
}

func (s *Server) submitLogout(w http.ResponseWriter, r *http.Request, _ *identity.User) error {
	if t := httpx.AuthFrom(r.Context()).SessionToken; t != "" {
		if err := s.ids.EndSession(r.Context(), t); err != nil {
			return err
		}
	}
	s.cookie.Clear(w)
	s.redirectWith(w, r, "/", "flash.signed_out")
	return nil
}

// loginData is what the sign-in page needs besides its form.
type loginData struct {
	EID bool // offer national eID sign-in
}

// originOf returns scheme://host of a URL, for a CSP source.
func originOf(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Scheme == "" || p.Host == "" {
		return "'none'"
	}
	return p.Scheme + "://" + p.Host
}
