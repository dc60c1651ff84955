package sqldb

import (
	"context"
	"strings"
)

// Schema lists each table's columns in order. The schema test uses it to
// prove both engines' migrations end in the same shape.
func (db *DB) Schema(ctx context.Context) (map[string][]string, error) {
	q := `SELECT table_name, column_name FROM information_schema.columns
	      WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`
	if db.Engine == SQLite {
		q = `SELECT m.name, p.name FROM sqlite_schema m, pragma_table_info(m.name) p
		     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid`
	}
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var table, col string
		if err := rows.Scan(&table, &col); err != nil {
			return nil, err
		}
		out[table] = append(out[table], strings.ToLower(col))
	}
	return out, rows.Err()
}
