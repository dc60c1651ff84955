package web_test

import (
	"context"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"reconnect/internal/audit"
	"reconnect/internal/identity"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
	"reconnect/internal/testkit/webtest"
)

// flaggers are members who appear nowhere but in their flags.
var flaggers = []string{"Skogsti", "Fjellbekk", "Lyngmo"}

func addMembers(t *testing.T, env *webtest.Env, pseudonyms ...string) []*webtest.Client {
	t.Helper()
	var out []*webtest.Client
	for _, p := range pseudonyms {
		login := strings.ToLower(p)
		u, err := env.IDs.CreateUser(context.Background(), &env.Admin, identity.NewUser{Login: login, Password: testkit.Password,
			Role: identity.ServiceUser, CommunityID: env.Fjordvik.ID, Pseudonym: p})
		if err == nil {
			err = env.IDs.CompleteOnboarding(context.Background(), &u)
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, env.As(t, login))
	}
	return out
}

// Moderation routes exist for peer moderators and administrators only;
// flags hide a post after three different members; moderators see who
// flagged, the author never does, anywhere; a hidden post shows its
// author the moderator's reason.
func TestModerationOverHTTP(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		fw := newForumWorld(t, db)
		fs := addMembers(t, fw.Env, flaggers...)
		admin := fw.As(t, "admin")
		flagPath := "/api/v1/forum/posts/" + fw.post + "/flags"
		mustStatus(t, fs[0].Do("POST", flagPath, map[string]any{"reason": "hurtful"}), 201)
		r := fs[0].Do("POST", flagPath, map[string]any{"reason": "spam"})
		mustStatus(t, r, 200)
		if !strings.Contains(r.Text(), `"duplicate":true`) {
			t.Errorf("second flag: %s", r.Body)
		}
		mustStatus(t, fs[1].Do("POST", flagPath, map[string]any{"reason": "worried", "note": "Bekymret for henne"}), 201)
		mustStatus(t, fs[2].Do("POST", flagPath, map[string]any{"reason": "other", "note": "Noe annet"}), 201)

		// Only moderators and administrators reach moderation routes.
		routes := []struct{ method, path string }{
			{"GET", "/api/v1/moderation/queue"}, {"GET", "/api/v1/moderation/log"}, {"GET", "/api/v1/moderation/unanswered"},
			{"POST", "/api/v1/moderation/posts/" + fw.post + "/acknowledge"},
			{"POST", "/api/v1/moderation/posts/" + fw.post + "/restore"},
			{"POST", "/api/v1/moderation/threads/" + fw.thread + "/lock"},
			{"POST", "/api/v1/moderation/members/Morgengry/mute/lift"},
		}
		for _, login := range []string{"member", "member2", "provider", "researcher"} {
			c := fw.As(t, login)
			for _, rt := range routes {
				if r := c.Do(rt.method, rt.path, nil); r.Status != 404 {
					t.Errorf("%s %s as %s: %d", rt.method, rt.path, login, r.Status)
				}
			}
		}
		for _, rt := range routes {
			if r := fw.Client(t).Do(rt.method, rt.path, nil); r.Status != 401 {
				t.Errorf("%s %s signed out: %d", rt.method, rt.path, r.Status)
			}
		}
		var q struct {
			Items []struct {
				Kind  string
				Post  struct{ ID string }
				Flags []struct {
					Reason  string
					Flagger string `json:"flagger_pseudonym"`
				}
			}
		}
		r = fw.mod.Get("/api/v1/moderation/queue")
		mustStatus(t, r, 200)
		r.JSON(t, &q)
		if len(q.Items) != 1 || q.Items[0].Post.ID != fw.post || len(q.Items[0].Flags) != 3 || q.Items[0].Flags[0].Flagger != "Skogsti" {
			t.Fatalf("queue: %s", r.Body)
		}
		mustStatus(t, admin.Get("/api/v1/moderation/queue"), 200)

		// The author's every view: the thread (page and API), the post
		// fragment, notices, and what moderators did to their posts.
		for _, path := range []string{"/api/v1/forum/threads/" + fw.thread, "/forum/threads/" + fw.thread, "/forum/posts/" + fw.post + "/fragment",
			"/api/v1/notifications", "/notifications", "/api/v1/forum/my-moderation", "/forum"} {
			r := fw.kari.Get(path)
			mustStatus(t, r, 200)
			for _, f := range append(flaggers, "Bekymret for henne", "Noe annet") {
				if strings.Contains(r.Text(), f) {
					t.Errorf("the author's view %s shows %q", path, f)
				}
			}
		}
		if !strings.Contains(fw.kari.Get("/api/v1/forum/threads/"+fw.thread).Text(), `"held":true`) {
			t.Error("the author is not told the post is held")
		}
		if r := fw.ola.Get("/forum/posts/" + fw.post + "/fragment"); r.Status != 404 {
			t.Errorf("another member sees the held post: %d", r.Status)
		}

		// A draft with crisis language shows the writer the numbers and
		// alerts nobody.
		before0 := testkit.Counts(t, db)
		r = fw.ola.Do("POST", "/api/v1/privacy/check", map[string]any{"text": "Jeg orker ikke mer, jeg vil ikke leve lenger."})
		mustStatus(t, r, 200)
		if !strings.Contains(r.Text(), `"crisis":"`) {
			t.Errorf("privacy check of a crisis draft: %s", r.Body)
		}
		if r := fw.ola.Do("POST", "/api/v1/privacy/check", map[string]any{"text": "Jeg døde av latter i går."}); strings.Contains(r.Text(), "crisis") {
			t.Errorf("an idiom raised crisis: %s", r.Body)
		}
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before0, after) {
			t.Errorf("checking a draft wrote rows")
		}

		// Bad input: clear 4xx in the member's language, nothing written.
		mustStatus(t, fw.mod.Do("PATCH", "/api/v1/me/preferences", map[string]any{"language": "en"}), 200)
		before := testkit.Counts(t, db)
		now := fw.Clock.Now()
		long := strings.Repeat("x", 501)
		for _, lang := range []string{"nb", "en"} {
			mustStatus(t, fw.mod.Do("PATCH", "/api/v1/me/preferences", map[string]any{"language": lang}), 200)
			bad := []struct {
				method, path string
				body         map[string]any
				status       int
				field        string
			}{
				{"POST", "/api/v1/moderation/posts/999999/hide", map[string]any{"reason": "grunn"}, 404, ""},
				{"POST", "/api/v1/moderation/posts/" + fw.post + "/hide", map[string]any{"reason": long}, 400, "reason"},
				{"POST", "/api/v1/moderation/posts/" + fw.post + "/hide", map[string]any{"reason": 7}, 400, ""},
				{"POST", "/api/v1/moderation/members/Havbris/suspend", map[string]any{"reason": "grunn", "until": now.Add(-time.Hour)}, 400, "until"},
				{"POST", "/api/v1/moderation/members/Havbris/suspend", map[string]any{"reason": "grunn", "until": "i morgen"}, 400, ""},
				{"POST", "/api/v1/moderation/members/admin/mute", map[string]any{"reason": "grunn", "until": now.Add(time.Hour)}, 404, ""},
				{"POST", "/api/v1/moderation/members/Morgengry/mute", map[string]any{"reason": "grunn", "until": now.Add(time.Hour)}, 403, ""},
				{"POST", "/api/v1/moderation/threads/" + fw.thread + "/move", map[string]any{"category_id": "999999"}, 400, "category_id"},
				{"POST", "/api/v1/forum/posts/" + fw.reply + "/flags", map[string]any{"reason": "boring"}, 400, "reason"},
			}
			for _, b := range bad {
				r := fw.mod.Do(b.method, b.path, b.body)
				if r.Status != b.status {
					t.Errorf("%s %s %v (%s): %d, want %d: %s", b.method, b.path, b.body, lang, r.Status, b.status, r.Body)
					continue
				}
				wantMessageIn(t, b.path, r, lang, b.field)
			}
		}
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
			t.Errorf("refused moderation changed rows:\n before %v\n  after %v", before, after)
		}

		// The moderator hides it with a reason; the author sees the reason
		// and nobody else sees the post.
		reason := "Innlegget kan gjøre det lett å kjenne deg igjen. Skriv gjerne om."
		mustStatus(t, fw.mod.Do("POST", "/api/v1/moderation/posts/"+fw.post+"/hide", map[string]any{"reason": reason}), 204)
		if page := fw.kari.Get("/forum/threads/" + fw.thread); !strings.Contains(page.Text(), reason) {
			t.Error("the author's thread page does not show the reason")
		}
		if r := fw.kari.Get("/api/v1/forum/my-moderation"); !strings.Contains(r.Text(), reason) || !strings.Contains(r.Text(), "post.hide") || strings.Contains(r.Text(), "Fjordvik-verten") {
			t.Errorf("the author's moderation history: %s", r.Body)
		}
		if page := fw.kari.Get("/forum/my-moderation"); !strings.Contains(page.Text(), reason) || strings.Contains(page.Text(), "Skogsti") || strings.Contains(page.Text(), "Fjordvik-verten") {
			t.Error("the author's moderation page lacks the reason or names a flagger or the moderator")
		}
		if page := fw.ola.Get("/forum/threads/" + fw.thread); strings.Contains(page.Text(), reason) {
			t.Error("another member sees the moderator's reason")
		}
		r = fw.mod.Get("/api/v1/moderation/log?action=post")
		if !strings.Contains(r.Text(), `"action":"post.hide"`) || !strings.Contains(r.Text(), `"action":"post.hold"`) {
			t.Errorf("log: %s", r.Body)
		}
		if _, breaks, err := audit.Verify(context.Background(), db); err != nil || len(breaks) > 0 {
			t.Fatalf("audit verify: %v %v", err, breaks)
		}
	})
}

