// Package testkit gives tests real databases on both engines, a fake
// clock and fixtures. SQLite runs always, in a fresh file per test;
// PostgreSQL runs when RECONNECT_TEST_POSTGRES holds a DSN, in a fresh
// schema per test so parallel runs never collide.
package testkit

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"reconnect/internal/sqldb"
)

// PostgresEnv names the variable holding the PostgreSQL test DSN, e.g.
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable.
const PostgresEnv = "RECONNECT_TEST_POSTGRES"

// Engines runs fn as a subtest on each available engine with a fresh,
// migrated database.
func Engines(t *testing.T, fn func(t *testing.T, db *sqldb.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// SQLite returns a migrated database in a new file under t.TempDir().
func SQLite(t testing.TB) *sqldb.DB {
	t.Helper()
	return open(t, filepath.Join(t.TempDir(), "test.db"))
}

// Postgres returns a migrated database in a new schema, or skips the
// test with a message when RECONNECT_TEST_POSTGRES is unset.
func Postgres(t testing.TB) *sqldb.DB {
	t.Helper()
	dsn := PostgresDSN(t)
	return open(t, dsn)
}

// PostgresDSN creates an empty schema and returns a DSN whose
// search_path points at it; the schema is dropped when the test ends.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		if RequireAll() {
			t.Fatalf("%s is unset but RECONNECT_TEST_REQUIRE_ALL=1", PostgresEnv)
		}
		t.Skipf("PostgreSQL tests skipped: set %s (for example postgres://postgres@127.0.0.1:5432/test?sslmode=disable)", PostgresEnv)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		_ = admin.Close() // failing anyway
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		_, _ = admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		_ = admin.Close() // cleanup of a throwaway schema; like the DROP above, best effort
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func open(t testing.TB, dsn string) *sqldb.DB {
	t.Helper()
	ctx := context.Background()
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("close database: %v", err)
		}
	})
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

// PostgresDSNIfEnabled returns a DSN for a fresh schema, or "" when
// PostgreSQL tests are not enabled (fatal under RECONNECT_TEST_REQUIRE_ALL).
func PostgresDSNIfEnabled(t testing.TB) string {
	t.Helper()
	if os.Getenv(PostgresEnv) == "" {
		if RequireAll() {
			t.Fatalf("%s is unset but RECONNECT_TEST_REQUIRE_ALL=1", PostgresEnv)
		}
		return ""
	}
	return PostgresDSN(t)
}

// RawSQLite returns the bytes of a closed SQLite database file and its
// WAL, for tests that prove nothing private is readable at rest.
func RawSQLite(t testing.TB, path string) string {
	t.Helper()
	var out []byte
	for _, f := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(f) // #nosec G304 -- a test's own database file
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		out = append(out, b...)
	}
	return string(out)
}

// Twins runs fn as a subtest on each available engine with two handles
// on one fresh database, as two nodes of a cluster have.
func Twins(t *testing.T, fn func(t *testing.T, a, b *sqldb.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "test.db")
		fn(t, open(t, path), open(t, path))
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := PostgresDSN(t)
		fn(t, open(t, dsn), open(t, dsn))
	})
}
