package e2e

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"reconnect/internal/events"
	"reconnect/internal/notify"
	"reconnect/internal/testkit"
)

// A member signs up for her first café: the page tells her saying no is
// fine, shows the first-time guide after she answers, lists her as she
// chose, and a reminder arrives live in the notification badge while
// she stays on the page. The café pages pass the accessibility audit.
func TestCafeSignUpGuideAndLiveReminder(t *testing.T) {
	env := start(t)
	ctx := context.Background()
	oslo, _ := time.LoadLocation("Europe/Oslo")
	startAt := env.Clock.Now().In(oslo).Add(2*time.Hour + 10*time.Minute).Truncate(time.Minute)
	id, err := env.App.Events.Create(ctx, &env.Moderator, events.New{CommunityID: env.Fjordvik.ID, Kind: events.Cafe, Title: "Kafé på biblioteket",
		Description: "Vi snakker om **små steg**.", Place: "Fjordvik bibliotek", Address: "Storgata 12", Accessibility: "Trinnfri inngang",
		Travel: "Buss 12", Start: startAt, End: startAt.Add(2 * time.Hour), Capacity: 12, Rule: events.Rule{Freq: events.Weekly}})
	if err != nil {
		t.Fatal(err)
	}
	member := NewTab(t, env, Norwegian)
	member.SignIn("member", testkit.Password)
	member.Go("/events")
	member.WantText("main", "Kafé på biblioteket")
	member.Audit("events list")
	member.Click(`main ol.agenda a[href^="/events/` + strconv.FormatInt(id, 10) + `"]`)
	member.WantText("main", "Ikke denne gangen – det er helt greit")
	member.WantText("main", "Vert: Fjordvik-verten")
	member.Audit("café page before answering")
	member.Do("choosing going", clickValue("status", "going"))
	member.Type("#f-note", "Første gang, litt nervøs")
	member.Do("choosing to be seen by pseudonym", clickValue("shown", "pseudonym"))
	member.Click(`main form[action$="/rsvp"] button[type=submit]`)
	member.WantText("#guide", "Det som deles på kafeen, blir der")
	member.WantText("main", "Havbris (deg)")
	member.Audit("café page with the first-time guide")
	if member.Has("[data-notices-badge] .badge") {
		t.Fatal("a notice badge before any reminder")
	}

	// Ten minutes later the two-hour reminder is due; the server's
	// reminder loop would give it within 30 s, the test gives it now.
	env.Clock.Advance(15 * time.Minute)
	live := notify.WithPublisher(ctx, env.App.Live.Publish) // as App.Serve's reminder loop runs
	if n, err := env.App.Events.SendReminders(live); err != nil || n != 1 {
		t.Fatalf("reminders given: %d, %v", n, err)
	}
	waitFor(t, member, `(function(){var b=document.querySelector("[data-notices-badge] .badge");return b!==null&&b.innerText.indexOf("1")===0})()`, 5*time.Second)
	if p := member.Path(); p[:8] != "/events/" {
		t.Errorf("the page moved to %s", p)
	}
}

// clickValue clicks the radio button with the given name and value.
func clickValue(name, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Click(chromedp.CSS(`input[name="` + name + `"][value="` + value + `"]`))
}
