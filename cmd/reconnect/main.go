// Command reconnect runs the ReConnect e-recovery portal.
//
//	reconnect serve            run the server
//	reconnect migrate          apply database migrations and exit
//	reconnect user create      create an account (bootstraps the first admin)
//	reconnect audit verify     check the audit log's hash chains
//	reconnect backup           copy the SQLite database while it runs
//	reconnect restore          bring a backup back
//	reconnect demo             run a fresh demo on http://localhost:8080
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	_ "time/tzdata" // time zones without the host's tz database
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], env{getenv: os.Getenv, stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}))
}

// env is the process environment, passed in so tests can run commands
// in-process.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

const usage = `usage: reconnect <command> [flags]

commands:
  serve         run the server (flags: reconnect serve -h)
  migrate       apply database migrations and exit
  user create   create an account: --role ROLE --login NAME [--community SLUG]
                [--pseudonym P | --name N] [--password-file F]; password from stdin by default
  audit verify  check the audit log's hash chains; exit status 1 if broken
  backup        consistent copy of the SQLite database while serve runs:
                --db PATH --to FILE [--age-recipient KEY | --age-recipients-file F] [--force]
  restore       --from FILE --db PATH [--age-identity-file F] [--force]; stop serve first
  keys new FILE write a fresh data key (sealing messages at rest)
  keys rotate   re-seal everything under --data-key-file, opening with --old-data-key-files
  demo          run a fresh demo database on http://localhost:8080
`

func run(ctx context.Context, args []string, e env) int {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, usage)
		return 2
	}
	var err error
	switch cmd := strings.Join(args[:min(2, len(args))], " "); {
	case args[0] == "serve":
		err = serve(ctx, args[1:], e)
	case args[0] == "migrate":
		err = migrate(ctx, args[1:], e)
	case args[0] == "demo":
		err = runDemo(ctx, args[1:], e)
	case cmd == "user create":
		err = userCreate(ctx, args[2:], e)
	case cmd == "audit verify":
		err = auditVerify(ctx, args[2:], e)
	case args[0] == "backup":
		err = backupCmd(ctx, args[1:], e)
	case args[0] == "restore":
		err = restoreCmd(ctx, args[1:], e)
	case cmd == "keys new":
		err = keysNew(args[2:], e)
	case cmd == "keys rotate":
		err = keysRotate(ctx, args[2:], e)
	case args[0] == "help" || args[0] == "-h" || args[0] == "--help":
		fmt.Fprint(e.stdout, usage)
		return 0
	default:
		fmt.Fprintf(e.stderr, "unknown command %q\n\n%s", strings.Join(args, " "), usage)
		return 2
	}
	if err != nil {
		if ec, ok := err.(exitCode); ok {
			return int(ec)
		}
		fmt.Fprintln(e.stderr, "reconnect:", err)
		return 1
	}
	return 0
}

// exitCode ends a command with a status and no further message.
type exitCode int

func (c exitCode) Error() string { return fmt.Sprintf("exit %d", int(c)) }

// newLogger writes to stderr in the configured format. Logs never carry
// content, real names or national ID numbers; see docs/architecture.md.
func newLogger(w io.Writer, format, level string) *slog.Logger {
	var lv slog.Level
	switch strings.ToLower(level) {
	case "debug":
		lv = slog.LevelDebug
	case "warn":
		lv = slog.LevelWarn
	case "error":
		lv = slog.LevelError
	}
	opts := &slog.HandlerOptions{Level: lv}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
