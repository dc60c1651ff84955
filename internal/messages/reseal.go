package messages

import (
	"context"
	"database/sql"
	"fmt"

	"reconnect/internal/seal"
	"reconnect/internal/sqldb"
)

// sealedColumns are the columns this package seals.
// batch is how many rows one transaction re-seals: attachments are up
// to 10 MB each, so they go a few at a time.
var sealedColumns = []struct {
	table, column string
	batch         int
}{
	{"conversations", "subject", 500}, {"messages", "body", 500}, {"messages", "body_html", 500},
	{"message_attachments", "name", 500}, {"message_attachments", "data", 8},
}

// Reseal seals every value not yet under the keyring's primary key
// again under it, a batch per transaction, so servers keep running
// (configured with both keys) while it works. It returns how many values
// it re-sealed.
func Reseal(ctx context.Context, db *sqldb.DB, keys *seal.Keyring) (int, error) {
	total := 0
	for _, sc := range sealedColumns {
		var after int64
		for {
			n, last, err := resealBatch(ctx, db, keys, sc.table, sc.column, sc.batch, after)
			if err != nil {
				return total, err
			}
			total += n
			if last == 0 {
				break
			}
			after = last
		}
	}
	return total, nil
}

func resealBatch(ctx context.Context, db *sqldb.DB, keys *seal.Keyring, table, column string, batch int, after int64) (int, int64, error) {
	n := 0
	var last int64
	err := db.Write(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, `+column+` FROM `+table+` WHERE id > $1 ORDER BY id LIMIT $2`, after, batch)
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
				rows.Close()
				return err
			}
			last = r.id
			if seal.KeyOf(r.v) != keys.Primary() {
				todo = append(todo, r)
			}
		}
		rows.Close()
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
			if _, err := tx.ExecContext(ctx, `UPDATE `+table+` SET `+column+` = $1 WHERE id = $2`, v, r.id); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, last, err
}
