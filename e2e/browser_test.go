package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/audits"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"reconnect/internal/testkit"
	"reconnect/internal/testkit/webtest"
)

// ChromiumEnv names the variable holding the path to the browser.
const ChromiumEnv = "RECONNECT_TEST_CHROMIUM"

// tabTimeout bounds everything one test does in its tab, so a page that
// never loads fails the test instead of hanging CI.
const tabTimeout = 60 * time.Second

// One browser serves the whole test binary: starting Chromium costs far
// more than a tab, and CI has two cores. Each test gets its own browser
// context (like an incognito window), so cookies never leak between
// tests.
var (
	browserOnce sync.Once
	browserCtx  context.Context // a chromedp context that owns the browser
	browserSkip string          // why there is no browser, when there is none
	browserErr  error           // why the browser failed to start
	stopBrowser = func() {}
)

func TestMain(m *testing.M) {
	code := m.Run()
	stopBrowser()
	os.Exit(code)
}

// chromiumPath finds the browser: RECONNECT_TEST_CHROMIUM, else
// "chromium" on PATH. An empty path with a nil error means there is none.
func chromiumPath() (string, error) {
	if p := os.Getenv(ChromiumEnv); p != "" {
		if _, err := exec.LookPath(p); err != nil {
			return "", fmt.Errorf("%s=%q is not an executable: %v", ChromiumEnv, p, err)
		}
		return p, nil
	}
	p, err := exec.LookPath("chromium")
	if err != nil {
		return "", nil
	}
	return p, nil
}

func startBrowser() {
	path, err := chromiumPath()
	if err != nil {
		browserErr = err
		return
	}
	if path == "" {
		browserSkip = fmt.Sprintf("no Chromium found: set %s (for example /usr/bin/chromium) or put chromium on PATH", ChromiumEnv)
		return
	}
	dir, err := os.MkdirTemp("", "reconnect-e2e-chromium-")
	if err != nil {
		browserErr = err
		return
	}
	var output bytes.Buffer
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(dir),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 900),
		chromedp.CombinedOutput(&lockedWriter{w: &output}),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelBrowser := chromedp.NewContext(allocCtx)
	stopBrowser = func() {
		cancelBrowser()
		cancelAlloc()
		_ = os.RemoveAll(dir)
	}
	// The first Do starts the browser and binds it to ctx, so it must not
	// carry a timeout; a watchdog bounds the start instead.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }()
	select {
	case err = <-started:
	case <-time.After(60 * time.Second):
		err = errors.New("Chromium did not start within 60 s")
	}
	if err != nil {
		stopBrowser()
		stopBrowser = func() {}
		browserErr = fmt.Errorf("starting %s: %v\n%s", path, err, output.String())
		return
	}
	browserCtx = ctx
}

// lockedWriter lets the browser's output goroutines share one buffer.
type lockedWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// requireBrowser returns the shared browser, or skips the test (fails it
// under RECONNECT_TEST_REQUIRE_ALL=1) when there is none.
func requireBrowser(t *testing.T) context.Context {
	t.Helper()
	browserOnce.Do(startBrowser)
	switch {
	case browserErr != nil:
		t.Fatal(browserErr)
	case browserSkip != "" && testkit.RequireAll():
		t.Fatalf("%s, and RECONNECT_TEST_REQUIRE_ALL=1 demands the browser tests", browserSkip)
	case browserSkip != "":
		t.Skip("browser tests skipped: " + browserSkip)
	}
	return browserCtx
}

// start serves a fresh fixture world for a browser test, after making
// sure there is a browser, so a skipped test builds no database.
func start(t *testing.T) *webtest.Env {
	t.Helper()
	requireBrowser(t)
	return webtest.Start(t, testkit.SQLite(t))
}

// Tab is one browser tab in a fresh browser context, pointed at one test
// server. It records every Content-Security-Policy violation and every
// uncaught script error the pages report, and fails the test on them:
// the CSP forbids inline script and style, and a page that trips it is
// broken for real visitors even when it looks fine here.
type Tab struct {
	t    *testing.T
	ctx  context.Context
	base string
	seen *problems
}

// problems holds the CSP violations and script errors not yet reported.
type problems struct {
	mu   sync.Mutex
	list []string
	page string // the URL of the page in the tab, to say where a problem arose
}

