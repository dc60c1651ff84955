package web_test

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
	"reconnect/internal/testkit/webtest"
)

// forumWorld is the fixture world with forum content made over HTTP: a
// shared category and a Fjordvik-only one, a thread by Havbris (member)
// with a reply by Morgengry (member2), and a circle of the two with a
// thread of its own.
type forumWorld struct {
	*webtest.Env
	kari, ola, mod                   *webtest.Client
	shared, local                    string // category IDs
	thread, post, reply              string // thread, its first post, Morgengry's reply
	localThread                      string // in the Fjordvik-only category
	circle, circleThread, circlePost string
}

const (
	sharedTitle = "Gode dager og tunge dager"
	circleTitle = "Bare for kafégjengen"
	circleWord  = "sirkelhemmelighet"
)

func newForumWorld(t *testing.T, db *sqldb.DB) *forumWorld {
	t.Helper()
	env := webtest.Start(t, db)
	fw := &forumWorld{Env: env, kari: env.As(t, "member"), ola: env.As(t, "member2"), mod: env.As(t, "moderator")}
	admin := env.As(t, "admin")
	fw.shared = created(t, admin.Do("POST", "/api/v1/admin/forum/categories", map[string]any{"slug": "generelt", "name_nb": "Generelt", "name_en": "General"}), "id")
	fw.local = created(t, admin.Do("POST", "/api/v1/admin/forum/categories", map[string]any{"slug": "fjordvik", "name_nb": "Fjordvik", "name_en": "Fjordvik", "community_id": id(env.Fjordvik.ID)}), "id")
	var tc struct {
		Thread struct{ ID string }
		Post   struct{ ID string }
	}
	r := fw.kari.Do("POST", "/api/v1/forum/threads", map[string]any{"category_id": fw.shared, "title": sharedTitle, "body": "Hvordan har dere det i dag?"})
	mustStatus(t, r, 201)
	r.JSON(t, &tc)
	fw.thread, fw.post = tc.Thread.ID, tc.Post.ID
	fw.reply = created(t, fw.ola.Do("POST", "/api/v1/forum/threads/"+fw.thread+"/posts", map[string]any{"body": "Litt bedre enn i går.", "reply_to": fw.post}), "post.id")
	r = fw.mod.Do("POST", "/api/v1/forum/threads", map[string]any{"category_id": fw.local, "title": "Velkommen til Fjordvik", "body": "Her møtes vi."})
	mustStatus(t, r, 201)
	r.JSON(t, &tc)
	fw.localThread = tc.Thread.ID
	fw.circle = created(t, fw.kari.Do("POST", "/api/v1/circles", map[string]any{"name": "Kafégjengen", "member_pseudonyms": []string{"Morgengry"}}), "id")
	mustStatus(t, fw.ola.Do("POST", "/api/v1/circles/"+fw.circle+"/join", nil), 204)
	r = fw.kari.Do("POST", "/api/v1/forum/threads", map[string]any{"circle_id": fw.circle, "title": circleTitle, "body": "Et " + circleWord + " blant venner."})
	mustStatus(t, r, 201)
	r.JSON(t, &tc)
	fw.circleThread, fw.circlePost = tc.Thread.ID, tc.Post.ID
	return fw
}

func mustStatus(t *testing.T, r *webtest.Response, status int) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d: %.400s", r.Status, status, r.Body)
	}
}

// created checks a 201 and returns the string at the dotted path in the
// JSON body.
func created(t *testing.T, r *webtest.Response, path string) string {
	t.Helper()
	mustStatus(t, r, 201)
	var v any
	r.JSON(t, &v)
	for _, k := range strings.Split(path, ".") {
		v = v.(map[string]any)[k]
	}
	s, _ := v.(string)
	if s == "" {
		t.Fatalf("no %s in %s", path, r.Body)
	}
	return s
}

type forumRoute struct {
	method, path string
	body         map[string]any
	page         bool // an HTML page or form, not the JSON API
}

