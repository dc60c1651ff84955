package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"filippo.io/age"

	"reconnect/internal/backup"
	"reconnect/internal/sqldb"
)

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

var errPostgresBackup = errors.New("PostgreSQL is backed up with pg_dump (daily) and WAL archiving; see docs/operations.md")

func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// backupCmd writes a consistent copy of the SQLite database while the
// server keeps running, optionally encrypted with age.
func backupCmd(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	db := fs.String("db", e.getenv("RECONNECT_DB"), "SQLite file to back up (RECONNECT_DB)")
	to := fs.String("to", "", "backup file to write")
	var keys stringList
	fs.Var(&keys, "age-recipient", "encrypt to this age public key (age1…); repeatable")
	keysFile := fs.String("age-recipients-file", "", "encrypt to the age public keys in this file")
	force := fs.Bool("force", false, "replace an existing backup file")
	if err := fs.Parse(args); err != nil {
		return exitCode(2)
	}
	if *db == "" || *to == "" || fs.NArg() > 0 {
		return errors.New("usage: reconnect backup --db PATH --to FILE [--age-recipient KEY]... [--age-recipients-file F] [--force]")
	}
	if isPostgres(*db) {
		return errPostgresBackup
	}
	if _, err := os.Stat(*to); err == nil && !*force {
		return fmt.Errorf("%s exists; pass --force to replace it", *to)
	}
	encrypt := len(keys) > 0 || *keysFile != ""
	var err error
	var rs []age.Recipient
	if encrypt {
		if rs, err = backup.Recipients(keys, *keysFile); err != nil {
			return err
		}
	}
	latest, err := sqldb.LatestVersion(sqldb.SQLite)
	if err != nil {
		return err
	}
	start := time.Now()
	// The plain copy goes next to the database when it is to be
	// encrypted, so no plaintext lands where the backups are kept.
	plainDir := filepath.Dir(*to)
	if encrypt {
		plainDir = filepath.Dir(*db)
	}
	plain := backup.TempName(plainDir, filepath.Base(*to))
	defer os.Remove(plain)
	if err := backup.Snapshot(ctx, *db, plain); err != nil {
		return err
	}
	info, err := backup.Check(ctx, plain, latest)
	if err != nil {
		return fmt.Errorf("the copy failed its check, nothing written: %w", err)
	}
	final := plain
	if encrypt {
		if final, err = encryptCopy(plain, *to, rs); err != nil {
			return err
		}
		defer os.Remove(final)
	}
	if err := backup.Commit(final, *to); err != nil {
		return err
	}
	st, err := os.Stat(*to)
	if err != nil {
		return err
	}
	how := "plain SQLite"
	if encrypt {
		how = fmt.Sprintf("age-encrypted to %d recipient(s)", len(rs))
	}
	printf(e.stdout, "backup written to %s: schema version %d, integrity ok, %d bytes (%s), %.2fs\n",
		*to, info.Version, st.Size(), how, time.Since(start).Seconds())
	return nil
}

// encryptCopy writes the age encryption of plain to a new temporary file
// next to to and returns its name, synced.
func encryptCopy(plain, to string, rs []age.Recipient) (string, error) {
	tmp := backup.TempName(filepath.Dir(to), filepath.Base(to))
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600) // #nosec G304 -- new temp file next to the backup path the operator gave
	if err != nil {
		return "", err
	}
	err = backup.Encrypt(f, plain, rs)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(tmp) // best-effort cleanup; the encryption error is reported
		return "", fmt.Errorf("encrypt: %w", err)
	}
	return tmp, nil
}
