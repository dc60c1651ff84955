package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"reconnect/internal/audit"
	"reconnect/internal/seal"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

// The PostgreSQL procedure in docs/operations.md: pg_dump in custom
// format, pg_restore into a fresh database, and every table comes back
// with the same rows.
func TestPGDumpRestoreRoundTrip(t *testing.T) {
	dsn := testkit.PostgresDSN(t) // skips without RECONNECT_TEST_POSTGRES
	for _, tool := range []string{"pg_dump", "pg_restore"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is needed for the PostgreSQL backup test: %v", tool, err)
		}
	}
	ctx := context.Background()
	dir := t.TempDir()
	key := filepath.Join(dir, "data.key")
	if _, err := seal.WriteKeyFile(key); err != nil {
		t.Fatal(err)
	}
	a := seededApp(t, dsn, key)
	appendAudit(t, a.DB, "pgdump", 500)

	u, _ := url.Parse(dsn)
	schema := u.Query().Get("search_path")
	base := *u
	q := base.Query()
	q.Del("search_path")
	base.RawQuery = q.Encode()

	dump := filepath.Join(dir, "reconnect.dump")
	start := time.Now()
	if out, err := exec.Command("pg_dump", "--format=custom", "--schema="+schema, "--file="+dump, "--dbname="+base.String()).CombinedOutput(); err != nil {
		t.Fatalf("pg_dump: %v\n%s", err, out)
	}
	dumpTook := time.Since(start)

	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "restore_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", base.String())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE DATABASE ` + name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`) })
	target := base
	target.Path = "/" + name
	start = time.Now()
	if out, err := exec.Command("pg_restore", "--exit-on-error", "--no-owner", "--dbname="+target.String(), dump).CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v\n%s", err, out)
	}
	restoreTook := time.Since(start)

	q = target.Query()
	q.Set("search_path", schema)
	target.RawQuery = q.Encode()
	srcDB, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer srcDB.Close()
	dstDB, err := sql.Open("pgx", target.String())
	if err != nil {
		t.Fatal(err)
	}
	defer dstDB.Close()
	want, got := tableSums(t, srcDB, sqldb.Postgres), tableSums(t, dstDB, sqldb.Postgres)
	if !equalMaps(got, want) {
		for k, v := range want {
			if got[k] != v {
				t.Errorf("table %s: restored %s, source %s", k, got[k], v)
			}
		}
		t.Fatalf("restored tables differ (%d vs %d tables)", len(got), len(want))
	}

	// The restored database is one the app accepts as it is: no pending
	// migrations, the audit chains intact, sealed text opens with the key.
	rdb, err := sqldb.Open(ctx, target.String())
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	latest, _ := sqldb.LatestVersion(sqldb.Postgres)
	if v, err := rdb.Migrate(ctx); err != nil || v != latest {
		t.Fatalf("migrate the restore: %d %v, want %d", v, err, latest)
	}
	if n, breaks, err := audit.Verify(ctx, rdb); err != nil || len(breaks) > 0 || n < 500 {
		t.Fatalf("audit verify on the restore: %d %v %v", n, breaks, err)
	}
	if opened, failed := openSealed(t, dstDB, key); opened < 5 || failed > 0 {
		t.Fatalf("sealed values in the restore: %d opened, %d did not", opened, failed)
	}
	st, _ := os.Stat(dump)
	t.Logf("pg_dump of %d tables: %d bytes in %v; pg_restore into a fresh database in %v",
		len(want), st.Size(), dumpTook.Round(time.Millisecond), restoreTook.Round(time.Millisecond))
}