// routes lists every forum route aimed at the given thread, post,
// category and circle.
func forumRoutes(thread, post, category, circle string) []forumRoute {
	form := func(p string) forumRoute { return forumRoute{"POST", p, nil, true} }
	page := func(p string) forumRoute { return forumRoute{"GET", p, nil, true} }
	return []forumRoute{
		{"GET", "/api/v1/forum/categories", nil, false},
		{"GET", "/api/v1/forum/threads?category_id=" + category, nil, false},
		{"GET", "/api/v1/forum/threads?circle_id=" + circle, nil, false},
		{"POST", "/api/v1/forum/threads", map[string]any{"category_id": category, "title": "Ny tråd", "body": "Hei"}, false},
		{"POST", "/api/v1/forum/threads", map[string]any{"circle_id": circle, "title": "Ny tråd", "body": "Hei"}, false},
		{"GET", "/api/v1/forum/threads/" + thread, nil, false},
		{"POST", "/api/v1/forum/threads/" + thread + "/posts", map[string]any{"body": "Hei"}, false},
		{"PUT", "/api/v1/forum/threads/" + thread + "/watch", map[string]any{"level": "watch"}, false},
		{"PATCH", "/api/v1/forum/posts/" + post, map[string]any{"body": "Endret"}, false},
		{"GET", "/api/v1/forum/posts/" + post + "/revisions", nil, false},
		{"POST", "/api/v1/forum/posts/" + post + "/reactions", map[string]any{"kind": "support"}, false},
		{"DELETE", "/api/v1/forum/posts/" + post + "/reactions?kind=support", nil, false},
		{"POST", "/api/v1/forum/posts/" + post + "/flags", map[string]any{"reason": "spam"}, false},
		{"DELETE", "/api/v1/forum/posts/" + post, nil, false},
		{"GET", "/api/v1/forum/search?q=dager", nil, false},
		{"GET", "/api/v1/forum/unread", nil, false},
		{"GET", "/api/v1/forum/drafts/reply:" + thread, nil, false},
		{"PUT", "/api/v1/forum/drafts/reply:" + thread, map[string]any{"body": "Utkast"}, false},
		{"GET", "/api/v1/stream?thread=" + thread, nil, false},
		page("/forum"), page("/forum/categories/" + category), page("/forum/unread"), page("/forum/search?q=dager"),
		page("/forum/new?category=" + category), page("/forum/new?circle=" + circle), page("/forum/threads/" + thread),
		page("/forum/posts/" + post + "/fragment"), page("/forum/posts/" + post + "/edit"), page("/forum/posts/" + post + "/history"),
		page("/forum/members/Havbris"),
		form("/forum/new"), form("/forum/threads/" + thread + "/reply"), form("/forum/threads/" + thread + "/watch"),
		form("/forum/posts/" + post + "/edit"), form("/forum/posts/" + post + "/react"), form("/forum/posts/" + post + "/delete"),
	}
}

func (fw *forumWorld) send(c *webtest.Client, rt forumRoute) *webtest.Response {
	if rt.page && rt.method == "POST" {
		return c.Form(rt.path, url.Values{"category_id": {fw.shared}, "title": {"Ny tråd"}, "body": {"Hei"}, "toggle": {"support"}, "level": {"watch"}})
	}
	if rt.body == nil {
		return c.Do(rt.method, rt.path, nil)
	}
	return c.Do(rt.method, rt.path, rt.body)
}

// The forum does not exist for anyone but service users and peer
// moderators: signed-out callers are asked to sign in, providers,
// researchers and admins get 404, and nobody learns a pseudonym or a
// title from the refusal. Nothing is written.
func TestForumIsClosedToOtherRoles(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		fw := newForumWorld(t, db)
		clients := map[string]*webtest.Client{"": fw.Client(t), "provider": fw.As(t, "provider"), "researcher": fw.As(t, "researcher"), "admin": fw.As(t, "admin")}
		before := testkit.Counts(t, db)
		for who, c := range clients {
			// Havbris is in a URL, which pages may echo; Morgengry is not.
			c.Forbid = []string{"Morgengry", sharedTitle, circleTitle, "Hvordan har dere det"}
			for _, rt := range forumRoutes(fw.thread, fw.post, fw.shared, fw.circle) {
				r := fw.send(c, rt)
				want := 404
				switch {
				case who == "" && rt.page && rt.method == "GET":
					want = 303
				case who == "":
					want = 401
				}
				if r.Status != want {
					t.Errorf("%q %s %s: %d, want %d", who, rt.method, rt.path, r.Status, want)
				}
			}
		}
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
			t.Fatalf("refused requests changed rows: %v -> %v", before, after)
		}
		// The moderator's admin screens are not the forum either.
		if r := fw.mod.Get("/api/v1/admin/forum/categories"); r.Status != 404 {
			t.Errorf("moderator lists admin categories: %d", r.Status)
		}
		if r := fw.kari.Do("POST", "/api/v1/admin/forum/categories", map[string]any{"slug": "x"}); r.Status != 404 {
			t.Errorf("member creates a category: %d", r.Status)
		}
		if r := fw.kari.Do("PATCH", "/api/v1/admin/forum/categories/"+fw.shared, map[string]any{"slug": "x"}); r.Status != 404 {
			t.Errorf("member updates a category: %d", r.Status)
		}
	})
}

