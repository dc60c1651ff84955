package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"reconnect/internal/identity"
	"reconnect/internal/markup"
	"reconnect/internal/seal"
	"reconnect/internal/sqldb"
)

var communityNames = []string{"Fjordvik", "Granlia", "Bergheim", "Solbakken", "Nordvik", "Elvdal", "Havnes", "Skogly", "Lyngmo",
	"Furuset", "Steinvik", "Måkeøy", "Bjørkelund", "Tindholm", "Sandvika", "Ospedal", "Lierfoss", "Vassbygda", "Kvitnes", "Rypefjell"}

var sharedCategories = [][4]string{
	{"hverdagen", "Hverdagen", "Everyday life", "Små og store ting i hverdagen."},
	{"sovn-og-kropp", "Søvn og kropp", "Sleep and body", "Søvn, mat, bevegelse og medisiner."},
	{"hap-og-mestring", "Håp og mestring", "Hope and coping", "Det som hjelper, og det som gir håp."},
	{"refleksjon", "Refleksjon før kafeen", "Reflection before the café", "Øvelser fra likepersonen før hvert kafétreff."},
	{"jobb-og-skole", "Jobb og skole", "Work and school", "Sykmelding, arbeid, studier og Nav."},
}

var pseudoA = []string{"Stille", "Lune", "Blå", "Grønn", "Rolig", "Varm", "Lys", "Modig", "Myk", "Klar", "Sterk", "Gylden", "Sølv", "Vill", "Fri", "Liten"}
var pseudoB = []string{"Vann", "Bris", "Fjell", "Skog", "Hav", "Stein", "Måke", "Rev", "Ugle", "Elv", "Sol", "Stjerne", "Furu", "Bjørk", "Lyng", "Fjord", "Tind", "Sky", "Vind", "Ørn"}

// pseudonym is member u's pseudonym and its key: synthetic names that
// never collide, so the key is simply the lower-cased name without spaces.
func pseudonym(u int64) (string, string) {
	if u == benchUser {
		return "Benkevarmer", "benkevarmer"
	}
	a, b, n := pseudoA[u%16], pseudoB[(u/16)%20], u/320
	p := a + " " + b
	if n > 0 {
		p += " " + strconv.FormatInt(n, 10)
	}
	return p, strings.ToLower(strings.ReplaceAll(p, " ", ""))
}

type phase struct {
	name string
	rows int64
	took time.Duration
}

