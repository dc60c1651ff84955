package sqlitedrivers

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// openSmall opens an empty database with d and creates the schema.
func openSmall(t *testing.T, d Driver) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "t.db")
	db, err := Open(context.Background(), d, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Write.Exec(Schema); err != nil {
		t.Fatal(err)
	}
	return db, path
}

func pragmas(t *testing.T, c *sql.Conn) map[string]string {
	t.Helper()
	got := map[string]string{}
	for _, p := range []string{"busy_timeout", "foreign_keys", "synchronous", "temp_store",
		"cache_size", "journal_mode", "query_only", "mmap_size", "locking_mode", "wal_autocheckpoint"} {
		var v string
		if err := c.QueryRowContext(context.Background(), "PRAGMA "+p).Scan(&v); err != nil {
			t.Fatalf("PRAGMA %s: %v", p, err)
		}
		got[p] = v
	}
	return got
}

// TestPragmas reads the pragmas back from the writer and from every reader
// connection, so both drivers are known to run with the same settings.
func TestPragmas(t *testing.T) {
	common := map[string]string{
		"busy_timeout": "10000", "foreign_keys": "1", "synchronous": "2", // FULL
		"temp_store": "2", // MEMORY
		"cache_size": "-32000", "journal_mode": "wal", "mmap_size": "0",
		"locking_mode": "normal", "wal_autocheckpoint": "1000",
	}
	ctx := context.Background()
	for _, d := range Drivers {
		t.Run(d.Name, func(t *testing.T) {
			db, _ := openSmall(t, d)
			check := func(who string, c *sql.Conn, queryOnly string) {
				got := pragmas(t, c)
				for k, want := range common {
					if got[k] != want {
						t.Errorf("%s %s: PRAGMA %s = %s, want %s", d.Name, who, k, got[k], want)
					}
				}
				if got["query_only"] != queryOnly {
					t.Errorf("%s %s: PRAGMA query_only = %s, want %s", d.Name, who, got["query_only"], queryOnly)
				}
			}
			w, err := db.Write.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			check("writer", w, "0")
			w.Close()
			// Hold every reader connection at once so each is checked.
			var conns []*sql.Conn
			for range ReaderPoolSize() {
				c, err := db.Read.Conn(ctx)
				if err != nil {
					t.Fatal(err)
				}
				conns = append(conns, c)
			}
			for i, c := range conns {
				check("reader "+string(rune('0'+i)), c, "1")
				c.Close()
			}
			if s := db.Read.Stats(); s.OpenConnections != ReaderPoolSize() {
				t.Errorf("reader pool has %d connections, want %d", s.OpenConnections, ReaderPoolSize())
			}
		})
	}
}

// TestTxLockImmediate checks that BeginTx on the writer takes the write lock
// at once (BEGIN IMMEDIATE), before any statement runs.
func TestTxLockImmediate(t *testing.T) {
	ctx := context.Background()
	for _, d := range Drivers {
		t.Run(d.Name, func(t *testing.T) {
			db, path := openSmall(t, d)
			tx, err := db.Write.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback() //nolint:errcheck
			// The second connection must use the same driver: two SQLite
			// libraries in one process do not see each other's POSIX locks.
			dsn := fileURI(path) + "?_pragma=busy_timeout(0)"
			if d.Name == Mattn.Name {
				dsn = fileURI(path) + "?_busy_timeout=0"
			}
			other, err := sql.Open(d.SQLDriver, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer other.Close()
			_, err = other.ExecContext(ctx, "BEGIN IMMEDIATE")
			if err == nil || !strings.Contains(strings.ToLower(err.Error()), "locked") && !strings.Contains(strings.ToLower(err.Error()), "busy") {
				t.Fatalf("second BEGIN IMMEDIATE while writer tx is open: err = %v, want busy/locked", err)
			}
		})
	}
}

func TestReadersAreQueryOnly(t *testing.T) {
	for _, d := range Drivers {
		t.Run(d.Name, func(t *testing.T) {
			db, _ := openSmall(t, d)
			_, err := db.Read.Exec(db.Q(`INSERT INTO sessions VALUES ($1, 1, 1, 1)`), "x")
			if err == nil || !strings.Contains(err.Error(), "readonly") {
				t.Fatalf("insert on reader: err = %v, want readonly error", err)
			}
		})
	}
}

// TestPlaceholders shows why the mattn queries use ?N: with $N, mattn
// binds positional arguments in order of first appearance of the name.
func TestPlaceholders(t *testing.T) {
	const q = `SELECT $2 || '-' || $1`
	for _, d := range Drivers {
		t.Run(d.Name, func(t *testing.T) {
			db, _ := openSmall(t, d)
			var raw, rewritten string
			if err := db.Read.QueryRow(q, "a", "b").Scan(&raw); err != nil {
				t.Logf("%s with $N as written: error %v", d.Name, err)
			} else {
				t.Logf("%s: %q with (a, b) as written gives %q", d.Name, q, raw)
			}
			if err := db.Read.QueryRow(db.Q(q), "a", "b").Scan(&rewritten); err != nil {
				t.Fatal(err)
			}
			if rewritten != "b-a" {
				t.Errorf("%s: %q = %q, want b-a", d.Name, db.Q(q), rewritten)
			}
		})
	}
}

// TestRoundTrip writes and reads back one post and one session through the
// benchmarked functions.
func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	for _, d := range Drivers {
		t.Run(d.Name, func(t *testing.T) {
			db, _ := openSmall(t, d)
			p := newPosts[0]
			if err := InsertPost(ctx, db, db.Q(QueryInsert), p); err != nil {
				t.Fatal(err)
			}
			got, err := ThreadPage(ctx, db, db.Q(QueryPage), p.ThreadID)
			if err != nil || len(got) != 1 {
				t.Fatalf("ThreadPage = %v, %v", got, err)
			}
			if g := got[0]; g.Body != p.Body || g.BodyHTML != p.BodyHTML || !g.CreatedAt.Equal(p.CreatedAt) || g.AuthorID != p.AuthorID {
				t.Errorf("post round trip: got %+v", g)
			}
			now := time.Date(2025, 6, 1, 12, 0, 0, 123456000, time.UTC)
			if _, err := db.Write.Exec(db.Q(`INSERT INTO sessions VALUES ($1, $2, $3, $4)`), "k", 7, now.UnixMicro(), now.UnixMicro()+1); err != nil {
				t.Fatal(err)
			}
			s, err := GetSession(ctx, db, db.Q(QuerySession), "k")
			if err != nil || s.UserID != 7 || !s.LastSeenAt.Equal(now) {
				t.Errorf("GetSession = %+v, %v", s, err)
			}
		})
	}
}