// wantMessageIn checks that an error body carries a message in the
// language asked for (and a field message when field is set).
func wantMessageIn(t *testing.T, path string, r *webtest.Response, lang, field string) {
	t.Helper()
	var e struct {
		Error struct {
			Code    string
			Message string
			Fields  map[string]string
		}
	}
	r.JSON(t, &e)
	if e.Error.Message == "" {
		t.Errorf("%s: no message: %s", path, r.Body)
	}
	if field != "" && e.Error.Fields[field] == "" {
		t.Errorf("%s: no message for %s: %s", path, field, r.Body)
	}
	nb := strings.ContainsAny(e.Error.Message+e.Error.Fields[field], "æøåÆØÅ") || strings.Contains(e.Error.Message, " ikke ")
	if lang == "en" && nb {
		t.Errorf("%s: Norwegian message for an English reader: %s", path, r.Body)
	}
}

// The moderation pages work through forms, in both languages, and are
// not there for anyone else.
func TestModerationPages(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		fw := newForumWorld(t, db)
		fs := addMembers(t, fw.Env, flaggers[0])
		flag := "/forum/posts/" + fw.post + "/flag"
		mustStatus(t, fs[0].Get(flag), 200)
		if r := fw.kari.Get(flag); r.Status != 404 {
			t.Errorf("flag form for one's own post: %d", r.Status)
		}
		before := testkit.Counts(t, db)
		r := fs[0].Form(flag, url.Values{"reason": {"other"}, "note": {" "}})
		if r.Status != 400 || !strings.Contains(r.Text(), "Fortell kort hva det gjelder.") {
			t.Fatalf("flag without a note: %d %.300s", r.Status, r.Body)
		}
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
			t.Error("a refused flag wrote rows")
		}
		mustStatus(t, fs[0].Form(flag, url.Values{"reason": {"worried"}, "note": {"Hun virker sliten"}}), 303)

		for _, login := range []string{"member", "provider", "researcher"} {
			c := fw.As(t, login)
			for _, p := range []string{"/moderation", "/moderation/log", "/moderation/unanswered", "/moderation/posts/" + fw.post, "/moderation/threads/" + fw.thread, "/moderation/members/Morgengry"} {
				if r := c.Get(p); r.Status != 404 {
					t.Errorf("%s as %s: %d", p, login, r.Status)
				}
			}
		}
		q := fw.mod.Get("/moderation")
		mustStatus(t, q, 200)
		if !strings.Contains(q.Text(), "Skogsti") || !strings.Contains(q.Text(), "Hun virker sliten") {
			t.Errorf("queue page lacks the flag: %.2000s", q.Body)
		}
		mustStatus(t, fw.mod.Get("/moderation/posts/"+fw.post), 200)
		mustStatus(t, fw.mod.Get("/moderation/unanswered"), 200)
		mustStatus(t, fw.mod.Get("/api/v1/moderation/unanswered"), 200)
		r = fw.mod.Form("/moderation/posts/"+fw.post+"/hide", url.Values{"reason": {""}})
		if r.Status != 400 || !strings.Contains(r.Text(), "Skriv en begrunnelse.") {
			t.Fatalf("hide without reason: %d %.300s", r.Status, r.Body)
		}
		reason := "Vi skjuler innlegget fordi det nevner en arbeidsplass. Skriv det gjerne om."
		mustStatus(t, fw.mod.Form("/moderation/posts/"+fw.post+"/hide", url.Values{"reason": {reason}}), 303)
		if page := fw.kari.Get("/forum/threads/" + fw.thread); !strings.Contains(page.Text(), reason) || strings.Contains(page.Text(), "Skogsti") {
			t.Error("the author's page lacks the reason or names the flagger")
		}
		// Thread tools and member restrictions through forms.
		mustStatus(t, fw.mod.Get("/moderation/threads/"+fw.thread), 200)
		admin := fw.As(t, "admin")
		mustStatus(t, admin.Get("/moderation/threads/"+fw.thread), 200)
		if r := admin.Form("/moderation/threads/"+fw.thread+"/pin", nil); r.Status != 303 || r.Header.Get("Location") != "/moderation/threads/"+fw.thread {
			t.Errorf("an administrator pins a thread: %d %s", r.Status, r.Header.Get("Location"))
		}
		mustStatus(t, fw.mod.Form("/moderation/threads/"+fw.thread+"/lock", nil), 303)
		r = fw.mod.Form("/moderation/threads/"+fw.thread+"/title", url.Values{"title": {"x"}})
		mustStatus(t, r, 400)
		mustStatus(t, fw.mod.Get("/moderation/members/Havbris"), 200)
		r = fw.mod.Form("/moderation/members/Havbris/sanction", url.Values{"kind": {"mute"}, "reason": {"Pause"}, "until": {"2020-01-01"}})
		if r.Status != 400 || !strings.Contains(r.Text(), "Sluttidspunktet må være fram i tid.") {
			t.Fatalf("mute into the past: %d %.300s", r.Status, r.Body)
		}
		r = fw.mod.Form("/moderation/members/Morgengry/sanction", url.Values{"kind": {"mute"}, "reason": {"Pause"}, "until": {"2026-12-24"}})
		if r.Status != 403 || !strings.Contains(r.Text(), "egne lokalsamfunn") {
			t.Fatalf("mute a member of another community: %d %.300s", r.Status, r.Body)
		}
		mustStatus(t, fw.mod.Form("/moderation/members/Havbris/sanction", url.Values{"kind": {"mute"}, "reason": {"En ukes pause"}, "until": {"2026-12-03"}}), 303)
		if page := fw.kari.Get("/forum/threads/" + fw.thread); !strings.Contains(page.Text(), "En ukes pause") || !strings.Contains(page.Text(), "04.12.2026") {
			t.Error("the muted member is not shown the reason and the end")
		}
		mustStatus(t, fw.mod.Form("/moderation/members/Havbris/lift", url.Values{"kind": {"mute"}}), 303)
		lg := fw.mod.Get("/moderation/log?action=member")
		mustStatus(t, lg, 200)
		if !strings.Contains(lg.Text(), "En ukes pause") || strings.Contains(lg.Text(), reason) {
			t.Errorf("filtered log: %.2000s", lg.Body)
		}
		if r := fw.mod.Get("/moderation/log?actor=Ingen-slik"); r.Status != 400 {
			t.Errorf("log for an unknown moderator: %d", r.Status)
		}
	})
}