func seed(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	dsn := fs.String("db", "", "SQLite file or postgres:// URL (required; must be empty)")
	members := fs.Int("members", 10000, "forum members")
	threads := fs.Int("threads", 10000, "threads")
	posts := fs.Int("posts", 200000, "posts, first posts included")
	seedN := fs.Uint64("seed", 1, "random seed")
	workers := fs.Int("workers", runtime.NumCPU(), "goroutines rendering posts")
	profile := fs.String("cpuprofile", "", "write a CPU profile of the seeding to this file")
	careMessages := fs.Int("care-messages", -1, "care messages (default: a fifth of --posts); needs --data-key-file")
	nEvents := fs.Int("events", -1, "single cafés and gatherings with answers (default: a tenth of --threads)")
	keyFile := fs.String("data-key-file", "", "the server's data key file (reconnect keys new), to seal care messages; without it no care data is seeded")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if *dsn == "" || *members < 2*communities || *threads < 10 || *posts < *threads+benchReplies {
		return fmt.Errorf("seed: need --db, --members >= %d, --threads >= 10, --posts >= threads+%d", 2*communities, benchReplies)
	}
	if *careMessages < 0 {
		*careMessages = *posts / 5
	}
	if *nEvents < 0 {
		*nEvents = *threads / 10
	}
	var keys *seal.Keyring
	if *keyFile != "" {
		k, err := seal.LoadKey(*keyFile)
		if err != nil {
			return err
		}
		keys = seal.NewKeyring(k)
	}
	start := time.Now()
	db, err := sqldb.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil || n > 0 {
		return fmt.Errorf("seed: database must be empty (users: %d, err: %v)", n, err)
	}
	hasher, err := identity.NewHasher(identity.DefaultHashParams, 1)
	if err != nil {
		return err
	}
	ids := identity.New(db, hasher, identity.Options{Markup: markup.New().HTML})
	if err := ids.EnsureDocuments(ctx); err != nil {
		return err
	}
	docs, err := ids.CurrentDocuments(ctx)
	if err != nil {
		return err
	}
	t0 := time.Now()
	p := newPlan(*seedN, *members, *threads, *posts)
	fmt.Printf("planned %d members, %d threads, %d posts in %s\n", p.members, len(p.threads), len(p.posts), time.Since(t0).Round(time.Millisecond))
	var phases []phase
	run := func(name string, fn func() ([]int64, error)) error {
		t := time.Now()
		rows, err := fn()
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		ph := phase{name: name, took: time.Since(t)}
		for _, r := range rows {
			ph.rows += r
		}
		phases = append(phases, ph)
		fmt.Printf("  %-28s %9d rows %8.1fs %9.0f rows/s\n", name, ph.rows, ph.took.Seconds(), float64(ph.rows)/ph.took.Seconds())
		return nil
	}
	steps := []struct {
		name string
		fn   func() ([]int64, error)
	}{
		{"communities, categories", func() ([]int64, error) { return p.insertPlaces(ctx, db) }},
		{"users, consents, moderators", func() ([]int64, error) { return p.insertUsers(ctx, db, docs) }},
		{"threads, watches", func() ([]int64, error) { return p.insertThreads(ctx, db) }},
		{"posts, post_search", func() ([]int64, error) { return p.insertPosts(ctx, db, *workers) }},
		{"reactions", func() ([]int64, error) { return p.insertReactions(ctx, db) }},
		{"thread_reads", func() ([]int64, error) { return p.insertReads(ctx, db) }},
		{"providers", func() ([]int64, error) { return p.insertProviders(ctx, db, docs) }},
		{"events, rsvps", func() ([]int64, error) { return p.insertEvents(ctx, db, *nEvents) }},
	}
	if keys != nil {
		steps = append(steps, struct {
			name string
			fn   func() ([]int64, error)
		}{"care links, conversations", func() ([]int64, error) { return p.insertCare(ctx, db, keys, *careMessages) }})
	} else {
		fmt.Println("  no --data-key-file: no care conversations seeded")
	}
	restore, err := prepareBulk(ctx, db)
	if err != nil {
		return err
	}
	for _, s := range steps {
		if err := run(s.name, s.fn); err != nil {
			return err
		}
	}
	t := time.Now()
	if err := restore(ctx); err != nil {
		return err
	}
	fmt.Printf("  %-28s %18.1fs\n", "rebuild indexes", time.Since(t).Seconds())
	t = time.Now()
	if err := finishDB(ctx, db); err != nil {
		return err
	}
	fmt.Printf("  %-28s %18.1fs\n", "sequences, analyze, checkpoint", time.Since(t).Seconds())
	var rows int64
	for _, ph := range phases {
		rows += ph.rows
	}
	took := time.Since(start)
	fmt.Printf("seeded %s in %.1fs: %d rows, %.0f rows/s overall\n", db.Engine, took.Seconds(), rows, float64(rows)/took.Seconds())
	return nil
}

// seededTables are the tables seed fills.
var seededTables = []string{"communities", "users", "consents", "moderator_communities", "categories", "threads", "thread_watches",
	"posts", "post_search", "reactions", "thread_reads", "real_names", "events", "rsvps", "care_links", "conversations",
	"conversation_participants", "messages"}

// finishDB moves PostgreSQL's identity sequences past the explicit IDs
// and analyzes (as autovacuum would soon); on SQLite it checkpoints the
// WAL so the server starts from a clean file.
func finishDB(ctx context.Context, db *sqldb.DB) error {
	if db.Engine == sqldb.Postgres {
		pool := db.Pools()["main"]
		for _, t := range []string{"communities", "users", "categories", "threads", "posts", "events", "care_links", "conversations", "messages"} {
			if _, err := pool.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'), (SELECT MAX(id) FROM `+t+`))`); err != nil { // #nosec G202 -- t is from the fixed table list above
				return err
			}
		}
		// Only the seeded tables: the database may hold other schemas.
		_, err := pool.ExecContext(ctx, `VACUUM ANALYZE `+strings.Join(seededTables, ", "))
		return err
	}
	_, err := db.Pools()["writer"].ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	return err
}
