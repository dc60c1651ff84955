package audit_test

import (
	"context"
	"database/sql"
	"strconv"
	"sync"
	"testing"
	"time"

	"reconnect/internal/audit"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

func appendN(t *testing.T, db *sqldb.DB, chain string, n int) {
	t.Helper()
	ctx := context.Background()
	for i := range n {
		err := db.Write(ctx, func(tx *sql.Tx) error {
			return audit.Append(ctx, tx, &audit.Record{Chain: chain, At: time.Now(), ActorID: int64(i + 1),
				Action: "test.action", TargetKind: "thing", TargetID: strconv.Itoa(i), Details: map[string]string{"n": strconv.Itoa(i)}})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func verify(t *testing.T, db *sqldb.DB) (int64, []audit.Break) {
	t.Helper()
	n, breaks, err := audit.Verify(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	return n, breaks
}

func TestIntactChainVerifies(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		appendN(t, db, "admin", 5)
		appendN(t, db, "moderation", 3)
		n, breaks := verify(t, db)
		if n != 8 || len(breaks) != 0 {
			t.Fatalf("checked %d, breaks %v", n, breaks)
		}
	})
}

// Every kind of tampering is found, at the record where it happened.
func TestTamperingIsDetected(t *testing.T) {
	cases := []struct {
		name    string
		tamper  string
		wantSeq int64
	}{
		{"changed details", `UPDATE audit_log SET details = '{"n":"99"}' WHERE chain = 'admin' AND seq = 3`, 3},
		{"changed actor", `UPDATE audit_log SET actor_id = 42 WHERE chain = 'admin' AND seq = 2`, 2},
		{"changed action and rehashed", `UPDATE audit_log SET action = 'other', hash = 'ff' WHERE chain = 'admin' AND seq = 4`, 4},
		{"deleted record", `DELETE FROM audit_log WHERE chain = 'admin' AND seq = 3`, 3},
		{"truncated tail", `DELETE FROM audit_log WHERE chain = 'admin' AND seq >= 4`, 4},
		{"relinked", `UPDATE audit_log SET prev_hash = 'aa' WHERE chain = 'admin' AND seq = 5`, 5},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
				appendN(t, db, "admin", 5)
				appendN(t, db, "other", 2)
				if _, err := db.ExecContext(context.Background(), c.tamper); err != nil {
					t.Fatal(err)
				}
				_, breaks := verify(t, db)
				if len(breaks) != 1 || breaks[0].Chain != "admin" || breaks[0].Seq != c.wantSeq {
					t.Fatalf("breaks %+v, want one at admin/%d", breaks, c.wantSeq)
				}
			})
		})
	}
}

// Concurrent appends to one chain still produce one unbroken chain
// (PostgreSQL serialises them on the head row; SQLite on its writer).
func TestConcurrentAppendsKeepTheChain(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				appendN(t, db, "admin", 10)
			}()
		}
		wg.Wait()
		n, breaks := verify(t, db)
		if n != 80 || len(breaks) != 0 {
			t.Fatalf("checked %d, breaks %v", n, breaks)
		}
	})
}

// A record is written in the caller's transaction: when the change rolls
// back, so does its audit record, and the chain stays whole.
func TestAppendRollsBackWithTheChange(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		appendN(t, db, "admin", 2)
		_ = db.Write(ctx, func(tx *sql.Tx) error {
			if err := audit.Append(ctx, tx, &audit.Record{Chain: "admin", At: time.Now(), Action: "x", TargetKind: "y", TargetID: "z"}); err != nil {
				t.Fatal(err)
			}
			return context.Canceled
		})
		appendN(t, db, "admin", 1)
		n, breaks := verify(t, db)
		if n != 3 || len(breaks) != 0 {
			t.Fatalf("checked %d, breaks %v", n, breaks)
		}
	})
}
