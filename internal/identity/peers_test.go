package identity_test

import (
	"testing"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/notify"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

func notices(t *testing.T, db *sqldb.DB, w *testkit.World, userID int64) []notify.Notice {
	t.Helper()
	ns, err := notify.New(db, w.Clock.Now).List(ctx, userID, 50, 0)
	if err != nil {
		t.Fatal(err)
	}
	return ns
}

func TestRevealIsSeenOnlyByItsReceiver(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		w := testkit.NewWorld(t, db)
		r, err := w.IDs.RevealTo(ctx, &w.Member, "morgengry", "Kari", "Den med grønt skjerf")
		if err != nil {
			t.Fatal(err)
		}
		ids := []int64{w.Member.ID}
		if got, _ := w.IDs.ShownNames(ctx, w.Member2.ID, ids); got[w.Member.ID] != "Kari" {
			t.Fatalf("receiver sees %v", got)
		}
		for _, other := range []identity.User{w.Moderator, w.Admin, w.Provider} {
			if got, _ := w.IDs.ShownNames(ctx, other.ID, ids); len(got) != 0 {
				t.Fatalf("%s sees %v", other.Login, got)
			}
		}
		if ns := notices(t, db, w, w.Member2.ID); len(ns) != 1 || ns[0].Kind != notify.KindRevealReceived || ns[0].Args["pseudonym"] != "Havbris" {
			t.Fatalf("notice %+v", ns)
		}
		given, received, _ := w.IDs.Reveals(ctx, &w.Member)
		if len(given) != 1 || len(received) != 0 {
			t.Fatalf("given %d received %d", len(given), len(received))
		}
		if err := w.IDs.StopReveal(ctx, &w.Member2, r.ID); !apperr.Is(err, apperr.KindNotFound) {
			t.Fatalf("receiver stopping the reveal: %v", err)
		}
		if err := w.IDs.StopReveal(ctx, &w.Member, r.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := w.IDs.ShownNames(ctx, w.Member2.ID, ids); len(got) != 0 {
			t.Fatalf("after stopping: %v", got)
		}
		// Bad input writes nothing.
		before := testkit.Counts(t, db)
		for _, c := range []struct{ to, name, note string }{
			{"Havbris", "Kari", ""}, // to self
			{"Ingen Slik", "Kari", ""},
			{"per provider", "Kari", ""}, // staff cannot be found by pseudonym
			{"Morgengry", "", ""},
			{"Morgengry", "Kari\nOla", ""},
			{"Morgengry", "Kari", string(make([]byte, 300))},
		} {
			if _, err := w.IDs.RevealTo(ctx, &w.Member, c.to, c.name, c.note); !apperr.Is(err, apperr.KindInvalid) {
				t.Errorf("%+v: %v", c, err)
			}
		}
		if _, err := w.IDs.RevealTo(ctx, &w.Provider, "Morgengry", "Per", ""); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("provider revealing: %v", err)
		}
		if after := testkit.Counts(t, db); after["reveals"] != before["reveals"] || after["notifications"] != before["notifications"] {
			t.Fatal("refused reveals wrote something")
		}
	})
}

func TestKnowEachOtherRequests(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		w := testkit.NewWorld(t, db)
		rq, err := w.IDs.AskToKnow(ctx, &w.Member, "Morgengry", "Kari", "fra kafeen")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.IDs.AskToKnow(ctx, &w.Member, "Morgengry", "Kari", ""); !apperr.Is(err, apperr.KindConflict) {
			t.Fatalf("asking twice: %v", err)
		}
		in, _, _ := w.IDs.RevealRequests(ctx, &w.Member2)
		if len(in) != 1 || in[0].FromPseudonym != "Havbris" {
			t.Fatalf("incoming %+v", in)
		}
		// Only the asked member can answer.
		if err := w.IDs.AnswerRequest(ctx, &w.Moderator, rq.ID, true, "X", ""); !apperr.Is(err, apperr.KindNotFound) {
			t.Fatalf("third party answering: %v", err)
		}
		if err := w.IDs.AnswerRequest(ctx, &w.Member2, rq.ID, true, "Ola", ""); err != nil {
			t.Fatal(err)
		}
		a, _ := w.IDs.ShownNames(ctx, w.Member2.ID, []int64{w.Member.ID})
		b, _ := w.IDs.ShownNames(ctx, w.Member.ID, []int64{w.Member2.ID})
		if a[w.Member.ID] != "Kari" || b[w.Member2.ID] != "Ola" {
			t.Fatalf("after accepting: %v %v", a, b)
		}
		mutual, _ := w.IDs.KnowEachOther(ctx, &w.Member)
		if len(mutual) != 1 || mutual[0].FromPseudonym != "Morgengry" {
			t.Fatalf("mutual %+v", mutual)
		}
		_, out, _ := w.IDs.RevealRequests(ctx, &w.Member)
		if len(out) != 1 || !out[0].Accepted {
			t.Fatalf("asker's view %+v", out)
		}
	})
}

