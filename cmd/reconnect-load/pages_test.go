package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"reconnect/internal/app"
	"reconnect/internal/config"
	"reconnect/internal/seal"
)

// BenchmarkForum drives the real handler (middleware, session, forum,
// templates) in-process against a seeded database, for profiling:
//
//	RECONNECT_LOAD_DB=/tmp/reconnect-bench/forum.db go test -run XXX \
//	  -bench Forum/thread -cpuprofile cpu.out ./cmd/reconnect-load/
func BenchmarkForum(b *testing.B) {
	ctx := context.Background()
	a, _ := benchApp(b)
	tok, _, err := a.Identity.StartSession(ctx, benchUser)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct{ name, path string }{
		{"thread", "/forum/threads/1"},
		{"list", "/forum/categories/1"},
		{"unread", "/forum/unread"},
		{"front", "/forum"},
		{"home", "/"},
		{"api-thread", "/api/v1/forum/threads/1"},
		{"search-rare", "/api/v1/forum/search?q=molteb%C3%A6r"},
		{"search-common", "/api/v1/forum/search?q=s%C3%B8vn"},
		{"search-two-words", "/api/v1/forum/search?q=sover+d%C3%A5rlig"},
		{"search-english", "/api/v1/forum/search?q=anxious+at+night"},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					req := httptest.NewRequest(http.MethodGet, c.path, nil)
					req.Header.Set("Cookie", "reconnect_session="+tok)
					rec := httptest.NewRecorder()
					a.Web.ServeHTTP(rec, req)
					if rec.Code != http.StatusOK {
						b.Fatalf("%s: %d", c.path, rec.Code)
					}
				}
			})
		})
	}
}

// benchApp opens the application on the seeded database that
// RECONNECT_LOAD_DB names (skipping without one), closed when the
// benchmark ends, and returns it with that database's DSN.
func benchApp(b *testing.B) (*app.App, string) {
	b.Helper()
	dsn := os.Getenv("RECONNECT_LOAD_DB")
	if dsn == "" {
		b.Skip("set RECONNECT_LOAD_DB to a database seeded by reconnect-load seed")
	}
	cfg := config.Default()
	cfg.DB, cfg.BaseURL = dsn, "http://localhost:8080"
	cfg.DataKeys = seal.NewKeyring(seal.RandomKey())
	a, err := app.Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), app.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = a.Close() }) // a benchmark's end; nothing to report
	return a, dsn
}
