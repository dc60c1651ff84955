package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"reconnect/internal/forum"
	"reconnect/internal/testkit"
	"reconnect/internal/testkit/webtest"
)

// forumFixture gives the fixture world a shared category and a thread by
// Havbris (member) with a reply by Morgengry (member2).
type forumFixture struct {
	category      forum.Category
	thread        forum.Thread
	first, answer forum.Post
}

func seedForum(t *testing.T, env *webtest.Env) forumFixture {
	t.Helper()
	ctx := context.Background()
	f := env.App.Forum
	var fx forumFixture
	var err error
	if fx.category, err = f.CreateCategory(ctx, &env.Admin, forum.CategoryInput{Slug: "generelt", NameNB: "Generelt", NameEN: "General",
		DescNB: "Alt mellom himmel og jord.", DescEN: "Anything at all."}); err != nil {
		t.Fatal(err)
	}
	if fx.thread, fx.first, err = f.CreateThread(ctx, &env.Member, forum.NewThread{CategoryID: fx.category.ID, Title: "Små gleder i hverdagen",
		Body: "Hva gjorde dagen litt lettere for deg i dag?"}); err != nil {
		t.Fatal(err)
	}
	if fx.answer, err = f.Reply(ctx, &env.Member2, fx.thread.ID, forum.NewPost{Body: "En **kopp te** på trappa i sola.", ReplyTo: fx.first.ID}); err != nil {
		t.Fatal(err)
	}
	return fx
}

// Two members read the same thread; a reply sent from one tab appears in
// the other within two seconds, without a reload, and is announced in
// the live region.
func TestLiveReplyAppearsInOtherTab(t *testing.T) {
	env := start(t)
	fx := seedForum(t, env)
	reader := NewTab(t, env, Norwegian)
	reader.SignIn("member2", testkit.Password)
	writer := NewTab(t, env, Norwegian)
	writer.SignIn("member", testkit.Password)
	path := fmt.Sprintf("/forum/threads/%d", fx.thread.ID)
	reader.Go(path)
	writer.Go(path)
	// forum.js marks the list once its event stream is open.
	waitFor(t, reader, `document.querySelector("#posts[data-live=open]") !== null`, 10*time.Second)
	before := Eval[int](reader, `document.querySelectorAll("#posts article.post").length`)
	text := "Jeg gikk en tur langs sjøen i dag"
	writer.Type("#f-body", text)
	writer.Click(`#reply form button[type=submit]:not([name])`)
	sent := time.Now()
	if !strings.Contains(writer.Text("#posts"), text) {
		t.Fatalf("the writer does not see their own reply: %s", writer.Text("main"))
	}
	waitFor(t, reader, `document.getElementById("posts").innerText.indexOf(`+jsString(text)+`) >= 0`, 2*time.Second)
	t.Logf("the reply reached the other tab %v after the writer's page loaded", time.Since(sent).Round(time.Millisecond))
	if after := Eval[int](reader, `document.querySelectorAll("#posts article.post").length`); after != before+1 {
		t.Errorf("posts in the reader's tab: %d -> %d", before, after)
	}
	reader.WaitText("#live-status", "Havbris")
	if reader.Path() != path {
		t.Errorf("the reader's page reloaded or moved to %s", reader.Path())
	}
	// An edit replaces the post in place.
	writer.Click(`#posts article.post:last-of-type a[href$="/edit"]`)
	writer.Type("#f-body", "Jeg gikk en lang tur langs sjøen")
	writer.Click(`main form button[type=submit]:not([name])`)
	waitFor(t, reader, `document.getElementById("posts").innerText.indexOf("en lang tur") >= 0`, 2*time.Second)
}

