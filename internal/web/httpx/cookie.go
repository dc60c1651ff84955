package httpx

import (
	"net/http"
	"time"
)

// SessionCookie reads and writes the session cookie. Over TLS it is
// named with the __Host- prefix and marked Secure, so no subdomain or
// plain-HTTP page can set or read it.
type SessionCookie struct {
	Name   string
	Secure bool
}

// NewSessionCookie returns the cookie settings for a deployment served
// over TLS (secure) or not.
func NewSessionCookie(secure bool) SessionCookie {
	if secure {
		return SessionCookie{Name: "__Host-reconnect_session", Secure: true}
	}
	return SessionCookie{Name: "reconnect_session"}
}

// Set stores the session secret. The cookie lasts until the browser
// closes; the server enforces idle and absolute timeouts.
func (c SessionCookie) Set(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{Name: c.Name, Value: token, Path: "/", HttpOnly: true, // #nosec G124 -- Secure follows the base URL: set for https, unset only for a plain-http local server
		Secure: c.Secure, SameSite: http.SameSiteLaxMode})
}

// Clear removes the cookie from the browser.
func (c SessionCookie) Clear(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: c.Name, Value: "", Path: "/", HttpOnly: true, // #nosec G124 -- Secure follows the base URL: set for https, unset only for a plain-http local server
		Secure: c.Secure, SameSite: http.SameSiteLaxMode, MaxAge: -1, Expires: time.Unix(0, 0)})
}

// Read returns the session secret from the request, or "".
func (c SessionCookie) Read(r *http.Request) string {
	ck, err := r.Cookie(c.Name)
	if err != nil {
		return ""
	}
	return ck.Value
}
