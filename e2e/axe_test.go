package e2e

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"reconnect/internal/identity"
	"reconnect/internal/testkit"
)

// AxeEnv names the variable holding the path to axe.min.js from the npm
// package axe-core. The file is never copied into the repository.
const AxeEnv = "RECONNECT_TEST_AXE"

var (
	axeOnce   sync.Once
	axeSource string
	axeSkip   string
	axeErr    error
)

// requireAxe returns the axe-core script, or skips the test (fails it
// under RECONNECT_TEST_REQUIRE_ALL=1) when it is not configured.
func requireAxe(t *testing.T) string {
	t.Helper()
	axeOnce.Do(func() {
		path := os.Getenv(AxeEnv)
		if path == "" {
			axeSkip = fmt.Sprintf("%s is unset: point it at axe.min.js from axe-core (npm install --prefix .ci --no-save axe-core@4.11)", AxeEnv)
			return
		}
		b, err := os.ReadFile(path)
		if err != nil {
			axeErr = fmt.Errorf("%s: %v", AxeEnv, err)
			return
		}
		axeSource = string(b)
	})
	switch {
	case axeErr != nil:
		t.Fatal(axeErr)
	case axeSkip != "" && testkit.RequireAll():
		t.Fatalf("%s, and RECONNECT_TEST_REQUIRE_ALL=1 demands the accessibility audits", axeSkip)
	case axeSkip != "":
		t.Skip("accessibility audits skipped: " + axeSkip)
	}
	return axeSource
}

// axeRun runs the WCAG 2.1 A and AA rules and the best practices on the
// whole page and returns the violations in a form Go can print.
const axeRun = `axe.run(document, {
	runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
	resultTypes: ["violations"]
}).then(function (r) {
	return r.violations.map(function (v) {
		return {id: v.id, impact: v.impact || "", help: v.help, helpUrl: v.helpUrl,
			count: v.nodes.length,
			targets: v.nodes.slice(0, 4).map(function (n) { return n.target.join(" >>> "); })};
	});
})`

type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	HelpURL string   `json:"helpUrl"`
	Count   int      `json:"count"`
	Targets []string `json:"targets"`
}

func (v axeViolation) String() string {
	return fmt.Sprintf("%s (%s, %d elements): %s\n\t\t%s\n\t\tfirst: %s",
		v.ID, v.Impact, v.Count, v.Help, v.HelpURL, strings.Join(v.Targets, " | "))
}

// Audit checks the page in the tab now: axe-core finds no serious or
// critical violation (lesser ones are logged), and the page reflows at
// 320 CSS pixels without sideways scrolling (WCAG 1.4.10).
func (tb *Tab) Audit(label string) {
	tb.t.Helper()
	where := label + " (" + tb.Path() + ", " + tb.Lang() + ")"
	tb.report(where, tb.Axe())
	tb.Do("narrowing the viewport", Phone())
	tb.report(where+" at 320 px", tb.Axe())
	if w, wide := tb.Width(); w > 320 {
		tb.t.Errorf("%s: at 320 CSS px the page is %d px wide; it must reflow without sideways scrolling. Too wide: %s", where, w, wide)
	}
	tb.Do("widening the viewport", Desktop())
	tb.checkProblems()
}

// Phone is the narrowest viewport WCAG 1.4.10 asks pages to reflow in.
func Phone() chromedp.Action[chromedp.Void] { return chromedp.EmulateViewport(320, 640) }

// report fails the test on serious and critical violations and logs the
// others.
func (tb *Tab) report(where string, vs []axeViolation) {
	tb.t.Helper()
	for _, v := range vs {
		if v.Impact == "serious" || v.Impact == "critical" {
			tb.t.Errorf("%s: accessibility violation %s", where, v)
		} else {
			tb.t.Logf("%s: minor accessibility finding %s", where, v)
		}
	}
}

