package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// runConfig is what `reconnect-load run` is told.
type runConfig struct {
	db, base string
	clients  int
	sse      int
	duration time.Duration
	sample   time.Duration
	mix      map[string]int
	pid      int
	seed     uint64
	jsonOut  string
}

// defaultMix is the realistic mix, in percent.
const defaultMix = "thread=60,list=15,search=5,reply=8,react=5,care=3,rsvp=2,toolbox=2"

// run drives the real server with virtual members, each signed in with its
// own session, in a mix of operations, plus idle live-update connections;
// it stops by itself after --duration and reports per operation.
func run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	c := runConfig{}
	fs.StringVar(&c.db, "db", "", "the server's database (SQLite file or postgres:// URL), for sessions and IDs")
	fs.StringVar(&c.base, "base", "http://127.0.0.1:8091", "the server's address (loopback only)")
	fs.IntVar(&c.clients, "clients", 50, "concurrent virtual members")
	fs.IntVar(&c.sse, "sse", 0, "idle live-update (SSE) connections")
	fs.DurationVar(&c.duration, "duration", 30*time.Second, "how long to run (the run stops by itself)")
	fs.DurationVar(&c.sample, "sample", 10*time.Second, "how often to sample the server's memory, goroutines and files")
	mix := fs.String("mix", defaultMix, "operations and their weights")
	fs.IntVar(&c.pid, "pid", 0, "the server's process ID, to read its RSS and open files from /proc (else /metrics)")
	fs.Uint64Var(&c.seed, "seed", 1, "random seed")
	fs.StringVar(&c.jsonOut, "json", "", "also write the report as JSON to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if c.db == "" {
		return fmt.Errorf("run: --db is required")
	}
	if c.clients < 1 || c.clients > 5000 || c.sse < 0 || c.sse > 20000 || c.duration <= 0 || c.duration > 2*time.Hour {
		return fmt.Errorf("run: need 1-5000 clients, 0-20000 sse and a duration up to 2h")
	}
	if err := loopbackOnly(c.base); err != nil {
		return err
	}
	var err error
	if c.mix, err = parseMix(*mix); err != nil {
		return err
	}
	rep, err := drive(ctx, c)
	if err != nil {
		return err
	}
	rep.print(os.Stdout)
	if c.jsonOut != "" {
		b, _ := json.MarshalIndent(rep, "", "  ")
		if err := os.WriteFile(c.jsonOut, b, 0o600); err != nil {
			return err
		}
	}
	if rep.Errors > 0 {
		return fmt.Errorf("run: %d errors", rep.Errors)
	}
	return nil
}

// loopbackOnly refuses to load anything but this machine.
func loopbackOnly(base string) error {
	u := strings.TrimPrefix(strings.TrimPrefix(base, "http://"), "https://")
	host, _, err := net.SplitHostPort(strings.TrimSuffix(u, "/"))
	if err != nil {
		return fmt.Errorf("run: --base %q: %w", base, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("run: --base must be a loopback address, not %q", host)
	}
	return nil
}

func parseMix(s string) (map[string]int, error) {
	out := map[string]int{}
	for _, part := range strings.Split(s, ",") {
		name, w, ok := strings.Cut(strings.TrimSpace(part), "=")
		n, err := strconv.Atoi(w)
		if !ok || err != nil || n < 0 || ops[name] == nil {
			return nil, fmt.Errorf("run: bad --mix entry %q (operations: %s)", part, strings.Join(opNames(), ", "))
		}
		out[name] = n
	}
	return out, nil
}

func opNames() []string {
	var names []string
	for n := range ops {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// drive sets up the virtual members, runs them and the SSE connections
// until the time is up, and gathers the report.
func drive(ctx context.Context, c runConfig) (*report, error) {
	w, err := loadWorld(ctx, c)
	if err != nil {
		return nil, err
	}
	tr := &http.Transport{MaxIdleConnsPerHost: c.clients + 8, MaxConnsPerHost: 0, IdleConnTimeout: time.Minute}
	hc := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	defer tr.CloseIdleConnections()
	rep := &report{Base: c.base, Clients: c.clients, SSE: c.sse, Duration: c.duration.String(), Mix: w.mix, Skipped: w.skipped,
		Started: time.Now().UTC().Format(time.RFC3339)}
	sampler := newSampler(c, hc)
	rep.Before = sampler.take(0)

	runCtx, cancel := context.WithTimeout(ctx, c.duration)
	defer cancel()
	streams := startStreams(runCtx, c, w, rep)
	var wg sync.WaitGroup
	results := make([]*clientStats, c.clients)
	start := time.Now()
	for i := range c.clients {
		results[i] = newClientStats()
		wg.Add(1)
		go func() {
			defer wg.Done()
			vc := &vclient{w: w, hc: hc, base: c.base, me: w.members[i%len(w.members)], r: rand.New(rand.NewPCG(c.seed, uint64(i))), st: results[i]} // #nosec G115 -- i >= 0; it only picks a random stream
			vc.loop(runCtx)
		}()
	}
	rep.Timeline = sampler.every(runCtx, start)
	wg.Wait()
	elapsed := time.Since(start)
	streams.wait()
	rep.Streams = streams.summary()
	time.Sleep(2 * time.Second) // let the server let go of finished connections
	rep.After = sampler.take(time.Since(start))
	rep.finish(results, elapsed)
	return rep, nil
}
