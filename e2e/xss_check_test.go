package e2e

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"reconnect/internal/testkit"
)

// want is text that must be on a page: some element matching Sel whose
// text (Mode "") or value (Mode "value") is Text, white space aside; or,
// with Mode "exists", just an element matching Sel; or, with Mode "in",
// Text somewhere in the text or the field values of the first element
// matching Sel (for pages that put a field's text inside a sentence).
type want struct {
	Sel  string `json:"sel"`
	Text string `json:"text"`
	Mode string `json:"mode"`
}

// checkOpts tells xssCheckJS what else to check on a page.
type checkOpts struct {
	Wants []want `json:"wants"`
	Posts int    `json:"posts"` // how many posts the page shows; -1: do not count
	Count string `json:"count"` // a selector whose matches are counted, for the tally
	Links string `json:"links"` // a selector whose matches' hrefs are returned
	Live  bool   `json:"live"`  // the page is loaded, so check that nothing ran
	// SVGs is how many pictures the page draws itself (the network map,
	// the mood chart): svg elements with role="img" holding only shapes
	// and text. Any other svg in the content fails.
	SVGs int `json:"svgs"`
}

// pageCheck is one page and what must hold on it.
type pageCheck struct {
	what     string
	path     string
	form     url.Values // POST this form instead of GET
	fragment bool       // parse as forum.js does: innerHTML of a div
	opts     checkOpts
	items    int   // payload×field instances on the page
	perCount int   // further instances per element matching opts.Count
	statuses []int // acceptable HTTP statuses; nil means 200
}

// verdict is what xssCheckJS found.
type verdict struct {
	Problems []string `json:"problems"`
	Checks   int      `json:"checks"`
	Counted  int      `json:"counted"`
	Links    []string `json:"links"`
	Status   int      `json:"status"`
}