// A circle's threads exist only for its members: an outsider (here a
// peer moderator of the same community) gets 404 everywhere, including
// search, reactions, the live stream and post fragments.
func TestCircleThreadsAre404ToOutsiders(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		fw := newForumWorld(t, db)
		fw.mod.Forbid = []string{circleTitle, circleWord}
		before := testkit.Counts(t, db)
		tried := 0
		for _, rt := range forumRoutes(fw.circleThread, fw.circlePost, fw.shared, fw.circle) {
			switch {
			case strings.Contains(rt.path, "category_id="+fw.shared), rt.path == "/forum/new" && rt.method == "POST",
				rt.body != nil && rt.body["category_id"] != nil, !strings.Contains(rt.path, fw.circleThread) &&
					!strings.Contains(rt.path, fw.circlePost) && !strings.Contains(rt.path, "circle"):
				continue // routes not about the circle
			}
			tried++
			if r := fw.send(fw.mod, rt); r.Status != 404 {
				t.Errorf("outsider %s %s: %d %.200s", rt.method, rt.path, r.Status, r.Body)
			}
		}
		if tried < 20 {
			t.Fatalf("only %d circle routes tried", tried)
		}
		if r := fw.mod.Get("/api/v1/forum/search?q=" + circleWord); r.Status != 200 || strings.Contains(r.Text(), fw.circleThread+`"`) {
			t.Errorf("outsider search: %d %s", r.Status, r.Body)
		}
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
			t.Fatalf("refused requests changed rows: %v -> %v", before, after)
		}
		// Members find it.
		if r := fw.ola.Get("/api/v1/forum/search?q=" + circleWord); !strings.Contains(r.Text(), circleTitle) {
			t.Errorf("member search misses the circle thread: %s", r.Body)
		}
		// A Granlia member does not see the Fjordvik category or its threads.
		for _, p := range []string{"/api/v1/forum/threads?category_id=" + fw.local, "/api/v1/forum/threads/" + fw.localThread, "/forum/categories/" + fw.local, "/forum/threads/" + fw.localThread} {
			if r := fw.ola.Get(p); r.Status != 404 {
				t.Errorf("Granlia member GET %s: %d", p, r.Status)
			}
		}
		var cats struct{ Items []struct{ ID string } }
		fw.ola.Get("/api/v1/forum/categories").JSON(t, &cats)
		for _, c := range cats.Items {
			if c.ID == fw.local {
				t.Error("Granlia member lists the Fjordvik category")
			}
		}
	})
}

