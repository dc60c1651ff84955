package web_test

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

// Bad forum input gets a 4xx with a message in the member's language
// and writes nothing.
func TestForumBadInputChangesNothing(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		fw := newForumWorld(t, db)
		mustStatus(t, fw.ola.Do("POST", "/api/v1/forum/posts/"+fw.post+"/reactions", map[string]any{"kind": "hug"}), 201)
		long := strings.Repeat("å", 20001)
		cases := []struct {
			method, path string
			body         any
			status       int
		}{
			{"POST", "/api/v1/forum/threads", map[string]any{"category_id": fw.shared, "title": "", "body": "Hei"}, 400},
			{"POST", "/api/v1/forum/threads", map[string]any{"category_id": fw.shared, "title": "   ", "body": "Hei"}, 400},
			{"POST", "/api/v1/forum/threads", map[string]any{"category_id": fw.shared, "title": strings.Repeat("a", 141), "body": "Hei"}, 400},
			{"POST", "/api/v1/forum/threads", map[string]any{"category_id": fw.shared, "title": "To\nlinjer", "body": "Hei"}, 400},
			{"POST", "/api/v1/forum/threads", map[string]any{"category_id": fw.shared, "title": "Tittel", "body": ""}, 400},
			{"POST", "/api/v1/forum/threads", map[string]any{"category_id": fw.shared, "title": "Tittel", "body": long}, 400},
			{"POST", "/api/v1/forum/threads", map[string]any{"category_id": fw.shared, "title": "Tittel", "body": "null\x00byte"}, 400},
			{"POST", "/api/v1/forum/threads", map[string]any{"category_id": "99999", "title": "Tittel", "body": "Hei"}, 400},
			{"POST", "/api/v1/forum/threads", map[string]any{"title": "Tittel", "body": "Hei"}, 400},
			{"POST", "/api/v1/forum/threads", map[string]any{"category_id": "abc", "title": "Tittel", "body": "Hei"}, 400},
			{"POST", "/api/v1/forum/threads/" + fw.thread + "/posts", map[string]any{"body": " \n "}, 400},
			{"POST", "/api/v1/forum/threads/" + fw.thread + "/posts", map[string]any{"body": long}, 400},
			{"POST", "/api/v1/forum/threads/" + fw.thread + "/posts", map[string]any{"body": "Hei", "reply_to": fw.circlePost}, 400},
			{"POST", "/api/v1/forum/threads/" + fw.thread + "/posts", map[string]any{"body": "Hei", "reply_to": "99999"}, 400},
			{"POST", "/api/v1/forum/threads/99999/posts", map[string]any{"body": "Hei"}, 404},
			{"PATCH", "/api/v1/forum/posts/" + fw.post, map[string]any{"body": ""}, 400},
			{"PATCH", "/api/v1/forum/posts/" + fw.reply, map[string]any{"body": "Ikke min"}, 404},
			{"DELETE", "/api/v1/forum/posts/" + fw.reply, nil, 404},
			{"DELETE", "/api/v1/forum/posts/99999", nil, 404},
			{"POST", "/api/v1/forum/posts/" + fw.reply + "/reactions", map[string]any{"kind": "love"}, 400},
			{"POST", "/api/v1/forum/posts/" + fw.reply + "/reactions", map[string]any{"kind": ""}, 400},
			{"DELETE", "/api/v1/forum/posts/" + fw.reply + "/reactions?kind=support", nil, 404},
			{"PUT", "/api/v1/forum/threads/" + fw.thread + "/watch", map[string]any{"level": "loud"}, 400},
			{"GET", "/api/v1/forum/threads?category_id=abc", nil, 400},
			{"GET", "/api/v1/forum/threads?category_id=" + fw.shared + "&circle_id=" + fw.circle, nil, 400},
			{"GET", "/api/v1/forum/threads?category_id=" + fw.shared + "&cursor=%27OR1", nil, 400},
			{"GET", "/api/v1/forum/threads", nil, 400},
			{"GET", "/api/v1/forum/threads/" + fw.thread + "?from=abc", nil, 400},
			{"GET", "/api/v1/forum/search?q=", nil, 400},
			{"GET", "/api/v1/forum/search?q=" + strings.Repeat("ord+", 100), nil, 400},
			{"GET", "/api/v1/forum/search?q=hei&cursor=-3", nil, 400},
			{"GET", "/api/v1/forum/drafts/nonsense", nil, 400},
			{"PUT", "/api/v1/forum/drafts/reply:" + fw.thread, map[string]any{"body": long}, 400},
			{"PUT", "/api/v1/forum/drafts/thread:99999", map[string]any{"body": "Hei"}, 404},
			{"GET", "/api/v1/stream?thread=abc", nil, 400},
			{"GET", "/api/v1/stream?thread=99999", nil, 404},
			{"POST", "/api/v1/admin/forum/categories", map[string]any{"slug": "Ugyldig Slug", "name_nb": "N", "name_en": "N"}, 400},
			{"POST", "/api/v1/admin/forum/categories", map[string]any{"slug": "generelt", "name_nb": "Nytt", "name_en": "New"}, 409},
			{"POST", "/api/v1/admin/forum/categories", map[string]any{"slug": "ny", "name_nb": "", "name_en": "N"}, 400},
			{"POST", "/api/v1/admin/forum/categories", map[string]any{"slug": "ny", "name_nb": "N", "name_en": "N", "community_id": "99999"}, 400},
			{"PATCH", "/api/v1/admin/forum/categories/99999", map[string]any{"slug": "ny", "name_nb": "Nytt", "name_en": "New"}, 404},
		}
		admin := fw.As(t, "admin")
		var before map[string]int
		for _, c := range cases {
			cl := fw.kari
			if strings.Contains(c.path, "/admin/") {
				cl = admin
			}
			for _, lang := range []string{"nb", "en"} {
				mustStatus(t, cl.Do("PATCH", "/api/v1/me/preferences", map[string]any{"language": lang}), 200)
				before = testkit.Counts(t, db)
				r := cl.Do(c.method, c.path, c.body)
				if r.Status != c.status || r.ErrorCode() == "" {
					t.Errorf("%s %s %v: %d %.300s, want %d", c.method, c.path, c.body, r.Status, r.Body, c.status)
					continue
				}
				var e struct{ Error struct{ Message string } }
				r.JSON(t, &e)
				if e.Error.Message == "" || strings.Contains(e.Error.Message, "err.") {
					t.Errorf("%s %s: message %q", c.method, c.path, e.Error.Message)
				}
				if lang == "en" && strings.ContainsAny(e.Error.Message, "æøå") {
					t.Errorf("%s %s: English member got %q", c.method, c.path, e.Error.Message)
				}
				if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
					t.Errorf("%s %s %v: rows changed %v -> %v", c.method, c.path, c.body, before, after)
				}
			}
		}
		// A reaction given twice is a conflict, not a second reaction.
		if r := fw.ola.Do("POST", "/api/v1/forum/posts/"+fw.post+"/reactions", map[string]any{"kind": "hug"}); r.Status != 409 {
			t.Errorf("second hug: %d %s", r.Status, r.Body)
		}
		// Forms keep what was typed and say what to fix.
		before = testkit.Counts(t, db)
		r := fw.kari.Form("/forum/new", url.Values{"category_id": {fw.shared}, "title": {""}, "body": {"Teksten min blir stående"}})
		if r.Status != 400 || !strings.Contains(r.Text(), "Teksten min blir stående") || !strings.Contains(r.Text(), `aria-invalid="true"`) {
			t.Errorf("new thread form: %d", r.Status)
		}
		r = fw.kari.Form("/forum/threads/"+fw.thread+"/reply", url.Values{"body": {long}})
		if r.Status != 400 || !strings.Contains(r.Text(), `aria-invalid="true"`) {
			t.Errorf("reply form: %d", r.Status)
		}
		r = fw.kari.Form("/forum/posts/"+fw.post+"/edit", url.Values{"body": {""}})
		if r.Status != 400 || !strings.Contains(r.Text(), `aria-invalid="true"`) {
			t.Errorf("edit form: %d", r.Status)
		}
		if r := fw.kari.Form("/forum/posts/"+fw.reply+"/react", url.Values{"toggle": {"love"}}); r.Status != 400 {
			t.Errorf("react form with an unknown kind: %d", r.Status)
		}
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
			t.Errorf("refused forms changed rows: %v -> %v", before, after)
		}
	})
}

