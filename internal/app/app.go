// Package app wires ReConnect together: it opens the database, builds the
// services and the web server, and runs them. The command line and the
// end-to-end tests share this wiring so they cannot drift apart.
package app

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/alexedwards/argon2id"

	"reconnect/internal/calfeed"
	"reconnect/internal/care"
	"reconnect/internal/clock"
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
	"reconnect/internal/markup"
	"reconnect/internal/messages"
	"reconnect/internal/moderation"
	"reconnect/internal/notify"
	"reconnect/internal/passkey"
	"reconnect/internal/research"
	"reconnect/internal/sqldb"
	"reconnect/internal/toolbox"
	"reconnect/internal/web"
)

// Options adjust the wiring, mostly for tests.
type Options struct {
	Now        func() time.Time // default: the real clock
	HashParams *argon2id.Params // default: identity.DefaultHashParams
	EIDHTTP    *http.Client     // how to reach the eID provider; nil for the default
	// NoDataKey lets commands that never touch sealed text (user create)
	// run without a data key on PostgreSQL; sealing then fails.
	NoDataKey bool
}

// App is a wired ReConnect.
type App struct {
	Config     config.Config
	DB         *sqldb.DB
	Identity   *identity.Service
	Notify     *notify.Service
	Forum      *forum.Service
	Moderation *moderation.Service
	Messages   *messages.Service
	Care       *care.Service
	Toolbox    *toolbox.Service
	Mail       *mail.Service
	MailWorker *mail.Worker // nil when e-mail is off (no --smtp-addr)
	Live       *live.Hub
	Events     *events.Service
	Deletion   *deletion.Service
	Web        *web.Server
	Metrics    *web.Metrics
	Log        *slog.Logger

	handler http.Handler // what Serve serves; Web unless a test replaces it
}

// Open opens the database named in cfg, applies migrations and builds
// the services.
func Open(ctx context.Context, cfg config.Config, log *slog.Logger, opts Options) (*App, error) {
	db, err := sqldb.Open(ctx, cfg.DB)
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		_ = db.Close() // already returning an error
		return nil, err
	}
	a, err := New(cfg, db, log, opts)
	if err != nil {
		_ = db.Close() // already returning an error
		return nil, err
	}
	return a, nil
}

// New builds the services on an open, migrated database.
func New(cfg config.Config, db *sqldb.DB, log *slog.Logger, opts Options) (*App, error) {
	params := opts.HashParams
	if params == nil {
		params = identity.DefaultHashParams
	}
	hasher, err := identity.NewHasher(params, cfg.HashConcurrency)
	if err != nil {
		return nil, err
	}
	cat, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	now := opts.Now
	if now == nil {
		now = clock.Now
	}
	md := markup.New()
	ids := identity.New(db, hasher, identity.Options{SessionIdle: cfg.SessionIdle, SessionMax: cfg.SessionMax, Now: now, Markup: md.HTML, PIDKey: cfg.Secret,
		OnInvited: care.Registered})
	if err := ids.EnsureDocuments(context.Background()); err != nil {
		return nil, err
	}
	notes := notify.New(db, now)
	keys, err := passkey.New(db, ids, cfg.BaseURL, now)
	if errors.Is(err, passkey.ErrIPHost) {
		log.Warn("passkeys are off", "reason", err.Error())
		keys = nil
	} else if err != nil {
		return nil, err
	}
	hub := live.New(db, log)
	chk := web.NewChecker(ids)
	var mods *moderation.Service
	fs := forum.New(db, ids, forum.Options{Now: now, Markup: md.HTML, Check: chk,
		Publish: func(ctx context.Context, q sqldb.Querier, ev forum.Event) error {
			return hub.Publish(ctx, q, "thread:"+strconv.FormatInt(ev.ThreadID, 10), ev.Kind, ev)
		},
		Crisis: func(ctx context.Context, tx *sql.Tx, postID int64, text string) (string, error) {
			return mods.Alert(ctx, tx, postID, text)
		}})
	mods = moderation.New(db, ids, fs, moderation.Options{Now: now, FlagThreshold: cfg.FlagThreshold, UnansweredAfter: cfg.UnansweredAfter, QuietAfter: cfg.QuietAfter, Publish: hub.Publish})
	dataKeyring, err := dataKeys(cfg, log)
	if err != nil && !opts.NoDataKey {
		return nil, err
	}
	careLinks := care.New(db, ids, now)
	msgs := messages.New(db, ids, messages.Options{Keys: dataKeyring, Markup: md.HTML, Now: now, MayStart: mods.MayMessage,
		Crisis: func(text string) bool { return mods.Level(text) != "" }, Publish: hub.Publish,
		FormerMember: func(lang string) string { return cat.T(i18n.Lang(lang), "member.former") }})
	mails := mail.New(db, dataKeyring, now, cfg.SMTP.On())
	evs := events.NewService(db, ids, md.HTML, now)
	var worker *mail.Worker
	if cfg.SMTP.On() {
		sender, err := mail.NewSender(cfg.SMTP)
		if err != nil {
			return nil, err
		}
		worker = mail.NewWorker(db, dataKeyring, sender, cat, cfg.BaseURL, log, mail.WorkerOptions{Now: now, Details: evs.ReminderDetails})
	}
	tools := toolbox.NewService(db, dataKeyring, now)
	evs.SetPairOpener(func(ctx context.Context, tx *sql.Tx, subject string, a, b int64, closes time.Time) (int64, error) {
		return msgs.OpenPair(ctx, tx, messages.KindLift, subject, a, b, closes)
	})
	feeds := calfeed.New(db, ids, evs, tools, now)
	dels := deletion.New(db, deletion.Options{Now: now, Retention: cfg.Retention, Events: evs})
	lib := library.New(db, md.HTML, now)
	if err := lib.Ensure(context.Background()); err != nil {
		return nil, err
	}
	ex := export.New(export.Deps{DB: db, Identity: ids, Forum: fs, Messages: msgs, Care: careLinks, Toolbox: tools, Events: evs, Calendar: feeds,
		Notify: notes, Mail: mails, Now: now})
	metrics := web.NewMetrics(db.Pools())
	srv, err := web.New(web.Deps{Config: cfg, Identity: ids, Notify: notes, Passkeys: keys, Forum: fs, Moderation: mods, Messages: msgs, Care: careLinks, DB: db, Toolbox: tools, Library: lib, Events: evs, Research: research.New(db, ids, now), Export: ex, Deletion: dels, Calendar: feeds, Mail: mails, Live: hub, Markup: md, Check: chk, Catalog: cat, Log: log, Metrics: metrics, Ready: db.Ping, EIDHTTP: opts.EIDHTTP})
	if err != nil {
		return nil, err
	}
	return &App{Config: cfg, DB: db, Identity: ids, Notify: notes, Forum: fs, Moderation: mods, Messages: msgs, Care: careLinks, Toolbox: tools, Mail: mails, MailWorker: worker, Live: hub, Events: evs, Deletion: dels, Web: srv, Metrics: metrics, Log: log}, nil
}

