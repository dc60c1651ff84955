// Package api serves the JSON API under /api/v1. Handlers decode input,
// call the same services as the pages, and encode output; permission
// checks live in the services.
package api

import (
	"context"
	"encoding/base64"
	"log/slog"
	"net/http"
	"reflect"
	"strconv"
	"sync"

	"reconnect/internal/apperr"
	"reconnect/internal/calfeed"
	"reconnect/internal/care"
	"reconnect/internal/config"
	"reconnect/internal/deletion"
	"reconnect/internal/events"
	"reconnect/internal/export"
	"reconnect/internal/forum"
	"reconnect/internal/i18n"
	"reconnect/internal/identity"
	"reconnect/internal/library"
	"reconnect/internal/live"
	"reconnect/internal/mail"
	"reconnect/internal/messages"
	"reconnect/internal/moderation"
	"reconnect/internal/notify"
	"reconnect/internal/passkey"
	"reconnect/internal/privacy"
	"reconnect/internal/research"
	"reconnect/internal/sqldb"
	"reconnect/internal/toolbox"
	"reconnect/internal/web/httpx"
)

var idType = reflect.TypeOf(ID(0))

// Deps are what the API needs.
type Deps struct {
	Identity   *identity.Service
	Notify     *notify.Service
	Passkeys   *passkey.Service
	Forum      *forum.Service
	Moderation *moderation.Service
	Messages   *messages.Service
	Care       *care.Service
	DB         *sqldb.DB      // for the access log
	Uploads    *httpx.Uploads // reads attachments
	Toolbox    *toolbox.Service
	Library    *library.Service
	Events     *events.Service
	Calendar   *calfeed.Service
	Research   *research.Service
	Export     *export.Service // the member's "My data" export
	Deletion   *deletion.Service
	BaseURL    string              // public URL, for the calendar feed's address
	Crisis     []config.CrisisLine // shown to a writer whose message suggests a crisis
	Mail       *mail.Service
	Live       *live.Hub
	Done       <-chan struct{} // closed when the server shuts down, ending streams
	// CheckPrivacy runs the identifying-details check on a draft.
	CheckPrivacy func(context.Context, *identity.User, string) ([]privacy.Finding, error)
	Catalog      *i18n.Catalog
	Log          *slog.Logger
	Cookie       httpx.SessionCookie
	TrustProxy   bool
	Ready        func(context.Context) error // database reachable
	Metrics      http.Handler                // nil when /metrics is served elsewhere
}

// API holds the JSON handlers.
type API struct {
	Deps
	docOnce sync.Once
	doc     []byte // the OpenAPI document, built on first request
}

// New returns the API.
func New(d Deps) *API { return &API{Deps: d} }

// handler is an API handler for a signed-in caller. It returns an error
// instead of writing one, so every error takes the same path.
type handler func(w http.ResponseWriter, r *http.Request, u *identity.User) error

// anonHandler is an API handler that needs no sign-in.
type anonHandler func(w http.ResponseWriter, r *http.Request) error

// authed requires a signed-in caller (session or bearer token).
func (a *API) authed(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u := httpx.UserFrom(r.Context())
		if u == nil {
			a.fail(w, r, apperr.Unauthorized())
			return
		}
		if err := h(w, r, u); err != nil {
			a.fail(w, r, err)
		}
	}
}

func (a *API) anon(h anonHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			a.fail(w, r, err)
		}
	}
}

func (a *API) fail(w http.ResponseWriter, r *http.Request, err error) {
	httpx.WriteError(w, r, a.Catalog, a.Log, err)
}

// pathID parses the {id} path value. Anything that is not a valid ID
// cannot name an object, so it is not_found.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.NotFound()
	}
	return id, nil
}

// pageLimit reads ?limit= (default 50, at most 200).
func pageLimit(r *http.Request) (int, error) {
	if s := r.URL.Query().Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 200 {
			return 0, apperr.Invalid("err.fix_fields").WithField("limit", "field.limit.range")
		}
		return n, nil
	}
	return 50, nil
}

// page reads ?limit= (default 50, at most 200) and ?cursor=.
func page(r *http.Request) (limit int, before int64, err error) {
	if limit, err = pageLimit(r); err != nil {
		return 0, 0, err
	}
	if c := r.URL.Query().Get("cursor"); c != "" {
		b, err := base64.RawURLEncoding.DecodeString(c)
		if err == nil {
			before, err = strconv.ParseInt(string(b), 10, 64)
		}
		if err != nil || before <= 0 {
			return 0, 0, apperr.Invalid("err.fix_fields").WithField("cursor", "field.cursor.invalid")
		}
	}
	return limit, before, nil
}

// nextCursor returns the cursor after lastID when the page was full.
func nextCursor(n, limit int, lastID int64) string {
	if n < limit {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(lastID, 10)))
}

func (a *API) lang(r *http.Request) i18n.Lang { return httpx.LangFrom(r.Context()) }

func writeHealth(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, status, Health{Status: msg})
}

func forumNotFound() error { return apperr.NotFound() }
