package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
	"reconnect/internal/testkit/webtest"
)

// missingID names an object that does not exist.
const missingID = "987654321"

// rq is one request of the matrix. missing is the same request aimed at
// objects that do not exist ("" when the path names none).
type rq struct {
	method, path, missing string
	body                  any        // JSON body for the API
	form                  url.Values // form body for a page
	fresh                 bool       // send from a new sign-in (the request ends the session)
	stream                string     // an event stream on this server: read the status, then hang up
}

// at fills each %s of format with ids; the missing variant fills them
// with IDs that do not exist.
func at(method, format string, ids ...string) rq {
	args, gone := make([]any, len(ids)), make([]any, len(ids))
	for i, s := range ids {
		args[i], gone[i] = s, missingID
		if !regexp.MustCompile(`^\d+$`).MatchString(s) {
			gone[i] = "Finnesikke" // a pseudonym
		}
	}
	r := rq{method: method, path: fmt.Sprintf(format, args...)}
	if len(ids) > 0 {
		r.missing = fmt.Sprintf(format, gone...)
	}
	return r
}

func (r rq) json(body any) rq { r.body = body; return r }

func (r rq) with(kv ...string) rq {
	r.form = url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		r.form.Add(kv[i], kv[i+1])
	}
	return r
}

func (r rq) api() bool {
	return strings.HasPrefix(r.path, "/api/") || strings.HasPrefix(r.path, "/calendar/") || r.path == "/healthz" || r.path == "/readyz" || r.path == "/metrics"
}

func (r rq) send(c *webtest.Client, path string) *webtest.Response {
	if r.stream != "" {
		return openStatus(c, r.stream+path)
	}
	if r.api() {
		if r.body == nil {
			return c.Do(r.method, path, nil)
		}
		return c.Do(r.method, path, r.body)
	}
	if r.method == "POST" {
		return c.Form(path, r.form)
	}
	return c.Do(r.method, path, nil)
}

// want is a route's expected statuses per caller.
type want [nCallers][]int

// cell statuses for anonymous callers: 401 on the API and for page
// forms, a redirect to the sign-in page for pages.
func anonStatus(page, get bool) []int {
	if page && get {
		return []int{303}
	}
	return []int{401}
}

// access builds a route's expectations: the listed callers get ok, every
// other signed-in caller 404, anonymous callers the sign-in answer.
func access(ok []int, who ...caller) *want {
	w := &want{}
	for c := asMember; c < nCallers; c++ {
		w[c] = []int{404}
	}
	for _, c := range who {
		w[c] = ok
	}
	return w
}

func (w *want) set(st []int, who ...caller) *want {
	for _, c := range who {
		w[c] = st
	}
	return w
}

var (
	s200     = []int{200}
	s201     = []int{201}
	s204     = []int{204}
	s303     = []int{303}
	s400     = []int{400}
	s403     = []int{403}
	s404     = []int{404}
	everyone = []caller{asMember, asModerator, asProvider, asUnlinked, asResearcher, asAdmin, asSuspended, asMuted, asOutsider, asOther}
	members  = []caller{asMember, asSuspended, asMuted, asOutsider, asOther} // service users
	forumers = []caller{asMember, asModerator, asMuted, asOutsider, asOther} // who reads the forum
	staff    = []caller{asProvider, asUnlinked, asResearcher, asAdmin}
)

// signed: every signed-in caller gets ok.
func signed(ok []int) *want { return access(ok, everyone...) }

// forum: readers of the forum get ok, a suspended member 403 (told why).
func forum(ok []int, who ...caller) *want {
	if len(who) == 0 {
		who = forumers
	}
	return access(ok, who...).set(s403, asSuspended)
}

// forumWrite: as forum, and a muted member 403 (told why, before any
// object is looked up, so alike for objects that do not exist).
func forumWrite(ok []int, who ...caller) *want { return forum(ok, who...).set(s403, asMuted) }

// route is one route of the matrix.
type route struct {
	pattern string
	req     func(t *testing.T, w *authzWorld, c caller) rq
	want    *want
	anyone  bool  // no sign-in needed: anonymous callers get want[asMember]
	anonOK  []int // what an anonymous caller gets, when not the sign-in answer
	// visible lists callers who may see the object but not act on it
	// (told why with 403); their answer need not match a missing object's.
	visible []caller
	echo    string // a word the request's own path holds, which pages may echo
}

// fixed is a request that is the same for every caller.
func fixed(r rq) func(*testing.T, *authzWorld, caller) rq {
	return func(*testing.T, *authzWorld, caller) rq { return r }
}

