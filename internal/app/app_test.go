package app

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"reconnect/internal/config"
	"reconnect/internal/seal"
	"reconnect/internal/testkit"
)

// Shutdown stops accepting connections but lets a request in flight
// finish and deliver its response.
func TestGracefulShutdownFinishesInFlightRequests(t *testing.T) {
	cfg := config.Default()
	cfg.DataKeys = seal.NewKeyring(seal.RandomKey())
	cfg.Addr = "127.0.0.1:0"
	cfg.ShutdownTimeout = 10 * time.Second
	a, err := New(cfg, testkit.SQLite(t), slog.New(slog.NewTextHandler(io.Discard, nil)), Options{HashParams: testkit.CheapHash})
	if err != nil {
		t.Fatal(err)
	}
	started := make(chan struct{})
	a.handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		time.Sleep(500 * time.Millisecond)
		_, _ = io.WriteString(w, "finished")
	})
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, func(addr string) { addrc <- addr }) }()
	addr := <-addrc
	type result struct {
		body string
		err  error
	}
	res := make(chan result, 1)
	go func() {
		resp, err := http.Get("http://" + addr + "/slow")
		if err != nil {
			res <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		res <- result{string(b), err}
	}()
	<-started
	cancel() // as SIGTERM does
	r := <-res
	if r.err != nil || r.body != "finished" {
		t.Fatalf("in-flight request: %q %v", r.body, r.err)
	}
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}
	if _, err := http.Get("http://" + addr + "/"); err == nil {
		t.Fatal("still accepting connections after shutdown")
	}
}