// xssCheckJS checks a page (a Document) or a fragment (an Element). It
// returns the problems found, how many elements, attributes and texts
// it looked at, and how many elements matched opts.count.
const xssCheckJS = `function (root, opts) {
	var problems = [], checks = 0;
	function show(e) {
		var h = e.outerHTML || String(e);
		return h.length > 240 ? h.slice(0, 240) + "…" : h;
	}
	function fail(what, e) {
		if (problems.length < 10) { problems.push(what + (e ? ": " + show(e) : "")); }
	}
	function norm(s) { return String(s).normalize("NFC").replace(/[\s\u0085]+/g, " ").trim(); }
	function foreign(src) {
		try { return new URL(src, location.href).host !== location.host; } catch (x) { return true; }
	}
	var main = root.querySelector("main") || root;

	// Nothing ran: no payload's marker is set.
	if (opts.live) {
		checks++;
		if (window.__xss !== undefined) { fail("a payload ran: window.__xss is " + window.__xss); }
		if (/XSS/.test(document.title)) { fail("a payload ran: document.title is " + document.title); }
	}

	// The only scripts are the page's own files, in the head.
	root.querySelectorAll("script").forEach(function (s) {
		checks++;
		if ((s.getAttribute("src") || "").indexOf("/static/") !== 0 || !s.closest("head")) {
			fail("a script that is not the page's own", s);
		}
	});

	// No element anywhere has an event handler, a style or srcdoc
	// attribute, or a script or data URL.
	var urls = ["href", "src", "action", "formaction", "data", "xlink:href", "background", "poster", "codebase", "cite",
		"longdesc", "ping", "lowsrc", "dynsrc", "srcset", "imagesrcset", "archive", "classid", "usemap", "manifest",
		"icon", "to", "from", "values", "by"];
	root.querySelectorAll("*").forEach(function (e) {
		for (var k = 0; k < e.attributes.length; k++) {
			var a = e.attributes[k], n = a.name.toLowerCase();
			checks++;
			if (n.indexOf("on") === 0) {
				fail("an event handler attribute " + n, e);
			} else if (n === "style" || n === "srcdoc") {
				fail("a " + n + " attribute", e);
			} else if (urls.indexOf(n) >= 0 &&
				/^(javascript|vbscript|livescript|data):/.test(a.value.replace(/[\u0000-\u0020\u007f-\u009f]+/g, "").toLowerCase())) {
				fail("a script or data URL in " + n, e);
			}
		}
	});

	// Nothing in the content loads, frames, redirects or styles; there
	// is no base, meta refresh or stray style sheet anywhere.
	var shapes = {g: 1, circle: 1, line: 1, polyline: 1, path: 1, rect: 1, text: 1, tspan: 1, title: 1, desc: 1};
	var svgs = 0;
	main.querySelectorAll("iframe,frame,frameset,object,embed,applet,portal,base,link,meta,style,script,svg,math," +
		"template,noscript,img,image,picture,source,video,audio,track,canvas,xmp,plaintext,listing,marquee,bgsound," +
		"param,isindex,keygen,dialog").forEach(function (e) {
		if (e.localName === "svg" && e.getAttribute("role") === "img" && !e.parentElement.closest("svg") && ++svgs <= (opts.svgs || 0)) {
			e.querySelectorAll("*").forEach(function (c) {
				checks++;
				if (!shapes[c.localName]) { fail("an element a drawing may not hold", c); }
			});
			return;
		}
		if (!e.closest("svg") || e.localName === "svg") { fail("an element that has no place in the content", e); }
	});
	root.querySelectorAll("base,meta[http-equiv],body style,body link").forEach(function (e) {
		fail("an element that has no place in the page", e);
	});
	checks += 2;
	// A form's action or a button's formaction is a path on this site;
	// no action sends to the page itself (the passkey form, which a
	// script sends).
	root.querySelectorAll("form,[formaction]").forEach(function (f) {
		checks++;
		var act = f.getAttribute(f.localName === "form" ? "action" : "formaction");
		if (act !== null && (act.charAt(0) !== "/" || act.charAt(1) === "/" || act.charAt(1) === "\\")) { fail("a form that sends elsewhere", f); }
	});

	// Posts hold only what the Markdown policy allows: a few text
	// elements, links to http, https and mailto marked nofollow ugc
	// noopener, a numeric list start. No images, styles, ids or classes.
	var allowed = {p: 1, br: 1, em: 1, strong: 1, del: 1, blockquote: 1, ul: 1, ol: 1, li: 1, code: 1, pre: 1, hr: 1, h3: 1, h4: 1, a: 1};
	var posts = main.querySelectorAll(".prose");
	posts.forEach(function (post) {
		post.querySelectorAll("*").forEach(function (e) {
			checks++;
			var tag = e.localName;
			if (tag === "img") {
				fail(foreign(e.getAttribute("src")) ? "an image from another site in a post" : "an image in a post", e);
				return;
			}
			if (e.namespaceURI !== "http://www.w3.org/1999/xhtml" || !allowed[tag]) {
				fail("an element a post may not hold", e);
				return;
			}
			for (var k = 0; k < e.attributes.length; k++) {
				var n = e.attributes[k].name;
				if (!(tag === "a" && (n === "href" || n === "rel")) && !(tag === "ol" && n === "start")) {
					fail("an attribute a post may not hold: " + n, e);
				}
			}
			if (tag === "ol" && e.hasAttribute("start") && !/^[0-9]{1,6}$/.test(e.getAttribute("start"))) {
				fail("a list start that is not a number", e);
			}
			if (tag === "a") {
				if (e.getAttribute("rel") !== "nofollow ugc noopener") { fail("a post link without rel=\"nofollow ugc noopener\"", e); }
				if (e.hasAttribute("href")) {
					var u = null;
					try { u = new URL(e.getAttribute("href"), location.href); } catch (x) {}
					if (!u || ["http:", "https:", "mailto:"].indexOf(u.protocol) < 0) { fail("a post link that is not http, https or mailto", e); }
				}
			}
		});
	});
	if (opts.posts >= 0 && posts.length !== opts.posts) { fail("the page shows " + posts.length + " posts, want " + opts.posts); }

	// Escaped text reads back as written.
	var cache = {};
	function texts(sel, mode) {
		var key = mode + " " + sel;
		if (!cache[key]) {
			cache[key] = Array.prototype.map.call(root.querySelectorAll(sel), function (e) {
				return norm(mode === "value" ? (typeof e.value === "string" ? e.value : e.getAttribute("value")) : e.textContent);
			});
		}
		return cache[key];
	}
	(opts.wants || []).forEach(function (w) {
		checks++;
		if (w.mode === "in") {
			if (!cache["holds " + w.sel]) {
				var e = root.querySelector(w.sel);
				cache["holds " + w.sel] = e ? norm(e.textContent) + " \u0001 " + Array.prototype.map.call(e.querySelectorAll("input,textarea"), function (i) {
					return norm(i.value);
				}).join(" \u0001 ") : "";
			}
			if (cache["holds " + w.sel].indexOf(norm(w.text)) < 0) {
				fail("no " + w.sel + " holds " + JSON.stringify(norm(w.text)).slice(0, 200));
			}
			return;
		}
		var got = texts(w.sel, w.mode);
		if (w.mode === "exists") {
			if (!got.length) { fail("nothing matches " + w.sel); }
			return;
		}

		var want = norm(w.text);
		if (got.indexOf(want) < 0) {
			fail("no " + w.sel + " reads " + JSON.stringify(want).slice(0, 200) +
				(got.length ? "; the first reads " + JSON.stringify(got[0]).slice(0, 200) : "; nothing matches"));
		}
	});
	return {problems: problems, checks: checks, counted: opts.count ? root.querySelectorAll(opts.count).length : 0,
		links: opts.links ? Array.prototype.map.call(root.querySelectorAll(opts.links), function (a) { return a.getAttribute("href"); }) : []};
}`

