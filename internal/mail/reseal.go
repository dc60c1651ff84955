package mail

import (
	"context"
	"database/sql"
	"fmt"

	"reconnect/internal/seal"
	"reconnect/internal/sqldb"
)

// Reseal seals every address not yet under the keyring's primary key
// again under it, for `reconnect keys rotate` (see messages.Reseal). It
// returns how many it re-sealed.
func Reseal(ctx context.Context, db *sqldb.DB, keys *seal.Keyring) (int, error) {
	total := 0
	var after int64
	for {
		n, last, err := resealBatch(ctx, db, keys, after)
		total += n
		if err != nil || last == 0 {
			return total, err
		}
		after = last
	}
}

func resealBatch(ctx context.Context, db *sqldb.DB, keys *seal.Keyring, after int64) (int, int64, error) {
	n := 0
	var last int64
	err := db.Write(ctx, func(tx *sql.Tx) error {
		n, last = 0, 0
		rows, err := tx.QueryContext(ctx, `SELECT user_id, address FROM email_addresses WHERE user_id > $1 ORDER BY user_id LIMIT 500`, after)
		if err != nil {
			return err
		}
		todo := map[int64]string{}
		for rows.Next() {
			var id int64
			var v string
			if err := rows.Scan(&id, &v); err != nil {
				rows.Close()
				return err
			}
			last = id
			if seal.KeyOf(v) != keys.Primary() {
				todo[id] = v
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for id, v := range todo {
			plain, err := keys.Open(addressTable, addressColumn, id, v)
			if err != nil {
				return fmt.Errorf("email_addresses.address of user %d: %w", id, err)
			}
			if v, err = keys.Seal(addressTable, addressColumn, id, plain); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE email_addresses SET address = $1 WHERE user_id = $2`, v, id); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, last, err
}
