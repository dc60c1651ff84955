package web

import (
	"fmt"
	"net/http"
	"net/url"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/i18n"
	"reconnect/internal/identity"
	"reconnect/internal/web/httpx"
)

// maxBody is the default request body limit.
const maxBody = 1 << 20

// statusWriter records the status code for logs and metrics.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach Flush on the real writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe records metrics and a log line per request. Logs name the
// route pattern, never the raw path or query: those can hold tokens and
// search words.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ctx, route := httpx.WithRoute(r.Context())
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r.WithContext(ctx))
		pattern := route.Pattern
		if pattern == "" {
			pattern = "unmatched"
		}
		d := time.Since(start)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		s.metrics.requests.WithLabelValues(pattern, r.Method, strconv.Itoa(sw.status)).Inc()
		s.metrics.duration.WithLabelValues(pattern, r.Method).Observe(d.Seconds())
		if sw.status >= 500 || d > time.Second {
			s.log.Warn("request", "route", pattern, "method", r.Method, "status", sw.status, "ms", d.Milliseconds())
		} else {
			s.log.Debug("request", "route", pattern, "method", r.Method, "status", sw.status, "ms", d.Milliseconds())
		}
	})
}

// recoverPanics turns a panic into a logged 500 that shows nothing
// internal. The panic value is logged only when it is a runtime error,
// whose text holds no member data.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			p := recover()
			if p == nil {
				return
			}
			if p == http.ErrAbortHandler {
				panic(p)
			}
			what := fmt.Sprintf("%T", p)
			if re, ok := p.(runtime.Error); ok {
				what = re.Error()
			}
			route := ""
			if rt := httpx.RouteFrom(r.Context()); rt != nil {
				route = rt.Pattern
			}
			s.log.Error("panic", "route", route, "panic", what, "stack", string(debug.Stack()))
			s.fail(w, r, apperr.Internal(fmt.Errorf("panic")))
		}()
		next.ServeHTTP(w, r)
	})
}

// secure sets the security headers on every response and limits the
// request body.
func (s *Server) secure(next http.Handler) http.Handler {
	hsts := s.cfg.Secure()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "+
			"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; manifest-src 'self'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Permissions-Policy", "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), browsing-topics=()")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Cache-Control", "no-store")
		if hsts {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		if r.Body != nil {
			limit := int64(maxBody)
			if httpx.UploadPath(r.URL.Path) && httpx.IsMultipart(r) {
				limit = httpx.UploadMax
			}
			r.Body = http.MaxBytesReader(w, r.Body, limit)
		}
		next.ServeHTTP(w, r)
	})
}

// crossOrigin refuses unsafe requests from other origins. Requests that
// carry a bearer token are exempt: a browser cannot attach one
// cross-site, and they ignore the session cookie.
func (s *Server) crossOrigin(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if bearer(r) == "" {
			if err := cop.Check(r); err != nil {
				s.fail(w, r, apperr.New(apperr.KindForbidden, "cross_origin", "err.cross_origin"))
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") && httpx.IsAPI(r) {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// authenticate finds who is calling: a bearer token on the API, else the
// session cookie. A stale cookie is cleared. Static files and health
// checks skip the lookup.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		if strings.HasPrefix(p, "/static/") || p == "/healthz" || p == "/readyz" || p == "/metrics" {
			next.ServeHTTP(w, r)
			return
		}
		ctx := r.Context()
		auth := &httpx.Auth{}
		if tok := bearer(r); tok != "" {
			u, err := s.ids.TokenUser(ctx, tok)
			if err != nil {
				s.fail(w, r.WithContext(httpx.WithLang(ctx, s.requestLang(r, nil))), err)
				return
			}
			auth.User, auth.Bearer = &u, true
		} else if tok := s.cookie.Read(r); tok != "" {
			u, st, err := s.ids.Session(ctx, tok)
			switch {
			case err == nil:
				auth.User, auth.SessionToken, auth.ConsentDue = &u, tok, st.ConsentDue
			case apperr.Is(err, apperr.KindUnauthorized):
				s.cookie.Clear(w)
			default:
				s.fail(w, r, err)
				return
			}
		}
		ctx = httpx.WithAuth(ctx, auth)
		ctx = httpx.WithLang(ctx, s.requestLang(r, auth.User))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// requestLang picks the language: the member's setting, else the
// language cookie, else Accept-Language, else Bokmål.
func (s *Server) requestLang(r *http.Request, u *identity.User) i18n.Lang {
	if u != nil {
		if l, ok := i18n.Parse(u.Language); ok {
			return l
		}
	}
	if c, err := r.Cookie("lang"); err == nil {
		if l, ok := i18n.Parse(c.Value); ok {
			return l
		}
	}
	return s.cat.Match(r.Header.Get("Accept-Language"))
}

// gateOpen lists what a member may reach before finishing onboarding or
// answering a new consent document: the steps themselves and what every
// visitor may see.
func gateOpen(path string) bool {
	for _, p := range []string{"/onboarding", "/consent", "/logout", "/language", "/crisis", "/terms", "/static/",
		"/api/v1/me", "/api/v1/auth/", "/api/v1/consents", "/api/v1/onboarding", "/api/v1/pseudonyms/check", "/api/v1/openapi.json",
		"/healthz", "/readyz", "/metrics", "/auth/", "/calendar/",
		"/settings/my-data"} { // a member who will not accept new terms can still take her data
		if path == p || strings.HasPrefix(path, p+"/") || strings.HasSuffix(p, "/") && strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}

// gate sends a signed-in member who has not finished onboarding to the
// next step, and one whose session has a consent document due to answer
// it, before anything else. API callers get 403 with a code saying which.
// Bearer tokens skip the consent check: the member answered when they
// next signed in on the web, and scripts cannot answer.
func (s *Server) gate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a := httpx.AuthFrom(r.Context())
		if a.User == nil || gateOpen(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		switch {
		case a.User.OnboardedAt == nil:
			if httpx.IsAPI(r) {
				s.fail(w, r, apperr.New(apperr.KindForbidden, "onboarding_required", "err.onboarding_required"))
				return
			}
			http.Redirect(w, r, "/onboarding", http.StatusSeeOther)
			return
		case a.ConsentDue && !a.Bearer:
			if httpx.IsAPI(r) {
				s.fail(w, r, apperr.New(apperr.KindForbidden, "consent_required", "err.consent_required"))
				return
			}
			http.Redirect(w, r, "/consent?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, r)
	})
}
