package main

import (
	"context"
	"flag"
	"fmt"

	"reconnect/internal/sqldb"
)

// session starts a session for a seeded member, as sign-in would, and
// prints the token for the reconnect_session cookie. Sessions end after
// 30 idle minutes, so start one right before measuring.
func session(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("session", flag.ContinueOnError)
	dsn := fs.String("db", "", "SQLite file or postgres:// URL")
	login := fs.String("login", "bench", "member to sign in")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dsn == "" {
		return fmt.Errorf("session: --db is required")
	}
	tok, err := sessionFor(ctx, *dsn, *login)
	if err != nil {
		return err
	}
	fmt.Println(tok)
	return nil
}

// openWithFlags parses a command's flags, --db and what add defines,
// and opens the database --db names.
func openWithFlags(ctx context.Context, name string, args []string, add func(*flag.FlagSet)) (*sqldb.DB, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	dsn := fs.String("db", "", "SQLite file or postgres:// URL")
	if add != nil {
		add(fs)
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if *dsn == "" {
		return nil, fmt.Errorf("%s: --db is required", name)
	}
	return sqldb.Open(ctx, *dsn)
}