// A muted member reads but cannot write; a suspended one cannot use the
// forum at all. Both are told why, in their language.
func TestMutedAndSuspendedMembers(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		fw := newForumWorld(t, db)
		if _, err := db.ExecContext(ctx, `INSERT INTO sanctions (user_id, kind, reason, created_at) VALUES ($1, 'mute', 'Pause etter krangel.', $2)`, fw.Member2.ID, fw.Clock.Now()); err != nil {
			t.Fatal(err)
		}
		before := testkit.Counts(t, db)
		for _, rt := range forumRoutes(fw.thread, fw.post, fw.shared, fw.circle) {
			writes := rt.method != "GET" && !strings.Contains(rt.path, "/drafts/") && !strings.HasSuffix(rt.path, "/watch")
			if !writes {
				continue
			}
			r := fw.send(fw.ola, rt)
			// Edits and deletes of someone else's post are 404 anyway.
			if r.Status != 403 && !(r.Status == 404 && strings.Contains(rt.path, "/posts/"+fw.post)) {
				t.Errorf("muted %s %s: %d %.200s", rt.method, rt.path, r.Status, r.Body)
			}
		}
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
			t.Fatalf("muted member's writes changed rows: %v -> %v", before, after)
		}
		r := fw.ola.Do("POST", "/api/v1/forum/threads/"+fw.thread+"/posts", map[string]any{"body": "Hei"})
		if r.ErrorCode() != "muted" || !strings.Contains(r.Text(), "Pause etter krangel.") {
			t.Errorf("muted reply: %s", r.Body)
		}
		mustStatus(t, fw.ola.Do("PATCH", "/api/v1/me/preferences", map[string]any{"language": "en"}), 200)
		if r := fw.ola.Do("POST", "/api/v1/forum/threads/"+fw.thread+"/posts", map[string]any{"body": "Hei"}); !strings.Contains(r.Text(), "You can read") {
			t.Errorf("muted reply in English: %s", r.Body)
		}
		mustStatus(t, fw.ola.Do("PATCH", "/api/v1/me/preferences", map[string]any{"language": "nb"}), 200)
		if r := fw.ola.Get("/api/v1/forum/threads/" + fw.thread); r.Status != 200 {
			t.Errorf("muted member reading: %d", r.Status)
		}
		page := fw.ola.Get("/forum/threads/" + fw.thread).Text()
		if !strings.Contains(page, "Pause etter krangel.") || strings.Contains(page, `action="/forum/threads/`+fw.thread+`/reply"`) {
			t.Error("muted member's thread page offers a reply form or no reason")
		}

		if _, err := db.ExecContext(ctx, `INSERT INTO sanctions (user_id, kind, reason, created_at) VALUES ($1, 'suspend', 'Trusler.', $2)`, fw.Member.ID, fw.Clock.Now()); err != nil {
			t.Fatal(err)
		}
		fw.kari.Forbid = []string{sharedTitle, "Morgengry"}
		before = testkit.Counts(t, db)
		for _, rt := range forumRoutes(fw.thread, fw.post, fw.shared, fw.circle) {
			if r := fw.send(fw.kari, rt); r.Status != 403 {
				t.Errorf("suspended %s %s: %d %.200s", rt.method, rt.path, r.Status, r.Body)
			}
		}
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
			t.Fatalf("suspended member's requests changed rows: %v -> %v", before, after)
		}
		if r := fw.kari.Get("/forum"); !strings.Contains(r.Text(), "Trusler.") {
			t.Error("suspended member is not told why")
		}
	})
}

// A shown name appears beside a pseudonym only for the member it was
// revealed to, in the thread, its posts, search hits and the live
// fragment; nobody else sees it, and it goes when the reveal is stopped.
func TestShownNamesOnlyForTheReceiver(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		fw := newForumWorld(t, db)
		shown := "Kari fra kafeen"
		var rv struct{ ID string }
		r := fw.kari.Do("POST", "/api/v1/reveals", map[string]any{"to_pseudonym": "Morgengry", "shown_name": shown, "note": "grønt skjerf"})
		mustStatus(t, r, 201)
		r.JSON(t, &rv)
		var th struct {
			Thread struct {
				Author struct {
					ShownName string `json:"shown_name"`
				}
			}
		}
		fw.ola.Get("/api/v1/forum/threads/"+fw.thread).JSON(t, &th)
		if th.Thread.Author.ShownName != shown {
			t.Errorf("receiver's thread author: %+v", th)
		}
		for _, p := range []string{"/forum/threads/" + fw.thread, "/forum/posts/" + fw.post + "/fragment", "/forum/categories/" + fw.shared,
			"/forum/members/Havbris", "/forum/search?q=dager", "/api/v1/forum/search?q=dager"} {
			if !strings.Contains(fw.ola.Get(p).Text(), shown) {
				t.Errorf("receiver: %s lacks the shown name", p)
			}
		}
		fw.mod.Forbid = []string{shown}
		for _, p := range []string{"/api/v1/forum/threads/" + fw.thread, "/forum/threads/" + fw.thread, "/forum/posts/" + fw.post + "/fragment",
			"/forum/categories/" + fw.shared, "/forum/members/Havbris", "/api/v1/forum/search?q=dager", "/forum/search?q=dager"} {
			mustStatus(t, fw.mod.Get(p), 200)
		}
		mustStatus(t, fw.kari.Do("DELETE", "/api/v1/reveals/"+rv.ID, nil), 204)
		fw.ola.Forbid = []string{shown}
		fw.ola.Get("/forum/threads/" + fw.thread)
		fw.ola.Get("/api/v1/forum/threads/" + fw.thread)
	})
}