// patternsOf returns the table's patterns.
func patternsOf(rows []route) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.pattern)
	}
	return out
}

// routeDiff reports registered routes the table lacks, table rows for
// routes that are not registered, and rows listed twice.
func routeDiff(table, registered []string) []string {
	var problems []string
	reg := map[string]bool{}
	for _, p := range registered {
		reg[p] = true
	}
	seen := map[string]bool{}
	for _, p := range table {
		if seen[p] {
			problems = append(problems, "listed twice: "+p)
		}
		seen[p] = true
		if !reg[p] {
			problems = append(problems, "in the table but not registered: "+p)
		}
	}
	for _, p := range registered {
		if !seen[p] {
			problems = append(problems, "registered but missing from the table: "+p)
		}
	}
	sort.Strings(problems)
	return problems
}

// The check cannot pass by construction: a route added to the router
// and a route for a route that went away are both reported.
func TestRouteDiffReportsMissingAndStaleRoutes(t *testing.T) {
	table := []string{"GET /a", "POST /gone"}
	got := routeDiff(table, []string{"GET /a", "GET /new"})
	want := []string{"in the table but not registered: POST /gone", "registered but missing from the table: GET /new"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("routeDiff: %v", got)
	}
	if got := routeDiff([]string{"GET /a", "GET /a"}, []string{"GET /a"}); len(got) != 1 {
		t.Fatalf("a duplicate route: %v", got)
	}
}

func authzRows() []route { return append(pageRows(), apiRows()...) }

// title returns the page title, which names the page template.
func title(b []byte) string {
	m := regexp.MustCompile(`(?s)<title>(.*?)</title>`).FindSubmatch(b)
	if m == nil {
		return ""
	}
	return string(m[1])
}

// shape is what a caller can tell a refusal by: the status and the JSON
// error code or the page title.
func shape(r *webtest.Response) string {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		return fmt.Sprintf("%d json %s", r.Status, r.Body)
	}
	return fmt.Sprintf("%d page %q", r.Status, title(r.Body))
}

// Every route × every caller class, from the router's own table, with
// object-level cases: wherever a caller may not see an object, the
// answer is exactly that for an object that does not exist, and no route
// changes.
func TestAuthorizationMatrix(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		w := newAuthzWorld(t, db)
		rows := authzRows()
		if d := routeDiff(patternsOf(rows), w.App.Web.Patterns()); len(d) > 0 {
			t.Fatalf("the matrix and the router differ:\n%s", strings.Join(d, "\n"))
		}
		routeRows := len(rows)
		rows = append(append(rows, objectRows()...), badBodyRows()...)
		record := os.Getenv("AUTHZ_RECORD") != ""
		rc := newRowCounter(t, db)
		counts := func() []int64 { return rc.counts(t) }
		cells, objects, crossMember := 0, 0, 0
		for _, rw := range rows {
			// Refused callers first, so that an allowed caller's write
			// cannot hide a refused one's.
			order := []caller{}
			for c := asAnon; c < nCallers; c++ {
				order = append(order, c)
			}
			expect := func(c caller, page, get bool) []int {
				if c == asAnon && !rw.anyone {
					if rw.anonOK != nil {
						return rw.anonOK
					}
					return anonStatus(page, get)
				}
				if c == asAnon {
					return rw.want[asMember]
				}
				return rw.want[c]
			}
			sort.SliceStable(order, func(i, j int) bool {
				return refused(expect(order[i], false, false)) && !refused(expect(order[j], false, false))
			})
			// Objects made for the row are made before counting rows.
			reqs := map[caller]rq{}
			for _, c := range order {
				reqs[c] = rw.req(t, w, c)
			}
			var before []int64
			checked := false
			for _, c := range order {
				r := reqs[c]
				get := r.method == "GET"
				exp := expect(c, !r.api(), get)
				if refused(exp) && !get && !checked && before == nil {
					before = counts()
				}
				if !refused(exp) && before != nil && !checked {
					checked = true
					if after := counts(); !reflect.DeepEqual(before, after) {
						t.Errorf("%s: refused requests changed rows: %s", rw.pattern, rc.strictDiff(before, after))
					}
				}
				cl := w.clients[c]
				switch {
				case r.fresh && c == asAnon:
					cl = w.Client(t)
				case r.fresh:
					cl = w.As(t, w.logins[c])
				}
				forbid := cl.Forbid
				if rw.echo != "" {
					cl.Forbid = slices.DeleteFunc(slices.Clone(forbid), func(s string) bool { return s == rw.echo })
				}
				resp := r.send(cl, r.path)
				cells++
				if record {
					fmt.Printf("CELL %-55s %-18s %d\n", rw.pattern, c, resp.Status)
				}
				if !slices.Contains(exp, resp.Status) {
					t.Errorf("%s (%s %s) as %s: %d, want %v: %.160q", rw.pattern, r.method, r.path, c, resp.Status, exp, snippet(resp))
				}
				if resp.Status >= 500 {
					t.Errorf("%s as %s: %d", rw.pattern, c, resp.Status)
				}
				// Not yours and does not exist answer alike.
				if r.missing != "" && c != asAnon && refused(exp) && !slices.Contains(rw.visible, c) {
					gone := r.send(cl, r.missing)
					objects++
					if c != asAdmin && c != asResearcher {
						crossMember++
					}
					if shape(resp) != shape(gone) {
						t.Errorf("%s as %s: not yours and missing differ:\n  %s: %.300s\n  %s: %.300s", rw.pattern, c, r.path, shape(resp), r.missing, shape(gone))
					}
				}
				cl.Forbid = forbid
			}
			if before != nil && !checked {
				if after := counts(); !reflect.DeepEqual(before, after) {
					t.Errorf("%s: refused requests changed rows: %s", rw.pattern, rc.strictDiff(before, after))
				}
			}
		}
		t.Logf("authorization matrix: %d routes × %d callers = %d cells, and %d more rows on other objects (%d cells in all); %d object cases (not yours vs does not exist), %d of them by members, moderators and providers",
			routeRows, nCallers, routeRows*int(nCallers), len(rows)-routeRows, cells, objects, crossMember)
		if objects < 150 {
			t.Errorf("only %d object cases", objects)
		}
	})
}

