package main

import (
	"context"
	"fmt"
	"reconnect/internal/sqldb"
)

// Queries is what the search benchmark asks for: a rare word, a common
// word, two words, and English.
var queries = []struct{ name, q string }{
	{"rare", "moltebær"},
	{"common", "søvn"},
	{"two words", "sover dårlig"},
	{"english", "anxious at night"},
}

// stats prints the dataset's size and how many posts each benchmark
// search matches (before the forum's 2,000-candidate bound).
func stats(ctx context.Context, args []string) error {
	db, err := openWithFlags(ctx, "stats", args, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	for _, t := range []string{"communities", "users", "categories", "threads", "posts", "post_search", "reactions", "thread_reads", "thread_watches", "consents"} {
		var n int64
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+t).Scan(&n); err != nil {
			return err
		}
		fmt.Printf("%-16s %9d\n", t, n)
	}
	var median, avg float64
	if err := db.QueryRowContext(ctx, `SELECT AVG(LENGTH(body)) FROM posts`).Scan(&avg); err != nil {
		return err
	}
	var total int64
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM posts`).Scan(&total); err != nil {
		return err
	}
	if err := db.QueryRowContext(ctx, `SELECT LENGTH(body) FROM posts ORDER BY LENGTH(body) LIMIT 1 OFFSET $1`, total/2).Scan(&median); err != nil {
		return err
	}
	fmt.Printf("post body length: median %.0f, mean %.0f characters\n", median, avg)
	for _, q := range queries {
		groups := index.Query(q.q)
		match := db.SearchMatch(groups)
		cond := `post_search MATCH $1`
		if db.Engine == sqldb.Postgres {
			cond = `terms @@ to_tsquery('simple', $1)`
		}
		var n int64
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM post_search WHERE `+cond, match).Scan(&n); err != nil {
			return err
		}
		fmt.Printf("search %-10s %-20q matches %6d posts (%.2f%%)\n", q.name, q.q, n, 100*float64(n)/float64(max(total, 1)))
	}
	return nil
}