// A decline looks exactly like no answer to the asker, and the asked
// member is not bothered again for 90 days.
func TestDeclineIsNeverToldToTheAsker(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		w := testkit.NewWorld(t, db)
		declined, _ := w.IDs.AskToKnow(ctx, &w.Member, "Morgengry", "Kari", "")
		ignored, _ := w.IDs.AskToKnow(ctx, &w.Moderator, "Morgengry", "Verten", "")
		if err := w.IDs.AnswerRequest(ctx, &w.Member2, declined.ID, false, "", ""); err != nil {
			t.Fatal(err)
		}
		_, outA, _ := w.IDs.RevealRequests(ctx, &w.Member)
		_, outB, _ := w.IDs.RevealRequests(ctx, &w.Moderator)
		if len(outA) != 1 || len(outB) != 1 || outA[0].Accepted != outB[0].Accepted {
			t.Fatalf("declined %+v vs ignored %+v", outA, outB)
		}
		_ = ignored
		// Withdraw and ask again: the asker sees "sent", the asked member
		// sees nothing new.
		if err := w.IDs.CancelRequest(ctx, &w.Member, declined.ID); err != nil {
			t.Fatal(err)
		}
		before := len(notices(t, db, w, w.Member2.ID))
		if _, err := w.IDs.AskToKnow(ctx, &w.Member, "Morgengry", "Kari", ""); err != nil {
			t.Fatal(err)
		}
		in, _, _ := w.IDs.RevealRequests(ctx, &w.Member2)
		if len(in) != 1 || in[0].FromPseudonym != "Fjordvik-verten" || len(notices(t, db, w, w.Member2.ID)) != before {
			t.Fatalf("re-asking within 90 days disturbed the member: %+v", in)
		}
		w.Clock.Advance(91 * 24 * time.Hour)
		_, out, _ := w.IDs.RevealRequests(ctx, &w.Member)
		for _, o := range out {
			w.IDs.CancelRequest(ctx, &w.Member, o.ID)
		}
		if _, err := w.IDs.AskToKnow(ctx, &w.Member, "Morgengry", "Kari", ""); err != nil {
			t.Fatal(err)
		}
		if in, _, _ := w.IDs.RevealRequests(ctx, &w.Member2); len(in) != 2 {
			t.Fatalf("after 90 days the request should arrive: %+v", in)
		}
	})
}