// TestBuildInfo logs each driver's SQLite version and the compile options
// that differ between them.
func TestBuildInfo(t *testing.T) {
	opts := map[string][]string{}
	for _, d := range Drivers {
		db, _ := openSmall(t, d)
		var v string
		if err := db.Read.QueryRow("SELECT sqlite_version()").Scan(&v); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: SQLite %s", d.Name, v)
		rows, err := db.Read.Query("PRAGMA compile_options")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var o string
			if err := rows.Scan(&o); err != nil {
				t.Fatal(err)
			}
			opts[d.Name] = append(opts[d.Name], o)
		}
		rows.Close()
	}
	a, b := Drivers[0].Name, Drivers[1].Name
	for _, o := range opts[a] {
		if !slices.Contains(opts[b], o) {
			t.Logf("only %s: %s", a, o)
		}
	}
	for _, o := range opts[b] {
		if !slices.Contains(opts[a], o) {
			t.Logf("only %s: %s", b, o)
		}
	}
}

// TestDatasetsIdentical builds the full dataset with both drivers and checks
// that they hold the same data and use the same query plans.
func TestDatasetsIdentical(t *testing.T) {
	if testing.Short() {
		t.Skip("builds both full datasets")
	}
	const fp = `SELECT (SELECT count(*) || ' ' || sum(thread_id) || ' ' || sum(author_id) || ' ' || sum(created_at % 1000003) || ' ' ||
		sum(length(body)) || ' ' || sum(length(body_html)) || ' ' || min(length(body)) || ' ' || max(length(body)) FROM posts),
		(SELECT count(*) || ' ' || sum(user_id) || ' ' || sum(last_seen_at % 1000003) || ' ' || min(id_hash) FROM sessions),
		(SELECT body_html FROM posts WHERE id = 123456)`
	var first []string
	for _, d := range Drivers {
		db := env(t, d)
		var posts, sessions, sample string
		if err := db.Read.QueryRow(fp).Scan(&posts, &sessions, &sample); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s posts: %s", d.Name, posts)
		t.Logf("%s sessions: %s", d.Name, sessions)
		if first == nil {
			first = []string{posts, sessions, sample}
			t.Logf("sample body_html: %.300s…", sample)
			var full, avgRows float64
			if err := db.Read.QueryRow(`SELECT avg(n >= 20), avg(min(n, 20)) FROM (SELECT count(*) AS n FROM posts GROUP BY thread_id)`).Scan(&full, &avgRows); err != nil {
				t.Fatal(err)
			}
			t.Logf("threads with >= 20 posts: %.1f%%; mean rows per page: %.2f", 100*full, avgRows)
		} else if !slices.Equal(first, []string{posts, sessions, sample}) {
			t.Errorf("%s dataset differs from %s", d.Name, Drivers[0].Name)
		}
		for _, q := range []string{QuerySession, QueryPage} {
			rows, err := db.Read.Query("EXPLAIN QUERY PLAN "+db.Q(q), "x")
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var id, parent, unused int
				var detail string
				if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
					t.Fatal(err)
				}
				t.Logf("%s plan: %s", d.Name, detail)
			}
			rows.Close()
		}
	}
}

// TestTimestampColumns shows what each driver does with the project's real
// schema, where times are integer microseconds in TIMESTAMP columns: modernc
// (with _time_integer_format=unix_micro&_inttotime=1) returns the right
// time.Time; mattn guesses seconds or milliseconds from the magnitude.
func TestTimestampColumns(t *testing.T) {
	want := time.Date(2025, 6, 1, 12, 0, 0, 123456000, time.UTC)
	for _, d := range Drivers {
		t.Run(d.Name, func(t *testing.T) {
			db, _ := openSmall(t, d)
			if _, err := db.Write.Exec(`CREATE TABLE ts (at TIMESTAMP NOT NULL)`); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Write.Exec(db.Q(`INSERT INTO ts VALUES ($1)`), want.UnixMicro()); err != nil {
				t.Fatal(err)
			}
			var v any
			if err := db.Read.QueryRow(`SELECT at FROM ts`).Scan(&v); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: TIMESTAMP column holding %d scans as %T %v", d.Name, want.UnixMicro(), v, v)
			if d.Name == Modernc.Name {
				if got, ok := v.(time.Time); !ok || !got.Equal(want) {
					t.Errorf("modernc: got %v, want %v", v, want)
				}
			}
		})
	}
}
