// Package sqldb opens SQLite or PostgreSQL behind one small seam.
//
// SQL is written once with $1 placeholders, which both pgx and
// modernc.org/sqlite bind by number. Reads go to a reader pool; every
// change goes through Write, which on SQLite runs on the single writer
// connection inside BEGIN IMMEDIATE, so "database is locked" cannot
// happen between our own connections.
package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"
)

// Engine names the database engine in use.
type Engine string

// The supported engines.
const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// Querier is what *sql.DB and *sql.Tx have in common; store code takes it
// so the same method works inside or outside a transaction.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// DB is an open database: a writer and a reader pool (the same pool on
// PostgreSQL).
type DB struct {
	Engine Engine
	write  *sql.DB
	read   *sql.DB
	stmts  sync.Map // SQLite read query -> *sql.Stmt, prepared once
	dsn    string   // for LISTEN on PostgreSQL

	stmtCount atomic.Int64
	hooksMu   sync.Mutex
	hooks     map[*sql.Tx][]func() // run after the transaction commits
	group     *groupWriter         // SQLite: runs writes in group commits
}

// Open opens dsn: a postgres:// (or postgresql://) URL, or a SQLite file
// path. It does not run migrations.
func Open(ctx context.Context, dsn string) (*DB, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return openPostgres(ctx, dsn)
	}
	return openSQLite(ctx, dsn)
}

func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	pool, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	pool.SetMaxOpenConns(8 * runtime.NumCPU())
	pool.SetMaxIdleConns(8 * runtime.NumCPU())
	if err := pool.PingContext(ctx); err != nil {
		_ = pool.Close() // already returning an error
		return nil, fmt.Errorf("connect to postgres: %w", err)
	}
	return &DB{Engine: Postgres, write: pool, read: pool, dsn: dsn}, nil
}

// sqlitePragmas apply to every SQLite connection. Times are stored as
// integer microseconds in TIMESTAMP columns and read back as UTC
// time.Time, matching PostgreSQL's microsecond precision.
const sqlitePragmas = "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)" +
	"&_pragma=temp_store(memory)&_pragma=cache_size(-32000)&_time_integer_format=unix_micro&_inttotime=1"

func openSQLite(ctx context.Context, path string) (*DB, error) {
	path = strings.TrimPrefix(path, "sqlite://")
	if path == "" {
		return nil, errors.New("empty SQLite path")
	}
	base := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + sqlitePragmas
	write, err := sql.Open("sqlite", base+"&_pragma=journal_mode(WAL)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open sqlite writer: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)
	// The writer connects first so WAL mode is in place before readers open.
	if err := write.PingContext(ctx); err != nil {
		_ = write.Close() // already returning an error
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	read, err := sql.Open("sqlite", base+"&_pragma=query_only(1)")
	if err != nil {
		_ = write.Close() // already returning an error
		return nil, fmt.Errorf("open sqlite readers: %w", err)
	}
	n := max(4, 2*runtime.NumCPU())
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	read.SetConnMaxLifetime(0)
	read.SetConnMaxIdleTime(0)
	db := &DB{Engine: SQLite, write: write, read: read}
	db.group = startGroupWriter(db)
	return db, nil
}

// Close closes both pools.
func (db *DB) Close() error {
	if db.group != nil {
		db.group.close()
	}
	var err error
	db.stmts.Range(func(_, st any) bool {
		err = errors.Join(err, st.(*sql.Stmt).Close())
		return true
	})
	err = errors.Join(err, db.write.Close())
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	return db.read.PingContext(ctx)
}

// Pools returns the connection pools by name, for metrics.
func (db *DB) Pools() map[string]*sql.DB {
	if db.read == db.write {
		return map[string]*sql.DB{"main": db.write}
	}
	return map[string]*sql.DB{"writer": db.write, "reader": db.read}
}

// QueryContext runs a read-only query on the reader pool.
func (db *DB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := db.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return db.read.QueryContext(ctx, query, args...)
}

// QueryRowContext runs a read-only single-row query on the reader pool.
func (db *DB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := db.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return db.read.QueryRowContext(ctx, query, args...)
}

// maxStmts bounds the statement cache; queries are constants in the
// code, so the bound is only a guard against a query built at run time.
const maxStmts = 1000

// stmt returns the cached prepared statement for a read query on SQLite,
// preparing it on first use; nil means run the query unprepared.
// Preparing is a large share of a short SQLite query's cost. pgx already
// caches prepared statements per connection, so PostgreSQL skips this.
func (db *DB) stmt(ctx context.Context, query string) *sql.Stmt {
	if db.Engine != SQLite {
		return nil
	}
	if st, ok := db.stmts.Load(query); ok {
		return st.(*sql.Stmt)
	}
	if db.stmtCount.Load() >= maxStmts {
		return nil
	}
	st, err := db.read.PrepareContext(ctx, query)
	if err != nil {
		return nil // the unprepared query will report the error
	}
	if prev, loaded := db.stmts.LoadOrStore(query, st); loaded {
		_ = st.Close() // a duplicate never used; another goroutine's statement is cached
		return prev.(*sql.Stmt)
	}
	db.stmtCount.Add(1)
	return st
}

// ExecContext runs one statement that may write, in its own write
// transaction. Prefer Write when several statements belong together.
func (db *DB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	var res sql.Result
	err := db.Write(ctx, func(tx *sql.Tx) error {
		var err error
		res, err = tx.ExecContext(ctx, query, args...)
		return err
	})
	return res, err
}

// Write runs fn in a transaction that may write and commits it when fn
// returns nil; when fn returns an error or panics, none of its changes
// stay. On SQLite the writes of many callers share one transaction on
// the single writer connection (group commit, see group.go), each in its
// own savepoint. fn must not call Write again (the writer is busy with
// fn), must read through tx to see its own changes, and may, rarely, be
// run a second time after its changes were rolled back: it should set
// the results it hands back, not add to them.
func (db *DB) Write(ctx context.Context, fn func(tx *sql.Tx) error) (err error) {
	if db.group != nil {
		return db.group.submit(ctx, fn)
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	defer db.dropHooks(tx)
	if err = fn(tx); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	for _, f := range db.dropHooks(tx) {
		f()
	}
	return nil
}

// OnCommit runs f after tx (begun by Write) commits; never if it rolls
// back. For telling others about a change only once it is visible.
func (db *DB) OnCommit(tx *sql.Tx, f func()) {
	db.hooksMu.Lock()
	defer db.hooksMu.Unlock()
	if db.hooks == nil {
		db.hooks = map[*sql.Tx][]func(){}
	}
	db.hooks[tx] = append(db.hooks[tx], f)
}

func (db *DB) dropHooks(tx *sql.Tx) []func() {
	db.hooksMu.Lock()
	defer db.hooksMu.Unlock()
	fs := db.hooks[tx]
	delete(db.hooks, tx)
	return fs
}

// Read runs fn in a read-only transaction, for several queries that must
// see one consistent snapshot.
func (db *DB) Read(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: db.Engine == Postgres})
	if err != nil {
		return fmt.Errorf("begin read: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only: nothing to lose
	return fn(tx)
}
