package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"reconnect/internal/forum"
	"reconnect/internal/identity"
	"reconnect/internal/testkit"
	"reconnect/internal/testkit/webtest"
)

// flagged is the forum fixture with Havbris's opening post flagged by
// three members, which hides it until a moderator looks.
func flagged(t *testing.T, env *webtest.Env) forumFixture {
	t.Helper()
	ctx := context.Background()
	fx := seedForum(t, env)
	for i, p := range []string{"Skogsti", "Fjellbekk", "Lyngmo"} {
		u, err := env.IDs.CreateUser(ctx, &env.Admin, identity.NewUser{Login: fmt.Sprintf("flagger%d", i), Password: testkit.Password,
			Role: identity.ServiceUser, CommunityID: env.Fjordvik.ID, Pseudonym: p})
		if err == nil {
			err = env.IDs.CompleteOnboarding(ctx, &u)
		}
		if err == nil {
			_, err = env.App.Moderation.Flag(ctx, &u, fx.first.ID, "identity", "Nevner en arbeidsplass")
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return fx
}

// A member reports a post through the form; a moderator finds the post
// flagged by three in the queue, hides it with a reason, and the author
// sees the reason beside the post and never who flagged.
func TestModeratorHidesFlaggedPost(t *testing.T) {
	t.Parallel()
	env := start(t)
	fx := flagged(t, env)

	reporter := NewTab(t, env, Norwegian)
	reporter.SignIn("member2", testkit.Password)
	reporter.Go(fmt.Sprintf("/forum/threads/%d", fx.thread.ID))
	if reporter.Has(fmt.Sprintf("#post-%d", fx.first.ID)) {
		t.Fatal("a post flagged by three is still shown to other members")
	}

	mod := NewTab(t, env, Norwegian)
	mod.SignIn("moderator", testkit.Password)
	mod.Go("/moderation")
	mod.WantHeading("Det som trenger deg")
	if q := mod.Text("main"); !strings.Contains(q, "Skogsti") || !strings.Contains(q, "Nevner en arbeidsplass") {
		t.Fatalf("the queue does not show who flagged and why: %s", q)
	}
	mod.Click(fmt.Sprintf(`a[href="/moderation/posts/%d"]`, fx.first.ID))
	reason := "Innlegget kan gjøre det lett å kjenne deg igjen. Skriv det gjerne om uten arbeidsplassen."
	mod.Type("#f-reason", reason)
	mod.Click(fmt.Sprintf(`form[action="/moderation/posts/%d/hide"] button`, fx.first.ID))
	mod.WantText(".notice", "Innlegget er skjult, og forfatteren ser begrunnelsen.")

	author := NewTab(t, env, Norwegian)
	author.SignIn("member", testkit.Password)
	author.Go(fmt.Sprintf("/forum/threads/%d", fx.thread.ID))
	post := author.Text(fmt.Sprintf("#post-%d", fx.first.ID))
	if !strings.Contains(post, reason) {
		t.Fatalf("the author does not see the reason: %s", post)
	}
	author.Go("/notifications")
	for _, name := range []string{"Skogsti", "Fjellbekk", "Lyngmo", "arbeidsplass"} {
		if strings.Contains(author.Text("main"), name) {
			t.Errorf("the author's notices show %q", name)
		}
	}
}

// The moderation pages and the report form pass axe in both languages.
func TestModerationAccessibility(t *testing.T) {
	t.Parallel()
	requireBrowser(t)
	requireAxe(t)
	env := start(t)
	fx := flagged(t, env)
	ctx := context.Background()
	m2 := env.Member2
	if _, err := env.App.Forum.Reply(ctx, &m2, fx.thread.ID, forum.NewPost{Body: "Jeg orker ikke mer av dette."}); err != nil {
		t.Fatal(err)
	}
	modUser := env.Moderator
	conv, err := env.App.Messages.Start(ctx, &modUser, "Havbris", "En hilsen", "Hei! Vi har savnet deg.")
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"nb", "en"} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			mod := NewTab(t, env, Norwegian)
			mod.SignIn("moderator", testkit.Password)
			if lang != "nb" {
				mod.SwitchLanguage(lang)
			}
			for _, p := range []struct{ path, label string }{
				{"/moderation", "queue"},
				{fmt.Sprintf("/moderation/posts/%d", fx.first.ID), "post"},
				{fmt.Sprintf("/moderation/threads/%d", fx.thread.ID), "thread tools"},
				{"/moderation/members/Havbris", "member"},
				{"/moderation/log", "log"},
				{"/moderation/unanswered", "unanswered"},
				{"/moderation/quiet", "quiet members"},
				{"/messages/new?to=Havbris", "check-in note"},
			} {
				if status := mod.Go(p.path); status != 200 {
					t.Fatalf("%s: %d", p.path, status)
				}
				mod.Audit(p.label)
			}
			mod.Go(fmt.Sprintf("/moderation/posts/%d", fx.first.ID))
			mod.Click(fmt.Sprintf(`form[action="/moderation/posts/%d/hide"] button`, fx.first.ID))
			if !mod.Has(".error-summary") {
				t.Fatalf("hiding without a reason showed no error: %s", mod.Text("main"))
			}
			mod.Audit("hide without reason")

			member := NewTab(t, env, Norwegian)
			member.SignIn("member", testkit.Password)
			if lang != "nb" {
				member.SwitchLanguage(lang)
			}
			for _, p := range []string{"/messages", fmt.Sprintf("/messages/%d", conv), "/forum/my-moderation"} {
				if status := member.Go(p); status != 200 {
					t.Fatalf("%s: %d", p, status)
				}
				member.Audit(p)
			}
			member.Go(fmt.Sprintf("/forum/posts/%d/flag", fx.answer.ID))
			member.Audit("report form")
			member.Click(`main form button[type=submit]`)
			if !member.Has(".error-summary") {
				t.Fatalf("a report without a reason showed no error: %s", member.Text("main"))
			}
			member.Audit("report without reason")
		})
	}
}

