package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"reconnect/internal/app"
	"reconnect/internal/config"
	"reconnect/internal/seal"
	"reconnect/internal/testkit"
)

// TestSeedAndRunSmoke keeps the load tool working: a tiny dataset, the
// real server on a loopback port, two seconds of the realistic mix with
// live-update connections. Every operation the data allows must run
// without an error; the figures are not checked (no timings in tests).
func TestSeedAndRunSmoke(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { seedAndRun(t, filepath.Join(t.TempDir(), "load.db")) })
	t.Run("postgres", func(t *testing.T) { seedAndRun(t, testkit.PostgresDSN(t)) })
}

func seedAndRun(t *testing.T, dsn string) {
	ctx := context.Background()
	quiet(t)
	keyFile := filepath.Join(t.TempDir(), "data.key")
	key, err := seal.WriteKeyFile(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := seed(ctx, []string{"--db", dsn, "--members", "200", "--threads", "30", "--posts", "400", "--events", "200", "--data-key-file", keyFile}); err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.DB, cfg.BaseURL = dsn, "http://localhost:8080"
	cfg.DataKeys = seal.NewKeyring(key)
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Web)
	t.Cleanup(func() { srv.CloseClientConnections(); srv.Close(); a.Close() })

	rep, err := drive(ctx, runConfig{db: dsn, base: srv.URL, clients: 4, sse: 4, duration: 2 * time.Second, sample: time.Second,
		mix: mustMix(t, defaultMix), seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Errors != 0 {
		rep.print(os.Stderr)
		t.Fatalf("%d errors: %v", rep.Errors, rep.Total.Errors)
	}
	if len(rep.Skipped) > 0 || len(rep.Mix) != len(ops) {
		t.Errorf("the seeded data should serve every operation; skipped %v", rep.Skipped)
	}
	for op := range rep.Mix {
		if !hasOp(rep, op) {
			t.Errorf("operation %s never ran", op)
		}
	}
	if s := rep.Streams; s.Opened != 4 || s.Failed != 0 || s.EndedEarly != 0 {
		t.Errorf("streams: %s", s)
	}
	if rep.Before.Goroutines == 0 || rep.After.RSSMB == 0 {
		t.Errorf("server figures not read from /metrics: %s / %s", rep.Before, rep.After)
	}

	// The limit: the thread page against the same bytes from a bare handler.
	token, err := sessionFor(ctx, dsn, "bench")
	if err != nil {
		t.Fatal(err)
	}
	lim, err := measureLimit(ctx, srv.URL+"/forum/threads/1", token, 2, 300*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if lim.errors != 0 || lim.server.Count == 0 || lim.bare.Count == 0 || lim.bytes < 1000 {
		t.Errorf("limit: %+v", lim)
	}

	// The report must be able to say something went wrong.
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { http.Error(w, "no", 500) }))
	defer broken.Close()
	rep, err = drive(ctx, runConfig{db: dsn, base: broken.URL, clients: 1, duration: 300 * time.Millisecond, sample: time.Second,
		mix: mustMix(t, "thread=1"), seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Errors == 0 || rep.Total.Errors["status 500"] == 0 {
		t.Errorf("a server answering 500 gave no errors: %+v", rep.Total)
	}
}

func hasOp(rep *report, op string) bool {
	for _, r := range rep.Ops {
		if r.Op == op && r.Count > 0 {
			return true
		}
	}
	return false
}

func mustMix(t *testing.T, s string) map[string]int {
	m, err := parseMix(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// quiet sends the seed's progress lines to the test log's bin.
func quiet(t *testing.T) {
	old := os.Stdout
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	os.Stdout = null
	t.Cleanup(func() { os.Stdout = old; null.Close() })
}

func TestRunRefusesOtherHosts(t *testing.T) {
	for _, base := range []string{"http://example.org:80", "http://10.0.0.1:8080", "http://[::2]:80", "nonsense"} {
		if loopbackOnly(base) == nil {
			t.Errorf("%s accepted", base)
		}
	}
	for _, base := range []string{"http://127.0.0.1:8091", "http://localhost:8080/", "http://[::1]:80"} {
		if err := loopbackOnly(base); err != nil {
			t.Errorf("%s: %v", base, err)
		}
	}
}