// The privacy check holds a post that names a phone number until the
// member confirms, over the API and on every form, for new threads,
// replies and edits.
func TestPrivacyGateOverHTTP(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		fw := newForumWorld(t, db)
		risky := "Ring meg gjerne på 412 34 567 i kveld."
		before := testkit.Counts(t, db)
		for _, c := range []struct {
			method, path string
			body         map[string]any
		}{
			{"POST", "/api/v1/forum/threads", map[string]any{"category_id": fw.shared, "title": "Trenger prat", "body": risky}},
			{"POST", "/api/v1/forum/threads/" + fw.thread + "/posts", map[string]any{"body": risky}},
			{"PATCH", "/api/v1/forum/posts/" + fw.post, map[string]any{"body": risky}},
		} {
			r := fw.kari.Do(c.method, c.path, c.body)
			var e struct {
				Error    struct{ Code, Message string }
				Findings []struct{ Kind, Excerpt, Advice string }
			}
			r.JSON(t, &e)
			if r.Status != 422 || e.Error.Code != "privacy_findings" || len(e.Findings) == 0 || e.Findings[0].Kind != "phone" ||
				e.Findings[0].Excerpt != "412 34 567" || e.Findings[0].Advice == "" {
				t.Errorf("%s %s: %d %s", c.method, c.path, r.Status, r.Body)
			}
			if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
				t.Fatalf("%s %s: held post changed rows: %v -> %v", c.method, c.path, before, after)
			}
			c.body["acknowledge_findings"] = true
			want := 201
			if c.method == "PATCH" {
				want = 200
			}
			mustStatus(t, fw.kari.Do(c.method, c.path, c.body), want)
			before = testkit.Counts(t, db)
		}
		// On the pages the findings show in place, the text stays, and
		// "Post anyway" sends it.
		pages := []struct {
			path string
			vals url.Values
		}{
			{"/forum/new", url.Values{"category_id": {fw.shared}, "title": {"Trenger prat"}, "body": {risky}}},
			{"/forum/threads/" + fw.thread + "/reply", url.Values{"body": {risky}}},
			{"/forum/posts/" + fw.reply + "/edit", url.Values{"body": {risky}}},
		}
		for i, p := range pages {
			c := fw.kari
			if i == 2 {
				c = fw.ola // the reply is Morgengry's
			}
			r := c.Form(p.path, p.vals)
			body := r.Text()
			if r.Status != 422 || !strings.Contains(body, "412 34 567") || !strings.Contains(body, `name="acknowledge" value="yes"`) {
				t.Errorf("%s: %d, findings or 'post anyway' missing", p.path, r.Status)
			}
			if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
				t.Fatalf("%s: held post changed rows: %v -> %v", p.path, before, after)
			}
			p.vals.Set("acknowledge", "yes")
			if r := c.Form(p.path, p.vals); r.Status != 303 {
				t.Errorf("%s, post anyway: %d %.300s", p.path, r.Status, r.Body)
			}
			before = testkit.Counts(t, db)
		}
	})
}

