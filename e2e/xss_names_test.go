package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"reconnect/internal/apperr"
	"reconnect/internal/forum"
	"reconnect/internal/identity"
	"reconnect/internal/testkit/webtest"
)

// lookalikes are pseudonyms the rules allow that read like markup: they
// must be shown as the text they are.
var lookalikes = []string{"Onerror Alert", "Script Src", "Javascript Void", "Svg_Onload-1", "Img Src X"}

// pseudonyms checks that every payload is refused as a pseudonym
// wherever one is chosen — the service's check, registration through
// the API, the onboarding form, which shows the refused text back — and
// that the lookalikes are accepted and shown as text.
func (x *xssWorld) pseudonyms(t *testing.T) {
	ctx := context.Background()
	env := x.env
	for i, p := range x.payloads {
		err := env.IDs.CheckPseudonym(ctx, nil, p)
		if err == nil {
			t.Errorf("payload %d is accepted as a pseudonym: %q", i, p)
		} else if k := apperr.From(err).Kind; k != apperr.KindInvalid && k != apperr.KindConflict {
			t.Errorf("payload %d as a pseudonym: %v", i, err)
		}
	}
	x.tally.refused(len(x.payloads))

	made := func() int {
		var n int
		if err := env.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE login LIKE 'xss.api.%'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	code := invite(t, env, identity.ServiceUser, env.Fjordvik.ID)
	c := env.Client(t)
	for i, p := range x.payloads {
		r := c.Do(http.MethodPost, "/api/v1/auth/register", map[string]any{"invitation": code, "login": fmt.Sprintf("xss.api.%d", i),
			"password": "en lang og god setning", "pseudonym": p, "accept_terms": true})
		if r.Status != http.StatusBadRequest && r.Status != http.StatusConflict {
			t.Errorf("registering with payload %d as pseudonym: status %d %.200s", i, r.Status, r.Body)
		}
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") || r.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("the refusal of payload %d as pseudonym is %q, nosniff %q: a browser could read it as HTML", i, ct, r.Header.Get("X-Content-Type-Options"))
		}
	}
	x.tally.refused(len(x.payloads))
	if n := made(); n != 0 {
		t.Errorf("refused registrations made %d accounts", n)
	}

	// The onboarding form, in a browser: a new member at the pseudonym
	// step submits each payload, and the refusal shows it back.
	tb := NewTab(t, env, Norwegian)
	tb.Go("/register?code=" + url.QueryEscape(invite(t, env, identity.ServiceUser, env.Fjordvik.ID)))
	tb.Type("#f-login", "xss.onboarding")
	tb.Type("#f-password", "en lang og god setning")
	tb.Click(`main form[action="/register"][method="post"] button[type=submit]`)
	tb.Check("f-accept_terms")
	tb.Click(`main form[action="/consent"] button[type=submit]`)
	if p := tb.Path(); p != "/onboarding/pseudonym" {
		t.Fatalf("the new member is at %s, not the pseudonym step", p)
	}
	var pcs []pageCheck
	for i, p := range x.payloads {
		pc := pageCheck{what: fmt.Sprintf("payload %d chosen as pseudonym", i), path: "/onboarding/pseudonym", form: url.Values{"pseudonym": {p}},
			statuses: []int{http.StatusBadRequest, http.StatusConflict}, items: 1, opts: checkOpts{Posts: 0}}
		if plain(p) {
			pc.opts.Wants = []want{wantValue("#f-pseudonym", p)}
		}
		pcs = append(pcs, pc)
	}
	x.fetch(&tabs{t: t, x: x, tb: tb}, pcs)

	// The lookalikes register, start a thread and mention themselves;
	// Havbris sees their names as text.
	pcs = nil
	for k, p := range lookalikes {
		if err := env.IDs.CheckPseudonym(ctx, nil, p); err != nil {
			t.Fatalf("lookalike %q is refused: %v", p, err)
		}
		r := env.Client(t).Do(http.MethodPost, "/api/v1/auth/register", map[string]any{"invitation": invite(t, env, identity.ServiceUser, env.Fjordvik.ID),
			"login": fmt.Sprintf("xss.ok.%d", k), "password": "en lang og god setning", "pseudonym": p, "accept_terms": true})
		if r.Status != http.StatusCreated {
			t.Fatalf("registering %q: %d %s", p, r.Status, r.Body)
		}
		var body struct {
			User struct {
				ID string `json:"id"`
			} `json:"user"`
		}
		r.JSON(t, &body)
		var id int64
		fmt.Sscan(body.User.ID, &id)
		u, err := env.IDs.UserByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		th, _, err := env.App.Forum.CreateThread(ctx, &u, forum.NewThread{CategoryID: x.posts.ID, Title: p + " skriver",
			Body: "Hei fra @" + strings.ReplaceAll(p, " ", "_") + ".", Acknowledge: true})
		if err != nil {
			t.Fatal(err)
		}
		pcs = append(pcs,
			pageCheck{what: "lookalike " + p, path: memberPath(p), items: 2,
				opts: checkOpts{Posts: 0, Wants: []want{wantText("h1", p), wantText(".threads .author", p)}}},
			pageCheck{what: "thread by lookalike " + p, path: threadPath(th.ID), items: 3,
				opts: checkOpts{Posts: 1, Wants: []want{wantText("h1", p+" skriver"), wantText(".post-by .author", p), wantText(".prose a", "@"+p)}}})
	}
	x.visit(x.tabsAs(t, "member"), pcs)
}

