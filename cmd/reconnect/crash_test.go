package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

// Crash safety on SQLite: 16 writers, SIGKILL at a random moment, restart,
// 20 times; every acknowledged write survives exactly once and the file
// passes PRAGMA integrity_check after every restart. See docs/reliability.md.
func TestCrashSQLite(t *testing.T) {
	bin := binary(t)
	path := filepath.Join(t.TempDir(), "crash.db")
	args := []string{"--db", path}
	f := seedWriters(t, 16, args...)
	crashCycles(t, bin, args, f, 20, func(t *testing.T) {
		if got := integrityCheck(t, path); got != "ok" {
			t.Fatalf("PRAGMA integrity_check: %s", got)
		}
	})
}

// Crash safety on PostgreSQL: the same, 5 times, on a fresh schema.
func TestCrashPostgres(t *testing.T) {
	bin := binary(t)
	dsn := testkit.PostgresDSN(t) // skips (or fails under RECONNECT_TEST_REQUIRE_ALL) without a server
	key := filepath.Join(t.TempDir(), "data.key")
	if err := keysNew([]string{key}, env{stdout: io.Discard, stderr: io.Discard}); err != nil {
		t.Fatal(err)
	}
	args := []string{"--db", dsn, "--data-key-file", key}
	f := seedWriters(t, 16, args...)
	crashCycles(t, bin, args, f, 5, nil)
}

// crashCycles runs the writers against the binary and kills it with
// SIGKILL after 50–400 ms, cycles times, then restarts it once more,
// stops it with SIGTERM and checks every write in the database.
func crashCycles(t *testing.T, bin string, args []string, f fixture, cycles int, afterStart func(*testing.T)) {
	ls := make([]*ledger, len(f.tokens))
	for i := range ls {
		ls[i] = newLedger()
	}
	began := time.Now()
	var acked int
	var restart, writing time.Duration
	for c := range cycles {
		t0 := time.Now()
		s := startServer(t, bin, args...)
		restart = max(restart, time.Since(t0))
		if afterStart != nil {
			afterStart(t)
		}
		stop := make(chan struct{})
		done := make(chan int)
		first := make(chan struct{})
		go func() { done <- runWriters(s.url(""), f, ls, stop, first) }()
		// The kill comes 50–400 ms into the writing, counted from the
		// first acknowledged write so a slow start cannot leave a cycle
		// with nothing to lose.
		select {
		case <-first:
		case <-time.After(10 * time.Second):
			t.Fatalf("cycle %d: no write acknowledged in 10 s", c+1)
		}
		d := time.Duration(50+rand.IntN(351)) * time.Millisecond
		writing += d
		time.Sleep(d)
		s.kill()
		close(stop)
		n := <-done
		acked += n
		t.Logf("cycle %d: %d writes acknowledged before SIGKILL", c+1, n)
	}
	s := startServer(t, bin, args...)
	if afterStart != nil {
		afterStart(t)
	}
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	<-s.done
	if s.err != nil {
		t.Fatalf("exit after SIGTERM: %v\n%s", s.err, s.stderr.String())
	}
	var rejected []string
	var unacked int
	for _, l := range ls {
		rejected = append(rejected, l.rejected...)
		unacked += len(l.postUnacked) + l.msgUnacked
		for _, r := range l.rsvps {
			if !r.acked {
				unacked++
			}
		}
	}
	if len(rejected) > 0 {
		t.Errorf("%d writes answered with an error, first: %s", len(rejected), rejected[0])
	}
	ctx := context.Background()
	db, err := sqldb.Open(ctx, args[1])
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	problems, checked, err := verifyWrites(ctx, db, f, ls)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
	if checked != acked || acked < 10*cycles {
		t.Fatalf("checked %d acknowledged writes of %d; too few to mean anything?", checked, acked)
	}
	t.Logf("%d cycles in %v: %d acknowledged writes verified exactly once, %d unanswered at the kill; slowest restart to ready %v; %.0f acknowledged writes/s",
		cycles, time.Since(began).Round(time.Millisecond), checked, unacked, restart.Round(time.Millisecond), float64(acked)/writing.Seconds())
	checkVerifierCatches(t, db, f, ls)
}

// checkVerifierCatches proves the verification can fail: it loses one
// acknowledged post and one message, duplicates another post, and
// expects each to be reported.
func checkVerifierCatches(t *testing.T, db *sqldb.DB, f fixture, ls []*ledger) {
	ctx := context.Background()
	var lost, dup, msg int64
	for _, l := range ls {
		for _, id := range l.postAcked {
			if lost == 0 {
				lost = id
			} else if dup == 0 {
				dup = id
			}
		}
		if len(l.msgAcked) > 0 {
			msg = l.msgAcked[0]
		}
	}
	if dup == 0 || msg == 0 {
		t.Fatal("too few acknowledged writes to tamper with")
	}
	err := db.Write(ctx, func(tx *sql.Tx) error {
		for q, id := range map[string]int64{`DELETE FROM posts WHERE id = $1`: lost, `DELETE FROM messages WHERE id = $1`: msg,
			`INSERT INTO posts (thread_id, author_id, body, body_html, created_at)
			 SELECT thread_id, author_id, body, body_html, created_at FROM posts WHERE id = $1`: dup} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	problems, _, err := verifyWrites(ctx, db, f, ls)
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(problems, "\n")
	if !strings.Contains(all, fmt.Sprintf("acknowledged post %d (", lost)) || !strings.Contains(all, fmt.Sprintf("found as [%d ", dup)) ||
		!strings.Contains(all, fmt.Sprintf("acknowledged message %d missing", msg)) {
		t.Fatalf("the verification missed a lost or doubled write; it reported:\n%s", all)
	}
}

// integrityCheck runs PRAGMA integrity_check on the SQLite file beside
// the running server.
func integrityCheck(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`PRAGMA integrity_check`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return strings.Join(out, "; ")
}