// Reading the forum writes nothing but the member's read marker, the
// daily view count and (with study consent) a usage event.
func TestForumReadsDoNotWrite(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		fw := newForumWorld(t, db)
		reads := []string{"/api/v1/forum/categories", "/api/v1/forum/threads?category_id=" + fw.shared, "/api/v1/forum/threads?circle_id=" + fw.circle,
			"/api/v1/forum/posts/" + fw.post + "/revisions", "/api/v1/forum/search?q=dager", "/api/v1/forum/unread",
			"/api/v1/forum/drafts/reply:" + fw.thread, "/forum", "/forum/categories/" + fw.shared, "/forum/unread", "/forum/search?q=dager",
			"/forum/new?category=" + fw.shared, "/forum/posts/" + fw.post + "/fragment", "/forum/posts/" + fw.post + "/edit",
			"/forum/posts/" + fw.post + "/history", "/forum/members/Morgengry", "/"}
		before := testkit.Counts(t, db)
		for _, p := range reads {
			if r := fw.kari.Get(p); r.Status != 200 {
				t.Errorf("GET %s: %d", p, r.Status)
			}
		}
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
			t.Fatalf("reads changed rows: %v -> %v", before, after)
		}
		for _, p := range []string{"/api/v1/forum/threads/" + fw.thread, "/forum/threads/" + fw.thread} {
			before = testkit.Counts(t, db)
			mustStatus(t, fw.ola.Get(p), 200)
			after := testkit.Counts(t, db)
			for _, table := range []string{"thread_views", "thread_reads", "usage_events"} {
				delete(before, table)
				delete(after, table)
			}
			if !reflect.DeepEqual(before, after) {
				t.Errorf("GET %s changed more than views and read markers: %v -> %v", p, before, after)
			}
		}
		// One view per member per day, however often they look.
		var th struct {
			Thread struct {
				ViewCount int `json:"view_count"`
			}
		}
		fw.ola.Get("/api/v1/forum/threads/"+fw.thread).JSON(t, &th)
		if th.Thread.ViewCount != 1 {
			t.Errorf("view count %d after three looks by one member", th.Thread.ViewCount)
		}
		fw.kari.Get("/forum/threads/" + fw.thread)
		fw.ola.Get("/api/v1/forum/threads/"+fw.thread).JSON(t, &th)
		if th.Thread.ViewCount != 2 {
			t.Errorf("view count %d", th.Thread.ViewCount)
		}
	})
}

