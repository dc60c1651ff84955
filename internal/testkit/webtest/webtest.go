// Package webtest starts the real ReConnect handler on a real HTTP
// server over a test database, with a client that speaks to it like a
// browser or an API client would.
package webtest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"reconnect/internal/app"
	"reconnect/internal/config"
	"reconnect/internal/seal"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

// Env is a running server over a fixture world.
type Env struct {
	*testkit.World
	App  *app.App
	URL  string
	Logs *Buffer // everything the server logged, at debug level
}

// Start serves the fixture world on db over HTTP until the test ends.
func Start(t testing.TB, db *sqldb.DB) *Env {
	t.Helper()
	return StartWith(t, db, nil)
}

// StartWith is Start with the configuration adjusted by edit (for
// example to turn eID on) before the app is built.
func StartWith(t testing.TB, db *sqldb.DB, edit func(*config.Config)) *Env {
	t.Helper()
	w := testkit.NewWorld(t, db)
	srv := httptest.NewUnstartedServer(nil)
	cfg := config.Default()
	// localhost, not 127.0.0.1: browsers accept passkeys only for domain
	// names, and localhost is a secure context.
	cfg.BaseURL = "http://localhost:" + strconv.Itoa(srv.Listener.Addr().(*net.TCPAddr).Port)
	if err := cfg.Finish(); err != nil {
		t.Fatal(err)
	}
	cfg.Secret = []byte("test secret keying national ID hashes, 32+ bytes")
	cfg.DataKeys = seal.NewKeyring(seal.RandomKey())
	if edit != nil {
		edit(&cfg)
	}
	logs := &Buffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	a, err := app.New(cfg, db, log, app.Options{Now: w.Clock.Now, HashParams: testkit.CheapHash})
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = a.Web
	srv.Start()
	// The hub delivers other nodes' events (LISTEN on PostgreSQL), as in
	// App.Serve; closing the web server first ends open event streams.
	ctx, cancel := context.WithCancel(context.Background())
	go a.Live.Run(ctx)
	t.Cleanup(func() {
		a.Web.Close()
		cancel()
		srv.Close()
	})
	return &Env{World: w, App: a, URL: cfg.BaseURL, Logs: logs}
}

// Buffer is a goroutine-safe log sink.
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

// String returns everything logged so far.
func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// Client talks to the server with its own cookie jar. It does not follow
// redirects, so tests see them.
type Client struct {
	t      testing.TB
	env    *Env
	hc     *http.Client
	Bearer string
	Lang   string            // Accept-Language
	Header map[string]string // extra headers on every request
	// Forbid lists texts no response to this client may contain, such as
	// real names a peer must never see. Any match fails the test.
	Forbid []string
}

// Client returns a new client with an empty cookie jar.
func (e *Env) Client(t testing.TB) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{t: t, env: e, Header: map[string]string{},
		hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// Response is a finished response with its body read.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into v, failing the test if it is not JSON.
func (r *Response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("response %d is not JSON (%v): %.300s", r.Status, err, r.Body)
	}
}

// Text returns the body as a string.
func (r *Response) Text() string { return string(r.Body) }

// ErrorCode returns error.code from an API error body, or "".
func (r *Response) ErrorCode() string {
	var e struct {
		Error struct{ Code string } `json:"error"`
	}
	_ = json.Unmarshal(r.Body, &e)
	return e.Error.Code
}

// Raw sends body as is with the given content type.
func (c *Client) Raw(method, path, contentType string, body []byte) *Response {
	c.t.Helper()
	req, err := http.NewRequest(method, c.env.URL+path, bytes.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return c.send(req)
}

// Do sends v as JSON (nil for no body).
func (c *Client) Do(method, path string, v any) *Response {
	c.t.Helper()
	if v == nil {
		return c.Raw(method, path, "", nil)
	}
	b, err := json.Marshal(v)
	if err != nil {
		c.t.Fatal(err)
	}
	return c.Raw(method, path, "application/json", b)
}

// Get fetches path.
func (c *Client) Get(path string) *Response { return c.Do(http.MethodGet, path, nil) }

// Form posts a form like a same-origin browser page would.
func (c *Client) Form(path string, vals url.Values) *Response {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.env.URL+path, strings.NewReader(vals.Encode()))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.send(req)
}

func (c *Client) send(req *http.Request) *Response {
	c.t.Helper()
	if c.Bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.Bearer)
	}
	if c.Lang != "" {
		req.Header.Set("Accept-Language", c.Lang)
	}
	for k, v := range c.Header {
		req.Header.Set(k, v)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	for _, f := range c.Forbid {
		if bytes.Contains(body, []byte(f)) {
			c.t.Errorf("%s %s: the response contains %q, which this client must never see", req.Method, req.URL.Path, f)
		}
	}
	return &Response{Status: resp.StatusCode, Header: resp.Header, Body: body}
}

// Login signs in through the API and fails the test if that fails.
func (c *Client) Login(login, password string) {
	c.t.Helper()
	r := c.Do(http.MethodPost, "/api/v1/auth/login", map[string]string{"login": login, "password": password})
	if r.Status != http.StatusOK {
		c.t.Fatalf("login %s: %d %s", login, r.Status, r.Body)
	}
}

// As returns a new client signed in as login with the fixture password.
func (e *Env) As(t testing.TB, login string) *Client {
	c := e.Client(t)
	c.Login(login, testkit.Password)
	return c
}

// Cookie returns the value of the named cookie in the client's jar.
func (c *Client) Cookie(name string) string {
	u, _ := url.Parse(c.env.URL)
	for _, ck := range c.hc.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}
