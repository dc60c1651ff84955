package main

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"reconnect/internal/app"
	"reconnect/internal/demo"
	"reconnect/internal/mail"
	"reconnect/internal/messages"
	"reconnect/internal/reseal"
	"reconnect/internal/seal"
	"reconnect/internal/sqldb"
	"reconnect/internal/toolbox"
)

// buildBinary builds reconnect into a temporary directory.
func buildBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "reconnect")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// seededApp opens the app on dsn (migrating it) and fills it with the
// demo's fictional members, posts, messages, toolbox entries and events,
// written through the real services.
func seededApp(t *testing.T, dsn, keyFile string) *app.App {
	t.Helper()
	ctx := context.Background()
	cfg, fs := parseConfig("test", env{getenv: func(string) string { return "" }, stderr: io.Discard})
	args := []string{"--db", dsn}
	if keyFile != "" {
		args = append(args, "--data-key-file", keyFile)
	}
	if err := finish(cfg, fs, args); err != nil {
		t.Fatal(err)
	}
	a, err := app.Open(ctx, *cfg, slog.New(slog.DiscardHandler), app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if _, err := demo.Seed(ctx, a.Identity, a.Forum, a.Moderation, a.Messages, a.Care, a.Toolbox, a.Events); err != nil {
		t.Fatal(err)
	}
	return a
}

// tableSums returns, for every table of the database, its row count and
// a SHA-256 over its rows (each row rendered as text, rows sorted, so the
// sum does not depend on the order a copy stores them in).
func tableSums(t *testing.T, db *sql.DB, engine sqldb.Engine, skip ...string) map[string]string {
	t.Helper()
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
	if engine == sqldb.Postgres {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	}
	names := queryStrings(t, db, q)
	out := map[string]string{}
	for _, name := range names {
		if contains(skip, name) {
			continue
		}
		rows := rowTexts(t, db, `SELECT * FROM `+name)
		sort.Strings(rows)
		h := sha256.Sum256([]byte(strings.Join(rows, "\n")))
		out[name] = fmt.Sprintf("%d rows %s", len(rows), hex.EncodeToString(h[:8]))
	}
	if len(out) < 20 {
		t.Fatalf("only %d tables found", len(out))
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func queryStrings(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	var out []string
	for _, r := range rowTexts(t, db, q) {
		out = append(out, strings.TrimSuffix(r, "|"))
	}
	return out
}

// rowTexts renders every row of q as "v1|v2|…|".
func rowTexts(t *testing.T, db *sql.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, v := range vals {
			if bs, ok := v.([]byte); ok {
				v = string(bs)
			}
			fmt.Fprintf(&b, "%v|", v)
		}
		out = append(out, b.String())
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// openSealed opens every sealed value in db with the data key file and
// returns how many opened and how many did not.
func openSealed(t *testing.T, db *sql.DB, keyFile string) (opened, failed int) {
	t.Helper()
	k, err := seal.LoadKey(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	kr := seal.NewKeyring(k)
	cols := append(append(append([]reseal.Column{}, messages.SealedColumns...), mail.SealedColumns...), toolbox.SealedColumns...)
	for _, c := range cols {
		rows, err := db.Query(`SELECT ` + c.Key + `, ` + c.Column + ` FROM ` + c.Table + ` WHERE ` + c.Column + ` LIKE 's1.%'`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int64
			var v string
			if err := rows.Scan(&id, &v); err != nil {
				t.Fatal(err)
			}
			if _, err := kr.Open(c.Table, c.Column, id, v); err != nil {
				failed++
			} else {
				opened++
			}
		}
		rows.Close()
	}
	return opened, failed
}