// NewTab opens a tab whose requests carry the given Accept-Language
// header (a real browser always sends one; "" keeps Chromium's own).
func NewTab(t *testing.T, env *webtest.Env, acceptLanguage string) *Tab {
	t.Helper()
	root := requireBrowser(t)
	tb := &Tab{t: t, base: env.URL, seen: &problems{}}
	tabCtx, cancelTab := chromedp.NewContext(root, chromedp.WithNewBrowserContext(), chromedp.WithListener(tb.observe))
	ctx, cancel := context.WithTimeout(tabCtx, tabTimeout)
	tb.ctx = ctx
	t.Cleanup(func() {
		tb.checkProblems()
		cancel()
		cancelTab()
	})
	setup := []chromedp.Action[chromedp.Void]{
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, audits.Enable, cdp.Empty{})
			return err
		}),
		Desktop(),
	}
	if acceptLanguage != "" {
		setup = append(setup, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{
				Headers: network.Headers{"Accept-Language": acceptLanguage}})
			return err
		}))
	}
	if err := chromedp.Do(ctx, setup...); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	return tb
}

// Desktop is the viewport the pages are audited at.
func Desktop() chromedp.Action[chromedp.Void] { return chromedp.EmulateViewport(1280, 900) }

// observe runs in the tab's event loop: it must be quick and send no
// commands.
func (tb *Tab) observe(ev any) {
	var problem string
	switch ev := ev.(type) {
	case *log.EventEntryAdded:
		e := ev.Entry
		if e != nil && strings.Contains(e.Text, "Content Security Policy") {
			problem = "CSP violation (log): " + e.Text
		}
	case *audits.EventIssueAdded:
		if ev.Issue != nil && ev.Issue.Code == audits.InspectorIssueCodeContentSecurityPolicyIssue {
			problem = "CSP violation (issue)"
			if ev.Issue.Details != nil && ev.Issue.Details.ContentSecurityPolicyIssueDetails != nil {
				d := ev.Issue.Details.ContentSecurityPolicyIssueDetails
				problem = fmt.Sprintf("CSP violation (issue): directive %s, type %s, blocked %q",
					d.ViolatedDirective, d.ContentSecurityPolicyViolationType, d.BlockedURL)
			}
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		if d != nil {
			text := d.Text
			if d.Exception != nil && d.Exception.Description != "" {
				text = d.Exception.Description
			}
			problem = fmt.Sprintf("uncaught script error at %s:%d: %s", d.URL, d.LineNumber+1, text)
		}
	case *page.EventFrameNavigated:
		if ev.Frame != nil && ev.Frame.ParentID == "" {
			tb.seen.mu.Lock()
			tb.seen.page = ev.Frame.URL
			tb.seen.mu.Unlock()
		}
	}
	if problem != "" {
		tb.seen.mu.Lock()
		tb.seen.list = append(tb.seen.list, problem+" (page "+strings.TrimPrefix(tb.seen.page, tb.base)+")")
		tb.seen.mu.Unlock()
	}
}

// checkProblems fails the test for each problem recorded since the last
// check.
func (tb *Tab) checkProblems() {
	tb.t.Helper()
	for _, p := range tb.Problems() {
		tb.t.Error(p)
	}
}

// Problems returns and forgets the recorded problems, for the test that
// proves the recording works.
func (tb *Tab) Problems() []string {
	tb.seen.mu.Lock()
	defer tb.seen.mu.Unlock()
	ps := tb.seen.list
	tb.seen.list = nil
	return ps
}

// For returns the same tab reporting to t, for a subtest.
func (tb *Tab) For(t *testing.T) *Tab {
	c := *tb
	c.t = t
	return &c
}

// Do runs actions in the tab and fails the test on error.
func (tb *Tab) Do(what string, actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	if err := chromedp.Do(tb.ctx, actions...); err != nil {
		tb.t.Fatalf("%s: %v", what, err)
	}
}

// Go loads path and returns the HTTP status of the page.
func (tb *Tab) Go(path string) int64 {
	tb.t.Helper()
	resp, err := chromedp.Run(tb.ctx, chromedp.NavigateResponse(tb.base+path))
	if err != nil {
		tb.t.Fatalf("loading %s: %v", path, err)
	}
	tb.checkProblems()
	return resp.Status
}

// Click clicks the element and waits for the page it leads to; it
// returns the final page's status after any redirects.
func (tb *Tab) Click(sel string) int64 {
	tb.t.Helper()
	tb.mustHave(sel)
	resp, err := chromedp.RunResponse(tb.ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		tb.t.Fatalf("clicking %s: %v", sel, err)
	}
	tb.checkProblems()
	if resp == nil {
		return 0
	}
	return resp.Status
}

// Type replaces the field's text by typing, as a person would after
// selecting what was there.
func (tb *Tab) Type(sel, text string) {
	tb.t.Helper()
	tb.mustHave(sel)
	tb.Do("typing into "+sel,
		chromedp.Click(chromedp.CSS(sel)),
		chromedp.Evaluate[chromedp.Void](`document.querySelector(`+jsString(sel)+`).select()`),
		chromedp.SendKeys(chromedp.CSS(sel), text))
	if got := Eval[string](tb, `document.querySelector(`+jsString(sel)+`).value`); got != text {
		tb.t.Fatalf("typed %q into %s but it holds %q", text, sel, got)
	}
}

// Check ticks a checkbox by clicking it, as a person would. (Its label
// can hold a link, so clicking the label could follow the link instead.)
func (tb *Tab) Check(id string) {
	tb.t.Helper()
	tb.mustHave("#" + id)
	tb.Do("ticking "+id, chromedp.Click(chromedp.ID(id)))
	if !Eval[bool](tb, `document.getElementById(`+jsString(id)+`).checked`) {
		tb.t.Fatalf("clicking #%s did not tick it", id)
	}
}

// awaitPromise makes Eval wait for the promise the expression returns.
var awaitPromise = chromedp.EvalAwaitPromise

// Eval evaluates a JavaScript expression in the page.
func Eval[T any](tb *Tab, expr string, opts ...chromedp.EvaluateOption) T {
	tb.t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](expr, opts...))
	if err != nil {
		tb.t.Fatalf("evaluating %.80s: %v", expr, err)
	}
	return v
}