// Reactions over the API: one of each kind per member, who gave them
// shown by pseudonym, and taken back.
func TestReactionsOverHTTP(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		fw := newForumWorld(t, db)
		names := realNames(t, fw.Env)
		ola := peer(t, fw.Env, "member2", names)
		type env struct {
			Post struct {
				Reactions []struct {
					Kind  string
					Count int
					Mine  bool
					Who   []string
				}
			}
		}
		var got env
		r := fw.kari.Do("POST", "/api/v1/forum/posts/"+fw.reply+"/reactions", map[string]any{"kind": "support"})
		mustStatus(t, r, 201)
		r.JSON(t, &got)
		if len(got.Post.Reactions) == 0 || got.Post.Reactions[0].Kind != "support" || got.Post.Reactions[0].Count != 1 || !got.Post.Reactions[0].Mine {
			t.Fatalf("after reacting: %s", r.Body)
		}
		var view struct {
			Posts struct {
				Items []struct {
					ID        string
					Reactions []struct {
						Kind string
						Who  []string
					}
				}
			}
		}
		ola.Get("/api/v1/forum/threads/"+fw.thread).JSON(t, &view)
		found := false
		for _, p := range view.Posts.Items {
			if p.ID == fw.reply && len(p.Reactions) > 0 && reflect.DeepEqual(p.Reactions[0].Who, []string{"Havbris"}) {
				found = true
			}
		}
		if !found {
			t.Errorf("the author does not see who reacted: %+v", view)
		}
		r = fw.kari.Do("DELETE", "/api/v1/forum/posts/"+fw.reply+"/reactions", map[string]any{"kind": "support"})
		mustStatus(t, r, 200)
		r.JSON(t, &got)
		for _, x := range got.Post.Reactions {
			if x.Count != 0 || x.Mine {
				t.Errorf("after taking back: %s", r.Body)
			}
		}
		// The page's toggle gives and takes back.
		for i, want := range []int{1, 0} {
			if r := fw.kari.Form("/forum/posts/"+fw.reply+"/react", url.Values{"toggle": {"thanks"}}); r.Status != 303 {
				t.Fatalf("toggle %d: %d", i, r.Status)
			}
			if n := testkit.Counts(t, db)["reactions"]; n != want {
				t.Errorf("toggle %d: %d reactions", i, n)
			}
		}
	})
}
