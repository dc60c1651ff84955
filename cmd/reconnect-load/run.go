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
	db       string
	bases    []string // the nodes, all on loopback
	clients  int
	sse      int
	sseRate  int // streams opened per second
	duration time.Duration
	sample   time.Duration
	mix      map[string]int
	pids     []int // by node; 0 or missing: /metrics only
	seed     uint64
	jsonOut  string
	fanout   time.Duration // a reply to the fan-out thread this often; 0: off
	grace    time.Duration // how long to wait for outstanding deliveries
	settle   time.Duration // pause before the last server sample
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
	base := fs.String("base", "http://127.0.0.1:8091", "the server's address, or several nodes' addresses separated by commas (loopback only)")
	fs.IntVar(&c.clients, "clients", 50, "concurrent virtual members")
	fs.IntVar(&c.sse, "sse", 0, "idle live-update (SSE) connections")
	fs.IntVar(&c.sseRate, "sse-rate", 1000, "live-update connections opened per second, before the timed run")
	fs.DurationVar(&c.fanout, "fanout", 0, "post a reply to one shared thread this often and time its arrival on every stream following it (0: off)")
	fs.DurationVar(&c.duration, "duration", 30*time.Second, "how long to run (the run stops by itself)")
	fs.DurationVar(&c.sample, "sample", 10*time.Second, "how often to sample the server's memory, goroutines and files")
	mix := fs.String("mix", defaultMix, "operations and their weights")
	pid := fs.String("pid", "", "the server's process ID (several nodes: IDs separated by commas, in --base's order), to read RSS and open files from /proc (else /metrics)")
	fs.Uint64Var(&c.seed, "seed", 1, "random seed")
	fs.StringVar(&c.jsonOut, "json", "", "also write the report as JSON to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if c.db == "" {
		return fmt.Errorf("run: --db is required")
	}
	if c.clients < 1 || c.clients > 5000 || c.sse < 0 || c.sse > 20000 || c.sseRate < 1 || c.duration <= 0 || c.duration > 2*time.Hour || c.fanout < 0 {
		return fmt.Errorf("run: need 1-5000 clients, 0-20000 sse, a positive --sse-rate and a duration up to 2h")
	}
	var err error
	if c.bases, err = parseBases(*base); err != nil {
		return err
	}
	if c.pids, err = parsePids(*pid, len(c.bases)); err != nil {
		return err
	}
	if c.fanout > 0 && len(c.bases) > 1 && !isPostgres(c.db) {
		return fmt.Errorf("run: --fanout over several nodes needs PostgreSQL: on SQLite live events stay inside one server process")
	}
	if c.fanout > 0 && c.sse < 1 {
		return fmt.Errorf("run: --fanout needs --sse: half the streams follow the fan-out thread")
	}
	c.grace, c.settle = 3*time.Second, 2*time.Second
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

// parseBases splits --base into the nodes' addresses, each on loopback.
func parseBases(s string) ([]string, error) {
	var out []string
	for _, b := range strings.Split(s, ",") {
		b = strings.TrimSuffix(strings.TrimSpace(b), "/")
		if err := loopbackOnly(b); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

// parsePids reads --pid: none, or one process ID per node at most.
func parsePids(s string, nodes int) ([]int, error) {
	var out []int
	if strings.TrimSpace(s) == "" {
		return out, nil
	}
	for _, p := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || n < 0 {
			return nil, fmt.Errorf("run: bad --pid %q", p)
		}
		out = append(out, n)
	}
	if len(out) > nodes {
		return nil, fmt.Errorf("run: %d process IDs for %d nodes", len(out), nodes)
	}
	return out, nil
}

func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
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

// drive sets up the virtual members, opens the SSE connections, runs the
// members (and the fan-out writer) until the time is up, waits for
// outstanding fan-out deliveries, and gathers the report.
func drive(ctx context.Context, c runConfig) (*report, error) {
	w, err := loadWorld(ctx, c)
	if err != nil {
		return nil, err
	}
	tr := &http.Transport{MaxIdleConnsPerHost: c.clients + 8, MaxConnsPerHost: 0, IdleConnTimeout: time.Minute}
	hc := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	defer tr.CloseIdleConnections()
	rep := &report{Nodes: c.bases, Clients: c.clients, SSE: c.sse, Duration: c.duration.String(), Mix: w.mix, Skipped: w.skipped,
		Started: time.Now().UTC().Format(time.RFC3339)}
	sampler := newSampler(c, hc)
	rep.Before = sampler.take(0)

	var fo *fanout
	if c.fanout > 0 {
		if w.fanoutThread == 0 {
			return nil, fmt.Errorf("run: --fanout: no open thread in a shared category without approval")
		}
		fo = newFanout(c, w)
	}
	streamCtx, closeStreams := context.WithCancel(ctx)
	defer closeStreams()
	streams := startStreams(streamCtx, c, w, fo)

	runCtx, cancel := context.WithTimeout(ctx, c.duration)
	defer cancel()
	var wg sync.WaitGroup
	results := make([]*clientStats, c.clients)
	start := time.Now()
	for i := range c.clients {
		results[i] = newClientStats()
		wg.Add(1)
		go func() {
			defer wg.Done()
			vc := &vclient{w: w, hc: hc, base: c.bases[i%len(c.bases)], me: w.members[i%len(w.members)], r: rand.New(rand.NewPCG(c.seed, uint64(i))), st: results[i]} // #nosec G115 -- i >= 0; it only picks a random stream
			vc.loop(runCtx)
		}()
	}
	if fo != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fo.write(runCtx, hc, rand.New(rand.NewPCG(c.seed, 1<<62)))
		}()
	}
	rep.Timeline = sampler.every(runCtx, start)
	wg.Wait()
	elapsed := time.Since(start)
	if fo != nil {
		fo.settle(ctx, c.grace)
	}
	closeStreams()
	streams.wait()
	rep.Streams = streams.summary()
	if fo != nil {
		rep.Fanout = fo.summary(elapsed)
	}
	if c.settle > 0 {
		time.Sleep(c.settle) // let the server let go of finished connections
	}
	rep.After = sampler.take(time.Since(start))
	rep.finish(results, elapsed)
	return rep, nil
}
