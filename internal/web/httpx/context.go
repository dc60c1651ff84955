// Package httpx holds what the pages and the JSON API share: the request
// context (who is signed in, in which language), JSON decoding with
// clear errors, and the error writer.
package httpx

import (
	"context"
	"net"
	"net/http"
	"strings"

	"reconnect/internal/i18n"
	"reconnect/internal/identity"
)

type ctxKey int

const (
	keyAuth ctxKey = iota
	keyLang
	keyRoute
)

// Auth is who made the request and how.
type Auth struct {
	User         *identity.User
	SessionToken string // "" for bearer or anonymous requests
	Bearer       bool
	ConsentDue   bool // the session was opened with a consent document unanswered
}

// WithAuth returns ctx carrying a.
func WithAuth(ctx context.Context, a *Auth) context.Context {
	return context.WithValue(ctx, keyAuth, a)
}

// AuthFrom returns the request's auth, never nil.
func AuthFrom(ctx context.Context) *Auth {
	if a, ok := ctx.Value(keyAuth).(*Auth); ok {
		return a
	}
	return &Auth{}
}

// UserFrom returns the signed-in user, or nil.
func UserFrom(ctx context.Context) *identity.User { return AuthFrom(ctx).User }

// WithLang returns ctx carrying the language to answer in.
func WithLang(ctx context.Context, l i18n.Lang) context.Context {
	return context.WithValue(ctx, keyLang, l)
}

// LangFrom returns the request's language, Bokmål by default.
func LangFrom(ctx context.Context) i18n.Lang {
	if l, ok := ctx.Value(keyLang).(i18n.Lang); ok {
		return l
	}
	return i18n.NB
}

// Route is filled in by the router with the pattern that matched, for
// metrics and logs (which never see the raw path: it may hold tokens).
type Route struct{ Pattern string }

// WithRoute returns ctx carrying an empty Route to be filled in.
func WithRoute(ctx context.Context) (context.Context, *Route) {
	r := &Route{}
	return context.WithValue(ctx, keyRoute, r), r
}

// RouteFrom returns the route holder, or nil.
func RouteFrom(ctx context.Context) *Route {
	r, _ := ctx.Value(keyRoute).(*Route)
	return r
}

// ClientIP returns the client's address: the connection's peer, or with
// trustProxy the last address a proxy added to X-Forwarded-For.
func ClientIP(r *http.Request, trustProxy bool) string {
	if trustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			parts := strings.Split(xff, ",")
			if ip := net.ParseIP(strings.TrimSpace(parts[len(parts)-1])); ip != nil {
				return ip.String()
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// IsAPI reports whether the request is for the JSON API.
func IsAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }
