package calfeed_test

import (
	"bytes"
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"reconnect/internal/apperr"
	"reconnect/internal/calfeed"
	"reconnect/internal/events"
	"reconnect/internal/identity"
	"reconnect/internal/markup"
	"reconnect/internal/seal"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
	"reconnect/internal/toolbox"
)

var ctx = context.Background()

// fixture is a world where the member answered several occurrences in
// different ways, planned activities, and another member is going too.
type fixture struct {
	*testkit.World
	feeds *calfeed.Service
	want  []string // UIDs the member's feed must hold, sorted
	maybe string   // the UID answered maybe
}

func setup(t *testing.T, db *sqldb.DB) *fixture {
	t.Helper()
	w := testkit.NewWorld(t, db)
	evs := events.NewService(db, w.IDs, markup.New().HTML, w.Clock.Now)
	tools := toolbox.NewService(db, seal.NewKeyring(seal.RandomKey()), w.Clock.Now)
	f := &fixture{World: w, feeds: calfeed.New(db, w.IDs, evs, tools, w.Clock.Now)}
	oslo, _ := time.LoadLocation("Europe/Oslo")
	now := w.Clock.Now().In(oslo)
	start := time.Date(now.Year(), now.Month(), now.Day()+2, 18, 0, 0, 0, oslo)
	cafe, err := evs.Create(ctx, &w.Moderator, events.New{CommunityID: w.Fjordvik.ID, Kind: events.Cafe, Title: "Kafé på biblioteket", Description: "Vi drikker te sammen",
		Place: "Biblioteket", Start: start, End: start.Add(2 * time.Hour), Capacity: 1, Rule: events.Rule{Freq: events.Weekly}})
	must(t, err)
	other, err := w.IDs.CreateUser(ctx, &w.Admin, identity.NewUser{Login: "other", Password: testkit.Password, Role: identity.ServiceUser, CommunityID: w.Fjordvik.ID, Pseudonym: "Fjellvind"})
	must(t, err)
	occ := events.Expand(start, events.Rule{Freq: events.Weekly}, start, start.AddDate(0, 0, 35))
	uid := func(id int64, at time.Time) string {
		return "event-" + itoa(id) + "-" + itoa(at.Unix()) + "@reconnect"
	}
	answer := func(u *identity.User, id int64, at time.Time, status string) {
		t.Helper()
		_, err := evs.RSVP(ctx, u, id, at, status, "a private note")
		must(t, err)
	}
	answer(&w.Member, cafe, occ[0], events.Going) // in the feed
	answer(&other, cafe, occ[1], events.Going)    // takes the only place...
	answer(&w.Member, cafe, occ[1], events.Going) // ...so the member waits: not in the feed
	answer(&w.Member, cafe, occ[2], events.NotToday)
	answer(&w.Member, cafe, occ[3], events.Maybe) // in the feed, tentative
	answer(&other, cafe, occ[4], events.Going)    // another member's: not in the feed
	f.want = append(f.want, uid(cafe, occ[0]), uid(cafe, occ[3]))
	f.maybe = uid(cafe, occ[3])

	gathering, err := evs.Create(ctx, &w.Member, events.New{CommunityID: w.Fjordvik.ID, Kind: events.Gathering, Title: "Tur i skogen",
		Place: "Skogen", Start: start.Add(24 * time.Hour), End: start.Add(26 * time.Hour)})
	must(t, err)
	answer(&w.Member, gathering, start.Add(24*time.Hour), events.Going)
	_, err = db.ExecContext(ctx, `UPDATE events SET cancelled_at = $1 WHERE id = $2`, w.Clock.Now(), gathering) // cancelled: not in the feed
	must(t, err)

	today := now.Format("2006-01-02")
	walk, err := tools.Create(ctx, &w.Member, toolbox.Activities, &toolbox.Activity{What: "Gå tur", Day: today, Time: "10:00", WithWhom: "Kari Nordmann"})
	must(t, err)
	f.want = append(f.want, "activity-"+itoa(walk.ID)+"-"+now.Format("20060102")+"@reconnect")
	swim, err := tools.Create(ctx, &w.Member, toolbox.Activities, &toolbox.Activity{What: "Svømming", Day: today, Repeat: "weekly"})
	must(t, err)
	for i := 0; i < 60; i += 7 { // every week for the next 60 days
		f.want = append(f.want, "activity-"+itoa(swim.ID)+"-"+now.AddDate(0, 0, i).Format("20060102")+"@reconnect")
	}
	slices.Sort(f.want)
	return f
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// parse reads a feed back with the iCalendar library.
func parse(t *testing.T, b []byte) map[string]*ics.VEvent {
	t.Helper()
	cal, err := ics.ParseCalendar(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("the feed does not parse: %v\n%s", err, b)
	}
	out := map[string]*ics.VEvent{}
	for _, ev := range cal.Events() {
		out[ev.Id()] = ev
	}
	return out
}

func prop(ev *ics.VEvent, p ics.ComponentProperty) string {
	if v := ev.GetProperty(p); v != nil {
		return v.Value
	}
	return ""
}

// The feed holds exactly the occurrences the member is going (or might
// go) to and her planned activities, titled "ReConnect" and nothing
// more by default, with real titles and places when she chooses.
func TestFeedContent(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		f := setup(t, db)
		token, err := f.feeds.Enable(ctx, &f.Member, false)
		must(t, err)
		if testkit.DBContains(t, db, token) {
			t.Fatal("the feed token is stored in clear")
		}
		b, err := f.feeds.Feed(ctx, token)
		must(t, err)
		if !bytes.Contains(b, []byte("\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n")) {
			t.Errorf("no well-formed refresh interval: %s", b)
		}
		evs := parse(t, b)
		var got []string
		for id := range evs {
			got = append(got, id)
		}
		slices.Sort(got)
		if !slices.Equal(got, f.want) {
			t.Fatalf("feed holds\n%v\nwant\n%v", got, f.want)
		}
		for id, ev := range evs {
			if s := prop(ev, ics.ComponentPropertySummary); s != "ReConnect" {
				t.Errorf("%s: summary %q, want the neutral title", id, s)
			}
			if prop(ev, ics.ComponentPropertyLocation) != "" || prop(ev, ics.ComponentPropertyDescription) != "" {
				t.Errorf("%s: a place or description in a neutral feed", id)
			}
			if _, err := ev.GetDtStampTime(); err != nil {
				t.Errorf("%s: no DTSTAMP: %v", id, err)
			}
			want := "CONFIRMED"
			if id == f.maybe {
				want = "TENTATIVE"
			}
			if s := prop(ev, ics.ComponentPropertyStatus); s != want {
				t.Errorf("%s: status %q, want %q", id, s, want)
			}
		}
		if ev := evs[f.want[len(f.want)-1]]; !strings.HasSuffix(prop(ev, ics.ComponentPropertyDtStart), "Z") || !strings.HasSuffix(prop(ev, ics.ComponentPropertyDtEnd), "Z") {
			t.Errorf("event times are not UTC: %s", b)
		}
		for _, secret := range []string{"Kafé", "Biblioteket", "Gå tur", "Svømming", "Kari", "te sammen", "private note", "Havbris", "Fjellvind", "Fjordvik"} {
			if bytes.Contains(b, []byte(secret)) {
				t.Errorf("the neutral feed contains %q", secret)
			}
		}

		must(t, f.feeds.SetShowTitles(ctx, &f.Member, true))
		b, err = f.feeds.Feed(ctx, token)
		must(t, err)
		evs = parse(t, b)
		cafe := evs[f.maybe]
		if prop(cafe, ics.ComponentPropertySummary) != "Kafé på biblioteket" || prop(cafe, ics.ComponentPropertyLocation) != "Biblioteket" {
			t.Errorf("titles shown: %q at %q", prop(cafe, ics.ComponentPropertySummary), prop(cafe, ics.ComponentPropertyLocation))
		}
		if !bytes.Contains(b, []byte("SUMMARY:Gå tur")) || !bytes.Contains(b, []byte("SUMMARY:Svømming")) {
			t.Errorf("activity titles missing: %s", b)
		}
		for _, secret := range []string{"Kari", "te sammen", "private note", "Havbris", "Fjellvind", "Fjordvik-verten"} {
			if bytes.Contains(b, []byte(secret)) {
				t.Errorf("the feed contains %q even with titles shown", secret)
			}
		}
		st, err := f.feeds.Settings(ctx, &f.Member)
		if err != nil || !st.Enabled || !st.ShowTitles || st.LastUsedAt == nil {
			t.Errorf("settings %+v %v", st, err)
		}
	})
}

func notFound(t *testing.T, what string, err error) {
	t.Helper()
	if !apperr.Is(err, apperr.KindNotFound) {
		t.Errorf("%s: %v, want not_found", what, err)
	}
}

// A new link stops the old one at once; turning off stops it; unknown
// tokens, disabled accounts and roles without a feed get not_found.
func TestFeedRevocation(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		f := setup(t, db)
		old, err := f.feeds.Enable(ctx, &f.Member, false)
		must(t, err)
		_, err = f.feeds.Feed(ctx, old)
		must(t, err)
		fresh, err := f.feeds.Rotate(ctx, &f.Member)
		must(t, err)
		_, err = f.feeds.Feed(ctx, old)
		notFound(t, "the replaced token", err)
		_, err = f.feeds.Feed(ctx, fresh)
		must(t, err)
		again, err := f.feeds.Enable(ctx, &f.Member, true) // enabling again is a new link too
		must(t, err)
		_, err = f.feeds.Feed(ctx, fresh)
		notFound(t, "the token replaced by enabling again", err)

		must(t, f.feeds.Disable(ctx, &f.Member))
		_, err = f.feeds.Feed(ctx, again)
		notFound(t, "a turned-off feed", err)
		if st, err := f.feeds.Settings(ctx, &f.Member); err != nil || st.Enabled {
			t.Errorf("after turning off: %+v %v", st, err)
		}
		_, err = f.feeds.Rotate(ctx, &f.Member)
		notFound(t, "a new link for a feed that is off", err)
		notFound(t, "titles for a feed that is off", f.feeds.SetShowTitles(ctx, &f.Member, true))
		for _, tok := range []string{"", "rcal_", "rcal_unknown", "rcn_" + strings.Repeat("a", 43), "rcal_" + strings.Repeat("a", 200)} {
			_, err = f.feeds.Feed(ctx, tok)
			notFound(t, "token "+tok, err)
		}

		// A disabled account's feed stops, and comes back when enabled.
		tok, err := f.feeds.Enable(ctx, &f.Member, false)
		must(t, err)
		yes, no := true, false
		must(t, f.IDs.UpdateAccount(ctx, &f.Admin, f.Member.ID, identity.AccountChange{Disabled: &yes}))
		_, err = f.feeds.Feed(ctx, tok)
		notFound(t, "a disabled member's feed", err)
		must(t, f.IDs.UpdateAccount(ctx, &f.Admin, f.Member.ID, identity.AccountChange{Disabled: &no}))
		_, err = f.feeds.Feed(ctx, tok)
		must(t, err)

		for _, u := range []*identity.User{&f.Provider, &f.Researcher, &f.Admin} {
			_, err := f.feeds.Enable(ctx, u, false)
			notFound(t, string(u.Role)+" enabling", err)
			_, err = f.feeds.Settings(ctx, u)
			notFound(t, string(u.Role)+" settings", err)
		}
		// A peer moderator has a feed: her cafés, no toolbox.
		mod, err := f.feeds.Enable(ctx, &f.Moderator, false)
		must(t, err)
		b, err := f.feeds.Feed(ctx, mod)
		must(t, err)
		if n := len(parse(t, b)); n != 0 {
			t.Errorf("the moderator's feed holds %d entries, want none", n)
		}
	})
}

// A single time the host cancels leaves the feed; a moved one shows at
// its new time under the same UID, so calendar apps update it in place.
func TestFeedFollowsSingleChanges(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		w := testkit.NewWorld(t, db)
		evs := events.NewService(db, w.IDs, markup.New().HTML, w.Clock.Now)
		feeds := calfeed.New(db, w.IDs, evs, toolbox.NewService(db, seal.NewKeyring(seal.RandomKey()), w.Clock.Now), w.Clock.Now)
		oslo, _ := time.LoadLocation("Europe/Oslo")
		now := w.Clock.Now().In(oslo)
		start := time.Date(now.Year(), now.Month(), now.Day()+2, 18, 0, 0, 0, oslo)
		id, err := evs.Create(ctx, &w.Moderator, events.New{CommunityID: w.Fjordvik.ID, Kind: events.Cafe, Title: "Kafé", Place: "Biblioteket",
			Start: start, End: start.Add(2 * time.Hour), Rule: events.Rule{Freq: events.Weekly}})
		must(t, err)
		second := start.AddDate(0, 0, 7)
		for _, at := range []time.Time{start, second} {
			_, err := evs.RSVP(ctx, &w.Member, id, at, events.Going, "")
			must(t, err)
		}
		must(t, evs.ChangeOccurrence(ctx, &w.Moderator, id, start, true, time.Time{}, time.Time{}))
		moved := second.Add(24 * time.Hour)
		must(t, evs.ChangeOccurrence(ctx, &w.Moderator, id, second, false, moved, moved.Add(time.Hour)))
		token, err := feeds.Enable(ctx, &w.Member, false)
		must(t, err)
		b, err := feeds.Feed(ctx, token)
		must(t, err)
		got := parse(t, b)
		uid := "event-" + itoa(id) + "-" + itoa(second.Unix()) + "@reconnect"
		if len(got) != 1 || got[uid] == nil {
			t.Fatalf("feed after a cancel and a move: %v", b)
		}
		if want := moved.UTC().Format("20060102T150405Z"); prop(got[uid], ics.ComponentPropertyDtStart) != want {
			t.Errorf("moved start %s, want %s", prop(got[uid], ics.ComponentPropertyDtStart), want)
		}
	})
}
