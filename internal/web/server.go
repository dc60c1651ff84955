// Package web serves ReConnect's pages and mounts the JSON API. Pages are
// server-rendered with html/template and work without JavaScript.
package web

import (
	"context"
	"log/slog"
	"net/http"

	"reconnect/internal/apperr"
	"reconnect/internal/calfeed"
	"reconnect/internal/care"
	"reconnect/internal/config"
	"reconnect/internal/deletion"
	"reconnect/internal/eid"
	"reconnect/internal/events"
	"reconnect/internal/export"
	"reconnect/internal/forum"
	"reconnect/internal/i18n"
	"reconnect/internal/identity"
	"reconnect/internal/library"
	"reconnect/internal/live"
	"reconnect/internal/mail"
	"reconnect/internal/markup"
	"reconnect/internal/messages"
	"reconnect/internal/moderation"
	"reconnect/internal/notify"
	"reconnect/internal/passkey"
	"reconnect/internal/privacy"
	"reconnect/internal/research"
	"reconnect/internal/sqldb"
	"reconnect/internal/toolbox"
	"reconnect/internal/web/api"
	"reconnect/internal/web/httpx"
)

// Deps are the services the web layer is built from.
type Deps struct {
	Config     config.Config
	Identity   *identity.Service
	Notify     *notify.Service
	Passkeys   *passkey.Service
	Forum      *forum.Service
	Moderation *moderation.Service
	Messages   *messages.Service
	Care       *care.Service
	DB         *sqldb.DB // the member's access log
	Toolbox    *toolbox.Service
	Library    *library.Service
	Events     *events.Service
	Calendar   *calfeed.Service // personal calendar feeds
	Research   *research.Service
	Export     *export.Service // the member's "My data" export
	Deletion   *deletion.Service
	Mail       *mail.Service
	Live       *live.Hub
	Markup     *markup.Renderer
	// Check is the identifying-details check (NewChecker); built here
	// when nil.
	Check   func(context.Context, *identity.User, string) ([]privacy.Finding, error)
	Catalog *i18n.Catalog
	Log     *slog.Logger
	Metrics *Metrics
	Ready   func(context.Context) error
	EIDHTTP *http.Client // how to reach the eID provider; nil for the default
}

// Server is the HTTP handler for pages and API.
type Server struct {
	cfg      config.Config
	ids      *identity.Service
	notes    *notify.Service
	passkeys *passkey.Service
	forum    *forum.Service
	mod      *moderation.Service
	msgs     *messages.Service
	care     *care.Service
	mail     *mail.Service
	live     *live.Hub
	db       *sqldb.DB
	uploads  *httpx.Uploads
	toolbox  *toolbox.Service
	library  *library.Service
	events   *events.Service
	calendar *calfeed.Service
	research *research.Service
	export   *export.Service
	deletion *deletion.Service
	done     chan struct{} // closed at shutdown: ends live streams
	md       *markup.Renderer
	cat      *i18n.Catalog
	log      *slog.Logger
	metrics  *Metrics
	cookie   httpx.SessionCookie
	api      *api.API
	views    *views
	assets   *assets
	mux      *http.ServeMux
	patterns []string
	handler  http.Handler
	eid      *eidProvider // nil when eID is not configured
	check    func(context.Context, *identity.User, string) ([]privacy.Finding, error)
}

