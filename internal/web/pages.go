package web

import (
	"net/http"
	"net/url"
	"strings"

	"reconnect/internal/apperr"
	"reconnect/internal/i18n"
	"reconnect/internal/identity"
	"reconnect/internal/web/httpx"
)

// pageHandler is a page for a signed-in member; it returns an error
// instead of writing one.
type pageHandler func(w http.ResponseWriter, r *http.Request, u *identity.User) error

// signedIn sends anonymous visitors to the sign-in page and back here
// afterwards.
func (s *Server) signedIn(h pageHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u := httpx.UserFrom(r.Context())
		if u == nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.fail(w, r, apperr.Unauthorized())
			return
		}
		if err := h(w, r, u); err != nil {
			s.fail(w, r, err)
		}
	}
}

// only lets the given roles see a page; for everyone else it does not
// exist.
func (s *Server) only(roles []identity.Role, h pageHandler) http.HandlerFunc {
	return s.signedIn(func(w http.ResponseWriter, r *http.Request, u *identity.User) error {
		for _, role := range roles {
			if u.Role == role {
				return h(w, r, u)
			}
		}
		return apperr.NotFound()
	})
}

var (
	adminOnly = []identity.Role{identity.Admin}
	inviters  = []identity.Role{identity.Admin, identity.PeerModerator, identity.Provider}
)

// errorPage renders err as a page with the matching status.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, err error) {
	status, body := httpx.Translate(r.Context(), s.cat, s.log, httpx.LangFrom(r.Context()), err)
	s.render(w, r, status, "error", &Page{Title: "page.error.title", Data: body.Error})
}

// flash remembers a one-time notice (an i18n key under "flash.") for the
// next page.
func (s *Server) flash(w http.ResponseWriter, key string) {
	http.SetCookie(w, &http.Cookie{Name: "flash", Value: key, Path: "/", HttpOnly: true, Secure: s.cfg.Secure(), // #nosec G124 -- Secure follows the base URL: set for https, unset only for a plain-http local server
		SameSite: http.SameSiteLaxMode, MaxAge: 60})
}

func (s *Server) takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie("flash")
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: "flash", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.cfg.Secure(), SameSite: http.SameSiteLaxMode}) // #nosec G124 -- Secure follows the base URL: set for https, unset only for a plain-http local server
	if !strings.HasPrefix(c.Value, "flash.") || !s.cat.Has("nb", c.Value) {
		return ""
	}
	return c.Value
}

// redirectWith sends the browser to target with a notice.
func (s *Server) redirectWith(w http.ResponseWriter, r *http.Request, target, flashKey string) {
	if flashKey != "" {
		s.flash(w, flashKey)
	}
	http.Redirect(w, r, target, http.StatusSeeOther) // #nosec G710 -- every caller passes a path on this site: constants with numeric IDs, or localPath output
}

// localPath returns next if it is a path on this site, else "/". It
// keeps sign-in and the language switch from redirecting elsewhere.
func localPath(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n\t") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return "/"
	}
	return next
}

// formPage renders a form page after a failed submission: field problems
// with the matching 4xx, anything else as an error page.
func (s *Server) formPage(w http.ResponseWriter, r *http.Request, name string, p *Page, err error) error {
	status, other := p.Form.setError(err)
	if other != nil {
		return other
	}
	s.render(w, r, status, name, p)
	return nil
}

func (s *Server) langOf(r *http.Request) i18n.Lang { return httpx.LangFrom(r.Context()) }