// Axe runs axe-core on the page and returns its violations.
func (tb *Tab) Axe() []axeViolation {
	tb.t.Helper()
	src := requireAxe(tb.t)
	if !Eval[bool](tb, `typeof axe === "object"`) {
		tb.Do("injecting axe-core", chromedp.Evaluate[chromedp.Void](src))
	}
	vs, err := chromedp.Run(tb.ctx, chromedp.Evaluate[[]axeViolation](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.t.Fatalf("running axe-core on %s: %v", tb.Path(), err)
	}
	return vs
}

// Width returns the document's width in the current viewport, and when
// it is wider than 320 px, the elements that stick out: those outside any
// scrolling box of their own, and absolutely positioned ones, which can
// escape a scrolling box that is not positioned.
func (tb *Tab) Width() (int, string) {
	tb.t.Helper()
	w := Eval[int](tb, `document.documentElement.scrollWidth`)
	if w <= 320 {
		return w, ""
	}
	return w, Eval[string](tb, `(function () {
	function scrolls(e) {
		for (var p = e.parentElement; p && p !== document.body; p = p.parentElement) {
			var o = getComputedStyle(p).overflowX;
			if (o !== "visible" && o !== "clip") { return true; }
		}
		return false;
	}
	function name(e) {
		return e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
			(typeof e.className === "string" && e.className ? "." + e.className.trim().split(/\s+/).join(".") : "");
	}
	return Array.from(document.querySelectorAll("body *")).filter(function (e) {
		var r = e.getBoundingClientRect(), pos = getComputedStyle(e).position;
		return r.width > 0 && r.right > 320.5 && (pos === "absolute" || pos === "fixed" ||
			(!scrolls(e) && e.parentElement.getBoundingClientRect().right <= 320.5));
	}).slice(0, 5).map(function (e) {
		return name(e.parentElement) + " > " + name(e) + " right=" + Math.round(e.getBoundingClientRect().right);
	}).join(", ");
})()`)
}

// TestAccessibility audits every page as each kind of viewer meets it,
// in both languages where the text differs most for anonymous visitors,
// because the people ReConnect serves include many who use screen
// readers, zoom, or a phone, and a serious axe finding shuts them out.
func TestAccessibility(t *testing.T) {
	t.Parallel()
	requireBrowser(t)
	requireAxe(t)
	env := start(t)
	code := invite(t, env, identity.ServiceUser, env.Fjordvik.ID)
	codeURL := "/register?code=" + url.QueryEscape(code)

	for _, lang := range []string{"nb", "en"} {
		t.Run("anonymous-"+lang, func(t *testing.T) {
			t.Parallel()
			tb := NewTab(t, env, Norwegian)
			if lang != "nb" {
				tb.Go("/")
				tb.SwitchLanguage(lang)
			}
			for _, p := range []string{"/", "/login", "/register", codeURL, "/register?code=WRONG", "/crisis", "/terms", "/no-such-page"} {
				tb.Go(p)
				if tb.Lang() != lang {
					t.Fatalf("%s is in %q, want %s", p, tb.Lang(), lang)
				}
				tb.Audit(p)
			}
			tb.SignIn("member", "not the password")
			if !tb.Has(".error-summary") {
				t.Fatalf("a wrong password showed no errors: %s", tb.Text("main"))
			}
			tb.Audit("failed sign-in")
			tb.Go(codeURL)
			tb.Click(`main form[action="/register"] button[type=submit]`)
			if !tb.Has(".error-summary") {
				t.Fatal("an empty registration showed no errors")
			}
			tb.Audit("refused registration")
		})
	}

	// The stylesheet has a dark scheme with colours of its own; audit
	// the pages with the most kinds of element in it too.
	t.Run("dark", func(t *testing.T) {
		t.Parallel()
		tb := NewTab(t, env, Norwegian)
		tb.Do("choosing the dark scheme", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}})
			return err
		}))
		for _, p := range []string{"/", "/register?code=WRONG", "/crisis"} {
			tb.Go(p)
			if !Eval[bool](tb, `matchMedia("(prefers-color-scheme: dark)").matches`) {
				t.Fatal("the dark scheme is not in effect")
			}
			tb.Audit(p)
		}
		tb.SignIn("admin", testkit.Password)
		tb.Audit("home")
		tb.Go("/invitations")
		tb.Audit("invitations")
	})

	t.Run("onboarding", func(t *testing.T) {
		t.Parallel()
		tb := NewTab(t, env, Norwegian)
		tb.Go("/register?code=" + url.QueryEscape(invite(t, env, identity.ServiceUser, env.Granlia.ID)))
		tb.Type("#f-login", "ny.i.axe")
		tb.Type("#f-password", "en lang og god setning")
		tb.Click(`main form[action="/register"][method="post"] button[type=submit]`)
		tb.Audit("consent")
		tb.Click(`main form[action="/consent"] button[type=submit]`)
		tb.Audit("consent with errors")
		tb.Check("f-accept_terms")
		tb.Click(`main form[action="/consent"] button[type=submit]`)
		tb.Audit("pseudonym")
		tb.Type("#f-pseudonym", "admin")
		tb.Click(`main form[action="/onboarding/pseudonym"] button[type=submit]`)
		tb.Audit("pseudonym refused")
		tb.Type("#f-pseudonym", "Axe Testesen")
		tb.Click(`main form[action="/onboarding/pseudonym"] button[type=submit]`)
		tb.Audit("welcome")
	})

	t.Run("member", func(t *testing.T) {
		t.Parallel()
		tb := NewTab(t, env, Norwegian)
		tb.SignIn("member", testkit.Password)
		tb.Audit("home")
		tb.Go("/settings")
		tb.Audit("settings")
		tb.Type("#f-token_name", "Kalender")
		tb.Click(`form[action="/settings/tokens"] button[type=submit]`)
		if !tb.Has("#new-token") {
			t.Fatalf("no new token shown: %s", tb.Text("main"))
		}
		tb.Audit("settings with a new token")
		tb.Click(`form[action="/settings/calendar"] button[type=submit]`)
		if !tb.Has("#calendar-url") {
			t.Fatalf("no calendar address shown: %s", tb.Text("main"))
		}
		tb.Audit("settings with a calendar feed address")
		tb.Type("#f-current_password", "not the password")
		tb.Click(`form[action="/settings/password"] button[type=submit]`)
		if !tb.Has(".error-summary") {
			t.Fatalf("a wrong current password showed no errors: %s", tb.Text("main"))
		}
		tb.Audit("settings with errors")
		// Deleting the account: refused without the box, then pending
		// with its date and a cancel button, then cancelled.
		tb.Click(`form[action="/settings/delete"] button[type=submit]`)
		if !tb.Has("#f-confirm_delete-error") {
			t.Fatalf("an unticked deletion showed no error: %s", tb.Text("main"))
		}
		tb.Audit("settings with a deletion error")
		tb.Check("f-confirm_delete")
		tb.Click(`form[action="/settings/delete"] button[type=submit]`)
		if !tb.Has(`form[action="/settings/delete/cancel"]`) {
			t.Fatalf("no pending deletion shown: %s", tb.Text("main"))
		}
		tb.Audit("settings with a pending deletion")
		tb.Click(`form[action="/settings/delete/cancel"] button[type=submit]`)
	})

	// People and circles: the confirmation screen, a request to answer, a
	// circle's first visit with its reminder.
	t.Run("peers", func(t *testing.T) {
		t.Parallel()
		ctx := context.Background()
		m2 := env.Member2
		if _, err := env.IDs.AskToKnow(ctx, &m2, "Havbris", "Ola", "fra kafeen"); err != nil {
			t.Fatal(err)
		}
		c, err := env.IDs.CreateCircle(ctx, &m2, "Kafégjengen", []string{"Havbris"})
		if err != nil {
			t.Fatal(err)
		}
		tb := NewTab(t, env, Norwegian)
		tb.SignIn("member", testkit.Password)
		tb.Go("/people")
		tb.Audit("people with a request")
		tb.Type("#f-to_pseudonym", "Fjordvik-verten")
		tb.Type("#f-shown_name", "Kari")
		tb.Click(`main form[action="/people/reveal"] button[type=submit]`)
		if !tb.Has("#confirm-title") {
			t.Fatalf("no confirmation screen: %s", tb.Text("main"))
		}
		tb.Audit("reveal confirmation")
		tb.Go("/circles")
		tb.Audit("circles")
		tb.Go(fmt.Sprintf("/circles/%d", c.ID))
		tb.Audit("circle invitation")
		tb.Click(fmt.Sprintf(`main form[action="/circles/%d/join"] button[type=submit]`, c.ID))
		tb.Audit("circle first visit")
		tb.Go("/notifications")
		tb.Audit("notices")
		tb.Go("/privacy-check")
		tb.Type("#f-text", "Ring meg på 412 34 567, jeg bor i Storgata 12.")
		tb.Click(`main form[action="/privacy-check"] button[type=submit]`)
		if !tb.Has(".findings li") {
			t.Fatalf("no findings shown: %s", tb.Text("main"))
		}
		tb.Audit("privacy check with findings")
	})

	t.Run("moderator", func(t *testing.T) {
		t.Parallel()
		tb := NewTab(t, env, Norwegian)
		tb.SignIn("moderator", testkit.Password)
		tb.Audit("home")
		tb.Go("/invitations")
		tb.Audit("invitations")
	})

	t.Run("provider", func(t *testing.T) {
		t.Parallel()
		tb := NewTab(t, env, Norwegian)
		tb.SignIn("provider", testkit.Password)
		tb.Audit("home")
		tb.Go("/invitations")
		tb.Audit("invitations")
	})

	t.Run("researcher", func(t *testing.T) {
		t.Parallel()
		tb := NewTab(t, env, Norwegian)
		tb.SignIn("researcher", testkit.Password)
		tb.Audit("home")
	})

	t.Run("admin", func(t *testing.T) {
		t.Parallel()
		tb := NewTab(t, env, Norwegian)
		tb.SignIn("admin", testkit.Password)
		tb.Audit("home")
		tb.Go("/invitations")
		tb.Audit("invitations")
		tb.Do("choosing a role", chromedp.SetValue(chromedp.CSS("#f-role"), string(identity.ServiceUser)))
		tb.Click(`main form[action="/invitations"] button[type=submit]`)
		if !tb.Has(".error-summary") {
			t.Fatalf("a service user invitation without a community was not refused: %s", tb.Text("main"))
		}
		tb.Audit("refused invitation")
		tb.Do("choosing a role", chromedp.SetValue(chromedp.CSS("#f-role"), string(identity.ServiceUser)))
		tb.Do("choosing a community", chromedp.SetValue(chromedp.CSS("#f-community_id"), fmt.Sprint(env.Granlia.ID)))
		tb.Click(`main form[action="/invitations"] button[type=submit]`)
		if !tb.Has(".secret code") {
			t.Fatalf("no invitation code shown: %s", tb.Text("main"))
		}
		tb.Audit("new invitation")
	})

	// The administration pages get a tab of their own, so that no tab
	// comes near its time limit on a busy CI machine.
	t.Run("admin-pages", func(t *testing.T) {
		t.Parallel()
		tb := NewTab(t, env, Norwegian)
		tb.SignIn("admin", testkit.Password)
		tb.Go("/admin/communities")
		tb.Audit("communities")
		tb.Go("/admin/accounts")
		tb.Audit("accounts")
		tb.Go(fmt.Sprintf("/admin/accounts/%d", env.Member.ID))
		tb.Audit("member's account")
		tb.Go(fmt.Sprintf("/admin/accounts/%d", env.Moderator.ID))
		tb.Audit("moderator's account")
		tb.Go("/admin/documents")
		tb.Audit("consent documents")
		tb.Go("/admin/reserved-pseudonyms")
		tb.Audit("reserved pseudonyms")
		tb.Go("/admin/identity-lookup")
		tb.Audit("identity look-up")
		tb.Go("/admin/places")
		tb.Audit("places")
		tb.Go("/admin/care")
		tb.Audit("care links, none yet")
		tb.Click(`main form[action="/admin/care"] button[type=submit]`)
		if !tb.Has(".error-summary") {
			t.Fatalf("a care link without a member was not refused: %s", tb.Text("main"))
		}
		tb.Audit("care link with errors")
		tb.Type("#f-member_login", "member")
		tb.Type("#f-member_name", "Kari Nordmann")
		tb.Click(`main form[action="/admin/care"] button[type=submit]`)
		tb.Audit("care links")
		tb.Go("/admin/forum/categories")
		tb.Audit("forum categories, none yet")
		tb.Type("#f-name_nb", "Hverdagen")
		tb.Click(`main form[action="/admin/forum/categories"] button[type=submit]`)
		if !tb.Has(".error-summary") {
			t.Fatalf("a category without an English name was not refused: %s", tb.Text("main"))
		}
		tb.Audit("forum category with errors")
		tb.Type("#f-name_en", "Everyday life")
		tb.Type("#f-slug", "hverdagen")
		tb.Click(`main form[action="/admin/forum/categories"] button[type=submit]`)
		tb.Audit("forum categories")
		tb.Click(`main table a[href^="/admin/forum/categories/"]`)
		tb.Audit("forum category settings")
	})
}
