package main

import (
	"context"
	"flag"

	"reconnect/internal/app"
	"reconnect/internal/config"
	"reconnect/internal/sqldb"
)

// parseConfig registers the configuration flags for a subcommand; the
// subcommand adds its own flags and then calls finish.
func parseConfig(name string, e env) (*config.Config, *flag.FlagSet) {
	cfg := &config.Config{}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	cfg.Register(fs, e.getenv)
	return cfg, fs
}

// finish parses args and validates the configuration.
func finish(cfg *config.Config, fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return exitCode(2)
	}
	return cfg.Finish()
}

// serve runs the server until SIGINT or SIGTERM, applying migrations
// first.
func serve(ctx context.Context, args []string, e env) error {
	cfg, fs := parseConfig("serve", e)
	if err := finish(cfg, fs, args); err != nil {
		return err
	}
	log := newLogger(e.stderr, cfg.LogFormat, e.getenv("RECONNECT_LOG_LEVEL"))
	a, err := app.Open(ctx, *cfg, log, app.Options{})
	if err != nil {
		return err
	}
	defer a.Close()
	return a.Serve(ctx, nil)
}

// migrate applies migrations and reports the schema version.
func migrate(ctx context.Context, args []string, e env) error {
	cfg, fs := parseConfig("migrate", e)
	if err := finish(cfg, fs, args); err != nil {
		return err
	}
	db, err := sqldb.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	printf(e.stdout, "database at schema version %d (%s)\n", v, db.Engine)
	return nil
}
