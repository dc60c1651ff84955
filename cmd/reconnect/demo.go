package main

import (
	"context"
	"errors"
	"flag"
	"net"
	"os"
	"text/tabwriter"
	"time"

	"reconnect/internal/app"
	"reconnect/internal/clock"
	"reconnect/internal/demo"
	"reconnect/internal/research"
)

// runDemo recreates a demo SQLite database, fills it with fictional content
// and serves it on http://localhost:8080 (or --addr).
func runDemo(ctx context.Context, args []string, e env) error {
	cfg, fs := parseConfig("demo", e)
	fs.Lookup("addr").DefValue = "localhost:8080"
	_ = fs.Set("addr", "localhost:8080")
	_ = fs.Set("db", "reconnect-demo.db")
	study := fs.Bool("study", false, "also replay the study: six months of use by 29 consenting members in two communities (see /research as forsker)")
	if err := fs.Parse(args); err != nil {
		return exitCode(2)
	}
	// Without an explicit base URL, the demo's follows --addr, so that
	// sign-in, forms and passkeys work on another port too.
	baseSet := e.getenv("RECONNECT_BASE_URL") != ""
	fs.Visit(func(f *flag.Flag) { baseSet = baseSet || f.Name == "base-url" })
	if !baseSet {
		cfg.BaseURL = demoBaseURL(cfg.Addr)
	}
	if err := cfg.Finish(); err != nil {
		return err
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(cfg.DB + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	log := newLogger(e.stderr, cfg.LogFormat, e.getenv("RECONNECT_LOG_LEVEL"))
	clk := &clock.Shifted{}
	a, err := app.Open(ctx, *cfg, log, app.Options{Now: clk.Now})
	if err != nil {
		return err
	}
	defer a.Close()
	res, err := demo.Seed(ctx, a.Identity, a.Forum, a.Moderation, a.Messages, a.Care, a.Toolbox, a.Events)
	if err != nil {
		return err
	}
	if *study {
		admin, err := a.Identity.LoginLookupForDemo(ctx, "admin")
		if err != nil {
			return err
		}
		printf(e.stdout, "Replaying the study (six months, 29 members)…\n")
		_, err = research.Simulate(ctx, research.Sim{IDs: a.Identity, Forum: a.Forum, Events: a.Events, Set: clk.Set, Admin: &admin, Password: demo.Password},
			clk.Now().Add(-(research.StudyDays*24+2)*time.Hour))
		clk.Reset()
		if err != nil {
			return err
		}
	}
	return a.Serve(ctx, func(addr string) {
		printf(e.stdout, "\nReConnect demo on %s (database %s)\n\n", cfg.BaseURL, cfg.DB)
		tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		printf(tw, "login\tpassword\trole\tshown as\tcommunity\n")
		for _, acct := range res.Accounts {
			printf(tw, "%s\t%s\t%s\t%s\t%s\n", acct.Login, demo.Password, acct.Role, acct.Shows, acct.Community)
		}
		_ = tw.Flush() // terminal output; printf ignores write errors too
		printf(e.stdout, "\nOpen invitation for a new service user: %s/register?code=%s\n\nStop with Ctrl+C.\n", cfg.BaseURL, res.Invitation)
	})
}

// demoBaseURL is the demo's address as a browser should use it:
// localhost for loopback and wildcard hosts, so passkeys work too.
func demoBaseURL(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://localhost:8080"
	}
	if host == "" || host == "0.0.0.0" || host == "::" || host == "127.0.0.1" || host == "::1" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}
