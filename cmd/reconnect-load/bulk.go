package main

import (
	"context"
	"fmt"
	"strings"

	"reconnect/internal/sqldb"
)

// bulkTables are the big tables; on PostgreSQL their plain indexes are
// dropped while loading and rebuilt after, and autovacuum waits.
var bulkTables = []string{"posts", "post_search", "reactions", "thread_reads"}

// prepareBulk readies PostgreSQL for a bulk load and returns what puts it
// back: the dropped indexes are recreated from their own definitions
// (read from the catalog, so they always match the migrations), and
// autovacuum is turned back on. Keeping the GIN index on post_search up
// to date row by row made loading four times slower. SQLite needs
// nothing: its FTS5 table has no separate index to drop.
func prepareBulk(ctx context.Context, db *sqldb.DB) (func(context.Context) error, error) {
	if db.Engine != sqldb.Postgres {
		return func(context.Context) error { return nil }, nil
	}
	pool := db.Pools()["main"]
	rows, err := pool.QueryContext(ctx, `SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
		FROM pg_index i WHERE i.indrelid::regclass::text = ANY ($1)
		AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`, "{"+strings.Join(bulkTables, ",")+"}")
	if err != nil {
		return nil, err
	}
	var names, defs []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			_ = rows.Close() // already returning an error
			return nil, err
		}
		names, defs = append(names, name), append(defs, def)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, t := range bulkTables {
		if _, err := pool.ExecContext(ctx, `ALTER TABLE `+t+` SET (autovacuum_enabled = false)`); err != nil {
			return nil, err
		}
	}
	for _, n := range names {
		if _, err := pool.ExecContext(ctx, `DROP INDEX `+n); err != nil {
			return nil, err
		}
	}
	fmt.Printf("  dropped %d indexes for the load: %s\n", len(names), strings.Join(names, ", "))
	return func(ctx context.Context) error {
		conn, err := pool.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, `SET maintenance_work_mem = '1GB'`); err != nil {
			return err
		}
		for _, d := range defs {
			if _, err := conn.ExecContext(ctx, d); err != nil {
				return fmt.Errorf("%s: %w", d, err)
			}
		}
		for _, t := range bulkTables {
			if _, err := conn.ExecContext(ctx, `ALTER TABLE `+t+` RESET (autovacuum_enabled)`); err != nil {
				return err
			}
		}
		return nil
	}, nil
}