// A peer moderator sends a quiet member a check-in note; the member
// answers; nobody else reaches the conversation.
func TestCheckInOverHTTP(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		fw := newForumWorld(t, db)
		for _, login := range []string{"member", "provider"} {
			if r := fw.As(t, login).Get("/api/v1/moderation/quiet-members"); r.Status != 404 {
				t.Errorf("quiet members as %s: %d", login, r.Status)
			}
		}
		mustStatus(t, fw.mod.Get("/api/v1/moderation/quiet-members"), 200)
		mustStatus(t, fw.mod.Get("/moderation/quiet"), 200)
		mustStatus(t, fw.mod.Get("/messages/new?to=Havbris"), 200)
		if r := fw.kari.Get("/messages/new"); r.Status != 200 || strings.Contains(r.Text(), `name="pseudonym"`) {
			t.Errorf("a member opens the new-message form: %d, or it asks for a pseudonym", r.Status)
		}
		r := fw.mod.Do("POST", "/api/v1/conversations", map[string]any{"participant_ids": []string{id(fw.Member.ID)}, "subject": "En hilsen", "body": "Hei, hvordan går det?"})
		conv := created(t, r, "id")
		r = fw.mod.Form("/messages/new", url.Values{"pseudonym": {"Morgengry"}, "subject": {"Hei"}, "message": {"Hei!"}})
		if r.Status != 403 {
			t.Errorf("a check-in to another community's member: %d", r.Status)
		}
		if r := fw.kari.Get("/api/v1/conversations"); !strings.Contains(r.Text(), `"subject":"En hilsen"`) || !strings.Contains(r.Text(), `"unread":true`) {
			t.Errorf("the member's conversations: %s", r.Body)
		}
		page := fw.kari.Get("/messages/" + conv)
		if page.Status != 200 || !strings.Contains(page.Text(), "hvordan går det?") {
			t.Fatalf("the member's conversation page: %d", page.Status)
		}
		before := testkit.Counts(t, db)
		if r := fw.kari.Form("/messages/"+conv, url.Values{"message": {"  "}}); r.Status != 400 || !strings.Contains(r.Text(), "Skriv en melding") {
			t.Errorf("an empty reply: %d", r.Status)
		}
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
			t.Error("a refused reply changed rows")
		}
		mustStatus(t, fw.kari.Form("/messages/"+conv, url.Values{"message": {"Takk, bedre nå."}}), 303)
		if r := fw.mod.Get("/api/v1/conversations/" + conv); !strings.Contains(r.Text(), "Takk, bedre nå.") {
			t.Errorf("the moderator does not see the answer: %s", r.Body)
		}
		for _, c := range []struct {
			login string
			path  string
		}{{"member2", "/messages/" + conv}, {"member2", "/api/v1/conversations/" + conv}, {"provider", "/messages/" + conv},
			{"provider", "/api/v1/conversations/" + conv}, {"admin", "/messages/" + conv}, {"admin", "/messages"}} {
			if r := fw.As(t, c.login).Get(c.path); r.Status != 404 {
				t.Errorf("%s as %s: %d", c.path, c.login, r.Status)
			}
		}
		// A provider's inbox is theirs alone: the moderator conversation
		// is not in it.
		if r := fw.As(t, "provider").Get("/api/v1/conversations?filter=all"); r.Status != 200 || strings.Contains(r.Text(), conv) && strings.Contains(r.Text(), "En hilsen") {
			t.Errorf("the provider's inbox: %d %s", r.Status, r.Body)
		}
	})
}