// A peer moderator with any page open is alerted within seconds when a
// member writes crisis language; the writer is shown the crisis numbers.
func TestCrisisAlertReachesModeratorLive(t *testing.T) {
	t.Parallel()
	env := start(t)
	fx := seedForum(t, env)
	mod := NewTab(t, env, Norwegian)
	mod.SignIn("moderator", testkit.Password)
	mod.Go("/moderation/log")
	// app.js marks the page once its event stream is open.
	waitFor(t, mod, `document.body.getAttribute("data-alerts") === "open"`, 5*time.Second)

	writer := NewTab(t, env, Norwegian)
	writer.SignIn("member2", testkit.Password)
	writer.Go(fmt.Sprintf("/forum/threads/%d", fx.thread.ID))
	writer.Type("#f-body", "Jeg har bestemt meg for å ta livet mitt i kveld.")
	// Before posting, as the member types: the crisis numbers, and no
	// alert yet.
	waitFor(t, writer, `document.querySelector("#reply [data-crisis-hint]").hidden === false`, 5*time.Second)
	if mod.Has("#crisis-alert") {
		t.Fatal("the moderator was alerted about a draft")
	}
	writer.Click(`#reply form button[type=submit]:not([name])`)
	sent := time.Now()
	box := writer.Text(".crisis-box")
	if !strings.Contains(box, "113") || !strings.Contains(box, "116 123") {
		t.Errorf("the writer is not shown the crisis numbers: %q", box)
	}
	waitFor(t, mod, `document.getElementById("crisis-alert") !== null`, 5*time.Second)
	t.Logf("the moderator was alerted %v after the post was sent", time.Since(sent).Round(time.Millisecond))
	mod.Click(`#crisis-alert a`)
	if q := mod.Text("main"); !strings.Contains(q, "Mulig fare nå") {
		t.Errorf("the queue does not show the crisis alert first: %s", q)
	}
}

// A member folds away another member's posts, sees them folded and can
// open them; a break shows the calm page; both pass axe.
func TestMemberProtectsThemselves(t *testing.T) {
	t.Parallel()
	requireAxe(t)
	env := start(t)
	fx := seedForum(t, env)
	tb := NewTab(t, env, Norwegian)
	tb.SignIn("member", testkit.Password)
	tb.Go("/forum/settings")
	tb.Type("#f-pseudonym", "Morgengry")
	tb.Click(`form[action="/forum/settings/mute"] button`)
	tb.WantText(".notice", "Lagret.")
	tb.Go(fmt.Sprintf("/forum/threads/%d", fx.thread.ID))
	sel := fmt.Sprintf("#post-%d details.collapsed", fx.answer.ID)
	if !tb.Has(sel) || Eval[bool](tb, `document.querySelector("`+sel+`").open`) {
		t.Fatalf("Morgengry's reply is not folded away: %s", tb.Text("main"))
	}
	tb.Audit("thread with a folded post")
	tb.Do("opening the folded post", chromedp.Click(chromedp.CSS(sel+" summary")))
	if !Eval[bool](tb, `document.querySelector("`+sel+`").open`) {
		t.Error("the folded post does not open")
	}
	tb.Go("/forum/settings")
	tb.Click(`form[action="/forum/settings/break"] button`)
	tb.WantHeading("Du har en pause")
	tb.Audit("break")
	tb.Click(`form[action="/forum/settings/end-break"] button`)
	tb.WantText(".notice", "Velkommen tilbake! Godt å se deg.")
}

// The care-team page passes axe for a provider (with a fresh code) and
// a member, in Norwegian.
func TestCareAccessibility(t *testing.T) {
	t.Parallel()
	requireAxe(t)
	env := start(t)
	provider := NewTab(t, env, Norwegian)
	provider.SignIn("provider", testkit.Password)
	provider.Go("/care")
	provider.Audit("provider's care team")
	provider.Type("#f-member_name", "Kari Nordmann")
	provider.Click(`form[action="/care/ask"] button`)
	provider.Audit("provider's new code")
	member := NewTab(t, env, Norwegian)
	member.SignIn("member", testkit.Password)
	member.Go("/care")
	member.Audit("member's care team")
	member.Click(`form[action="/care/accept"] button[type=submit]:not([formaction])`)
	if !member.Has(".error-summary") {
		t.Fatalf("an empty code showed no error: %s", member.Text("main"))
	}
	member.Audit("empty code")
}
