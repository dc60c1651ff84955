package e2e

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"reconnect/internal/testkit/webtest"
)

// TestXSSMore puts every payload in xss_payloads_test.go through the
// fields outside the forum that are stored and shown again — cafés and
// gatherings, the toolbox, care messaging, moderation, what
// administrators write — storing them through the JSON API and the
// forms as the right roles, and checks every page that shows them with
// the checks of TestXSS (xss_check_test.go). Pages that show many
// payloads at once are loaded for real in Chromium with scripts running
// and the CSP watched; pages that show one payload each are fetched from
// inside a tab and parsed by Chromium, as in TestXSS.
//
// Text is checked to read back with the "in" want: the page holds the
// stored text somewhere in its main element (in a sentence, a list, a
// form field). Fields rendered as Markdown are checked for the post
// policy instead, as posts are.
func TestXSSMore(t *testing.T) {
	t.Parallel()
	started := time.Now()
	env := start(t)
	payloads := xssPayloads()
	if len(payloads) < 200 {
		t.Fatalf("only %d payloads", len(payloads))
	}
	x := &xssWorld{env: env, payloads: payloads}
	t.Cleanup(func() { x.tally.log(t, len(payloads), time.Since(started)) })
	t.Run("stored", func(t *testing.T) {
		t.Run("canaries", func(t *testing.T) { t.Parallel(); canaries(t, env) })
		for _, part := range []struct {
			name string
			run  func(*testing.T)
		}{{"toolbox", x.toolbox}, {"events", x.events}, {"care", x.care}, {"moderation", x.moderation}, {"admin", x.admin}, {"settings", x.settings},
			{"staff names", x.staffNames}} {
			t.Run(part.name, func(t *testing.T) { t.Parallel(); part.run(t) })
		}
	})
	t.Run("documents", x.documents)
}

// stored logs how long storing the payloads took, and returns a
// function that logs how long checking the pages took.
func stored(t *testing.T, began time.Time) func() {
	t.Helper()
	t.Logf("payloads stored in %v", time.Since(began).Round(time.Millisecond))
	checking := time.Now()
	return func() { t.Helper(); t.Logf("pages checked in %v", time.Since(checking).Round(time.Millisecond)) }
}

// call sends in as JSON as c and decodes a 2xx answer into out.
func call(t *testing.T, c *webtest.Client, method, path string, in, out any) {
	t.Helper()
	r := c.Do(method, path, in)
	if r.Status < 200 || r.Status > 299 {
		t.Fatalf("%s %s: status %d: %.400s", method, path, r.Status, r.Body)
	}
	if out != nil {
		r.JSON(t, out)
	}
}

// form posts vals as c, as a page's form would, and fails the test
// unless the answer is a redirect or a page.
func form(t *testing.T, c *webtest.Client, path string, vals map[string][]string) *webtest.Response {
	t.Helper()
	r := c.Form(path, vals)
	if r.Status != http.StatusSeeOther && r.Status != http.StatusFound && r.Status != http.StatusOK {
		t.Fatalf("POST %s: status %d: %.400s", path, r.Status, r.Body)
	}
	return r
}

// line cuts a payload to a one-line field of lo to hi characters.
func line(p string, lo, hi int) string { return fit(collapse(oneLine(p)), lo, hi) }

// lines cuts a payload to a multi-line field of lo to hi characters.
func lines(p string, lo, hi int) string {
	return strings.TrimSpace(fit(strings.TrimSpace(multiLine(p)), lo, hi))
}

// inMain wants each text somewhere in the page's main element.
func inMain(texts ...string) []want {
	var w []want
	for _, s := range texts {
		if strings.TrimSpace(s) != "" {
			w = append(w, want{Sel: "main", Text: s, Mode: "in"})
		}
	}
	return w
}

// shows is a pageCheck of a page that shows text read back in main.
func shows(what, path string, items int, texts ...string) pageCheck {
	return pageCheck{what: what, path: path, items: items, opts: checkOpts{Posts: -1, Wants: inMain(texts...)}}
}

func idPath(format string, id ID) string { return fmt.Sprintf(format, string(id)) }

// ID is an ID as the API writes it.
type ID string
