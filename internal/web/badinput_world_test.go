package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"reconnect/internal/i18n"
	"reconnect/internal/identity"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
	"reconnect/internal/testkit/webtest"
)

// badWorld is the fixture world with the objects the bad-input suites
// aim at, and a signed-in client per caller (one sign-in each).
type badWorld struct {
	env     *webtest.Env
	clients map[string]*webtest.Client
	ids     map[string]string // {name} in paths and bodies
}

// spares are service users whose settings the suites may change.
var spares = []struct{ login, pseudonym string }{
	{"spare.delete", "Solgang"}, {"spare.prefs", "Lavvann"}, {"spare.name", "Nordlys"},
	{"spare.role", "Fjellvind"}, {"spare.break", "Regnbue"}, {"spare.sanction", "Tindrende"},
	{"spare.lift", "Kveldsol"},
}

func newBadWorld(t *testing.T, env *webtest.Env) *badWorld {
	t.Helper()
	ctx := context.Background()
	w := &badWorld{env: env, clients: map[string]*webtest.Client{"": env.Client(t)}, ids: map[string]string{
		"member": id(env.Member.ID), "provider": id(env.Provider.ID), "fjordvik": id(env.Fjordvik.ID)}}
	for _, login := range []string{"member", "member2", "admin", "moderator", "provider"} {
		w.clients[login] = env.As(t, login)
	}
	for _, s := range spares {
		u, err := env.IDs.CreateUser(ctx, &env.Admin, identity.NewUser{Login: s.login, Password: testkit.Password, Role: identity.ServiceUser, CommunityID: env.Fjordvik.ID, Pseudonym: s.pseudonym})
		if err != nil {
			t.Fatal(err)
		}
		if err := env.IDs.CompleteOnboarding(ctx, &u); err != nil {
			t.Fatal(err)
		}
		w.clients[s.login] = env.As(t, s.login)
		w.ids[s.login] = id(u.ID)
		if s.login == "spare.sanction" {
			w.ids[s.login] = s.pseudonym
		}
	}
	admin, member := w.clients["admin"], w.clients["member"]
	w.ids["category"] = created(t, admin.Do("POST", "/api/v1/admin/forum/categories", map[string]any{"slug": "generelt", "name_nb": "Generelt", "name_en": "General"}), "id")
	w.ids["category2"] = created(t, admin.Do("POST", "/api/v1/admin/forum/categories", map[string]any{"slug": "andre", "name_nb": "Andre", "name_en": "Other"}), "id")
	r := member.Do("POST", "/api/v1/forum/threads", map[string]any{"category_id": w.ids["category"], "title": "Tittel", "body": "Hei"})
	w.ids["thread"] = created(t, r, "thread.id")
	w.ids["post"] = created(t, r, "post.id")
	created(t, admin.Do("POST", "/api/v1/care-team/links", map[string]any{"provider_id": w.ids["provider"], "member_id": w.ids["member"], "member_name": "Kari Nordmann"}), "id")
	w.ids["conversation"] = created(t, member.Do("POST", "/api/v1/conversations", map[string]any{"participant_ids": []string{w.ids["provider"]}, "subject": "Hei", "body": "Hei"}), "id")
	for name, req := range map[string][2]any{
		"goal":       {"/api/v1/toolbox/goals", map[string]any{"title": "Mål", "area": "hope"}},
		"plan":       {"/api/v1/toolbox/crisis-plan", map[string]any{"warning_signs": "x"}},
		"medication": {"/api/v1/toolbox/medications", map[string]any{"name": "X"}},
		"journal":    {"/api/v1/toolbox/journal", map[string]any{"text": "x"}},
		"network":    {"/api/v1/toolbox/network", map[string]any{"name": "X", "kind": "friend", "closeness": "inner"}},
		"activity":   {"/api/v1/toolbox/activities", map[string]any{"what": "Tur", "day": "2026-11-30"}},
	} {
		w.ids[name] = created(t, member.Do("POST", req[0].(string), req[1]), "id")
	}
	w.ids["exercise"] = created(t, admin.Do("POST", "/api/v1/library/exercises", map[string]any{"category": "coping", "title_nb": "a", "title_en": "b", "body_nb": "c", "body_en": "d"}), "id")
	w.ids["info"] = created(t, admin.Do("POST", "/api/v1/library/info", map[string]any{"title_nb": "Om oss", "title_en": "About us", "body_nb": "c", "body_en": "d"}), "id")
	w.ids["response"] = created(t, member.Do("POST", "/api/v1/toolbox/exercises", map[string]any{"exercise_id": w.ids["exercise"], "text": "x"}), "id")
	w.ids["circle"] = created(t, member.Do("POST", "/api/v1/circles", map[string]any{"name": "Sirkel", "member_pseudonyms": []string{"Morgengry"}}), "id")
	w.ids["request"] = created(t, w.clients["member2"].Do("POST", "/api/v1/reveal-requests", map[string]any{"to_pseudonym": "Havbris", "shown_name": "Mona"}), "id")
	w.ids["reveal"] = created(t, member.Do("POST", "/api/v1/reveals", map[string]any{"to_pseudonym": "Morgengry", "shown_name": "Kari"}), "id")
	w.ids["request2"] = created(t, member.Do("POST", "/api/v1/reveal-requests", map[string]any{"to_pseudonym": "Kveldsol", "shown_name": "Kari"}), "id")
	var notices struct{ Items []struct{ ID string } }
	member.Get("/api/v1/notifications").JSON(t, &notices)
	if len(notices.Items) == 0 {
		t.Fatal("no notice for the member")
	}
	w.ids["notice"] = notices.Items[0].ID
	w.ids["event"] = created(t, admin.Do("POST", "/api/v1/events", map[string]any{"community_id": w.ids["fjordvik"], "kind": "cafe", "title": "Kafé",
		"starts_at": testkit.Start.Add(48 * time.Hour), "ends_at": testkit.Start.Add(50 * time.Hour), "place": map[string]any{"name": "Biblioteket"}}), "id")
	// Two lifts to the event and a suggestion from one to the other.
	lift := w.clients["spare.lift"]
	for _, c := range []*webtest.Client{member, lift} {
		if r := c.Do("POST", "/api/v1/events/"+w.ids["event"]+"/rsvp", map[string]any{"status": "going"}); r.Status >= 300 {
			t.Fatalf("rsvp: %d %s", r.Status, r.Body)
		}
	}
	w.ids["mylift"] = created(t, member.Do("POST", "/api/v1/events/"+w.ids["event"]+"/lifts", map[string]any{"kind": "offer", "seats": 3, "area": "Sentrum"}), "id")
	w.ids["lift"] = created(t, lift.Do("POST", "/api/v1/events/"+w.ids["event"]+"/lifts", map[string]any{"kind": "ask", "seats": 1, "area": "Sentrum"}), "id")
	w.ids["match"] = created(t, lift.Do("POST", "/api/v1/lifts/"+w.ids["mylift"]+"/propose", map[string]any{"my_lift_id": w.ids["lift"]}), "id")
	return w
}

