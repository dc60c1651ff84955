// Package reseal re-seals sealed columns under a keyring's primary key,
// for `reconnect keys rotate`: a batch per transaction, so servers keep
// running (configured with both keys) while it works. Each package that
// seals lists its columns (messages, mail, toolbox).
package reseal

import (
	"context"
	"database/sql"
	"fmt"

	"reconnect/internal/seal"
	"reconnect/internal/sqldb"
)

// Column is a sealed column: its table, the row key the value is bound
// to, and how many rows one transaction re-seals (large values go a few
// at a time).
type Column struct {
	Table, Key, Column string
	Batch              int
}

// Run re-seals every value in cols not yet under the primary key and
// returns how many it re-sealed.
func Run(ctx context.Context, db *sqldb.DB, keys *seal.Keyring, cols ...Column) (int, error) {
	total := 0
	for _, c := range cols {
		var after int64
		for {
			n, last, err := batch(ctx, db, keys, c, after)
			total += n
			if err != nil {
				return total, err
			}
			if last == 0 {
				break
			}
			after = last
		}
	}
	return total, nil
}

func batch(ctx context.Context, db *sqldb.DB, keys *seal.Keyring, c Column, after int64) (int, int64, error) {
	table, column := c.Table, c.Column
	n := 0
	var last int64
	err := db.Write(ctx, func(tx *sql.Tx) error {
		n = 0 // Write may run this again after a rollback; count afresh

		rows, err := tx.QueryContext(ctx, `SELECT `+c.Key+`, `+column+` FROM `+table+` WHERE `+c.Key+` > $1 ORDER BY `+c.Key+` LIMIT $2`, after, c.Batch) // #nosec G202 -- identifiers are from the SealedColumns lists in code; values are bound
		if err != nil {
			return err
		}
		type row struct {
			id int64
			v  string
		}
		var todo []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.v); err != nil {
				_ = rows.Close() // already returning an error
				return err
			}
			last = r.id
			if seal.KeyOf(r.v) != keys.Primary() {
				todo = append(todo, r)
			}
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for _, r := range todo {
			plain, err := keys.Open(table, column, r.id, r.v)
			if err != nil {
				return fmt.Errorf("%s.%s row %d: %w", table, column, r.id, err)
			}
			v, err := keys.Seal(table, column, r.id, plain)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE `+table+` SET `+column+` = $1 WHERE `+c.Key+` = $2`, v, r.id); err != nil { // #nosec G202 -- identifiers are from the SealedColumns lists in code; values are bound
				return err
			}
			n++
		}
		return nil
	})
	return n, last, err
}
