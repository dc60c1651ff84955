package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"reconnect/internal/identity"
	"reconnect/internal/sqldb"
)

// limit measures one page on the real server and then the same bytes
// served from memory by a bare net/http handler, with the same clients
// in the same run, so the server's figure can be stated as a fraction of
// what this machine's HTTP stack allows at that moment.
func limit(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("limit", flag.ContinueOnError)
	dsn := fs.String("db", "", "the server's database, to sign in a member")
	base := fs.String("base", "http://127.0.0.1:8091", "the server's address (loopback only)")
	path := fs.String("path", "/forum/threads/1", "the page to measure")
	login := fs.String("login", "bench", "the member who reads it")
	clients := fs.Int("clients", 50, "concurrent clients")
	duration := fs.Duration("duration", 15*time.Second, "how long each of the two measurements runs")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dsn == "" || *clients < 1 || *clients > 5000 || *duration <= 0 || *duration > 10*time.Minute {
		return fmt.Errorf("limit: need --db, 1-5000 clients and a duration up to 10m")
	}
	if err := loopbackOnly(*base); err != nil {
		return err
	}
	token, err := sessionFor(ctx, *dsn, *login)
	if err != nil {
		return err
	}
	res, err := measureLimit(ctx, *base+*path, token, *clients, *duration)
	if err != nil {
		return err
	}
	res.print(os.Stdout, *path)
	return nil
}

type limitResult struct {
	server, bare opReport
	bytes        int
	clients      int
	errors       int
}

func (r limitResult) print(w io.Writer, path string) {
	fmt.Fprintf(w, "%s (%d bytes), %d clients each:\n", path, r.bytes, r.clients)
	fmt.Fprintf(w, "%-8s %9s %9s %9s %9s %9s %9s\n", "", "count", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms")
	for _, o := range []opReport{r.server, r.bare} {
		fmt.Fprintf(w, "%-8s %9d %9.1f %9.2f %9.2f %9.2f %9.1f\n", o.Op, o.Count, o.PerSecond, o.P50ms, o.P95ms, o.P99ms, o.MaxMs)
	}
	fmt.Fprintf(w, "server: %.1f %% of the bare handler's rate; %d errors\n", 100*r.server.PerSecond/max(r.bare.PerSecond, 1e-9), r.errors)
}

// measureLimit drives url on the real server, then the same answer
// from memory on a bare handler.
func measureLimit(ctx context.Context, url, token string, clients int, d time.Duration) (limitResult, error) {
	tr := &http.Transport{MaxIdleConnsPerHost: clients + 4}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	page, ctype, err := fetch(ctx, hc, url, token)
	if err != nil {
		return limitResult{}, err
	}
	var res limitResult
	res.bytes, res.clients = len(page), clients
	res.server, res.errors = hammer(ctx, hc, url, token, clients, d, "server")

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return res, err
	}
	bare := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", ctype)
		_, _ = w.Write(page)
	}), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = bare.Serve(ln) }()
	defer bare.Close()
	var errs int
	res.bare, errs = hammer(ctx, hc, "http://"+ln.Addr().String()+"/", token, clients, d, "bare")
	res.errors += errs
	return res, nil
}

func fetch(ctx context.Context, hc *http.Client, url, token string) ([]byte, string, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	req.Header.Set("Cookie", "reconnect_session="+token)
	resp, err := hc.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer func() { _ = resp.Body.Close() }()
	b, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("limit: %s answered %d", url, resp.StatusCode)
	}
	return b, resp.Header.Get("Content-Type"), err
}

// hammer sends GETs from clients goroutines for d and returns the
// figures and the number of failed requests.
func hammer(ctx context.Context, hc *http.Client, url, token string, clients int, d time.Duration, name string) (opReport, int) {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	stats := make([]*clientStats, clients)
	done := make(chan struct{})
	start := time.Now()
	for i := range clients {
		stats[i] = newClientStats()
		go func() {
			defer func() { done <- struct{}{} }()
			buf := make([]byte, 64<<10)
			for ctx.Err() == nil {
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
				req.Header.Set("Cookie", "reconnect_session="+token)
				t := time.Now()
				resp, err := hc.Do(req)
				status := 0
				if err == nil {
					status = resp.StatusCode
					_, err = io.CopyBuffer(io.Discard, resp.Body, buf)
					_ = resp.Body.Close()
				}
				if ctx.Err() != nil {
					return
				}
				stats[i].record(name, time.Since(t), status, err, okGet)
			}
		}()
	}
	for range clients {
		<-done
	}
	elapsed := time.Since(start)
	var lat []time.Duration
	errs := 0
	for _, s := range stats {
		lat = append(lat, s.lat[name]...)
		for _, m := range s.errors {
			for _, n := range m {
				errs += n
			}
		}
	}
	return figures(name, lat, elapsed.Seconds()), errs
}

// sessionFor starts a session for a seeded member, as sign-in would.
func sessionFor(ctx context.Context, dsn, login string) (string, error) {
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		return "", err
	}
	defer func() { _ = db.Close() }()
	var id int64
	if err := db.QueryRowContext(ctx, `SELECT id FROM users WHERE login_key = $1`, strings.ToLower(login)).Scan(&id); err != nil {
		return "", fmt.Errorf("member %q: %w", login, err)
	}
	hasher, err := identity.NewHasher(identity.DefaultHashParams, 1)
	if err != nil {
		return "", err
	}
	tok, _, err := identity.New(db, hasher, identity.Options{}).StartSession(ctx, id)
	return tok, err
}
