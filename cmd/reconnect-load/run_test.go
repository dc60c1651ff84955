package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"reconnect/internal/app"
	"reconnect/internal/config"
	"reconnect/internal/seal"
	"reconnect/internal/testkit"
)

// TestSeedAndRunSmoke keeps the load tool working: a tiny dataset, the
// real server on a loopback port (two nodes on one database on
// PostgreSQL), two seconds of the realistic mix with live-update
// connections and a fan-out writer. Every operation the data allows must
// run without an error and every reply must reach every stream following
// its thread; the figures are not checked (no timings in tests).
func TestSeedAndRunSmoke(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { seedAndRun(t, filepath.Join(t.TempDir(), "load.db"), 1) })
	t.Run("postgres", func(t *testing.T) { seedAndRun(t, testkit.PostgresDSN(t), 2) })
}

// node is one server on the test's database.
type node struct {
	url string
	app *app.App
}

// serveNode starts a server on dsn; with listen it also receives the
// other nodes' live events (PostgreSQL), as `reconnect serve` does.
func serveNode(t *testing.T, dsn string, key seal.Key, listen bool) node {
	cfg := config.Default()
	cfg.DB, cfg.BaseURL = dsn, "http://localhost:8080"
	cfg.DataKeys = seal.NewKeyring(key)
	a, err := app.Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Web)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if listen {
			a.Live.Run(ctx)
		}
	}()
	t.Cleanup(func() { cancel(); <-done; srv.CloseClientConnections(); srv.Close(); a.Close() })
	return node{url: srv.URL, app: a}
}

// waitListening returns once every node receives what the first one
// publishes: on PostgreSQL each node LISTENs on a connection of its own,
// which takes a moment to open.
func waitListening(t *testing.T, nodes []node) {
	ctx := context.Background()
	for _, n := range nodes {
		ch, stop := n.app.Live.Subscribe("probe")
		got := false
		for range 200 {
			if err := nodes[0].app.Live.Publish(ctx, nodes[0].app.DB, "probe", "probe", 1); err != nil {
				t.Fatal(err)
			}
			select {
			case <-ch:
				got = true
			case <-time.After(50 * time.Millisecond):
			}
			if got {
				break
			}
		}
		stop()
		if !got {
			t.Fatalf("%s never received a live event", n.url)
		}
	}
}