// canary is a page with something wrong in it, and what xssCheckJS must
// say about it.
type canary struct {
	html string
	opts checkOpts
	want string
}

// xssCanaries break each check once: a check that can no longer fail
// would pass every page.
var xssCanaries = []canary{
	{`<head><script src="https://evil.example/x.js"></script></head><main></main>`, checkOpts{Posts: -1}, "a script that is not the page's own"},
	{`<main><p onclick="x">a</p></main>`, checkOpts{Posts: -1}, "an event handler attribute onclick"},
	{`<main><span style="color: red">s</span></main>`, checkOpts{Posts: -1}, "a style attribute"},
	{"<main><a href=\" java\tscript:x\">j</a></main>", checkOpts{Posts: -1}, "a script or data URL in href"},
	{`<main><svg><a xlink:href="data:text/html,x"></a></svg></main>`, checkOpts{Posts: -1}, "a script or data URL in xlink:href"},
	{`<main><iframe src="/"></iframe></main>`, checkOpts{Posts: -1}, "an element that has no place in the content"},
	{`<head><base href="https://evil.example/"></head><main></main>`, checkOpts{Posts: -1}, "an element that has no place in the page"},
	{`<head><meta http-equiv="refresh" content="0; url=https://evil.example/"></head><main></main>`, checkOpts{Posts: -1}, "an element that has no place in the page"},
	{`<main><form action="https://evil.example/"></form></main>`, checkOpts{Posts: -1}, "a form that sends elsewhere"},
	{`<main><form action="/"><button formaction="//evil.example/">x</button></form></main>`, checkOpts{Posts: -1}, "a form that sends elsewhere"},
	{`<body><form action="https://evil.example/"></form><main></main></body>`, checkOpts{Posts: -1}, "a form that sends elsewhere"},
	{`<main><div class="prose"><img src="https://evil.example/t.png"></div></main>`, checkOpts{Posts: -1}, "an image from another site in a post"},
	{`<main><div class="prose"><p id="x">a</p></div></main>`, checkOpts{Posts: -1}, "an attribute a post may not hold: id"},
	{`<main><div class="prose"><b>a</b></div></main>`, checkOpts{Posts: -1}, "an element a post may not hold"},
	{`<main><div class="prose"><a href="https://example.org/">a</a></div></main>`, checkOpts{Posts: -1}, "without rel"},
	{`<main><div class="prose"><a href="ftp://example.org/" rel="nofollow ugc noopener">a</a></div></main>`, checkOpts{Posts: -1}, "not http, https or mailto"},
	{`<main><div class="prose"></div></main>`, checkOpts{Posts: 2}, "the page shows 1 posts, want 2"},
	{`<main><h1>&lt;b&gt;</h1></main>`, checkOpts{Posts: -1, Wants: []want{wantText("h1", "<i>")}}, "no h1 reads"},
	{`<main><input id="f-q" value="&lt;b&gt;"></main>`, checkOpts{Posts: -1, Wants: []want{wantValue("#f-q", "<i>")}}, "no #f-q reads"},
	{`<main></main>`, checkOpts{Posts: -1, Wants: []want{{Sel: "textarea", Mode: "exists"}}}, "nothing matches textarea"},
	{`<main><p>Til &lt;b&gt;</p><input value="&lt;b&gt;"></main>`, checkOpts{Posts: -1, Wants: []want{{Sel: "main", Text: "<i>", Mode: "in"}}}, "no main holds"},
	{`<main><svg role="img"><circle r="1"></circle></svg></main>`, checkOpts{Posts: -1}, "an element that has no place in the content"},
	{`<main><svg role="img"></svg><svg role="img"></svg></main>`, checkOpts{Posts: -1, SVGs: 1}, "an element that has no place in the content"},
	{`<main><svg role="img"><foreignObject></foreignObject></svg></main>`, checkOpts{Posts: -1, SVGs: 1}, "an element a drawing may not hold"},
	{`<main><svg role="img"><a><text>x</text></a></svg></main>`, checkOpts{Posts: -1, SVGs: 1}, "an element a drawing may not hold"},
}

