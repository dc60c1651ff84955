package httpx

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// Over TLS the session cookie is __Host- prefixed and Secure, so no
// subdomain or plain-HTTP page can plant or read it.
func TestSessionCookieOverTLS(t *testing.T) {
	rec := httptest.NewRecorder()
	NewSessionCookie(true).Set(rec, "secret")
	sc := rec.Header().Get("Set-Cookie")
	for _, must := range []string{"__Host-reconnect_session=secret", "Path=/", "HttpOnly", "Secure", "SameSite=Lax"} {
		if !strings.Contains(sc, must) {
			t.Errorf("Set-Cookie %q lacks %s", sc, must)
		}
	}
	if strings.Contains(sc, "Domain=") || strings.Contains(sc, "Expires=") || strings.Contains(sc, "Max-Age") {
		t.Errorf("Set-Cookie %q must be host-only and end with the browser session", sc)
	}
	rec = httptest.NewRecorder()
	NewSessionCookie(false).Clear(rec)
	if sc := rec.Header().Get("Set-Cookie"); !strings.Contains(sc, "reconnect_session=;") || !strings.Contains(sc, "Max-Age=0") {
		t.Errorf("clear: %q", sc)
	}
}

func TestClientIP(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "192.0.2.10:5555"
	r.Header.Set("X-Forwarded-For", "203.0.113.7, 198.51.100.3")
	if got := ClientIP(r, false); got != "192.0.2.10" {
		t.Errorf("untrusted proxy header used: %s", got)
	}
	if got := ClientIP(r, true); got != "198.51.100.3" {
		t.Errorf("trusted proxy: %s (want the address the proxy saw)", got)
	}
}
