package main

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"reconnect/internal/sqldb"
)

// table is an insert target: columns, and optionally an SQL expression
// around a column's placeholder (e.g. to_tsvector on PostgreSQL).
type table struct {
	name string
	cols []string
	wrap map[int]string // column index -> expression with %s
	pg   bool           // $n placeholders, else ?
}

// batcher collects rows and inserts them many at a time with one
// prepared multi-row INSERT, which keeps round trips (PostgreSQL) and
// statement overhead (SQLite) per row small.
type batcher struct {
	ctx  context.Context
	tx   *sql.Tx
	t    table
	per  int // rows per statement
	args []any
	full *sql.Stmt
	rows int64
}

func (t table) insert(n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES ", t.name, strings.Join(t.cols, ", "))
	k := 1
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for j := range t.cols {
			if j > 0 {
				b.WriteString(", ")
			}
			ph := "?"
			if t.pg {
				ph = fmt.Sprintf("$%d", k)
			}
			if w, ok := t.wrap[j]; ok {
				ph = fmt.Sprintf(w, ph)
			}
			b.WriteString(ph)
			k++
		}
		b.WriteByte(')')
	}
	return b.String()
}

// newBatcher prepares the full-batch statement: up to 2,000 parameters
// and 1,000 rows. Big statements save round trips on PostgreSQL and, on
// SQLite, FTS5 segment flushes (one per statement). SQLite statements
// use ? placeholders: modernc looks each $n up in a list
// (sqlite3VListNumToName), which is quadratic in parameters.
func newBatcher(ctx context.Context, tx *sql.Tx, t table) (*batcher, error) {
	per := max(1, min(1000, 2000/len(t.cols)))
	st, err := tx.PrepareContext(ctx, t.insert(per))
	if err != nil {
		return nil, fmt.Errorf("prepare %s: %w", t.name, err)
	}
	return &batcher{ctx: ctx, tx: tx, t: t, per: per, full: st, args: make([]any, 0, 2*per*len(t.cols))}, nil
}

func (b *batcher) add(vals ...any) error {
	if len(vals) != len(b.t.cols) {
		return fmt.Errorf("%s: %d values for %d columns", b.t.name, len(vals), len(b.t.cols))
	}
	b.args = append(b.args, vals...)
	b.rows++
	return nil
}

func (b *batcher) ready() bool { return len(b.args) >= b.per*len(b.t.cols) }

// drain inserts the collected rows in full statements, and the rest too
// when all is set.
func (b *batcher) drain(all bool) error {
	w := b.per * len(b.t.cols)
	done := 0
	for ; len(b.args)-done >= w; done += w {
		if _, err := b.full.ExecContext(b.ctx, b.args[done:done+w]...); err != nil {
			return fmt.Errorf("insert %s: %w", b.t.name, err)
		}
	}
	if all && done < len(b.args) {
		rest := b.args[done:]
		if _, err := b.tx.ExecContext(b.ctx, b.t.insert(len(rest)/len(b.t.cols)), rest...); err != nil {
			return fmt.Errorf("insert %s: %w", b.t.name, err)
		}
		done = len(b.args)
	}
	b.args = append(b.args[:0], b.args[done:]...)
	return nil
}

// insertAll runs item(i, emit) for i in [0, n), in transactions of
// perTx items; emit(k, values...) adds a row to tables[k]. Rows of the
// later tables may refer to rows of the first, so they are inserted
// only after the first table's rows so far. It returns the rows
// inserted per table.
func insertAll(ctx context.Context, db *sqldb.DB, n, perTx int, tables []table,
	item func(i int, emit func(k int, vals ...any) error) error) ([]int64, error) {
	rows := make([]int64, len(tables))
	for lo := 0; lo < n; lo += perTx {
		hi := min(n, lo+perTx)
		err := db.Write(ctx, func(tx *sql.Tx) error {
			bs := make([]*batcher, len(tables))
			for k, t := range tables {
				t.pg = db.Engine == sqldb.Postgres
				b, err := newBatcher(ctx, tx, t)
				if err != nil {
					return err
				}
				bs[k] = b
				defer b.full.Close()
			}
			emit := func(k int, vals ...any) error {
				if err := bs[k].add(vals...); err != nil || k > 0 || !bs[0].ready() {
					return err
				}
				for _, b := range bs {
					if err := b.drain(b == bs[0]); err != nil {
						return err
					}
				}
				return nil
			}
			for i := lo; i < hi; i++ {
				if err := item(i, emit); err != nil {
					return err
				}
			}
			for k, b := range bs {
				if err := b.drain(true); err != nil {
					return err
				}
				rows[k] += b.rows
			}
			return nil
		})
		if err != nil {
			return rows, err
		}
	}
	return rows, nil
}