// waitFor polls a JavaScript condition in the tab until it holds or the
// limit passes.
func waitFor(t *testing.T, tb *Tab, cond string, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !Eval[bool](tb, cond) {
		if time.Now().After(deadline) {
			t.Fatalf("after %v, still not true on %s: %s", limit, tb.Path(), cond)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// The identifying-details check runs as the member types, and publishing
// with a finding shows it in place with "Post anyway".
func TestPrivacyCheckWhileWritingAPost(t *testing.T) {
	env := start(t)
	fx := seedForum(t, env)
	tb := NewTab(t, env, Norwegian)
	tb.SignIn("member", testkit.Password)
	tb.Go(fmt.Sprintf("/forum/new?category=%d", fx.category.ID))
	tb.Type("#f-title", "Trenger noen å snakke med")
	tb.Type("#f-body", "Ring meg på 412 34 567 i kveld")
	tb.WaitText("#new-check", "412 34 567")
	tb.Click(`main form button[type=submit]:not([name])`)
	if !tb.Has(`button[name=acknowledge][value=yes]`) || !strings.Contains(tb.Text("main"), "412 34 567") {
		t.Fatalf("no findings in place: %s", tb.Text("main"))
	}
	if n := len(mustThreads(t, env, fx.category.ID)); n != 1 {
		t.Fatalf("a held thread was stored: %d threads", n)
	}
	tb.Click(`button[name=acknowledge][value=yes]`)
	tb.WantHeading("Trenger noen å snakke med")
	if n := len(mustThreads(t, env, fx.category.ID)); n != 2 {
		t.Fatalf("after 'post anyway': %d threads", n)
	}
}

func mustThreads(t *testing.T, env *webtest.Env, category int64) []forum.Thread {
	t.Helper()
	m := env.Member
	p, err := env.App.Forum.Threads(context.Background(), &m, category, 0, "")
	if err != nil {
		t.Fatal(err)
	}
	return p.Threads
}

// TestForumAccessibility audits every forum page in both languages, with
// findings, errors and history in view.
func TestForumAccessibility(t *testing.T) {
	t.Parallel()
	requireBrowser(t)
	requireAxe(t)
	env := start(t)
	fx := seedForum(t, env)
	ctx := context.Background()
	m := env.Member
	if _, err := env.App.Forum.Edit(ctx, &m, fx.first.ID, "Hva gjorde dagen litt lettere for deg denne uka?", false); err != nil {
		t.Fatal(err)
	}
	m2 := env.Member2
	if err := env.App.Forum.React(ctx, &m2, fx.first.ID, "hug"); err != nil {
		t.Fatal(err)
	}
	circle, err := env.IDs.CreateCircle(ctx, &m, "Kafégjengen", []string{"Morgengry"})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := env.App.Forum.CreateThread(ctx, &m, forum.NewThread{CircleID: circle.ID, Title: "Neste kafé", Body: "Skal vi møtes på torsdag?"}); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"nb", "en"} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			tb := NewTab(t, env, Norwegian)
			tb.SignIn("member", testkit.Password)
			if lang != "nb" {
				tb.SwitchLanguage(lang)
			}
			thread := fmt.Sprintf("/forum/threads/%d", fx.thread.ID)
			for _, p := range []struct{ path, label string }{
				{"/forum", "forum"},
				{fmt.Sprintf("/forum/categories/%d", fx.category.ID), "category"},
				{thread, "thread"},
				{thread + fmt.Sprintf("?reply_to=%d#reply", fx.answer.ID), "reply with a quote"},
				{"/forum/unread", "unread"},
				{"/forum/search?q=te", "search"},
				{"/forum/search?q=zzzz", "search without hits"},
				{fmt.Sprintf("/forum/new?category=%d", fx.category.ID), "new thread"},
				{fmt.Sprintf("/forum/new?circle=%d", circle.ID), "new circle thread"},
				{fmt.Sprintf("/forum/posts/%d/edit", fx.first.ID), "edit"},
				{fmt.Sprintf("/forum/posts/%d/history", fx.first.ID), "history"},
				{"/forum/members/Morgengry", "member"},
				{fmt.Sprintf("/circles/%d", circle.ID), "circle with threads"},
				{"/forum/settings", "my forum choices"},
			} {
				if status := tb.Go(p.path); status != 200 {
					t.Fatalf("%s: %d", p.path, status)
				}
				tb.Audit(p.label)
			}
			tb.Go(thread)
			tb.Type("#f-body", "Ring meg på 412 34 567")
			tb.Click(`#reply form button[type=submit]:not([name])`)
			if !tb.Has(`button[name=acknowledge]`) {
				t.Fatalf("no findings: %s", tb.Text("main"))
			}
			tb.Audit("reply with findings")
			tb.Go(thread)
			tb.Do("emptying the reply", chromedp.Evaluate[chromedp.Void](`document.getElementById("f-body").value = ""`))
			tb.Click(`#reply form button[type=submit]:not([name])`)
			if !tb.Has(".error-summary") {
				t.Fatalf("an empty reply showed no errors: %s", tb.Text("main"))
			}
			tb.Audit("empty reply")
		})
	}
}