// New builds the server: templates, assets, routes and middleware.
func New(d Deps) (*Server, error) {
	s := &Server{cfg: d.Config, ids: d.Identity, notes: d.Notify, passkeys: d.Passkeys, forum: d.Forum, mod: d.Moderation, msgs: d.Messages, care: d.Care, mail: d.Mail, db: d.DB, toolbox: d.Toolbox, library: d.Library, events: d.Events, calendar: d.Calendar, research: d.Research, export: d.Export, deletion: d.Deletion, uploads: httpx.NewUploads(2), live: d.Live, done: make(chan struct{}), md: d.Markup, cat: d.Catalog, log: d.Log, metrics: d.Metrics,
		cookie: httpx.NewSessionCookie(d.Config.Secure()), mux: http.NewServeMux()}
	s.check = d.Check
	if s.check == nil {
		s.check = NewChecker(d.Identity)
	}
	var err error
	if s.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if s.views, err = loadViews(s.cat, s.assets); err != nil {
		return nil, err
	}
	if d.Config.EID.Issuer != "" {
		s.eid = &eidProvider{httpc: d.EIDHTTP, cfg: eid.Config{Issuer: d.Config.EID.Issuer, ClientID: d.Config.EID.ClientID,
			ClientSecret: d.Config.EID.ClientSecret, PrivateKeyFile: d.Config.EID.PrivateKeyFile, KeyID: d.Config.EID.KeyID,
			ACR: d.Config.EID.ACR, RedirectURL: d.Config.BaseURL + "/auth/eid/callback"}}
	}
	var metricsHandler http.Handler
	if d.Config.MetricsAddr == "" {
		metricsHandler = d.Metrics.Handler()
	}
	s.api = api.New(api.Deps{Identity: d.Identity, Notify: d.Notify, Passkeys: d.Passkeys, Forum: d.Forum, Moderation: d.Moderation, Messages: d.Messages, Care: d.Care, Mail: d.Mail, DB: d.DB, Toolbox: d.Toolbox, Library: d.Library, Events: d.Events, Calendar: d.Calendar, Research: d.Research, Export: d.Export, Deletion: d.Deletion, BaseURL: d.Config.BaseURL, Uploads: s.uploads, Crisis: d.Config.Crisis, Live: d.Live, Done: s.done, CheckPrivacy: s.check, Catalog: d.Catalog, Log: d.Log, Cookie: s.cookie,
		TrustProxy: d.Config.TrustProxy, Ready: d.Ready, Metrics: metricsHandler})
	for _, r := range s.routes() {
		s.handle(r.pattern, r.handler)
	}
	for _, r := range s.api.Routes() {
		s.handle(r.Pattern(), r.Handler)
	}
	s.mux.HandleFunc("/", s.notFound)
	s.handler = s.recoverPanics(s.observe(s.secure(s.crossOrigin(s.authenticate(s.gate(s.mux))))))
	if d.Config.SMTP.On() {
		s.handler = withEmail(s.handler)
	}
	if d.Live != nil {
		s.handler = withPublisher(s.handler, d.Live.Publish)
	}
	return s, nil
}

// withPublisher marks every request's context so that notices are
// announced on the member's live stream (notify.WithPublisher).
func withPublisher(h http.Handler, p notify.Publisher) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(notify.WithPublisher(r.Context(), p)))
	})
}

// withEmail marks every request's context so that notices queue their
// e-mail (notify.WithEmail); only a server with an SMTP server does.
func withEmail(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(notify.WithEmail(r.Context())))
	})
}

// handle registers h and records its pattern for logs and metrics.
func (s *Server) handle(pattern string, h http.Handler) {
	s.patterns = append(s.patterns, pattern)
	s.mux.Handle(pattern, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rt := httpx.RouteFrom(r.Context()); rt != nil {
			rt.Pattern = pattern
		}
		h.ServeHTTP(w, r)
	}))
}

// Close ends live streams; the server calls it when shutting down, as
// http.Server.Shutdown does not wait for or end them itself.
func (s *Server) Close() {
	select {
	case <-s.done:
	default:
		close(s.done)
	}
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Patterns lists every registered route pattern.
func (s *Server) Patterns() []string { return append([]string(nil), s.patterns...) }

// Mux exposes the router so tests can check what a pattern resolves to.
func (s *Server) Mux() *http.ServeMux { return s.mux }

// APIRoutes returns the documented API routes.
func (s *Server) APIRoutes() []api.Route { return s.api.Routes() }

// fail answers with err: the API error shape for /api and meta routes, an
// error page otherwise.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if httpx.IsAPI(r) {
		httpx.WriteError(w, r, s.cat, s.log, err)
		return
	}
	s.errorPage(w, r, err)
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, apperr.NotFound())
}