// fetchJS fetches jobs from inside the tab, a few at a time, parses each
// answer as the browser would (a page with DOMParser, a post fragment
// with innerHTML as forum.js inserts it), and checks it with check.
const fetchJS = `function (jobs, check, parallel) {
	var out = new Array(jobs.length), next = 0;
	function one(i) {
		var j = jobs[i], init = {credentials: "same-origin"};
		if (j.form) {
			init.method = "POST";
			init.body = new URLSearchParams();
			Object.keys(j.form).forEach(function (k) {
				j.form[k].forEach(function (v) { init.body.append(k, v); });
			});
		}
		return fetch(j.path, init).then(function (r) {
			var csp = r.headers.get("Content-Security-Policy") || "";
			return r.text().then(function (html) {
				var root;
				if (j.fragment) {
					var doc = document.implementation.createHTMLDocument("");
					root = doc.createElement("div");
					root.innerHTML = html;
					doc.body.appendChild(root);
				} else {
					root = new DOMParser().parseFromString(html, "text/html");
				}
				var v = check(root, j.opts);
				v.status = r.status;
				if (csp.indexOf("script-src 'self'") < 0) { v.problems.push("no Content-Security-Policy with script-src 'self'"); }
				out[i] = v;
			});
		}).catch(function (e) {
			out[i] = {problems: ["fetching failed: " + e], checks: 0, counted: 0, status: 0};
		});
	}
	function worker() {
		if (next >= jobs.length) { return Promise.resolve(); }
		return one(next++).then(worker);
	}
	var ws = [];
	for (var k = 0; k < parallel; k++) { ws.push(worker()); }
	return Promise.all(ws).then(function () { return out; });
}`

// fetchJob is a pageCheck as fetchJS takes it.
type fetchJob struct {
	Path     string              `json:"path"`
	Form     map[string][]string `json:"form,omitempty"`
	Fragment bool                `json:"fragment"`
	Opts     checkOpts           `json:"opts"`
}

// tabs hands out a tab signed in as login, and a fresh one once the
// current one has used half the harness's time limit for a tab, so
// that long runs of pages never reach the limit.
type tabs struct {
	t      *testing.T
	x      *xssWorld
	login  string // "" keeps the tab given
	tb     *Tab
	opened time.Time
}

func (x *xssWorld) tabsAs(t *testing.T, login string) *tabs { return &tabs{t: t, x: x, login: login} }

func (s *tabs) tab() *Tab {
	s.t.Helper()
	if s.tb == nil || s.login != "" && time.Since(s.opened) > tabTimeout/2 {
		if s.tb != nil {
			// Leave the page, closing any live stream it holds.
			s.tb.Do("leaving the page", chromedp.Navigate("about:blank"))
		}
		s.tb, s.opened = s.x.signedIn(s.t, s.login), time.Now()
	}
	return s.tb
}

// visit loads each page in a tab as a visitor would and checks it,
// after its scripts have run.
func (x *xssWorld) visit(ts *tabs, pcs []pageCheck) {
	ts.t.Helper()
	for _, pc := range pcs {
		tb := ts.tab()
		status := tb.Go(pc.path)
		pc.opts.Live = true
		v := Eval[verdict](tb, "("+xssCheckJS+")(document, "+mustJSON(ts.t, pc.opts)+")")
		v.Status = int(status)
		x.judge(ts.t, pc, v, true)
		tb.checkProblems()
	}
}