// Text returns the rendered text of the first element matching sel, or
// "" when there is none.
func (tb *Tab) Text(sel string) string {
	tb.t.Helper()
	return Eval[string](tb, `(function(){var e=document.querySelector(`+jsString(sel)+`);return e?e.innerText.trim():""})()`)
}

// Has reports whether an element matches sel.
func (tb *Tab) Has(sel string) bool {
	tb.t.Helper()
	return Eval[bool](tb, `document.querySelector(`+jsString(sel)+`)!==null`)
}

// mustHave fails the test at once when nothing matches sel: chromedp
// would wait for it until the tab's timeout.
func (tb *Tab) mustHave(sel string) {
	tb.t.Helper()
	if !tb.Has(sel) {
		tb.t.Fatalf("no %s on %s: %.300s", sel, tb.Path(), tb.Text("main"))
	}
}

// Path returns the current path and query.
func (tb *Tab) Path() string {
	tb.t.Helper()
	return Eval[string](tb, `location.pathname+location.search`)
}

// Lang returns the page's html lang attribute.
func (tb *Tab) Lang() string {
	tb.t.Helper()
	return Eval[string](tb, `document.documentElement.lang`)
}

// WantText fails the test unless the element's text contains want.
func (tb *Tab) WantText(sel, want string) {
	tb.t.Helper()
	if got := tb.Text(sel); !strings.Contains(got, want) {
		tb.t.Errorf("%s on %s: text %q does not contain %q", sel, tb.Path(), got, want)
	}
}

// WaitText waits up to five seconds for sel's text to contain want, for
// what scripts fill in after the page has loaded.
func (tb *Tab) WaitText(sel, want string) {
	tb.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		got := tb.Text(sel)
		if strings.Contains(got, want) {
			return
		}
		if time.Now().After(deadline) {
			tb.t.Errorf("%s on %s: after 5 s the text is %q, want it to contain %q", sel, tb.Path(), got, want)
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// WantHeading fails the test unless the page's h1 reads exactly want.
func (tb *Tab) WantHeading(want string) {
	tb.t.Helper()
	if got := tb.Text("h1"); got != want {
		tb.t.Errorf("h1 on %s is %q, want %q", tb.Path(), got, want)
	}
}

// SignIn fills in and submits the sign-in form.
func (tb *Tab) SignIn(login, password string) int64 {
	tb.t.Helper()
	tb.Go("/login")
	tb.Type("#f-login", login)
	tb.Type("#f-password", password)
	return tb.Click(`main form[action="/login"] button[type=submit]`)
}

// SignOut presses the sign-out button in the header.
func (tb *Tab) SignOut() int64 {
	tb.t.Helper()
	return tb.Click(`header form[action="/logout"] button`)
}

// SwitchLanguage presses the language button in the header.
func (tb *Tab) SwitchLanguage(lang string) {
	tb.t.Helper()
	tb.Click(`header form.lang button[value="` + lang + `"]`)
	if got := tb.Lang(); got != lang {
		tb.t.Fatalf("after switching to %s the page is in %q", lang, got)
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
