package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"reconnect/internal/mail"
	"reconnect/internal/messages"
	"reconnect/internal/reseal"
	"reconnect/internal/seal"
	"reconnect/internal/sqldb"
	"reconnect/internal/toolbox"
)

// keysNew writes a fresh data key to a new file (mode 0600).
func keysNew(args []string, e env) error {
	if len(args) != 1 {
		return errors.New("usage: reconnect keys new FILE")
	}
	if _, err := os.Stat(args[0]); err == nil { // #nosec G703 -- the key file path the operator names (never overwritten)
		return fmt.Errorf("%s exists; a key file is never overwritten", args[0])
	}
	k, err := seal.WriteKeyFile(args[0])
	if err != nil {
		return err
	}
	printf(e.stdout, "wrote data key %s to %s; keep it apart from database backups\n", k.ID, args[0])
	return nil
}

// keysRotate re-seals everything under --data-key-file, opening values
// sealed under --old-data-key-files. Run it while the servers run with
// the new key first and the old ones listed; then drop the old keys.
func keysRotate(ctx context.Context, args []string, e env) error {
	cfg, fs := parseConfig("keys rotate", e)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := cfg.Finish(); err != nil {
		return err
	}
	if cfg.DataKeys == nil {
		return errors.New("keys rotate needs --data-key-file (the new key) and --old-data-key-files (the keys it replaces)")
	}
	db, err := sqldb.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	cols := append(append(append([]reseal.Column{}, messages.SealedColumns...), mail.SealedColumns...), toolbox.SealedColumns...)
	n, err := reseal.Run(ctx, db, cfg.DataKeys, cols...)
	if err != nil {
		return err
	}
	printf(e.stdout, "re-sealed %d values under key %s\n", n, cfg.DataKeys.Primary())
	return nil
}
