package main

import (
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"filippo.io/age"

	"reconnect/internal/audit"
	"reconnect/internal/seal"
	"reconnect/internal/sqldb"
)

// The drill: ten backups taken by the real binary while two
// writers keep appending to the hash-chained audit log through the app's
// own database handle, each restored by the binary to a new file and
// compared with the source. Odd rounds are age-encrypted.
func TestBackupRestoreRoundTripsUnderWrites(t *testing.T) {
	bin := buildBinary(t)
	ctx := context.Background()
	dir := t.TempDir()
	src := filepath.Join(dir, "src.db")
	a := seededApp(t, src, "")
	db := a.DB

	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	idFile := filepath.Join(dir, "backup.agekey")
	if err := os.WriteFile(idFile, []byte(id.String()+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// Some volume first, so a copy takes measurable time.
	appendAudit(t, db, "seed", 20000)

	var stop atomic.Bool
	var written atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for _, chain := range []string{"writer-a", "writer-b"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				err := db.Write(ctx, func(tx *sql.Tx) error {
					return audit.Append(ctx, tx, &audit.Record{Chain: chain, At: time.Now(), Action: "backup.test",
						TargetKind: "row", TargetID: strconv.FormatInt(written.Load(), 10), Details: map[string]string{"n": "x"}})
				})
				if err != nil {
					errs <- err
					return
				}
				written.Add(1)
			}
		}()
	}
	defer func() { stop.Store(true); wg.Wait() }()

	latest, _ := sqldb.LatestVersion(sqldb.SQLite)
	sizeRE := regexp.MustCompile(`(\d+) bytes`)
	staticBefore := tableSums(t, rawOpen(t, src), sqldb.SQLite, "audit_log", "audit_heads")
	var lastN int64
	concurrent := 0
	var backupTotal, restoreTotal time.Duration
	for round := 1; round <= 10; round++ {
		time.Sleep(100 * time.Millisecond)
		before := maxID(t, rawOpen(t, src))
		to := filepath.Join(dir, "b"+strconv.Itoa(round)+".backup")
		args := []string{"backup", "--db", src, "--to", to}
		restoreArgs := []string{"restore", "--from", to, "--db", filepath.Join(dir, "r"+strconv.Itoa(round)+".db")}
		if round%2 == 1 {
			args = append(args, "--age-recipient", id.Recipient().String())
			restoreArgs = append(restoreArgs, "--age-identity-file", idFile)
		}
		t0 := time.Now()
		out, err := exec.Command(bin, args...).CombinedOutput()
		took := time.Since(t0)
		if err != nil {
			t.Fatalf("round %d backup: %v\n%s", round, err, out)
		}
		after := maxID(t, rawOpen(t, src))
		t1 := time.Now()
		rout, err := exec.Command(bin, restoreArgs...).CombinedOutput()
		rtook := time.Since(t1)
		if err != nil {
			t.Fatalf("round %d restore: %v\n%s", round, err, rout)
		}
		backupTotal += took
		restoreTotal += rtook

		restoredPath := restoreArgs[4]
		restored := rawOpen(t, restoredPath)
		// Migrations at the latest version.
		var v int64
		if err := restored.QueryRow(`SELECT MAX(version_id) FROM goose_db_version WHERE is_applied`).Scan(&v); err != nil || v != latest {
			t.Fatalf("round %d: schema version %d (%v), want %d", round, v, err, latest)
		}
		// The audit log is a prefix 1..N of the source's, row for row,
		// with N between the source's before and after the backup.
		n := maxID(t, restored)
		var count int64
		restored.QueryRow(`SELECT COUNT(*) FROM audit_log`).Scan(&count)
		if count != n || n < before || n > after || n <= lastN {
			t.Fatalf("round %d: restored %d rows, max id %d; source had %d before and %d after; last round %d", round, count, n, before, after, lastN)
		}
		if n < after {
			concurrent++
		}
		lastN = n
		q := `SELECT * FROM audit_log WHERE id <= $1 ORDER BY id`
		got, want := rowTexts(t, restored, q, n), rowTexts(t, rawOpen(t, src), q, n)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("round %d: audit rows 1..%d differ from the source", round, n)
		}
		// Each transaction is whole: the heads match the log, every chain verifies.
		rdb, err := sqldb.Open(ctx, restoredPath)
		if err != nil {
			t.Fatal(err)
		}
		checked, breaks, err := audit.Verify(ctx, rdb)
		rdb.Close()
		if err != nil || len(breaks) > 0 || checked != n {
			t.Fatalf("round %d: audit verify: %d checked of %d, breaks %v, %v", round, checked, n, breaks, err)
		}
		// Every other table is identical.
		if got := tableSums(t, restored, sqldb.SQLite, "audit_log", "audit_heads"); !equalMaps(got, staticBefore) {
			t.Fatalf("round %d: tables differ:\n%v\n%v", round, got, staticBefore)
		}
		size := sizeRE.FindStringSubmatch(string(out))
		t.Logf("round %d (encrypted %v): %s bytes, %d audit rows; backup %v, restore %v; %d rows committed by the writers while the backup ran",
			round, round%2 == 1, size[1], n, took.Round(time.Millisecond), rtook.Round(time.Millisecond), after-before)
	}
	if concurrent == 0 {
		t.Fatal("no backup ran while the writers committed; the test proved nothing about writes under load")
	}
	stop.Store(true)
	wg.Wait()
	select {
	case err := <-errs:
		t.Fatalf("writer: %v", err)
	default:
	}
	// The data key is not in the backup: sealed text in the last restore
	// opens with the source's key file and with no other key.
	last := filepath.Join(dir, "r10.db")
	if opened, failed := openSealed(t, rawOpen(t, last), src+".key"); opened < 5 || failed > 0 {
		t.Fatalf("with the data key: %d sealed values opened, %d did not", opened, failed)
	}
	if _, err := seal.WriteKeyFile(filepath.Join(dir, "other.key")); err != nil {
		t.Fatal(err)
	}
	if opened, _ := openSealed(t, rawOpen(t, last), filepath.Join(dir, "other.key")); opened > 0 {
		t.Fatalf("%d sealed values opened under another key", opened)
	}
	t.Logf("10 round trips; %d of them with writes committed during the backup; writers committed %d transactions; mean backup %v, mean restore %v (wall clock, binary start included)",
		concurrent, written.Load(), (backupTotal / 10).Round(time.Millisecond), (restoreTotal / 10).Round(time.Millisecond))
}

func appendAudit(t *testing.T, db *sqldb.DB, chain string, n int) {
	t.Helper()
	ctx := context.Background()
	err := db.Write(ctx, func(tx *sql.Tx) error {
		for i := range n {
			if err := audit.Append(ctx, tx, &audit.Record{Chain: chain, At: time.Now(), Action: "backup.seed",
				TargetKind: "row", TargetID: strconv.Itoa(i), Details: map[string]string{"pad": strings.Repeat("p", 64)}}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// rawOpen opens a SQLite file read-only without the app's pragmas.
func rawOpen(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

func maxID(t *testing.T, db *sql.DB) int64 {
	t.Helper()
	var n int64
	if err := db.QueryRow(`SELECT COALESCE(MAX(id), 0) FROM audit_log`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
