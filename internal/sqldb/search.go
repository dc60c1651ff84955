package sqldb

import (
	"context"
	"strconv"
	"strings"
)

// The full-text search seam. Terms are computed in Go (stems of each
// word) and stored as they are: SQLite in an FTS5 table, PostgreSQL in a
// tsvector built with the 'simple' configuration. The table is
// post_search(rowid, terms) on both.

// IndexTerms stores (or replaces) a document's space-separated terms.
func (db *DB) IndexTerms(ctx context.Context, q Querier, id int64, terms string) error {
	if db.Engine == Postgres {
		_, err := q.ExecContext(ctx, `INSERT INTO post_search (rowid, terms) VALUES ($1, to_tsvector('simple', $2))
			ON CONFLICT (rowid) DO UPDATE SET terms = excluded.terms`, id, terms)
		return err
	}
	if err := db.UnindexTerms(ctx, q, id); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, `INSERT INTO post_search (rowid, terms) VALUES ($1, $2)`, id, terms)
	return err
}

// UnindexTerms removes a document.
func (db *DB) UnindexTerms(ctx context.Context, q Querier, id int64) error {
	_, err := q.ExecContext(ctx, `DELETE FROM post_search WHERE rowid = $1`, id)
	return err
}

// SearchCandidates returns SQL selecting (id, rank) for documents that
// match every group (a group matches when any of its terms does): the
// newest limit matches, each with a rank where lower is better. The
// bound keeps common words from ranking the whole corpus. The query
// text is bound to placeholder $n.
func (db *DB) SearchCandidates(groups [][]string, n, limit int) (string, string) {
	p := "$" + strconv.Itoa(n)
	lim := strconv.Itoa(limit)
	var b strings.Builder
	for i, g := range groups {
		if i > 0 {
			if db.Engine == Postgres {
				b.WriteString(" & ")
			} else {
				b.WriteString(" AND ")
			}
		}
		b.WriteString("(")
		for j, t := range g {
			if j > 0 {
				if db.Engine == Postgres {
					b.WriteString(" | ")
				} else {
					b.WriteString(" OR ")
				}
			}
			// Terms hold only letters and digits, so quoting is safe.
			if db.Engine == Postgres {
				b.WriteString("'" + t + "'")
			} else {
				b.WriteString(`"` + t + `"`)
			}
		}
		b.WriteString(")")
	}
	if db.Engine == Postgres {
		return `SELECT rowid AS id, -ts_rank(terms, to_tsquery('simple', ` + p + `)) AS rank FROM post_search
			WHERE terms @@ to_tsquery('simple', ` + p + `) ORDER BY rowid DESC LIMIT ` + lim, b.String()
	}
	return `SELECT rowid AS id, bm25(post_search) AS rank FROM post_search WHERE post_search MATCH ` + p +
		` ORDER BY rowid DESC LIMIT ` + lim, b.String()
}
