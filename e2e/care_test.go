package e2e

import (
	"context"
	"strconv"
	"testing"
	"time"

	"reconnect/internal/testkit"
)

// A service user and her provider exchange care messages in two
// browsers: the provider's Messages badge counts the new message while
// she is on another page, the member sees "Read by" and the answer
// arrive without reloading, and every page passes the accessibility
// audit.
func TestCareMessagesBetweenMemberAndProvider(t *testing.T) {
	env := start(t)
	if _, err := env.App.Care.Link(context.Background(), &env.Admin, env.Provider.ID, env.Member.ID, "Kari Nordmann"); err != nil {
		t.Fatal(err)
	}
	provider := NewTab(t, env, Norwegian)
	provider.SignIn("provider", testkit.Password)
	provider.Go("/care")
	waitFor(t, provider, `document.body.getAttribute("data-alerts") === "open"`, 10*time.Second)
	if provider.Has("[data-messages-badge] .badge") {
		t.Fatal("a badge before any message")
	}

	member := NewTab(t, env, Norwegian)
	member.SignIn("member", testkit.Password)
	member.Go("/messages/new")
	member.Audit("new care message")
	member.Check("to-" + strconv.FormatInt(env.Provider.ID, 10))
	member.Type("#f-subject", "Spørsmål om søvnen")
	member.Type("#f-message", "Jeg sover dårlig etter at dosen ble endret.")
	member.Click(`main form[action="/messages/new"] button[type=submit]`)
	member.WantText("main", "innen 3 virkedager")
	member.WantText(".read-by", "Ikke lest ennå")
	member.Audit("care conversation, member")
	waitFor(t, member, `document.body.getAttribute("data-alerts") === "open"`, 10*time.Second)

	// The provider's badge counts it without a reload.
	waitFor(t, provider, `(function(){var b=document.querySelector("[data-messages-badge] .badge");return b!==null&&b.innerText.indexOf("1")===0})()`, 3*time.Second)
	provider.Go("/messages")
	provider.WantText("main", "Kari Nordmann")
	provider.Audit("provider inbox")
	provider.Click(`main ul.conversations a`)
	provider.WantText("main", "Jeg sover dårlig")
	provider.Audit("care conversation, provider")
	if provider.Has("[data-messages-badge] .badge") {
		t.Error("the badge stays after reading")
	}

	// The member sees it read, then the answer, in place.
	member.WaitText(".read-by", "Lest av Per Provider")
	provider.Type("#f-message", "Det er vanlig de første ukene. Vi ser på det tirsdag.")
	provider.Click(`main form.stack button[type=submit]`)
	member.WaitText("#messages", "Vi ser på det tirsdag")
	if p := member.Path(); p[:10] != "/messages/" {
		t.Errorf("the member's page moved to %s", p)
	}
}