func TestCircles(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		w := testkit.NewWorld(t, db)
		before := testkit.Counts(t, db)
		for _, bad := range [][]string{{"Ingen Slik"}, {"Havbris"}, {"per provider"}} {
			if _, err := w.IDs.CreateCircle(ctx, &w.Member, "Kafégjengen", bad); !apperr.Is(err, apperr.KindInvalid) {
				t.Errorf("%v: %v", bad, err)
			}
		}
		if _, err := w.IDs.CreateCircle(ctx, &w.Member, "x", nil); !apperr.Is(err, apperr.KindInvalid) {
			t.Errorf("short name: %v", err)
		}
		if after := testkit.Counts(t, db); after["circles"] != before["circles"] || after["circle_members"] != before["circle_members"] {
			t.Fatal("refused circles wrote something")
		}
		c, err := w.IDs.CreateCircle(ctx, &w.Member, "Kafégjengen", []string{"Morgengry", "morgengry"})
		if err != nil {
			t.Fatal(err)
		}
		// The invitee sees the circle and can decide; outsiders cannot.
		got, err := w.IDs.CircleByID(ctx, &w.Member2, c.ID)
		if err != nil || got.MyStatus != identity.CircleInvited || len(got.Members) != 2 {
			t.Fatalf("invitee view %+v %v", got, err)
		}
		if _, err := w.IDs.CircleByID(ctx, &w.Moderator, c.ID); !apperr.Is(err, apperr.KindNotFound) {
			t.Fatalf("outsider: %v", err)
		}
		if err := w.IDs.InviteToCircle(ctx, &w.Member2, c.ID, []string{"Fjordvik-verten"}); !apperr.Is(err, apperr.KindForbidden) {
			t.Fatalf("invitee inviting: %v", err)
		}
		if err := w.IDs.AnswerCircleInvite(ctx, &w.Member2, c.ID, true); err != nil {
			t.Fatal(err)
		}
		if err := w.IDs.AnswerCircleInvite(ctx, &w.Member2, c.ID, true); !apperr.Is(err, apperr.KindNotFound) {
			t.Fatalf("joining twice: %v", err)
		}
		// Shown names appear for the viewer who received a reveal only.
		w.IDs.RevealTo(ctx, &w.Member2, "Havbris", "Ola", "")
		mine, _ := w.IDs.CircleByID(ctx, &w.Member, c.ID)
		theirs, _ := w.IDs.CircleByID(ctx, &w.Member2, c.ID)
		shown := func(c identity.Circle, p string) string {
			for _, m := range c.Members {
				if m.Pseudonym == p {
					return m.ShownName
				}
			}
			return "?"
		}
		if shown(mine, "Morgengry") != "Ola" || shown(theirs, "Havbris") != "" {
			t.Fatalf("shown names: mine %+v theirs %+v", mine.Members, theirs.Members)
		}
		if err := w.IDs.InviteToCircle(ctx, &w.Member, c.ID, []string{"Fjordvik-verten"}); err != nil {
			t.Fatal(err)
		}
		if err := w.IDs.RemoveFromCircle(ctx, &w.Member2, c.ID, "Fjordvik-verten"); !apperr.Is(err, apperr.KindForbidden) {
			t.Fatalf("non-creator removing: %v", err)
		}
		if err := w.IDs.RemoveFromCircle(ctx, &w.Member, c.ID, "Fjordvik-verten"); err != nil {
			t.Fatal(err)
		}
		// The creator leaves: the other member takes over; the last one
		// leaving deletes the circle.
		if err := w.IDs.LeaveCircle(ctx, &w.Member, c.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := w.IDs.CircleByID(ctx, &w.Member2, c.ID); got.CreatorID != w.Member2.ID {
			t.Fatalf("creator after leaving: %d", got.CreatorID)
		}
		if err := w.IDs.LeaveCircle(ctx, &w.Member2, c.ID); err != nil {
			t.Fatal(err)
		}
		if n := testkit.Counts(t, db)["circles"]; n != 0 {
			t.Fatalf("%d circles left", n)
		}
	})
}

func TestIdentityLookupIsAuditedAndTold(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		w := testkit.NewWorld(t, db)
		if _, err := w.IDs.LookupPseudonym(ctx, &w.Moderator, "Havbris", "a good long reason"); !apperr.Is(err, apperr.KindNotFound) {
			t.Fatalf("moderator looking up: %v", err)
		}
		before := testkit.Counts(t, db)
		if _, err := w.IDs.LookupPseudonym(ctx, &w.Admin, "Havbris", "short"); !apperr.Is(err, apperr.KindInvalid) {
			t.Fatalf("short reason: %v", err)
		}
		if after := testkit.Counts(t, db); after["audit_log"] != before["audit_log"] || after["notifications"] != before["notifications"] {
			t.Fatal("a refused look-up left traces")
		}
		got, err := w.IDs.LookupPseudonym(ctx, &w.Admin, "havbris", "Alvorlig bekymring meldt av likeperson")
		if err != nil || got.UserID != w.Member.ID || got.Login != "member" {
			t.Fatalf("lookup %+v %v", got, err)
		}
		ns := notices(t, db, w, w.Member.ID)
		if len(ns) != 1 || ns[0].Kind != notify.KindIdentityLookup || ns[0].Args["reason"] != "Alvorlig bekymring meldt av likeperson" {
			t.Fatalf("member was not told: %+v", ns)
		}
		var action, details string
		if err := db.QueryRowContext(ctx, `SELECT action, details FROM audit_log ORDER BY id DESC LIMIT 1`).Scan(&action, &details); err != nil ||
			action != "identity.lookup" || details == "{}" {
			t.Fatalf("audit %q %q %v", action, details, err)
		}
	})
}
