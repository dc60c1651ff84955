package e2e

import (
	"context"
	"testing"
	"time"

	"reconnect/internal/notify"
	"reconnect/internal/testkit"
)

// The Notices badge follows new notices live on any page; the notices
// page and the notice settings pass the accessibility audit, and the
// settings save without JavaScript-only controls.
func TestNoticesBadgeIsLive(t *testing.T) {
	env := start(t)
	member := NewTab(t, env, Norwegian)
	member.SignIn("member", testkit.Password)
	member.Go("/settings/notifications")
	member.Audit("notice settings")
	waitFor(t, member, `document.body.getAttribute("data-alerts") === "open"`, 10*time.Second)
	if member.Has("[data-notices-badge] .badge") {
		t.Fatal("a badge before any notice")
	}
	// Another member invites her to a circle, as a request would (the
	// server marks requests with the live publisher).
	ctx := notify.WithPublisher(context.Background(), env.App.Live.Publish)
	if _, err := env.App.Identity.CreateCircle(ctx, &env.Member2, "Kveldsturen", []string{"Havbris"}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, member, `(function(){var b=document.querySelector("[data-notices-badge] .badge");return b!==null&&b.innerText.indexOf("1")===0})()`, 5*time.Second)
	member.Check("f-email-thread_reply")
	member.Click(`main form[action="/settings/notifications"] button[type=submit]`)
	member.WantText("main", "Innstillingene for varsler er lagret")
	member.Go("/notifications")
	member.WantText("main", "Uleste: 1")
	member.Audit("notices")
	member.Click(`main form[action="/notifications/read"] button[type=submit]`)
	member.WantText("main", "Uleste: 0")
	if member.Has("[data-notices-badge] .badge") {
		t.Error("the badge stays after reading")
	}
}
