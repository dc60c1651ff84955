package web_test

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing"

	"reconnect/internal/sqldb"
	"reconnect/internal/testkit/webtest"
)

// refersToUsers lists, per table, the columns that hold a user's ID:
// every foreign key to users (read from the schema, so a new table is
// covered without touching this test) and columns that are named like
// one without a key (audit_log.actor_id).
func refersToUsers(t *testing.T, db *sqldb.DB) map[string]map[string]bool {
	t.Helper()
	q := `SELECT m.name, f."from" FROM sqlite_schema m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND f."table" = 'users'`
	if db.Engine == sqldb.Postgres {
		q = `SELECT kcu.table_name, kcu.column_name FROM information_schema.referential_constraints rc
			JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = rc.constraint_name AND kcu.constraint_schema = rc.constraint_schema
			JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = rc.unique_constraint_name AND ccu.constraint_schema = rc.unique_constraint_schema
			WHERE ccu.table_name = 'users' AND kcu.table_schema = current_schema()`
	}
	rows, err := db.QueryContext(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]map[string]bool{"audit_log": {"actor_id": true}, "users": {"id": true}}
	for rows.Next() {
		var table, col string
		if err := rows.Scan(&table, &col); err != nil {
			t.Fatal(err)
		}
		if out[table] == nil {
			out[table] = map[string]bool{}
		}
		out[table][strings.ToLower(col)] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"posts.author_id", "conversations.member_id", "toolbox_items.owner_id", "rsvps.user_id", "reveals.to_user", "deletion_requests.user_id"} {
		tc := strings.SplitN(want, ".", 2)
		if !out[tc[0]][tc[1]] {
			t.Fatalf("the schema scan misses %s: %v", want, out)
		}
	}
	return out
}

// row is one database row by column name.
type row map[string]any

func (r row) int(col string) int64 {
	switch v := r[col].(type) {
	case int64:
		return v
	case int32:
		return int64(v)
	case string:
		n, _ := strconv.ParseInt(v, 10, 64)
		return n
	}
	return 0
}

func text(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case []byte:
		return string(x), true
	}
	return "", false
}

// traces lists every place the database still holds the member: her ID
// in a column referring to users (or an audit record about her), a text
// containing one of contains (case-insensitive), or a login or key
// column equal to one of equals (a login is too plain a word to look for
// everywhere). allowed exempts rows that may keep her (the tombstone).
func traces(t *testing.T, db *sqldb.DB, id int64, contains, equals []string, allowed func(table string, r row) bool) []string {
	t.Helper()
	ctx := context.Background()
	refs := refersToUsers(t, db)
	schema, err := db.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for table := range schema {
		rows, err := db.QueryContext(ctx, `SELECT * FROM `+table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			r := row{}
			for i, c := range cols {
				r[strings.ToLower(c)] = vals[i]
			}
			var found []string
			for col, v := range r {
				if refs[table][col] && r.int(col) == id {
					found = append(found, fmt.Sprintf("%s.%s = %d", table, col, id))
				}
				s, ok := text(v)
				if !ok {
					continue
				}
				for _, c := range contains {
					if strings.Contains(strings.ToLower(s), strings.ToLower(c)) {
						found = append(found, fmt.Sprintf("%s.%s contains %q", table, col, c))
					}
				}
				for _, e := range equals {
					if s == e && (strings.Contains(col, "login") || col == "key") {
						found = append(found, fmt.Sprintf("%s.%s = %q", table, col, e))
					}
				}
			}
			if table == "audit_log" && r["target_kind"] == "user" && r.int("target_id") == id {
				found = append(found, "audit_log.target_id")
			}
			if len(found) > 0 && (allowed == nil || !allowed(table, r)) {
				out = append(out, found...)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	sort.Strings(out)
	return out
}

// idsOf returns the first column of a query's rows.
func idsOf(t *testing.T, db *sqldb.DB, q string, args ...any) map[int64]bool {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[n] = true
	}
	return out
}

// must2xx fails unless the response succeeded.
func must2xx(t *testing.T, r *webtest.Response) {
	t.Helper()
	if r.Status < 200 || r.Status > 299 {
		t.Fatalf("status %d: %.400s", r.Status, r.Body)
	}
}

func atoi64(s string) int64 { n, _ := strconv.ParseInt(s, 10, 64); return n }
