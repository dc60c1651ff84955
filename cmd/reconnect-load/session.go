package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"reconnect/internal/identity"
	"reconnect/internal/sqldb"
)

// session starts a session for a seeded member, as sign-in would, and
// prints the token for the reconnect_session cookie. Sessions end after
// 30 idle minutes, so start one right before measuring.
func session(ctx context.Context, args []string) error {
	var login *string
	db, err := openWithFlags(ctx, "session", args, func(fs *flag.FlagSet) {
		login = fs.String("login", "bench", "member to sign in")
	})
	if err != nil {
		return err
	}
	defer db.Close()
	var id int64
	if err := db.QueryRowContext(ctx, `SELECT id FROM users WHERE login_key = $1`, strings.ToLower(*login)).Scan(&id); err != nil {
		return fmt.Errorf("member %q: %w", *login, err)
	}
	hasher, err := identity.NewHasher(identity.DefaultHashParams, 1)
	if err != nil {
		return err
	}
	tok, _, err := identity.New(db, hasher, identity.Options{}).StartSession(ctx, id)
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
