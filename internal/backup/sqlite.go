// Package backup copies a SQLite database while the server keeps
// writing, checks a copy before it is trusted, and encrypts backups with
// age. PostgreSQL is backed up with its own tools (docs/operations.md).
package backup

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // registers "sqlite"
)

// sqliteMagic starts every SQLite database file.
const sqliteMagic = "SQLite format 3\x00"

// openRaw opens one plain connection to an existing SQLite file, without
// the server's pragmas: the copy must not switch journal modes or run
// migrations. It never creates the file.
func openRaw(ctx context.Context, path string) (*sql.DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?_pragma=busy_timeout(10000)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close() // already returning an error
		return nil, err
	}
	return db, nil
}

// Snapshot writes a consistent, compacted copy of the SQLite database at
// src to the new file out with VACUUM INTO. VACUUM INTO reads inside one
// read transaction, so the copy is the database as of one commit while
// the server keeps writing (WAL lets readers and the writer run side by
// side). out is created with mode 0600 and must not exist.
func Snapshot(ctx context.Context, src, out string) error {
	db, err := openRaw(ctx, src)
	if err != nil {
		return fmt.Errorf("open %s: %w", src, err)
	}
	defer db.Close()
	// VACUUM INTO accepts an empty file, so create it first with the
	// mode a private copy needs.
	f, err := os.OpenFile(out, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600) // #nosec G304 -- a new file (O_EXCL) that the backup command names next to its target
	if err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		_ = os.Remove(out) // best-effort cleanup; the Close error is reported
		return err
	}
	if _, err := db.ExecContext(ctx, `VACUUM INTO $1`, out); err != nil {
		_ = os.Remove(out) // best-effort cleanup; the VACUUM error is reported
		return fmt.Errorf("VACUUM INTO: %w", err)
	}
	if err := syncFile(out); err != nil {
		_ = os.Remove(out) // best-effort cleanup; the fsync error is reported
		return err
	}
	return nil
}

// Info describes a checked copy.
type Info struct {
	Version int64 // schema version (goose)
	Size    int64 // bytes
}

// Check opens the SQLite file at path and confirms that PRAGMA
// integrity_check passes and that it is a ReConnect database: a goose
// version table with a schema version no newer than latest.
func Check(ctx context.Context, path string, latest int64) (Info, error) {
	var info Info
	if err := hasMagic(path); err != nil {
		return info, err
	}
	db, err := openRaw(ctx, path)
	if err != nil {
		return info, err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return info, fmt.Errorf("integrity check: %w", err)
	}
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			_ = rows.Close() // already returning an error
			return info, err
		}
		if s != "ok" {
			problems = append(problems, s)
		}
	}
	if err := rows.Close(); err != nil {
		return info, fmt.Errorf("integrity check: %w", err)
	}
	if err := rows.Err(); err != nil {
		return info, fmt.Errorf("integrity check: %w", err)
	}
	if len(problems) > 0 {
		return info, fmt.Errorf("integrity check failed: %s", strings.Join(problems[:min(5, len(problems))], "; "))
	}
	if err := db.QueryRowContext(ctx,
		`SELECT COALESCE(MAX(version_id), -1) FROM goose_db_version WHERE is_applied`).Scan(&info.Version); err != nil {
		return info, fmt.Errorf("not a ReConnect database (no migration table): %w", err)
	}
	if info.Version < 1 {
		return info, errors.New("not a ReConnect database: no migrations applied")
	}
	if info.Version > latest {
		return info, fmt.Errorf("schema version %d is newer than this binary knows (%d); restore with a newer reconnect", info.Version, latest)
	}
	st, err := os.Stat(path)
	if err != nil {
		return info, err
	}
	info.Size = st.Size()
	return info, nil
}

func hasMagic(path string) error {
	f, err := os.Open(path) // #nosec G304 -- the copy that backup or restore just wrote, next to the path the operator named
	if err != nil {
		return err
	}
	defer f.Close()
	b := make([]byte, len(sqliteMagic))
	if _, err := f.Read(b); err != nil || string(b) != sqliteMagic {
		return errors.New("not a SQLite database file")
	}
	return nil
}

// TempName returns an unused name in dir for a file being written, to be
// renamed into place once complete.
func TempName(dir, base string) string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return filepath.Join(dir, "."+base+"."+hex.EncodeToString(b[:])+".tmp")
}

// syncFile flushes a file's contents to stable storage.
func syncFile(path string) error {
	f, err := os.Open(path) // #nosec G304 -- a file this package just wrote
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("fsync %s: %w", path, err)
	}
	return nil
}

// Commit renames the complete, synced file tmp to final and syncs the
// directory so the rename survives a crash.
func Commit(tmp, final string) error {
	if err := os.Rename(tmp, final); err != nil {
		return err
	}
	d, err := os.Open(filepath.Dir(final))
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("fsync directory of %s: %w", final, err)
	}
	return nil
}

// Release makes sure no one else has the SQLite database at path open
// and folds its WAL back into the file, so the file can be replaced
// without a stale WAL or shared-memory file being applied to the new
// one. Leaving WAL mode needs every other connection closed: a running
// server makes this fail.
func Release(ctx context.Context, path string) error {
	db, err := openRaw(ctx, path)
	if err != nil {
		return err
	}
	defer db.Close()
	var mode string
	err = db.QueryRowContext(ctx, `PRAGMA journal_mode=DELETE`).Scan(&mode)
	if err != nil || mode != "delete" {
		return fmt.Errorf("%s is in use (is reconnect serve running? stop it first): %v", path, err)
	}
	if err := db.Close(); err != nil {
		return err
	}
	for _, p := range []string{path + "-wal", path + "-shm"} {
		if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	return nil
}
