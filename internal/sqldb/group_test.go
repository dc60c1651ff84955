package sqldb_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

// Writes from many callers at once each get exactly their own outcome:
// those that succeed are kept with their commit hooks run once, those
// that fail (an error, a unique violation, a panic) leave nothing and run
// no hook, whichever group they shared with others.
func TestConcurrentWritesKeepTheirOwnOutcome(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		boom := errors.New("boom")
		const n = 300
		var hooks [n]atomic.Int32
		errs := make([]error, n)
		panics := make([]any, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() { panics[i] = recover() }()
				slug := fmt.Sprintf("c%03d", i)
				if i%7 == 3 {
					slug = "same" // all but one of these collide
				}
				errs[i] = db.Write(ctx, func(tx *sql.Tx) error {
					if _, err := tx.ExecContext(ctx, `INSERT INTO communities (slug, name, timezone, created_at) VALUES ($1, 'x', 'UTC', $2)`, slug, time.Now().UTC()); err != nil {
						return err
					}
					db.OnCommit(tx, func() { hooks[i].Add(1) })
					switch i % 7 {
					case 1:
						return boom
					case 5:
						panic("kaboom")
					}
					return nil
				})
			}()
		}
		wg.Wait()
		kept, sameKept := 0, 0
		for i := range n {
			var rows int
			if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM communities WHERE slug = $1`, fmt.Sprintf("c%03d", i)).Scan(&rows); err != nil {
				t.Fatal(err)
			}
			switch i % 7 {
			case 1:
				if !errors.Is(errs[i], boom) || rows != 0 || hooks[i].Load() != 0 {
					t.Errorf("write %d failed with %v but left %d rows and ran %d hooks", i, errs[i], rows, hooks[i].Load())
				}
			case 5:
				if panics[i] != "kaboom" || rows != 0 || hooks[i].Load() != 0 {
					t.Errorf("write %d panicked (%v) but left %d rows and ran %d hooks", i, panics[i], rows, hooks[i].Load())
				}
			case 3:
				switch {
				case errs[i] == nil && hooks[i].Load() == 1:
					sameKept++
				case sqldb.IsUniqueViolation(errs[i]) && hooks[i].Load() == 0:
				default:
					t.Errorf("colliding write %d: %v, %d hooks", i, errs[i], hooks[i].Load())
				}
			default:
				if errs[i] != nil || panics[i] != nil || rows != 1 || hooks[i].Load() != 1 {
					t.Errorf("write %d: err %v, panic %v, %d rows, %d hooks", i, errs[i], panics[i], rows, hooks[i].Load())
				}
				kept++
			}
		}
		var same int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM communities WHERE slug = 'same'`).Scan(&same); err != nil || same != 1 || sameKept != 1 {
			t.Errorf("colliding slug: %d rows, %d writes reported success (%v)", same, sameKept, err)
		}
		var all int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM communities`).Scan(&all); err != nil || all != kept+1 {
			t.Errorf("%d rows in all, want %d", all, kept+1)
		}
		if db.Engine == sqldb.SQLite {
			groups, writes, _ := db.GroupStats()
			t.Logf("%d writes committed in %d groups", writes, groups)
			if writes != int64(kept+1) || groups >= writes {
				t.Errorf("group commit: %d writes in %d groups; want %d writes sharing groups", writes, groups, kept+1)
			}
		}
	})
}

// A caller that goes away mid-write loses only its own write: on SQLite
// an interrupted statement can take the whole shared transaction with
// it, and the others' writes are then run again on their own.
func TestCancelledWriteLeavesOthersIntact(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		const n = 60
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				wctx := ctx
				if i%10 == 4 {
					c, cancel := context.WithCancel(ctx)
					wctx = c
					defer cancel()
					errs[i] = db.Write(wctx, func(tx *sql.Tx) error {
						if _, err := tx.ExecContext(wctx, `INSERT INTO communities (slug, name, timezone, created_at) VALUES ($1, 'x', 'UTC', $2)`, fmt.Sprintf("c%03d", i), time.Now().UTC()); err != nil {
							return err
						}
						time.AfterFunc(30*time.Millisecond, cancel)
						// A long statement, interrupted by the cancellation.
						_, err := tx.ExecContext(wctx, `WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < 50000000)
							UPDATE communities SET name = 'y' WHERE id IN (SELECT x FROM r WHERE x < 0)`)
						return err
					})
					return
				}
				errs[i] = db.Write(wctx, func(tx *sql.Tx) error {
					_, err := tx.ExecContext(wctx, `INSERT INTO communities (slug, name, timezone, created_at) VALUES ($1, 'x', 'UTC', $2)`, fmt.Sprintf("c%03d", i), time.Now().UTC())
					return err
				})
			}()
		}
		wg.Wait()
		if db.Engine == sqldb.SQLite {
			_, _, reruns := db.GroupStats()
			t.Logf("%d writes run again after their group was lost", reruns)
			if reruns == 0 {
				t.Error("no group transaction was lost: the interruption did not reach a shared group")
			}
		}
		for i := range n {
			var rows int
			if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM communities WHERE slug = $1`, fmt.Sprintf("c%03d", i)).Scan(&rows); err != nil {
				t.Fatal(err)
			}
			if i%10 == 4 {
				if errs[i] == nil || rows != 0 {
					t.Errorf("cancelled write %d: err %v, %d rows", i, errs[i], rows)
				}
			} else if errs[i] != nil || rows != 1 {
				t.Errorf("write %d: err %v, %d rows", i, errs[i], rows)
			}
		}
	})
}

// Closing twice is harmless (as sql.DB's Close is), and a write after
// Close is refused rather than left waiting.
func TestCloseTwiceAndWriteAfterClose(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		err := db.Write(context.Background(), func(tx *sql.Tx) error { return nil })
		if err == nil {
			t.Fatal("a write after Close succeeded")
		}
	})
}