// canaries shows that xssCheckJS notices each thing it looks for, in
// parsed pages and in the loaded page.
func canaries(t *testing.T, env *webtest.Env) {
	tb := NewTab(t, env, Norwegian)
	tb.Go("/login")
	pages := make([]string, len(xssCanaries))
	opts := make([]checkOpts, len(xssCanaries))
	for i, c := range xssCanaries {
		pages[i], opts[i] = c.html, c.opts
	}
	vs := Eval[[]verdict](tb, `(function (pages, opts, check) {
		return pages.map(function (html, i) { return check(new DOMParser().parseFromString(html, "text/html"), opts[i]); });
	})(`+mustJSON(t, pages)+", "+mustJSON(t, opts)+", "+xssCheckJS+")")
	for i, c := range xssCanaries {
		if !strings.Contains(strings.Join(vs[i].Problems, "\n"), c.want) {
			t.Errorf("the checks missed %q in %s: they said %q", c.want, c.html, vs[i].Problems)
		}
	}
	// Chromium holds even a parsed, never shown page to the tab's CSP:
	// the canaries' handler, style attribute and base are reported as
	// violations, so a payload that got through would fail the test
	// twice. Those reports are expected here.
	var got []string
	for i := 0; i < 50 && !hasAll(got, "script-src-attr", "style-src-attr", "base-uri"); i++ {
		Eval[bool](tb, `new Promise(function (r) { setTimeout(function () { r(true); }, 20); })`, awaitPromise)
		got = append(got, tb.Problems()...)
	}
	if !hasAll(got, "script-src-attr", "style-src-attr", "base-uri") {
		t.Errorf("the canaries' CSP violations were not all reported: %q", got)
	}
	// A payload that ran leaves a mark in the loaded page.
	for _, mark := range []string{"window.__xss = 1", "document.title = 'XSS'"} {
		v := Eval[verdict](tb, `(function (check) { var title = document.title; `+mark+`;
			var v = check(document, {posts: -1, live: true});
			delete window.__xss; document.title = title; return v; })(`+xssCheckJS+")")
		if !strings.Contains(strings.Join(v.Problems, "\n"), "a payload ran") {
			t.Errorf("the checks missed %s: they said %q", mark, v.Problems)
		}
	}
	if v := Eval[verdict](tb, "("+xssCheckJS+")(document, {posts: -1, live: true})"); len(v.Problems) > 0 {
		t.Errorf("the sign-in page itself fails the checks: %q", v.Problems)
	}
}
