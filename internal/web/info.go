package web

import (
	"net/http"

	"reconnect/internal/i18n"
)

// showCrisis lists the deployment's crisis numbers. It is linked from
// every page and needs no sign-in.
func (s *Server) showCrisis(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "crisis", &Page{Title: "crisis.title"})
}

// switchLanguage sets the language: on the account when signed in, and
// in a cookie for the visitor's browser either way.
func (s *Server) switchLanguage(w http.ResponseWriter, r *http.Request) {
	f := NewForm()
	if err := readForm(r, f); err != nil {
		s.fail(w, r, err)
		return
	}
	lang, ok := i18n.Parse(f.Get("lang"))
	if !ok {
		lang = i18n.NB
	}
	if u := s.userOf(r); u != nil {
		if err := s.ids.SetLanguage(r.Context(), u, string(lang)); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: "lang", Value: string(lang), Path: "/", MaxAge: 365 * 24 * 3600, // #nosec G124 -- Secure follows the base URL: set for https, unset only for a plain-http local server
		HttpOnly: true, Secure: s.cfg.Secure(), SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, localPath(f.Get("next")), http.StatusSeeOther)
}
