package main

import (
	"context"
	"math/rand/v2"
	"testing"

	"reconnect/internal/crisis"
	"reconnect/internal/forum"
	"reconnect/internal/markup"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

// TestTermsMatchForum writes posts through the forum service and checks
// that the search terms it stored are exactly what the seed's copy of
// index computes (forum.Indexer), so seeded posts are found as written ones are.
func TestTermsMatchForum(t *testing.T) {
	testkit.Engines(t, termsMatchForum)
}

func termsMatchForum(t *testing.T, db *sqldb.DB) {
	ctx := context.Background()
	w := testkit.NewWorld(t, db)
	fs := forum.New(w.DB, w.IDs, forum.Options{Now: w.Clock.Now, Markup: markup.New().HTML})
	cat, err := fs.CreateCategory(ctx, &w.Admin, forum.CategoryInput{Slug: "test", NameNB: "Test", NameEN: "Test"})
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(7, 7))
	bodies := []string{"Kafé på Tromsø: naïve résumé, ÆØÅ og Ångström 123abc — «sitat» l'été 😊 Ŋ Đ ž",
		"**Fet** _kursiv_ [lenke](https://example.org) `kode` søvnproblemer sovnet sover sleeping anxious"}
	for i := range 40 {
		l := &nb
		if i%3 == 0 {
			l = &en
		}
		bodies = append(bodies, body(r, l, i%2 == 1))
	}
	title := "Søvn og uro: hvordan takler dere nettene?"
	th, first, err := fs.CreateThread(ctx, &w.Member, forum.NewThread{CategoryID: cat.ID, Title: title, Body: bodies[0]})
	if err != nil {
		t.Fatal(err)
	}
	check := func(id int64, want string) {
		t.Helper()
		// PostgreSQL stores a tsvector; the seed's terms go through the
		// same to_tsvector as the forum's (see insertPosts).
		q, seeded := `SELECT terms FROM post_search WHERE rowid = $1`, `SELECT $1`
		if db.Engine == sqldb.Postgres {
			q, seeded = `SELECT terms::text FROM post_search WHERE rowid = $1`, `SELECT to_tsvector('simple', $1)::text`
		}
		var got string
		if err := db.QueryRowContext(ctx, q, id).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRowContext(ctx, seeded, want).Scan(&want); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("post %d terms:\n forum %q\n  seed %q", id, got, want)
		}
	}
	check(first.ID, index.Terms(title+"\n"+bodies[0]))
	for _, b := range bodies[1:] {
		p, err := fs.Reply(ctx, &w.Member, th.ID, forum.NewPost{Body: b})
		if err != nil {
			t.Fatal(err)
		}
		check(p.ID, index.Terms(b))
	}
}

// About one generated post in 50 trips the crisis check: alerts are part
// of the load, at a plausible rate, not one post in five.
func TestCrisisRateOfGeneratedPosts(t *testing.T) {
	d := crisis.Default()
	r := rand.New(rand.NewPCG(3, 4))
	const n = 20000
	hits := 0
	for i := range n {
		l := &nb
		if i%5 == 0 {
			l = &en
		}
		if d.Check(body(r, l, true)).Level != crisis.None {
			hits++
		}
	}
	rate := float64(hits) / n
	t.Logf("%d of %d generated posts (%.2f %%) trip the crisis check", hits, n, 100*rate)
	if rate < 0.01 || rate > 0.04 {
		t.Errorf("%d of %d generated posts (%.1f %%) trip the crisis check; want about 2 %%", hits, n, 100*rate)
	}
}
