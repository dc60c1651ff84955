package main

import (
	"context"
	"errors"
	"os"
	"text/tabwriter"

	"reconnect/internal/app"
	"reconnect/internal/demo"
)

// runDemo recreates a demo SQLite database, fills it with fictional content
// and serves it on http://localhost:8080.
func runDemo(ctx context.Context, args []string, e env) error {
	cfg, fs := parseConfig("demo", e)
	fs.Lookup("addr").DefValue = "localhost:8080"
	_ = fs.Set("addr", "localhost:8080")
	_ = fs.Set("db", "reconnect-demo.db")
	if err := finish(cfg, fs, args); err != nil {
		return err
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(cfg.DB + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	log := newLogger(e.stderr, cfg.LogFormat, e.getenv("RECONNECT_LOG_LEVEL"))
	a, err := app.Open(ctx, *cfg, log, app.Options{})
	if err != nil {
		return err
	}
	defer a.Close()
	res, err := demo.Seed(ctx, a.Identity, a.Forum, a.Moderation, a.Messages)
	if err != nil {
		return err
	}
	return a.Serve(ctx, func(addr string) {
		printf(e.stdout, "\nReConnect demo on %s (database %s)\n\n", cfg.BaseURL, cfg.DB)
		tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		printf(tw, "login\tpassword\trole\tshown as\tcommunity\n")
		for _, acct := range res.Accounts {
			printf(tw, "%s\t%s\t%s\t%s\t%s\n", acct.Login, demo.Password, acct.Role, acct.Shows, acct.Community)
		}
		tw.Flush()
		printf(e.stdout, "\nOpen invitation for a new service user: %s/register?code=%s\n\nStop with Ctrl+C.\n", cfg.BaseURL, res.Invitation)
	})
}
