// Command reconnect-load seeds a realistic forum dataset and helps
// measure the forum against it.
//
//	reconnect-load seed    --db DSN [--members N --threads N --posts N]
//	reconnect-load session --db DSN [--login bench]   print a session token
//	reconnect-load stats   --db DSN                   row counts and term frequencies
//	reconnect-load run     --db DSN --base URL[,URL...] [--clients N --sse M --fanout D --duration D --mix ...]
//	                                                  drive the server (or several nodes) with virtual members
//	reconnect-load limit   --db DSN --base URL [--path P --clients N --duration D]
//	                                                  a page against a bare handler
//	reconnect-load cpu quiet|run [--server PID] [-- CMD]   CPU used by others
//
// run.sh uses them to seed both engines, start the server and run wrk.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

const usage = `usage: reconnect-load <command> [flags]

commands:
  seed      migrate an empty database and bulk-insert the forum dataset
  session   start a session for a seeded member and print its token
  stats     print row counts and how many posts the benchmark searches match
  run       drive a running server (loopback only) with virtual members, each
            with its own session, in a realistic mix plus idle live-update
            connections; stops after --duration; per-operation throughput,
            p50/p95/p99/max, errors, and the server's memory, goroutines and
            open files before, during and after; --base takes several
            nodes; --fanout D times a reply's arrival on every stream
            following its thread
  limit     measure a page on the server, then the same bytes from a bare
            net/http handler with the same clients: the fraction of the limit
  cpu       cpu quiet: wait for other processes to calm down;
            cpu run [--server PID] -- CMD: run CMD, report others' CPU share
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "seed":
		err = seed(ctx, os.Args[2:])
	case "session":
		err = session(ctx, os.Args[2:])
	case "stats":
		err = stats(ctx, os.Args[2:])
	case "limit":
		err = limit(ctx, os.Args[2:])
	case "run":
		err = run(ctx, os.Args[2:])
	case "cpu":
		err = cpu(ctx, os.Args[2:])
	default:
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "reconnect-load:", err)
		os.Exit(1)
	}
}
