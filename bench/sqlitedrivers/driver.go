// Package sqlitedrivers compares modernc.org/sqlite (pure Go) with
// github.com/mattn/go-sqlite3 (cgo) on the way reconnect uses SQLite:
// one WAL file, a single writer connection that begins transactions with
// BEGIN IMMEDIATE, and a query_only reader pool of max(4, 2*NumCPU).
//
// It is a nested module so that the cgo driver never enters the main
// module's dependency graph.
package sqlitedrivers

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"runtime"
	"strings"

	"github.com/mattn/go-sqlite3"
	_ "modernc.org/sqlite" // registers "sqlite"
)

// mattnDriverName is mattn's driver with a ConnectHook for the one pragma
// that has no DSN parameter (temp_store).
const mattnDriverName = "sqlite3_reconnect_bench"

func init() {
	sql.Register(mattnDriverName, &sqlite3.SQLiteDriver{
		ConnectHook: func(c *sqlite3.SQLiteConn) error {
			_, err := c.Exec("PRAGMA temp_store = memory", nil)
			return err
		},
	})
}

// Driver describes how to open one SQLite driver the way the project does.
type Driver struct {
	Name      string // short name used in benchmark names
	SQLDriver string // name passed to sql.Open
	writerDSN func(path string) string
	readerDSN func(path string) string
	// Placeholder rewrites a query written with $N placeholders (the
	// project's style) into the form the driver binds by number.
	Placeholder func(q string) string
}

// moderncPragmas is internal/sqldb.sqlitePragmas, verbatim.
const moderncPragmas = "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)" +
	"&_pragma=temp_store(memory)&_pragma=cache_size(-32000)&_time_integer_format=unix_micro&_inttotime=1"

// mattnParams are mattn's DSN equivalents. _synchronous must be given
// explicitly: mattn silently lowers synchronous to NORMAL when
// _journal_mode=WAL is set. temp_store is set in the ConnectHook.
const mattnParams = "_busy_timeout=10000&_foreign_keys=1&_synchronous=FULL&_cache_size=-32000"

func fileURI(path string) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath()
}

// Modernc is modernc.org/sqlite configured exactly as internal/sqldb does.
var Modernc = Driver{
	Name:      "modernc",
	SQLDriver: "sqlite",
	writerDSN: func(p string) string {
		return fileURI(p) + "?" + moderncPragmas + "&_pragma=journal_mode(WAL)&_txlock=immediate"
	},
	readerDSN: func(p string) string {
		return fileURI(p) + "?" + moderncPragmas + "&_pragma=query_only(1)"
	},
	Placeholder: func(q string) string { return q },
}

// Mattn is github.com/mattn/go-sqlite3 configured to match Modernc.
var Mattn = Driver{
	Name:      "mattn",
	SQLDriver: mattnDriverName,
	writerDSN: func(p string) string {
		return fileURI(p) + "?" + mattnParams + "&_journal_mode=WAL&_txlock=immediate"
	},
	readerDSN: func(p string) string {
		return fileURI(p) + "?" + mattnParams + "&_query_only=1"
	},
	// mattn passes $1 to SQLite, which treats it as a *named* parameter
	// numbered by first appearance; ?1 is SQLite's numbered form.
	Placeholder: func(q string) string { return strings.ReplaceAll(q, "$", "?") },
}

// Drivers lists the drivers under comparison.
var Drivers = []Driver{Modernc, Mattn}

// DB is a writer connection and a reader pool, as in internal/sqldb.
type DB struct {
	Driver Driver
	Write  *sql.DB
	Read   *sql.DB
}

// ReaderPoolSize is the project's reader pool size.
func ReaderPoolSize() int { return max(4, 2*runtime.NumCPU()) }

// Open opens the database file at path with driver d.
func Open(ctx context.Context, d Driver, path string) (*DB, error) {
	write, err := sql.Open(d.SQLDriver, d.writerDSN(path))
	if err != nil {
		return nil, fmt.Errorf("%s: open writer: %w", d.Name, err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)
	// The writer connects first so WAL mode is in place before readers open.
	if err := write.PingContext(ctx); err != nil {
		_ = write.Close() // already returning an error
		return nil, fmt.Errorf("%s: connect writer: %w", d.Name, err)
	}
	read, err := sql.Open(d.SQLDriver, d.readerDSN(path))
	if err != nil {
		_ = write.Close() // already returning an error
		return nil, fmt.Errorf("%s: open readers: %w", d.Name, err)
	}
	n := ReaderPoolSize()
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	read.SetConnMaxLifetime(0)
	read.SetConnMaxIdleTime(0)
	return &DB{Driver: d, Write: write, Read: read}, nil
}

// Close closes both pools.
func (db *DB) Close() error {
	err1 := db.Write.Close()
	err2 := db.Read.Close()
	if err1 != nil {
		return err1
	}
	return err2
}

// Q rewrites a $N query for this driver.
func (db *DB) Q(q string) string { return db.Driver.Placeholder(q) }
