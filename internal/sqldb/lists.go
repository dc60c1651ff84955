package sqldb

import (
	"database/sql"
	"strconv"
	"strings"
)

// Placeholders appends ids to args and returns their numbered
// placeholders ("$3, $4, $5"), for an IN list: only placeholders go
// into the SQL text, the values are bound.
func Placeholders(args *[]any, ids []int64) string {
	var b strings.Builder
	for i, id := range ids {
		*args = append(*args, id)
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$" + strconv.Itoa(len(*args)))
	}
	return b.String()
}

// ScanIDs reads a one-column result of IDs and closes it.
func ScanIDs(rows *sql.Rows) ([]int64, error) {
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