var placeholder = regexp.MustCompile(`\{[a-z0-9.]+\}`)

// fill replaces {name} with the object's ID.
func (w *badWorld) fill(t *testing.T, s string) string {
	t.Helper()
	return placeholder.ReplaceAllStringFunc(s, func(p string) string {
		v, ok := w.ids[strings.Trim(p, "{}")]
		if !ok {
			t.Fatalf("no object for %s", p)
		}
		return v
	})
}

// body fills the placeholders in a valid body.
func (w *badWorld) body(t *testing.T, v map[string]any) map[string]any {
	t.Helper()
	b, _ := json.Marshal(v)
	var out map[string]any
	if err := json.Unmarshal([]byte(w.fill(t, string(b))), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// pattern is what the real router resolves a request to.
func (w *badWorld) pattern(method, path string) string {
	_, p := w.env.App.Web.Mux().Handler(httptest.NewRequest(method, path, nil))
	return p
}

// rowCounter counts the rows of every table in one query.
type rowCounter struct {
	db     *sqldb.DB
	tables []string
	query  string
}

func newRowCounter(t *testing.T, db *sqldb.DB) *rowCounter {
	t.Helper()
	schema, err := db.Schema(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	c := &rowCounter{db: db}
	for table := range schema {
		c.tables = append(c.tables, table)
	}
	sort.Strings(c.tables)
	parts := make([]string, len(c.tables))
	for i, table := range c.tables {
		parts[i] = "(SELECT COUNT(*) FROM " + table + ")"
	}
	c.query = "SELECT " + strings.Join(parts, ", ")
	return c
}

func (c *rowCounter) counts(t *testing.T) []int64 {
	t.Helper()
	out := make([]int64, len(c.tables))
	ptrs := make([]any, len(out))
	for i := range out {
		ptrs[i] = &out[i]
	}
	if err := c.db.QueryRowContext(context.Background(), c.query).Scan(ptrs...); err != nil {
		t.Fatal(err)
	}
	return out
}

// changeWatch proves refused requests changed no row while counting
// rows as seldom as it can: a run of refused requests is checked once,
// before the next request that may be accepted (or at the end).
type changeWatch struct {
	rows    *rowCounter
	before  []int64
	pending []string // refused since before was counted
}

func (cw *changeWatch) start(t *testing.T) {
	t.Helper()
	cw.before, cw.pending = cw.rows.counts(t), nil
}

// settle checks the refused requests since the last count.
func (cw *changeWatch) settle(t *testing.T, where string) {
	t.Helper()
	if len(cw.pending) == 0 {
		return
	}
	now := cw.rows.counts(t)
	if d := cw.rows.diff(cw.before, now); d != "" {
		t.Errorf("%s: refused, yet rows changed: %s; by one of: %s", where, d, strings.Join(cw.pending, "; "))
	}
	cw.before, cw.pending = now, nil
}

// answered records a request's outcome.
func (cw *changeWatch) answered(t *testing.T, name string, status int) {
	t.Helper()
	if status >= 400 {
		cw.pending = append(cw.pending, name)
		return
	}
	cw.start(t)
}

// bookkeeping are tables a refused request may write: failed sign-ins
// count towards the lockout.
var bookkeeping = map[string]bool{"auth_throttle": true}

// diff names the tables whose counts differ.
func (c *rowCounter) diff(a, b []int64) string { return c.changes(a, b, bookkeeping) }

// strictDiff names every table whose count changed.
func (c *rowCounter) strictDiff(a, b []int64) string { return c.changes(a, b, nil) }

func (c *rowCounter) changes(a, b []int64, skip map[string]bool) string {
	var out []string
	for i := range a {
		if a[i] != b[i] && !skip[c.tables[i]] {
			out = append(out, fmt.Sprintf("%s %d→%d", c.tables[i], a[i], b[i]))
		}
	}
	return strings.Join(out, ", ")
}

// languageCheck tells messages of one language from the other's.
type languageCheck struct {
	only map[i18n.Lang]map[string]bool // messages found in that language's catalog only
	all  map[i18n.Lang]map[string]bool
}

var looksLikeKey = regexp.MustCompile(`^[a-z_]+(\.[a-z0-9_]+)+$`)

func newLanguageCheck(t *testing.T) *languageCheck {
	t.Helper()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	all := map[i18n.Lang]map[string]bool{}
	for _, l := range []i18n.Lang{"nb", "en"} {
		all[l] = map[string]bool{}
		for _, k := range cat.Keys(l) {
			all[l][cat.T(l, k)] = true
		}
	}
	lc := &languageCheck{only: map[i18n.Lang]map[string]bool{"nb": {}, "en": {}}, all: all}
	for l, other := range map[i18n.Lang]i18n.Lang{"nb": "en", "en": "nb"} {
		for m := range all[l] {
			if !all[other][m] {
				lc.only[l][m] = true
			}
		}
	}
	return lc
}

// problem says what is wrong with msg for a caller who asked for lang.
func (lc *languageCheck) problem(lang i18n.Lang, msg string) string {
	other := i18n.Lang("en")
	if lang == "en" {
		other = "nb"
	}
	switch {
	case msg == "":
		return "no message"
	case looksLikeKey.MatchString(msg):
		return "an untranslated key " + msg
	case lc.only[other][msg]:
		return fmt.Sprintf("%q is in %s, not %s", msg, other, lang)
	case lang == "en" && strings.ContainsAny(msg, "æøåÆØÅ") && !lc.all[lang][msg]:
		return fmt.Sprintf("%q is not English", msg)
	}
	return ""
}

// leaks are texts of Go, JSON decoding or database errors that no
// response may carry (unless the request itself did).
var leaks = []string{"sql", "SQL", "pq:", "pgx", "pgconn", "SQLSTATE", "sqlite", "json: ", "cannot unmarshal", "invalid character '",
	"runtime error", "goroutine ", "panic", "strconv.", "reflect.", ".go:", "nil pointer", "syntax error", "constraint failed", "duplicate key", "violates"}

// secretLike are random tokens a page may show (a calendar link, a new
// access token: 43 characters of base64url); by chance they may hold
// "SQL" or "pgx", so they are left out of the search.
var secretLike = regexp.MustCompile(`[A-Za-z0-9_-]{40,}`)

func leaked(resp, req []byte) string {
	page := secretLike.ReplaceAllString(string(resp), "")
	for _, l := range leaks {
		if strings.Contains(page, l) && !strings.Contains(string(req), l) {
			return l
		}
	}
	return ""
}