// fetch fetches and checks the pages from inside a tab, a batch at a
// time, and returns what it found on each.
func (x *xssWorld) fetch(ts *tabs, pcs []pageCheck) []verdict {
	ts.t.Helper()
	const batch = 25
	var all []verdict
	for len(pcs) > 0 {
		n := min(batch, len(pcs))
		jobs := make([]fetchJob, n)
		for i, pc := range pcs[:n] {
			jobs[i] = fetchJob{Path: pc.path, Form: pc.form, Fragment: pc.fragment, Opts: pc.opts}
		}
		tb := ts.tab()
		vs := Eval[[]verdict](tb, "("+fetchJS+")("+mustJSON(ts.t, jobs)+", "+xssCheckJS+", 3)", awaitPromise)
		if len(vs) != n {
			ts.t.Fatalf("fetched %d pages, got %d verdicts", n, len(vs))
		}
		for i, v := range vs {
			x.judge(ts.t, pcs[i], v, false)
		}
		tb.checkProblems()
		all = append(all, vs...)
		pcs = pcs[n:]
	}
	return all
}

// judge reports a page's problems and adds it to the tally.
func (x *xssWorld) judge(t *testing.T, pc pageCheck, v verdict, loaded bool) {
	t.Helper()
	ok := pc.statuses
	if ok == nil {
		ok = []int{http.StatusOK}
	}
	if !slices.Contains(ok, v.Status) {
		x.tally.fail(t, "%s (%s): status %d, want one of %v", pc.what, shorten(pc.path), v.Status, ok)
	}
	for _, p := range v.Problems {
		x.tally.fail(t, "%s (%s): %s", pc.what, shorten(pc.path), p)
	}
	x.tally.add(pc.items+pc.perCount*v.Counted, v.Checks, len(pc.opts.Wants), loaded)
}

func shorten(s string) string {
	if len(s) > 120 {
		return s[:120] + "…"
	}
	return s
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// kinds is how many assertions each page check makes of every payload
// on it: no script of its own, no handler attribute, no script URL, no
// element that loads or frames, posts within the policy (no image, no
// style), no style attribute, and — on loaded pages — nothing ran.
const kinds = 6

// tally counts what the checks covered, across parallel subtests.
type tally struct {
	mu                              sync.Mutex
	loaded, fetched                 int
	instances, inspections, asserts int
	refusals                        int // payloads refused as pseudonyms by the service or the API
	problems                        int
}

// maxReported bounds the problems told in full: when something breaks
// for every payload, the first few say what, and the count says how far.
const maxReported = 40

// fail fails the test with a problem found on a page.
func (c *tally) fail(t *testing.T, format string, args ...any) {
	t.Helper()
	c.mu.Lock()
	c.problems++
	n := c.problems
	c.mu.Unlock()
	if n <= maxReported {
		t.Errorf(format, args...)
	} else {
		t.Fail()
	}
}

func (c *tally) refused(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.refusals += n
}

func (c *tally) add(instances, inspections, wants int, loaded bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if loaded {
		c.loaded++
	} else {
		c.fetched++
	}
	k := kinds
	if loaded {
		k++
	}
	c.instances += instances
	c.inspections += inspections
	c.asserts += instances*k + wants
}

func (c *tally) log(t *testing.T, payloads int, took time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t.Logf("XSS: %d payloads; %d pages loaded and %d fetched and parsed; %d payload×field×page checks; "+
		"%d DOM assertions (%d elements, attributes and texts inspected); %d refusals as pseudonym outside pages; %v in all",
		payloads, c.loaded, c.fetched, c.instances, c.asserts, c.inspections, c.refusals, took.Round(time.Millisecond))
	if c.problems > maxReported {
		t.Errorf("%d problems on pages in all; only the first %d are shown", c.problems, maxReported)
	}
}

// signedIn opens a tab signed in as login.
func (x *xssWorld) signedIn(t *testing.T, login string) *Tab {
	t.Helper()
	tb := NewTab(t, x.env, Norwegian)
	tb.SignIn(login, testkit.Password)
	if p := tb.Path(); p != "/" {
		t.Fatalf("signing in as %s ended at %s", login, p)
	}
	return tb
}