// refused reports whether every expected status is a refusal.
func refused(st []int) bool {
	for _, s := range st {
		if s != 401 && s != 403 && s != 404 {
			return false
		}
	}
	return true
}

// snippet is what a failure shows of a response: the JSON body or the
// page title and its first message.
func snippet(r *webtest.Response) string {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		return string(r.Body)
	}
	s := title(r.Body)
	if m := regexp.MustCompile(`(?s)<main[^>]*>(.*?)</main>`).FindSubmatch(r.Body); m != nil {
		s += " | " + strings.Join(strings.Fields(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(string(m[1]), " ")), " ")
	}
	return s
}

// openStatus opens an event stream as c and returns its status and
// headers, hanging up once they arrive (a 2xx stream never ends).
func openStatus(c *webtest.Client, url string) *webtest.Response {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	if v := c.Cookie("reconnect_session"); v != "" {
		req.AddCookie(&http.Cookie{Name: "reconnect_session", Value: v})
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return &webtest.Response{Status: 599}
	}
	defer resp.Body.Close()
	out := &webtest.Response{Status: resp.StatusCode, Header: resp.Header}
	if resp.StatusCode != 200 {
		out.Body, _ = io.ReadAll(resp.Body)
	}
	return out
}

// The comparison of not yours and missing can fail: a different status,
// error code or page tells them apart.
func TestShapeTellsAnswersApart(t *testing.T) {
	jsonH := http.Header{"Content-Type": {"application/json"}}
	htmlH := http.Header{"Content-Type": {"text/html; charset=utf-8"}}
	page := func(status int, title string) *webtest.Response {
		return &webtest.Response{Status: status, Header: htmlH, Body: []byte("<title>" + title + "</title>")}
	}
	api := func(status int, body string) *webtest.Response {
		return &webtest.Response{Status: status, Header: jsonH, Body: []byte(body)}
	}
	nf := `{"error":{"code":"not_found"}}`
	a1, a2, p1, p2 := api(404, nf), api(404, nf), page(404, "Noe gikk galt"), page(404, "Noe gikk galt")
	if shape(a1) != shape(a2) || shape(p1) != shape(p2) {
		t.Fatal("equal answers differ")
	}
	for _, pair := range [][2]*webtest.Response{
		{api(404, nf), api(403, nf)},
		{api(404, nf), api(404, `{"error":{"code":"muted"}}`)},
		{page(404, "Noe gikk galt"), page(403, "Noe gikk galt")},
		{page(403, "Rediger innlegg"), page(403, "Noe gikk galt")},
		{api(404, nf), page(404, "Noe gikk galt")},
	} {
		if shape(pair[0]) == shape(pair[1]) {
			t.Errorf("%s and %s look alike", shape(pair[0]), shape(pair[1]))
		}
	}
}
