package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

// runCmd runs the command in-process with the given stdin.
func runCmd(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, env{getenv: func(string) string { return "" }, stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb})
	return code, out.String(), errb.String()
}

// dsns gives a fresh database of each engine to the command line.
func dsns(t *testing.T) map[string]string {
	out := map[string]string{"sqlite": filepath.Join(t.TempDir(), "cli.db")}
	if pg := testkit.PostgresDSNIfEnabled(t); pg != "" {
		out["postgres"] = pg
	}
	return out
}

func TestMigrateUserCreateAndAuditVerify(t *testing.T) {
	for engine, dsn := range dsns(t) {
		t.Run(engine, func(t *testing.T) {
			code, out, errs := runCmd(t, "", "migrate", "--db", dsn)
			if code != 0 || !strings.Contains(out, "schema version") {
				t.Fatalf("migrate: %d %s %s", code, out, errs)
			}
			code, out, errs = runCmd(t, "first admin password\n", "user", "create", "--db", dsn, "--role", "admin", "--login", "root")
			if code != 0 || !strings.Contains(out, `created admin "root"`) {
				t.Fatalf("user create: %d %s %s", code, out, errs)
			}
			code, _, errs = runCmd(t, "another password\n", "user", "create", "--db", dsn, "--role", "admin", "--login", "ROOT")
			if code != 1 || !strings.Contains(errs, "login: That login name is taken") {
				t.Fatalf("duplicate: %d %s", code, errs)
			}
			code, _, errs = runCmd(t, "short\n", "user", "create", "--db", dsn, "--role", "admin", "--login", "other")
			if code != 1 || !strings.Contains(errs, "at least 10 characters") {
				t.Fatalf("short password: %d %s", code, errs)
			}
			code, _, errs = runCmd(t, "long enough password\n", "user", "create", "--db", dsn, "--role", "service_user", "--login", "m1", "--community", "nowhere")
			if code != 1 || !strings.Contains(errs, "no community") {
				t.Fatalf("unknown community: %d %s", code, errs)
			}
			code, out, _ = runCmd(t, "", "audit", "verify", "--db", dsn)
			if code != 0 || !strings.Contains(out, "audit log intact") {
				t.Fatalf("verify: %d %s", code, out)
			}
			db, err := sqldb.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.ExecContext(context.Background(), `UPDATE audit_log SET details = '{"role":"researcher"}'`); err != nil {
				t.Fatal(err)
			}
			db.Close()
			code, out, _ = runCmd(t, "", "audit", "verify", "--db", dsn)
			if code != 1 || !strings.Contains(out, `BROKEN: chain "admin" broken at record 1`) {
				t.Fatalf("tampered verify: %d %s", code, out)
			}
		})
	}
}

func TestUnknownCommandAndUsage(t *testing.T) {
	if code, _, errs := runCmd(t, "", "frobnicate"); code != 2 || !strings.Contains(errs, "usage:") {
		t.Fatalf("%d %s", code, errs)
	}
	if code, _, _ := runCmd(t, ""); code != 2 {
		t.Fatal("no command should be a usage error")
	}
	if code, _, errs := runCmd(t, "", "serve", "--base-url", "not a url"); code != 1 || !strings.Contains(errs, "base URL") {
		t.Fatalf("bad config: %d %s", code, errs)
	}
}

func TestKeysCommands(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "data.key")
	if code, out, errs := runCmd(t, "", "keys", "new", key); code != 0 || !strings.Contains(out, "wrote data key") {
		t.Fatalf("keys new: %d %s %s", code, out, errs)
	}
	if code, _, errs := runCmd(t, "", "keys", "new", key); code != 1 || !strings.Contains(errs, "never overwritten") {
		t.Errorf("keys new over an existing file: %d %s", code, errs)
	}
	newKey := filepath.Join(dir, "new.key")
	runCmd(t, "", "keys", "new", newKey)
	db := filepath.Join(dir, "r.db")
	if code, _, errs := runCmd(t, "", "migrate", "--db", db); code != 0 {
		t.Fatalf("migrate: %s", errs)
	}
	if code, _, errs := runCmd(t, "", "keys", "rotate", "--db", db); code != 1 || !strings.Contains(errs, "--data-key-file") {
		t.Errorf("keys rotate without keys: %d %s", code, errs)
	}
	if code, out, errs := runCmd(t, "", "keys", "rotate", "--db", db, "--data-key-file", newKey, "--old-data-key-files", key); code != 0 || !strings.Contains(out, "re-sealed 0 values") {
		t.Errorf("keys rotate: %d %s %s", code, out, errs)
	}
}

func TestDemoBaseURLFollowsAddr(t *testing.T) {
	for addr, want := range map[string]string{
		"localhost:8080": "http://localhost:8080", "127.0.0.1:8097": "http://localhost:8097", ":9000": "http://localhost:9000",
		"[::]:9001": "http://localhost:9001", "demo.example:80": "http://demo.example:80", "nonsense": "http://localhost:8080",
	} {
		if got := demoBaseURL(addr); got != want {
			t.Errorf("%s: %s, want %s", addr, got, want)
		}
	}
}
