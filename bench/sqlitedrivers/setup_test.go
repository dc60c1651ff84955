package sqlitedrivers

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Environment:
//
//	SQLITEDRIVERS_DIR    keep the databases here and reuse them on the next
//	                     run (run.sh uses this to build once and then run the
//	                     test binary several times). Default: a temp dir
//	                     removed at exit.
//	SQLITEDRIVERS_ORDER  driver order within each benchmark, e.g.
//	                     "mattn,modernc" (run.sh alternates it).
var (
	dataDir    string
	benchOrder = Drivers
)

func TestMain(m *testing.M) {
	dataDir = os.Getenv("SQLITEDRIVERS_DIR")
	keep := dataDir != ""
	if !keep {
		dir, err := os.MkdirTemp("", "sqlitedrivers-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		dataDir = dir
	}
	if o := os.Getenv("SQLITEDRIVERS_ORDER"); o != "" {
		benchOrder = nil
		for name := range strings.SplitSeq(o, ",") {
			i := slices.IndexFunc(Drivers, func(d Driver) bool { return d.Name == name })
			if i < 0 {
				fmt.Fprintf(os.Stderr, "SQLITEDRIVERS_ORDER: unknown driver %q\n", name)
				os.Exit(2)
			}
			benchOrder = append(benchOrder, Drivers[i])
		}
	}
	code := m.Run()
	for _, e := range envs {
		if e.db != nil {
			e.db.Close()
		}
	}
	if !keep {
		os.RemoveAll(dataDir)
	}
	os.Exit(code)
}

type envState struct {
	once sync.Once
	db   *DB
	err  error
}

var envs = map[string]*envState{}

func init() {
	for _, d := range Drivers {
		envs[d.Name] = &envState{}
	}
}

// env returns driver d's database with the full dataset, building it (or
// reusing a complete one in SQLITEDRIVERS_DIR) and warming every reader
// connection on first use.
func env(tb testing.TB, d Driver) *DB {
	tb.Helper()
	e := envs[d.Name]
	e.once.Do(func() { e.db, e.err = setup(d) })
	if e.err != nil {
		tb.Fatalf("%s: %v", d.Name, e.err)
	}
	return e.db
}

func setup(d Driver) (*DB, error) {
	ctx := context.Background()
	path := filepath.Join(dataDir, d.Name+".db")
	start := time.Now()
	what := "reused"
	db, err := Open(ctx, d, path)
	if err != nil {
		return nil, err
	}
	if !complete(ctx, db) {
		db.Close()
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err := os.Remove(path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
				return nil, err
			}
		}
		if db, err = Open(ctx, d, path); err != nil {
			return nil, err
		}
		if err := Build(ctx, db); err != nil {
			db.Close()
			return nil, err
		}
		what = "built"
		// Flush the fresh file now, not as background writeback during
		// the first measured runs.
		syscall.Sync()
	}
	ready := time.Since(start)
	if err := warm(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	fi, err := os.Stat(path)
	if err != nil {
		db.Close()
		return nil, err
	}
	fmt.Fprintf(os.Stderr, "# %s: %s %s (%d MB) in %v, warmed in %v\n", d.Name, what, path,
		fi.Size()>>20, ready.Round(time.Millisecond), (time.Since(start) - ready).Round(time.Millisecond))
	return db, nil
}

// complete reports whether db already holds exactly the dataset Build makes.
func complete(ctx context.Context, db *DB) bool {
	var posts, maxID, sessions int64
	err := db.Read.QueryRowContext(ctx,
		`SELECT (SELECT count(*) FROM posts), (SELECT max(id) FROM posts), (SELECT count(*) FROM sessions)`).
		Scan(&posts, &maxID, &sessions)
	return err == nil && posts == NumPosts && maxID == NumPosts && sessions == NumSessions
}

// warm loads the sessions table, its key index and the posts index into
// every reader connection's page cache, then runs random queries, so no
// measured run pays for a cold connection. The posts table itself (~370 MB)
// does not fit in the 32 MB cache and is read from the OS page cache.
func warm(ctx context.Context, db *DB) error {
	n := ReaderPoolSize()
	if err := scanAll(ctx, db, n); err != nil {
		return err
	}
	qs, qp := db.Q(QuerySession), db.Q(QueryPage)
	errs := make(chan error, n)
	for w := range n {
		go func() {
			r := rand.New(rand.NewPCG(uint64(w), 7))
			for range 2000 {
				if _, err := GetSession(ctx, db, qs, sessionKeys[r.IntN(len(sessionKeys))]); err != nil {
					errs <- err
					return
				}
				if _, err := ThreadPage(ctx, db, qp, 1+r.Int64N(NumThreads)); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			return err
		}
	}
	return nil
}

// scanAll holds all n reader connections at once, so each is a different
// one, and scans the cacheable tables and indexes on each.
func scanAll(ctx context.Context, db *DB, n int) error {
	var conns []*sql.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for range n {
		c, err := db.Read.Conn(ctx)
		if err != nil {
			return err
		}
		conns = append(conns, c)
		var x int64
		for _, q := range []string{
			`SELECT sum(user_id + (last_seen_at % 1000) + (expires_at % 1000)) FROM sessions`,
			`SELECT count(*) FROM sessions WHERE id_hash >= ''`,
			`SELECT count(*) FROM posts WHERE thread_id > 0`,
		} {
			if err := c.QueryRowContext(ctx, q).Scan(&x); err != nil {
				return fmt.Errorf("warm: %s: %w", q, err)
			}
		}
	}
	return nil
}

// removeNewPosts deletes what the write benchmarks inserted, so every run
// (and every later read benchmark) sees the same 200,000 posts.
func removeNewPosts(tb testing.TB, db *DB) {
	tb.Helper()
	if _, err := db.Write.Exec(db.Q(`DELETE FROM posts WHERE id > $1`), NumPosts); err != nil {
		tb.Fatal(err)
	}
}

// sessionKeys are all existing session primary keys.
var sessionKeys = func() []string {
	keys := make([]string, NumSessions)
	for i := range keys {
		keys[i] = SessionKey(i)
	}
	return keys
}()

// newPosts is a pool of posts to insert in the write benchmarks.
var newPosts = func() []Post {
	r := rand.New(rand.NewPCG(Seed, 2))
	ps := make([]Post, 256)
	for i := range ps {
		body := Text(r, 200+r.IntN(1000))
		ps[i] = Post{
			ThreadID:  1 + r.Int64N(NumThreads),
			AuthorID:  1 + r.Int64N(NumAuthors),
			CreatedAt: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Second),
			Body:      body,
			BodyHTML:  HTML(r, body),
		}
	}
	return ps
}()
