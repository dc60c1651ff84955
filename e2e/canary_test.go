package e2e

import (
	"strings"
	"testing"
)

// TestChecksCatchProblems breaks a page on purpose and shows that each
// check the other tests rely on notices: a suite whose checks can no
// longer fail would pass on broken pages.
func TestChecksCatchProblems(t *testing.T) {
	t.Parallel()
	env := start(t)
	tb := NewTab(t, env, Norwegian)
	tb.Go("/login")

	t.Run("csp", func(t *testing.T) {
		tb := tb.For(t)
		// Inline script and a style attribute are what the CSP forbids.
		Eval[bool](tb, `(function () {
			var s = document.createElement("script");
			s.textContent = "window.inlineRan = true";
			document.body.appendChild(s);
			document.body.setAttribute("style", "color: red");
			return true;
		})()`)
		if Eval[bool](tb, `window.inlineRan === true`) {
			t.Error("an inline script ran: the page has no CSP that forbids it")
		}
		// The reports arrive as events; wait until both have come.
		var got []string
		for i := 0; i < 50 && !(hasAll(got, "script-src", "style-src")); i++ {
			Eval[bool](tb, `new Promise(function (r) { setTimeout(function () { r(true); }, 20); })`, awaitPromise)
			got = append(got, tb.Problems()...)
		}
		if !hasAll(got, "script-src", "style-src") {
			t.Errorf("the CSP violations were not recorded; got %q", got)
		}
	})

	t.Run("script-error", func(t *testing.T) {
		tb := tb.For(t)
		Eval[bool](tb, `(function () { setTimeout(function () { throw new Error("canary"); }, 0); return true; })()`)
		var got []string
		for i := 0; i < 50 && !hasAll(got, "canary"); i++ {
			Eval[bool](tb, `new Promise(function (r) { setTimeout(function () { r(true); }, 20); })`, awaitPromise)
			got = append(got, tb.Problems()...)
		}
		if !hasAll(got, "uncaught script error", "canary") {
			t.Errorf("the uncaught error was not recorded; got %q", got)
		}
	})

	t.Run("axe", func(t *testing.T) {
		tb := tb.For(t)
		requireAxe(t)
		Eval[bool](tb, `(function () {
			var i = document.createElement("input");
			i.type = "text";
			document.querySelector("main").appendChild(i);
			return true;
		})()`)
		found := false
		for _, v := range tb.Axe() {
			if v.ID == "label" && (v.Impact == "critical" || v.Impact == "serious") {
				found = true
			}
		}
		if !found {
			t.Error("axe-core did not report an input without a label")
		}
	})

	t.Run("reflow", func(t *testing.T) {
		tb := tb.For(t)
		// A style property set from script is not a style attribute the
		// CSP would block.
		Eval[bool](tb, `(function () {
			var d = document.createElement("div");
			d.style.width = "1000px";
			d.textContent = "wide";
			document.querySelector("main").appendChild(d);
			return true;
		})()`)
		tb.Do("narrowing the viewport", Phone())
		if w, wide := tb.Width(); w <= 320 || !strings.Contains(wide, "div") {
			t.Errorf("a 1000 px wide element went unnoticed: width %d, culprits %q", w, wide)
		}
		tb.Do("widening the viewport", Desktop())
	})
}

func hasAll(list []string, words ...string) bool {
	all := strings.Join(list, "\n")
	for _, w := range words {
		if !strings.Contains(all, w) {
			return false
		}
	}
	return true
}
