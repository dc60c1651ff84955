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
	virtual, err := db.sqliteVirtualTables(ctx)
	if err != nil {
		return nil, err
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
		if shadowOf(table, virtual) {
			continue // FTS5's own storage tables, not part of our schema
		}
		if virtual[table] && len(out[table]) == 0 {
			out[table] = append(out[table], "rowid") // implicit in FTS5, explicit on PostgreSQL
		}
		out[table] = append(out[table], strings.ToLower(col))
	}
	return out, rows.Err()
}

// sqliteVirtualTables names the virtual (FTS5) tables; none on PostgreSQL.
func (db *DB) sqliteVirtualTables(ctx context.Context) (map[string]bool, error) {
	out := map[string]bool{}
	if db.Engine != SQLite {
		return out, nil
	}
	rows, err := db.QueryContext(ctx, `SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out[n] = true
	}
	return out, rows.Err()
}

func shadowOf(table string, virtual map[string]bool) bool {
	for v := range virtual {
		if strings.HasPrefix(table, v+"_") {
			return true
		}
	}
	return false
}
