package app

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"reconnect/internal/config"
	"reconnect/internal/seal"
)

// dataKeys returns the configured keyring. On SQLite without one, the
// key lives beside the database file (made on first start, mode 0600)
// so that `go run ./cmd/reconnect demo` and a small single-node
// deployment just work; PostgreSQL needs --data-key-file.
func dataKeys(cfg config.Config, log *slog.Logger) (*seal.Keyring, error) {
	if cfg.DataKeys != nil {
		return cfg.DataKeys, nil
	}
	if strings.HasPrefix(cfg.DB, "postgres://") || strings.HasPrefix(cfg.DB, "postgresql://") {
		return nil, fmt.Errorf("PostgreSQL needs --data-key-file (RECONNECT_DATA_KEY_FILE); make one with `reconnect keys new FILE`")
	}
	path := cfg.DB + ".key"
	k, err := seal.LoadKey(path)
	if errors.Is(err, os.ErrNotExist) {
		if k, err = seal.WriteKeyFile(path); err == nil {
			log.Warn("made a new data key beside the database; back it up apart from the database", "path", path)
		}
	}
	if err != nil {
		return nil, err
	}
	return seal.NewKeyring(k), nil
}
