package events_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/events"
	"reconnect/internal/identity"
	"reconnect/internal/markup"
	"reconnect/internal/messages"
	"reconnect/internal/seal"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

// cafe is a weekly café in Fjordvik hosted by the world's moderator,
// first three days after the clock's start, 18:00 Oslo time.
func cafe(t *testing.T, w *testkit.World, s *events.Service, capacity int) (int64, time.Time) {
	t.Helper()
	oslo, _ := time.LoadLocation("Europe/Oslo")
	d := w.Clock.Now().In(oslo).AddDate(0, 0, 3)
	start := time.Date(d.Year(), d.Month(), d.Day(), 18, 0, 0, 0, oslo)
	id, err := s.Create(ctx, &w.Moderator, events.New{CommunityID: w.Fjordvik.ID, Kind: events.Cafe, Title: "Kafé", Place: "Biblioteket",
		Start: start, End: start.Add(2 * time.Hour), Capacity: capacity, Rule: events.Rule{Freq: events.Weekly}})
	if err != nil {
		t.Fatal(err)
	}
	return id, start
}

func member(t *testing.T, w *testkit.World, login, pseudonym string) identity.User {
	t.Helper()
	u, err := w.IDs.CreateUser(ctx, &w.Admin, identity.NewUser{Login: login, Password: testkit.Password, Role: identity.ServiceUser,
		CommunityID: w.Fjordvik.ID, Pseudonym: pseudonym})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func count(t *testing.T, db *sqldb.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// nodes opens the same database twice, as two server nodes would.
func nodes(t *testing.T, fn func(t *testing.T, open func() *sqldb.DB)) {
	run := func(t *testing.T, dsn string) {
		fn(t, func() *sqldb.DB {
			db, err := sqldb.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			if _, err := db.Migrate(context.Background()); err != nil {
				t.Fatal(err)
			}
			return db
		})
	}
	t.Run("sqlite", func(t *testing.T) { run(t, filepath.Join(t.TempDir(), "nodes.db")) })
	t.Run("postgres", func(t *testing.T) { run(t, testkit.PostgresDSN(t)) })
}

// Reminders are given once per member and occurrence at the first
// reminder time that passes, once more at the next, never twice, with
// two nodes working at the same moment, and not again after a restart.
func TestRemindersOnceAcrossNodesAndRestarts(t *testing.T) {
	nodes(t, func(t *testing.T, open func() *sqldb.DB) {
		db := open()
		w := testkit.NewWorld(t, db)
		s1 := events.NewService(db, w.IDs, markup.New().HTML, w.Clock.Now)
		s2 := events.NewService(open(), w.IDs, markup.New().HTML, w.Clock.Now)
		id, start := cafe(t, w, s1, 0)
		quiet := member(t, w, "stille", "Stille Sjø")
		for _, u := range []identity.User{w.Member, quiet} {
			if _, err := s1.RSVP(ctx, &u, id, start, events.Going, ""); err != nil {
				t.Fatal(err)
			}
		}
		if err := s1.SetReminders(ctx, &quiet, events.Reminders{}); err != nil { // no reminders at all
			t.Fatal(err)
		}
		reminders := func() int {
			return count(t, db, `SELECT COUNT(*) FROM notifications WHERE kind = 'event_reminder'`)
		}
		race := func() {
			var wg sync.WaitGroup
			for _, s := range []*events.Service{s1, s2, s1, s2} {
				wg.Go(func() {
					if _, err := s.SendReminders(ctx); err != nil {
						t.Error(err)
					}
				})
			}
			wg.Wait()
		}
		race()
		if n := reminders(); n != 0 {
			t.Fatalf("%d reminders three days before", n)
		}
		w.Clock.Set(start.Add(-23 * time.Hour))
		race()
		if n := reminders(); n != 1 {
			t.Fatalf("after the 24-hour mark: %d reminders, want 1", n)
		}
		restarted := events.NewService(open(), w.IDs, markup.New().HTML, w.Clock.Now)
		if n, err := restarted.SendReminders(ctx); err != nil || n != 0 {
			t.Fatalf("after a restart: %d, %v", n, err)
		}
		w.Clock.Set(start.Add(-90 * time.Minute))
		race()
		race()
		if n := reminders(); n != 2 {
			t.Fatalf("after the 2-hour mark: %d reminders, want 2", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM notifications WHERE kind = 'event_reminder' AND user_id = $1`, quiet.ID); n != 0 {
			t.Errorf("a member without reminders got %d", n)
		}
		var args string
		if err := db.QueryRowContext(ctx, `SELECT args FROM notifications WHERE kind = 'event_reminder' LIMIT 1`).Scan(&args); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(args, "Kafé") || strings.Contains(args, "Biblioteket") {
			t.Errorf("a reminder names the event: %s", args)
		}
		// Moved one week later: reminded afresh at the new time.
		next := start.AddDate(0, 0, 7)
		if _, err := s1.RSVP(ctx, &w.Member, id, next, events.Going, ""); err != nil {
			t.Fatal(err)
		}
		if err := s1.ChangeOccurrence(ctx, &w.Moderator, id, next, false, next.Add(48*time.Hour), next.Add(50*time.Hour)); err != nil {
			t.Fatal(err)
		}
		w.Clock.Set(next.Add(-time.Hour))
		race()
		if n := reminders(); n != 2 {
			t.Errorf("reminded at the old time of a moved café: %d", n)
		}
		w.Clock.Set(next.Add(47 * time.Hour))
		race()
		if n := reminders(); n != 3 {
			t.Errorf("not reminded once at the new time: %d", n)
		}
	})
}

// Who is coming, as each viewer sees it: every attendee's choice holds
// for every viewer, moderators included; only the host sees everyone
// (with notes); administrators see counts only.
func TestAttendeeVisibilityMatrix(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		w := testkit.NewWorld(t, db)
		s := events.NewService(db, w.IDs, markup.New().HTML, w.Clock.Now)
		id, start := cafe(t, w, s, 0)
		counted := member(t, w, "telt", "Telt Tone")
		open := member(t, w, "apen", "Åpen Åse")
		private := member(t, w, "privat", "Privat Per")
		friend := member(t, w, "venn", "Venn Vera")
		stranger := member(t, w, "fremmed", "Fremmed Frida")
		otherMod, err := w.IDs.CreateUser(ctx, &w.Admin, identity.NewUser{Login: "mod2", Password: testkit.Password, Role: identity.PeerModerator,
			CommunityID: w.Fjordvik.ID, Pseudonym: "Sol Stråle"})
		if err != nil {
			t.Fatal(err)
		}
		for u, shown := range map[*identity.User]string{&counted: "", &open: events.ShownPseudonym, &private: events.ShownRevealed} {
			if _, err := s.Answer(ctx, u, id, start, events.Reply{Status: events.Going, Note: "litt nervøs", Shown: shown}); err != nil {
				t.Fatal(err)
			}
		}
		rv, err := w.IDs.RevealTo(ctx, &private, "Venn Vera", "Per", "")
		if err != nil {
			t.Fatal(err)
		}
		e, err := s.Get(ctx, &w.Moderator, id)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name   string
			viewer identity.User
			named  []string
			notes  bool
		}{
			{"host", w.Moderator, []string{"Privat Per", "Telt Tone", "Åpen Åse"}, true},
			{"another moderator", otherMod, []string{"Åpen Åse"}, false},
			{"revealed to", friend, []string{"Privat Per", "Åpen Åse"}, false},
			{"member", stranger, []string{"Åpen Åse"}, false},
			{"counted herself", counted, []string{"Telt Tone", "Åpen Åse"}, false},
			{"administrator", w.Admin, nil, false},
		} {
			a, err := s.Attendees(ctx, &c.viewer, e, start)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			var named []string
			notes := false
			for _, n := range a.Named {
				named = append(named, n.Pseudonym)
				notes = notes || n.Note != ""
			}
			sort.Strings(named)
			want := append([]string(nil), c.named...)
			sort.Strings(want)
			if !reflect.DeepEqual(named, want) || notes != c.notes || a.Going != 3 || a.Unnamed != 3-len(named) {
				t.Errorf("%s sees %v (notes %v, going %d, unnamed %d), want %v (notes %v)", c.name, named, notes, a.Going, a.Unnamed, want, c.notes)
			}
		}
		// The reveal stopped: the friend no longer sees her.
		if err := w.IDs.StopReveal(ctx, &private, rv.ID); err != nil {
			t.Fatal(err)
		}
		a, _ := s.Attendees(ctx, &friend, e, start)
		for _, n := range a.Named {
			if n.Pseudonym == "Privat Per" {
				t.Error("seen after the reveal stopped")
			}
		}
		// Only the first café answer shows the guide.
		ans, err := s.Answer(ctx, &stranger, id, start, events.Reply{Status: events.Maybe})
		if err != nil || !ans.Guide {
			t.Errorf("first café: guide %v, %v", ans.Guide, err)
		}
		ans, _ = s.Answer(ctx, &stranger, id, start, events.Reply{Status: events.Going})
		if ans.Guide {
			t.Error("the guide again")
		}
		if _, err := s.Answer(ctx, &stranger, id, start, events.Reply{Status: events.Going, Shown: "everyone"}); apperr.From(err).Kind != apperr.KindInvalid {
			t.Errorf("unknown visibility: %v", err)
		}
	})
}

// A host cancels and moves single occurrences; those coming are told
// without details; a cancelled one takes no answers; capacity cannot
// drop below places taken; attendance is the host's, after the start.
func TestOccurrenceChangesEditAndAttendance(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		w := testkit.NewWorld(t, db)
		s := events.NewService(db, w.IDs, markup.New().HTML, w.Clock.Now)
		id, start := cafe(t, w, s, 5)
		a := member(t, w, "anna", "Anna Ask")
		b := member(t, w, "bjorn", "Bjørn Bø")
		for _, u := range []identity.User{a, b, w.Member} {
			if _, err := s.RSVP(ctx, &u, id, start, events.Going, ""); err != nil {
				t.Fatal(err)
			}
		}
		e, _ := s.Get(ctx, &w.Member, id)
		before := testkit.Counts(t, db)
		for name, err := range map[string]error{
			"capacity below those going": s.Edit(ctx, &w.Moderator, id, events.New{Title: "Kafé", Place: "Biblioteket", Capacity: 2}, 0),
			"member edits":               s.Edit(ctx, &w.Member, id, events.New{Title: "Min kafé", Place: "Hjemme"}, 0),
			"member cancels":             s.ChangeOccurrence(ctx, &w.Member, id, start, true, time.Time{}, time.Time{}),
			"not an occurrence":          s.ChangeOccurrence(ctx, &w.Moderator, id, start.Add(time.Hour), true, time.Time{}, time.Time{}),
			"moved to end before start":  s.ChangeOccurrence(ctx, &w.Moderator, id, start, false, start.Add(3*time.Hour), start.Add(2*time.Hour)),
			"attendance before it began": s.Record(ctx, &w.Moderator, id, start, []string{"Anna Ask"}),
		} {
			if err == nil {
				t.Errorf("%s: accepted", name)
			} else if k := apperr.From(err).Kind; k != apperr.KindInvalid && k != apperr.KindNotFound {
				t.Errorf("%s: %v", name, err)
			}
		}
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
			t.Errorf("refused changes wrote rows: %v → %v", before, after)
		}
		if err := s.Edit(ctx, &w.Moderator, id, events.New{Title: "Torsdagskafé", Place: "Biblioteket", Capacity: 3, Travel: "Buss 12"}, 0); err != nil {
			t.Fatal(err)
		}
		if err := s.ChangeOccurrence(ctx, &w.Moderator, id, start, true, time.Time{}, time.Time{}); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM notifications WHERE kind = 'event_changed'`); n != 3 {
			t.Errorf("%d told of the cancellation, want 3", n)
		}
		if _, err := s.RSVP(ctx, &w.Moderator, id, start, events.Going, ""); apperr.From(err).Kind != apperr.KindInvalid {
			t.Errorf("answer to a cancelled occurrence: %v", err)
		}
		occ, err := s.List(ctx, &w.Member, w.Fjordvik.ID, start.Add(-time.Hour), start.AddDate(0, 0, 8))
		if err != nil || len(occ) != 2 || !occ[0].Cancelled || occ[1].Cancelled || occ[0].Event.Title != "Torsdagskafé" || occ[0].Answer != events.Going {
			t.Fatalf("list after cancelling: %+v %v", occ, err)
		}
		// Restored, then moved an hour later.
		if err := s.ChangeOccurrence(ctx, &w.Moderator, id, start, false, start.Add(time.Hour), start.Add(3*time.Hour)); err != nil {
			t.Fatal(err)
		}
		o, err := s.Occurrence(ctx, e, start)
		if err != nil || o.Cancelled || !o.Moved || !o.Start.Equal(start.Add(time.Hour)) || !o.End.Equal(start.Add(3*time.Hour)) {
			t.Fatalf("moved: %+v %v", o, err)
		}
		w.Clock.Set(start.Add(2 * time.Hour))
		if err := s.Record(ctx, &w.Member, id, start, []string{"Anna Ask"}); apperr.From(err).Kind != apperr.KindNotFound {
			t.Errorf("a member records attendance: %v", err)
		}
		if err := s.Record(ctx, &w.Moderator, id, start, []string{"Anna Ask", "Ukjent Ugle"}); apperr.From(err).Kind != apperr.KindInvalid {
			t.Errorf("unknown pseudonym: %v", err)
		}
		if err := s.Record(ctx, &w.Moderator, id, start, []string{"anna ask", "Bjørn Bø", "Anna Ask"}); err != nil {
			t.Fatal(err)
		}
		came, err := s.Came(ctx, &w.Moderator, e, start)
		if err != nil || !reflect.DeepEqual(came, []string{"Anna Ask", "Bjørn Bø"}) {
			t.Errorf("came: %v %v", came, err)
		}
	})
}

// Lifts and buddies: an offer and an ask agree and get a conversation
// under their pseudonyms that closes a week after; bad offers change
// nothing; only those coming (and the host) see the lifts.
func TestLiftsAndBuddies(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		w := testkit.NewWorld(t, db)
		s := events.NewService(db, w.IDs, markup.New().HTML, w.Clock.Now)
		msgs := messages.New(db, w.IDs, messages.Options{Keys: seal.NewKeyring(seal.RandomKey()), Markup: markup.New().HTML, Now: w.Clock.Now})
		s.SetPairOpener(func(ctx context.Context, tx *sql.Tx, subject string, a, b int64, closes time.Time) (int64, error) {
			return msgs.OpenPair(ctx, tx, messages.KindLift, subject, a, b, closes)
		})
		id, start := cafe(t, w, s, 0)
		driver := member(t, w, "sjafor", "Sjåfør Siri")
		rider := member(t, w, "passasjer", "Passasjer Pål")
		if _, err := s.AddLift(ctx, &driver, id, start, events.LiftOffer, 3, "Sentrum", ""); apperr.From(err).Code != "answer_first" {
			t.Errorf("a lift before answering: %v", err)
		}
		for _, u := range []identity.User{driver, rider} {
			if _, err := s.RSVP(ctx, &u, id, start, events.Going, ""); err != nil {
				t.Fatal(err)
			}
		}
		before := testkit.Counts(t, db)
		for name, c := range map[string]struct {
			kind  string
			seats int
			area  string
		}{
			"negative seats":  {events.LiftOffer, -2, "Sentrum"},
			"too many seats":  {events.LiftOffer, 40, "Sentrum"},
			"no area":         {events.LiftAsk, 1, ""},
			"unknown kind":    {"taxi", 1, "Sentrum"},
			"multi-line area": {events.LiftAsk, 1, "Storgata 1\nleil. 3"},
		} {
			if _, err := s.AddLift(ctx, &driver, id, start, c.kind, c.seats, c.area, ""); apperr.From(err).Kind != apperr.KindInvalid {
				t.Errorf("%s: %v", name, err)
			}
		}
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
			t.Error("refused lifts wrote rows")
		}
		offer, err := s.AddLift(ctx, &driver, id, start, events.LiftOffer, 3, "Sentrum", "Kjører fra Rema")
		if err != nil {
			t.Fatal(err)
		}
		ask, err := s.AddLift(ctx, &rider, id, start, events.LiftAsk, 1, "Nordbyen", "")
		if err != nil {
			t.Fatal(err)
		}
		e, _ := s.Get(ctx, &w.Member, id)
		if _, _, err := s.Lifts(ctx, &w.Member, e, start); apperr.From(err).Kind != apperr.KindNotFound {
			t.Errorf("a member not coming sees the lifts: %v", err)
		}
		hostView, _, err := s.Lifts(ctx, &w.Moderator, e, start)
		if err != nil || len(hostView) != 2 || hostView[1].Matched {
			t.Fatalf("host's view: %+v %v", hostView, err)
		}
		if _, err := s.Propose(ctx, &w.Member, offer, ask); apperr.From(err).Kind != apperr.KindNotFound {
			t.Errorf("a stranger proposes with another's lift: %v", err)
		}
		m, err := s.Propose(ctx, &rider, ask, offer)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Decide(ctx, &rider, m, true); apperr.From(err).Kind != apperr.KindNotFound {
			t.Errorf("the proposer agrees for the other: %v", err)
		}
		conv, err := s.Decide(ctx, &driver, m, true)
		if err != nil || conv == 0 {
			t.Fatal(conv, err)
		}
		c, err := msgs.Get(ctx, &rider, conv)
		if err != nil || !c.CanWrite || fmt.Sprint(c.With) != "[Sjåfør Siri]" {
			t.Fatalf("rider's conversation: %+v %v", c, err)
		}
		if _, err := msgs.Get(ctx, &w.Member, conv); apperr.From(err).Kind != apperr.KindNotFound {
			t.Errorf("a stranger reads the lift conversation: %v", err)
		}
		if err := msgs.Reply(ctx, &rider, conv, "Takk! Jeg står ved bussholdeplassen."); err != nil {
			t.Fatal(err)
		}
		lifts, matches, _ := s.Lifts(ctx, &driver, e, start)
		if len(matches) != 1 || !matches[0].Agreed || !lifts[0].Matched || !lifts[1].Matched {
			t.Errorf("after agreeing: %+v %+v", lifts, matches)
		}
		w.Clock.Set(start.AddDate(0, 0, 7).Add(3 * time.Hour))
		if err := msgs.Reply(ctx, &rider, conv, "Hei igjen"); apperr.From(err).Code != "conversation_closed" {
			t.Errorf("a week after: %v", err)
		}
		if c, err := msgs.Get(ctx, &driver, conv); err != nil || c.CanWrite {
			t.Errorf("closed conversation still readable, not writable: %v %v", c.CanWrite, err)
		}
	})
}
