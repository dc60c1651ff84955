package main

import (
	"context"

	"reconnect/internal/audit"
	"reconnect/internal/sqldb"
)

// auditVerify walks every audit chain and reports the first broken link
// in each. It exits with status 1 when any chain is broken.
func auditVerify(ctx context.Context, args []string, e env) error {
	cfg, fs := parseConfig("audit verify", e)
	if err := finish(cfg, fs, args); err != nil {
		return err
	}
	db, err := sqldb.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	n, breaks, err := audit.Verify(ctx, db)
	if err != nil {
		return err
	}
	if len(breaks) == 0 {
		printf(e.stdout, "audit log intact: %d records checked\n", n)
		heads, err := audit.Heads(ctx, db)
		if err != nil {
			return err
		}
		for _, h := range heads {
			printf(e.stdout, "  chain %-12s record %d  head %s\n", h.Chain, h.Seq, h.Hash)
		}
		return nil
	}
	for _, b := range breaks {
		printf(e.stdout, "BROKEN: %s\n", b.String())
	}
	return exitCode(1)
}
