package sqldb_test

import (
	"context"
	"database/sql"
	"errors"
	"reflect"
	"sync"
	"testing"
	"time"

	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

// Both engines' migrations must end with the same tables and columns.
func TestSchemasMatch(t *testing.T) {
	ctx := context.Background()
	lite, err := testkit.SQLite(t).Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := testkit.Postgres(t).Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(lite) < 10 {
		t.Fatalf("expected the foundation tables, got %v", lite)
	}
	if !reflect.DeepEqual(lite, pg) {
		for table, cols := range lite {
			if !reflect.DeepEqual(cols, pg[table]) {
				t.Errorf("table %s: sqlite %v, postgres %v", table, cols, pg[table])
			}
		}
		for table := range pg {
			if _, ok := lite[table]; !ok {
				t.Errorf("table %s only on postgres", table)
			}
		}
	}
}

func TestMigrateIsIdempotent(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		v1, err := db.Migrate(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if v1 < 1 {
			t.Fatalf("version %d", v1)
		}
	})
}

// Times go in as UTC microseconds and come back equal, and compare in
// SQL in time order (SQLite stores them as integers).
func TestTimesRoundTripAndCompare(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		base := time.Date(2026, 3, 29, 0, 59, 59, 999999000, time.UTC)
		for i, d := range []time.Duration{0, time.Microsecond, time.Hour} {
			_, err := db.ExecContext(ctx, `INSERT INTO communities (slug, name, timezone, created_at) VALUES ($1, $2, 'Europe/Oslo', $3)`,
				string(rune('a'+i)), "x", base.Add(d))
			if err != nil {
				t.Fatal(err)
			}
		}
		var got time.Time
		if err := db.QueryRowContext(ctx, `SELECT created_at FROM communities WHERE slug = 'a'`).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if !got.Equal(base) {
			t.Fatalf("round trip: got %v want %v", got, base)
		}
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM communities WHERE created_at > $1`, base).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 2 {
			t.Fatalf("later than base: %d rows, want 2", n)
		}
	})
}

func TestWriteRollsBackOnError(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		boom := errors.New("boom")
		err := db.Write(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO communities (slug, name, timezone, created_at) VALUES ('x', 'x', 'UTC', $1)`, time.Now().UTC()); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v", err)
		}
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM communities`).Scan(&n); err != nil || n != 0 {
			t.Fatalf("rows after rollback: %d (%v)", n, err)
		}
	})
}

func TestUniqueAndForeignKeyErrorsAreRecognised(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		ins := `INSERT INTO communities (slug, name, timezone, created_at) VALUES ('dup', 'x', 'UTC', $1)`
		if _, err := db.ExecContext(ctx, ins, time.Now().UTC()); err != nil {
			t.Fatal(err)
		}
		_, err := db.ExecContext(ctx, ins, time.Now().UTC())
		if !sqldb.IsUniqueViolation(err) {
			t.Fatalf("duplicate slug: %v not recognised as unique violation", err)
		}
		_, err = db.ExecContext(ctx, `INSERT INTO moderator_communities (user_id, community_id) VALUES (999, 999)`)
		if !sqldb.IsForeignKeyViolation(err) {
			t.Fatalf("missing parents: %v not recognised as foreign key violation", err)
		}
	})
}

// Many concurrent writers never see "database is locked": they queue for
// the single writer connection.
func TestConcurrentWritesDoNotLock(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		var wg sync.WaitGroup
		errs := make(chan error, 200)
		for i := range 200 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := db.Write(ctx, func(tx *sql.Tx) error {
					var n int
					if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM communities`).Scan(&n); err != nil {
						return err
					}
					_, err := tx.ExecContext(ctx, `INSERT INTO communities (slug, name, timezone, created_at) VALUES ($1, 'x', 'UTC', $2)`,
						"c"+string(rune('a'+i%26))+time.Duration(i).String(), time.Now().UTC())
					return err
				})
				if err != nil {
					errs <- err
				}
				// Readers run alongside.
				var n int
				if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM communities`).Scan(&n); err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM communities`).Scan(&n); err != nil || n != 200 {
			t.Fatalf("rows: %d (%v)", n, err)
		}
	})
}

// The SQLite reader pool refuses writes, so a write that forgot to use
// Write fails loudly instead of racing the writer.
func TestSQLiteReadersAreReadOnly(t *testing.T) {
	db := testkit.SQLite(t)
	_, err := db.QueryContext(context.Background(), `INSERT INTO communities (slug, name, timezone, created_at) VALUES ('r', 'r', 'UTC', 0)`)
	if err == nil {
		t.Fatal("insert through the reader pool succeeded")
	}
}

// A read query that cannot be prepared still reports its error, every
// time, and good queries keep working from the statement cache.
func TestStatementCacheKeepsErrors(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		for range 3 {
			var n int
			if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM no_such_table`).Scan(&n); err == nil {
				t.Fatal("query on a missing table succeeded")
			}
			if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM communities WHERE id > $1`, 0).Scan(&n); err != nil || n != 0 {
				t.Fatalf("cached query: %d %v", n, err)
			}
		}
	})
}
