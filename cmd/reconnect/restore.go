package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"filippo.io/age"

	"reconnect/internal/backup"
	"reconnect/internal/sqldb"
)

// restoreCmd brings a backup back as the SQLite database at --db,
// checked before it replaces anything.
func restoreCmd(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	from := fs.String("from", "", "backup file written by reconnect backup")
	db := fs.String("db", e.getenv("RECONNECT_DB"), "SQLite file to restore into (RECONNECT_DB)")
	idFile := fs.String("age-identity-file", "", "age identity (secret key) file, for an encrypted backup")
	force := fs.Bool("force", false, "replace an existing database (stop reconnect serve first)")
	if err := fs.Parse(args); err != nil {
		return exitCode(2)
	}
	if *db == "" || *from == "" || fs.NArg() > 0 {
		return errors.New("usage: reconnect restore --from FILE --db PATH [--age-identity-file F] [--force]")
	}
	if isPostgres(*db) {
		return errPostgresBackup
	}
	exists := false
	for _, p := range []string{*db, *db + "-wal"} {
		if _, err := os.Stat(p); err == nil {
			exists = true
		}
	}
	if exists && !*force {
		return fmt.Errorf("%s exists; stop reconnect serve and pass --force to replace it", *db)
	}
	var ids []age.Identity
	if *idFile != "" {
		var err error
		if ids, err = backup.Identities(*idFile); err != nil {
			return err
		}
	}
	latest, err := sqldb.LatestVersion(sqldb.SQLite)
	if err != nil {
		return err
	}
	start := time.Now()
	tmp := backup.TempName(filepath.Dir(*db), filepath.Base(*db))
	defer os.Remove(tmp)
	if err := unpack(*from, tmp, ids); err != nil {
		return err
	}
	info, err := backup.Check(ctx, tmp, latest)
	if err != nil {
		return fmt.Errorf("the backup failed its check, nothing restored: %w", err)
	}
	if exists {
		if err := backup.Release(ctx, *db); err != nil {
			return err
		}
	}
	if err := backup.Commit(tmp, *db); err != nil {
		return err
	}
	printf(e.stdout, "restored %s from %s: schema version %d, integrity ok, %d bytes, %.2fs\n",
		*db, *from, info.Version, info.Size, time.Since(start).Seconds())
	// The data key is not in the database; without it sealed text stays
	// shut, and serve would make a new key beside the database.
	if _, err := os.Stat(*db + ".key"); err != nil {
		printf(e.stdout, "note: no data key at %s.key; copy the data key file from your key backup there or start serve with --data-key-file, or sealed messages and toolbox entries will not open\n", *db)
	}
	return nil
}

// unpack writes the plain database from the backup file from to the new
// file tmp (mode 0600), decrypting when it is age-encrypted, and syncs it.
func unpack(from, tmp string, ids []age.Identity) error {
	in, err := os.Open(from) // #nosec G304 -- the backup file the operator names
	if err != nil {
		return err
	}
	defer in.Close()
	format, r, err := backup.Sniff(in)
	if err != nil {
		return fmt.Errorf("%s: %w", from, err)
	}
	if format != backup.Plain {
		if r, err = backup.Decrypt(r, format, ids); err != nil {
			return err
		}
	}
	out, err := os.OpenFile(tmp, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600) // #nosec G304 -- new temp file next to the database the operator names
	if err != nil {
		return err
	}
	_, err = io.Copy(out, r)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", from, err)
	}
	return nil
}
