package web_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"reconnect/internal/identity"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
	"reconnect/internal/testkit/webtest"
)

// benchEngines runs b on SQLite and, when enabled, PostgreSQL.
func benchEngines(b *testing.B, fn func(b *testing.B, db *sqldb.DB)) {
	b.Run("sqlite", func(b *testing.B) { fn(b, testkit.SQLite(b)) })
	if testkit.PostgresDSNIfEnabled(b) != "" {
		b.Run("postgres", func(b *testing.B) { fn(b, testkit.Postgres(b)) })
	}
}

// serveParallel drives the real handler (middleware, session lookup,
// handler, rendering) in-process from GOMAXPROCS goroutines.
func serveParallel(b *testing.B, env *webtest.Env, path, cookie string) {
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest(http.MethodGet, path, nil)
			if cookie != "" {
				req.Header.Set("Cookie", "reconnect_session="+cookie)
			}
			rec := httptest.NewRecorder()
			env.App.Web.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Fatalf("%s: %d", path, rec.Code)
			}
		}
	})
}

func BenchmarkMeAPI(b *testing.B) {
	benchEngines(b, func(b *testing.B, db *sqldb.DB) {
		env := webtest.Start(b, db)
		tok, _, _ := env.IDs.StartSession(ctx, env.Member.ID)
		serveParallel(b, env, "/api/v1/me", tok)
	})
}

func BenchmarkHomePage(b *testing.B) {
	benchEngines(b, func(b *testing.B, db *sqldb.DB) {
		env := webtest.Start(b, db)
		tok, _, _ := env.IDs.StartSession(ctx, env.Admin.ID)
		serveParallel(b, env, "/", tok)
	})
}

func BenchmarkLandingPageAnonymous(b *testing.B) {
	env := webtest.Start(b, testkit.SQLite(b))
	serveParallel(b, env, "/", "")
}

func BenchmarkSessionLookup(b *testing.B) {
	benchEngines(b, func(b *testing.B, db *sqldb.DB) {
		env := webtest.Start(b, db)
		tok, _, _ := env.IDs.StartSession(ctx, env.Member.ID)
		b.ReportAllocs()
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := env.IDs.SessionUser(ctx, tok); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
}

// BenchmarkPasswordHash measures one argon2id hash at the production
// parameters (19 MiB, 2 passes): the floor under every sign-in.
func BenchmarkPasswordHash(b *testing.B) {
	h, err := identity.NewHasher(identity.DefaultHashParams, 1)
	if err != nil {
		b.Fatal(err)
	}
	hash, _ := h.Hash(ctx, "correct horse battery")
	b.ResetTimer()
	for b.Loop() {
		if ok, _ := h.Check(ctx, "correct horse battery", hash); !ok {
			b.Fatal("no match")
		}
	}
}
