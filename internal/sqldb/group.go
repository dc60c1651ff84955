package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
)

// Group commit on SQLite. Every change goes through the one writer
// connection, and with synchronous=FULL each commit waits for the disk.
// Writes that arrive while a commit is under way queue up; the writer
// then runs up to maxBatch of them in one transaction, each inside its
// own savepoint, and commits them together: one disk flush for the lot,
// and each caller still gets exactly its own outcome. A write that fails
// (or panics) is rolled back to its savepoint and the others go on. If
// the transaction itself is lost midway (SQLite rolls a whole
// transaction back when a statement is interrupted, for example because
// a caller went away), the writes that were not at fault run again, each
// alone. See docs/decisions/0016-group-commit.md.

// maxBatch bounds one group's size, and so how long one commit holds
// back the first write in it.
const maxBatch = 64

type writeReq struct {
	ctx  context.Context
	fn   func(tx *sql.Tx) error
	done chan writeResult
}

type writeResult struct {
	err      error
	panicked any
	hooks    []func()
}

// errBatchLost marks writes whose group transaction was lost through no
// fault of their own; they are run again alone.
var errBatchLost = errors.New("group transaction lost")

// groupWriter runs queued writes on the writer connection in groups.
type groupWriter struct {
	db      *DB
	queue   chan *writeReq
	stop    chan struct{}
	stopped sync.WaitGroup

	closeMu   sync.RWMutex
	closed    bool
	closeOnce sync.Once

	batches atomic.Int64 // groups committed
	writes  atomic.Int64 // writes in them
	reruns  atomic.Int64 // writes run again alone after their group was lost
}

// errClosed answers writes after Close.
var errClosed = errors.New("database closed")

func startGroupWriter(db *DB) *groupWriter {
	g := &groupWriter{db: db, queue: make(chan *writeReq, 4*maxBatch), stop: make(chan struct{})}
	g.stopped.Add(1)
	go g.loop()
	return g
}

func (g *groupWriter) loop() {
	defer g.stopped.Done()
	for {
		var first *writeReq
		select {
		case first = <-g.queue:
		case <-g.stop:
			// Nothing is queued after close; run what was accepted.
			for len(g.queue) > 0 {
				g.run(g.take(<-g.queue))
			}
			return
		}
		g.run(g.take(first))
	}
}

// take returns first and whatever else is queued, up to maxBatch.
func (g *groupWriter) take(first *writeReq) []*writeReq {
	batch := []*writeReq{first}
	for len(batch) < maxBatch {
		select {
		case r := <-g.queue:
			batch = append(batch, r)
		default:
			return batch
		}
	}
	return batch
}

// close runs the writes already queued and stops the writer; later
// writes get errClosed. Closing twice is harmless, as for sql.DB.
func (g *groupWriter) close() {
	g.closeOnce.Do(func() {
		g.closeMu.Lock()
		g.closed = true
		g.closeMu.Unlock()
		close(g.stop)
	})
	g.stopped.Wait()
}

// submit queues fn and waits for its outcome.
func (g *groupWriter) submit(ctx context.Context, fn func(tx *sql.Tx) error) error {
	r := &writeReq{ctx: ctx, fn: fn, done: make(chan writeResult, 1)}
	g.closeMu.RLock()
	if g.closed {
		g.closeMu.RUnlock()
		return errClosed
	}
	select {
	case g.queue <- r:
		g.closeMu.RUnlock()
	case <-ctx.Done():
		g.closeMu.RUnlock()
		return ctx.Err()
	}
	res := <-r.done // always answered: the writer never drops a request
	if res.panicked != nil {
		panic(res.panicked)
	}
	if res.err != nil {
		return res.err
	}
	for _, f := range res.hooks {
		f()
	}
	return nil
}

// run executes one group and answers every request in it.
func (g *groupWriter) run(batch []*writeReq) {
	results := g.attempt(batch)
	for i, r := range batch {
		if errors.Is(results[i].err, errBatchLost) {
			if len(batch) > 1 {
				g.reruns.Add(1)
				results[i] = g.attempt([]*writeReq{r})[0]
			} else {
				results[i].err = fmt.Errorf("write: %w", errBatchLost)
			}
		}
		r.done <- results[i]
	}
}

// attempt runs the group in one transaction and returns each request's
// outcome (errBatchLost for those to run again).
func (g *groupWriter) attempt(batch []*writeReq) []writeResult {
	out := make([]writeResult, len(batch))
	bg := context.Background() // one caller leaving must not end the others' transaction
	tx, err := g.db.write.BeginTx(bg, nil)
	if err != nil {
		for i := range out {
			out[i].err = fmt.Errorf("begin: %w", err)
		}
		return out
	}
	lost := func(from int) []writeResult {
		_ = tx.Rollback() // the transaction is gone already or must go
		g.db.dropHooks(tx)
		for i := range out {
			if i >= from || out[i].err == nil && out[i].panicked == nil {
				out[i] = writeResult{err: errBatchLost}
			}
		}
		return out
	}
	ok := 0
	for i, r := range batch {
		if err := r.ctx.Err(); err != nil {
			out[i].err = err
			continue
		}
		if _, err := tx.ExecContext(bg, `SAVEPOINT w`); err != nil {
			return lost(i)
		}
		p, err := call(r.fn, tx)
		hooks := g.db.dropHooks(tx)
		if err == nil && p == nil {
			if _, err := tx.ExecContext(bg, `RELEASE w`); err != nil {
				return lost(i)
			}
			out[i].hooks = hooks
			ok++
			continue
		}
		out[i] = writeResult{err: err, panicked: p}
		if _, err := tx.ExecContext(bg, `ROLLBACK TO w`); err != nil {
			// The transaction went with the failure: this write keeps its
			// own outcome, the ones before it and after it run again.
			return lost(i + 1)
		}
		if _, err := tx.ExecContext(bg, `RELEASE w`); err != nil {
			return lost(i + 1)
		}
	}
	if ok == 0 {
		_ = tx.Rollback() // nothing to keep
		return out
	}
	if err := tx.Commit(); err != nil {
		for i := range out {
			if out[i].err == nil && out[i].panicked == nil {
				out[i] = writeResult{err: fmt.Errorf("commit: %w", err)}
			}
		}
		return out
	}
	g.batches.Add(1)
	g.writes.Add(int64(ok))
	return out
}

// call runs fn, turning a panic into a value to re-raise in the caller.
func call(fn func(tx *sql.Tx) error, tx *sql.Tx) (p any, err error) {
	defer func() {
		if v := recover(); v != nil {
			p = v
		}
	}()
	return nil, fn(tx)
}

// GroupStats returns how many group transactions have committed, how
// many writes they held, and how many writes were run again alone after
// their group's transaction was lost (all zero on PostgreSQL).
func (db *DB) GroupStats() (groups, writes, reruns int64) {
	if db.group == nil {
		return 0, 0, 0
	}
	return db.group.batches.Load(), db.group.writes.Load(), db.group.reruns.Load()
}