// Close releases the database.
func (a *App) Close() error { return a.DB.Close() }

// Serve listens on the configured address (and the metrics address, if
// set) until ctx is done, then stops accepting connections and waits up
// to the shutdown timeout for every accepted request to be answered
// (shutdown.go).
func (a *App) Serve(ctx context.Context, ready func(addr string)) error {
	ln, err := net.Listen("tcp", a.Config.Addr)
	if err != nil {
		return err
	}
	h := a.handler
	if h == nil {
		h = a.Web
	}
	cs := &conns{}
	servers := []*http.Server{a.httpServer(h, cs)}
	listeners := []*drainListener{newDrainListener(ln)}
	if a.Config.MetricsAddr != "" {
		mln, err := net.Listen("tcp", a.Config.MetricsAddr)
		if err != nil {
			_ = ln.Close() // already returning the metrics listener's error
			return err
		}
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", a.Metrics.Handler())
		servers = append(servers, a.httpServer(mux, cs))
		listeners = append(listeners, newDrainListener(mln))
	}
	servers[0].RegisterOnShutdown(a.Web.Close)
	if a.Config.SMTP.On() {
		ctx = notify.WithEmail(ctx) // background work queues e-mail like requests do
	}
	ctx = notify.WithPublisher(ctx, a.Live.Publish) // and announces notices live
	go a.Live.Run(ctx)
	var mailing sync.WaitGroup
	if a.MailWorker != nil {
		mailing.Go(func() { a.MailWorker.Run(ctx) })
	}
	errs := make(chan error, len(servers))
	for i, s := range servers {
		go func() { errs <- s.Serve(listeners[i]) }()
	}
	go a.housekeeping(ctx)
	go a.Events.RunReminders(ctx, 30*time.Second, a.Log)
	go a.Deletion.Run(ctx, 15*time.Minute, a.Log) // due account deletions and retention
	a.Log.Info("listening", "addr", ln.Addr().String(), "engine", string(a.DB.Engine))
	if ready != nil {
		ready(ln.Addr().String())
	}
	select {
	case err := <-errs:
		return err
	case <-ctx.Done():
	}
	a.Log.Info("shutting down", "grace", a.Config.ShutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), a.Config.ShutdownTimeout)
	defer cancel()
	a.Web.Close() // live streams end now, so they do not hold the wait below
	out := quiesce(sctx, servers, listeners, cs)
	for _, s := range servers {
		if err := s.Shutdown(sctx); err != nil {
			out = errors.Join(out, fmt.Errorf("shutdown: %w", err))
		}
	}
	mailing.Wait() // an e-mail in flight is finished, none started
	return out
}

func (a *App) httpServer(h http.Handler, cs *conns) *http.Server {
	return &http.Server{
		ConnState:         cs.track,
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(a.Log.Handler(), slog.LevelWarn),
	}
}

// housekeeping deletes expired sessions and stale sign-in counters every
// few minutes. Every node may run it; each step is idempotent.
func (a *App) housekeeping(ctx context.Context) {
	t := time.NewTicker(5 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if _, err := a.Identity.CleanSessions(ctx); err != nil && ctx.Err() == nil {
			a.Log.Warn("clean sessions", "err", err)
		}
		if err := a.Identity.CleanThrottle(ctx); err != nil && ctx.Err() == nil {
			a.Log.Warn("clean throttle", "err", err)
		}
	}
}