func seedAndRun(t *testing.T, dsn string, nodes int) {
	ctx := context.Background()
	quiet(t)
	keyFile := filepath.Join(t.TempDir(), "data.key")
	key, err := seal.WriteKeyFile(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := seed(ctx, []string{"--db", dsn, "--members", "200", "--threads", "30", "--posts", "400", "--events", "200", "--data-key-file", keyFile}); err != nil {
		t.Fatal(err)
	}
	var ns []node
	var bases []string
	for range nodes {
		ns = append(ns, serveNode(t, dsn, key, true))
		bases = append(bases, ns[len(ns)-1].url)
	}
	waitListening(t, ns)

	// Six streams: three follow the fan-out thread, on the second node
	// when there are two (stream i is on node i+1).
	rep, err := drive(ctx, runConfig{db: dsn, bases: bases, clients: 4, sse: 6, sseRate: 1000, duration: 2 * time.Second, sample: time.Second,
		mix: mustMix(t, defaultMix), seed: 1, fanout: 300 * time.Millisecond, grace: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Errors != 0 {
		rep.print(os.Stderr)
		t.Fatalf("%d errors: %v", rep.Errors, rep.Total.Errors)
	}
	if len(rep.Skipped) > 0 || len(rep.Mix) != len(ops) {
		t.Errorf("the seeded data should serve every operation; skipped %v", rep.Skipped)
	}
	for op := range rep.Mix {
		if !hasOp(rep, op) {
			t.Errorf("operation %s never ran", op)
		}
	}
	if s := rep.Streams; s.Opened != 6 || s.Failed != 0 || s.EndedEarly != 0 {
		t.Errorf("streams: %s", s)
	}
	if f := rep.Fanout; f == nil || f.Replies == 0 || f.Expected != 3*int64(f.Replies) || f.Received != f.Expected || f.Missing != 0 || f.Delay.Count != int(f.Expected) {
		t.Fatalf("fan-out: %+v", f)
	}
	if f := rep.Fanout; f.Streams != 3 || nodes > 1 && (len(f.ByNode) != 1 || f.ByNode[0].Op != bases[1] || f.ByNode[0].Count != int(f.Expected)) {
		t.Errorf("fan-out by node: every following stream is on the second node: %+v", f.ByNode)
	}
	if len(rep.Before) != nodes || len(rep.After) != nodes {
		t.Fatalf("one sample per node: %v / %v", rep.Before, rep.After)
	}
	for i := range nodes {
		if rep.Before[i].Goroutines == 0 || rep.After[i].RSSMB == 0 || rep.Before[i].Node != bases[i] {
			t.Errorf("server figures not read from /metrics: %s / %s", rep.Before[i], rep.After[i])
		}
	}
	if testing.Verbose() {
		rep.print(os.Stderr)
	}

	// A node that hears no other node's events: the replies written on
	// the first never reach the streams on it, and the run must say so.
	deaf := serveNode(t, dsn, key, false)
	rep, err = drive(ctx, runConfig{db: dsn, bases: []string{bases[0], deaf.url}, clients: 1, sse: 2, sseRate: 1000, duration: 1500 * time.Millisecond,
		sample: time.Second, mix: mustMix(t, "thread=1"), seed: 1, fanout: 200 * time.Millisecond, grace: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if f := rep.Fanout; f == nil || f.Replies == 0 || f.Expected != int64(f.Replies) || f.Missing != f.Expected || rep.Errors < int(f.Missing) {
		t.Errorf("deliveries that never came were not reported: %+v, %d errors", f, rep.Errors)
	}

	// The limit: the thread page against the same bytes from a bare handler.
	token, err := sessionFor(ctx, dsn, "bench")
	if err != nil {
		t.Fatal(err)
	}
	lim, err := measureLimit(ctx, bases[0]+"/forum/threads/1", token, 2, 300*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if lim.errors != 0 || lim.server.Count == 0 || lim.bare.Count == 0 || lim.bytes < 1000 {
		t.Errorf("limit: %+v", lim)
	}

	// The report must be able to say something went wrong.
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { http.Error(w, "no", 500) }))
	defer broken.Close()
	rep, err = drive(ctx, runConfig{db: dsn, bases: []string{broken.URL}, clients: 1, duration: 300 * time.Millisecond, sample: time.Second,
		mix: mustMix(t, "thread=1"), seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Errors == 0 || rep.Total.Errors["status 500"] == 0 {
		t.Errorf("a server answering 500 gave no errors: %+v", rep.Total)
	}
}

func hasOp(rep *report, op string) bool {
	for _, r := range rep.Ops {
		if r.Op == op && r.Count > 0 {
			return true
		}
	}
	return false
}

func mustMix(t *testing.T, s string) map[string]int {
	m, err := parseMix(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// quiet sends the seed's progress lines to the test log's bin.
func quiet(t *testing.T) {
	old := os.Stdout
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	os.Stdout = null
	t.Cleanup(func() { os.Stdout = old; null.Close() })
}

func TestRunRefusesOtherHosts(t *testing.T) {
	for _, base := range []string{"http://example.org:80", "http://10.0.0.1:8080", "http://[::2]:80", "nonsense"} {
		if loopbackOnly(base) == nil {
			t.Errorf("%s accepted", base)
		}
	}
	for _, base := range []string{"http://127.0.0.1:8091", "http://localhost:8080/", "http://[::1]:80"} {
		if err := loopbackOnly(base); err != nil {
			t.Errorf("%s: %v", base, err)
		}
	}
	if b, err := parseBases("http://127.0.0.1:8101, http://127.0.0.1:8102/"); err != nil || len(b) != 2 || b[1] != "http://127.0.0.1:8102" {
		t.Errorf("two nodes: %v %v", b, err)
	}
	// Every node is checked, before anything is loaded.
	for _, args := range [][]string{
		{"--db", "x.db", "--base", "http://127.0.0.1:8101,http://10.0.0.1:8102"},
		{"--db", "x.db", "--base", "http://127.0.0.1:8101,http://127.0.0.1:8102", "--sse", "2", "--fanout", "1s"}, // SQLite: events stay in one process
		{"--db", "x.db", "--base", "http://127.0.0.1:8101", "--fanout", "1s"},                                     // no streams to deliver to
		{"--db", "x.db", "--base", "http://127.0.0.1:8101", "--pid", "1,2"},
	} {
		if err := run(context.Background(), args); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
}
