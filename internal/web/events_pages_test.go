package web_test

import (
	"context"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"reconnect/internal/identity"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

// A peer moderator runs a monthly café from the pages: members see it,
// answer with a note and a choice of how they appear, get the first-time
// guide once, offer and ask for lifts and agree on one, and the host
// moves and cancels single times and records who came; people outside
// the community, providers and bad input get nowhere.
func TestCafePagesEndToEnd(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		cw := newCareWorld(t, db)
		oslo, _ := time.LoadLocation("Europe/Oslo")
		// The first Thursday of next month, 18:00 to 20:00.
		now := cw.Clock.Now().In(oslo)
		first := time.Date(now.Year(), now.Month()+1, 1, 18, 0, 0, 0, oslo)
		for first.Weekday() != time.Thursday {
			first = first.AddDate(0, 0, 1)
		}
		form := url.Values{"community_id": {strconv.FormatInt(cw.Fjordvik.ID, 10)}, "kind": {"cafe"}, "title": {"Torsdagskafé"}, "day": {first.Format("2006-01-02")},
			"start": {"18:00"}, "end": {"20:00"}, "repeat": {"monthly"}, "place": {"Biblioteket"}, "address": {"Storgata 1"}, "accessibility": {"Trinnfri inngang"},
			"travel": {"Buss 12 til Torget"}, "capacity": {"8"}, "description": {"Vi snakker om **håp**."}}
		bad := url.Values{}
		for k, v := range form {
			bad[k] = v
		}
		bad["end"] = []string{"17:00"}
		before := testkit.Counts(t, db)
		if r := cw.mod.Form("/events/new", bad); r.Status != 400 || !strings.Contains(r.Text(), "f-end") {
			t.Errorf("end before start: %d", r.Status)
		}
		if r := cw.kari.Form("/events/new", form); r.Status != 400 {
			t.Errorf("a member creates a café: %d", r.Status)
		}
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
			t.Error("refused events wrote rows")
		}
		r := cw.mod.Form("/events/new", form)
		if r.Status != 303 {
			t.Fatalf("create: %d %.300s", r.Status, r.Body)
		}
		ev := strings.TrimPrefix(r.Header.Get("Location"), "/events/")
		page := "/events/" + ev + "?at=" + strconv.FormatInt(first.Unix(), 10)
		at := url.Values{"at": {strconv.FormatInt(first.Unix(), 10)}}
		with := func(v url.Values, kv ...string) url.Values {
			out := url.Values{}
			for k, vs := range v {
				out[k] = vs
			}
			for i := 0; i < len(kv); i += 2 {
				out.Set(kv[i], kv[i+1])
			}
			return out
		}

		list := cw.kari.Get("/events")
		if list.Status != 200 || !strings.Contains(list.Text(), "Torsdagskafé") || !strings.Contains(list.Text(), page) {
			t.Fatalf("the member's list: %d", list.Status)
		}
		p := cw.kari.Get(page)
		for _, want := range []string{"Torsdagskafé", "Trinnfri inngang", "Buss 12 til Torget", "<strong>håp</strong>", "Ikke denne gangen – det er helt greit", "Vert: Fjordvik-verten"} {
			if !strings.Contains(p.Text(), want) {
				t.Errorf("event page lacks %q", want)
			}
		}
		mustStatus(t, cw.kari.Do("PATCH", "/api/v1/me/preferences", map[string]any{"language": "en"}), 200)
		if en := cw.kari.Get(page); !strings.Contains(en.Text(), "Not this time – that is fine") || !strings.Contains(en.Text(), "Host: Fjordvik-verten") {
			t.Error("the event page in English")
		}
		mustStatus(t, cw.kari.Do("PATCH", "/api/v1/me/preferences", map[string]any{"language": "nb"}), 200)
		for who, path := range map[string]string{"member2": page, "provider": "/events", "researcher": "/events/" + ev} {
			if r := cw.As(t, who).Get(path); r.Status != 404 {
				t.Errorf("%s as %s: %d", path, who, r.Status)
			}
		}
		if r := cw.ola.Form("/events/"+ev+"/rsvp", with(at, "status", "going")); r.Status != 404 {
			t.Errorf("RSVP to another community's café: %d", r.Status)
		}
		before = testkit.Counts(t, db)
		for name, v := range map[string]url.Values{
			"unknown answer":   with(at, "status", "perhaps"),
			"unknown showing":  with(at, "status", "going", "shown", "everyone"),
			"long note":        with(at, "status", "going", "note", strings.Repeat("x", 301)),
			"not a occurrence": {"at": {strconv.FormatInt(first.Add(time.Hour).Unix(), 10)}, "status": {"going"}},
		} {
			if r := cw.kari.Form("/events/"+ev+"/rsvp", v); r.Status != 400 && r.Status != 404 {
				t.Errorf("%s: %d", name, r.Status)
			}
		}
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
			t.Error("refused answers wrote rows")
		}

		// First café: the guide, once.
		r = cw.kari.Form("/events/"+ev+"/rsvp", with(at, "status", "going", "note", "Første gang, litt nervøs", "shown", "pseudonym"))
		if r.Status != 303 || !strings.Contains(r.Header.Get("Location"), "guide=1") {
			t.Fatalf("first answer: %d %s", r.Status, r.Header.Get("Location"))
		}
		if g := cw.kari.Get(r.Header.Get("Location")); !strings.Contains(g.Text(), "Det som deles på kafeen, blir der") {
			t.Error("no first-time guide")
		}
		r = cw.kari.Form("/events/"+ev+"/rsvp", with(at, "status", "maybe", "note", "Kanskje litt sent"))
		if r.Status != 303 || strings.Contains(r.Header.Get("Location"), "guide=1") {
			t.Errorf("second answer shows the guide again: %s", r.Header.Get("Location"))
		}
		mustStatus(t, cw.kari.Form("/events/"+ev+"/rsvp", with(at, "status", "going", "note", "Kanskje litt sent")), 303)
		// Who is coming: the host sees the note, another member the
		// pseudonym she chose to show, the administrator counts only.
		if h := cw.mod.Get(page); !strings.Contains(h.Text(), "Havbris") || !strings.Contains(h.Text(), "Kanskje litt sent") {
			t.Error("the host does not see the member and her note")
		}
		n3, err := cw.IDs.CreateUser(context.Background(), &cw.Admin, identity.NewUser{Login: "member3", Password: testkit.Password, Role: identity.ServiceUser,
			CommunityID: cw.Fjordvik.ID, Pseudonym: "Sjøsprøyt"})
		if err == nil {
			err = cw.IDs.CompleteOnboarding(context.Background(), &n3)
		}
		if err != nil {
			t.Fatal(err)
		}
		neighbour := cw.As(t, "member3")
		if n := neighbour.Get(page); !strings.Contains(n.Text(), "Havbris") || strings.Contains(n.Text(), "Kanskje litt sent") {
			t.Error("another member: pseudonym missing or note shown")
		}
		admin := cw.admin
		admin.Forbid = []string{"Havbris", "Fjordvik-verten"}
		if a := admin.Get(page); a.Status != 200 || !strings.Contains(a.Text(), "1 kommer") {
			t.Errorf("administrator's view: %d", a.Status)
		}

		// Lifts: the neighbour answers and asks for one; Kari offers; they agree.
		mustStatus(t, neighbour.Form("/events/"+ev+"/rsvp", with(at, "status", "maybe")), 303)
		before = testkit.Counts(t, db)
		for name, v := range map[string]url.Values{
			"negative seats": with(at, "action", "add", "kind", "offer", "seats", "-2", "area", "Sentrum"),
			"no area":        with(at, "action", "add", "kind", "ask", "seats", "1", "area", ""),
			"unknown kind":   with(at, "action", "add", "kind", "taxi", "seats", "1", "area", "Sentrum"),
		} {
			if r := cw.kari.Form("/events/"+ev+"/lifts", v); r.Status != 400 {
				t.Errorf("%s: %d", name, r.Status)
			}
		}
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
			t.Error("refused lifts wrote rows")
		}
		mustStatus(t, cw.kari.Form("/events/"+ev+"/lifts", with(at, "action", "add", "kind", "offer", "seats", "3", "area", "Sentrum")), 303)
		mustStatus(t, neighbour.Form("/events/"+ev+"/lifts", with(at, "action", "add", "kind", "ask", "seats", "1", "area", "Nordbyen")), 303)
		var lifts struct {
			Lifts []struct {
				ID, Kind string
				Mine     bool
			}
		}
		lr := neighbour.Get("/api/v1/events/" + ev + "/lifts?at=" + first.UTC().Format(time.RFC3339))
		mustStatus(t, lr, 200)
		lr.JSON(t, &lifts)
		var offer, ask string
		for _, l := range lifts.Lifts {
			if l.Kind == "offer" {
				offer = l.ID
			} else if l.Mine {
				ask = l.ID
			}
		}
		if !strings.Contains(cw.mod.Get(page).Text(), "ikke avtalt ennå") {
			t.Error("the host does not see the unmatched ask")
		}
		mustStatus(t, neighbour.Form("/events/"+ev+"/lifts", with(at, "action", "propose", "mine", ask, "lift", offer)), 303)
		var matches struct{ Matches []struct{ ID string } }
		mr := cw.kari.Get("/api/v1/events/" + ev + "/lifts?at=" + first.UTC().Format(time.RFC3339))
		mr.JSON(t, &matches)
		if len(matches.Matches) != 1 || !strings.Contains(cw.kari.Get(page).Text(), "Noen foreslår at dere reiser sammen") {
			t.Fatalf("the offer's owner is not asked: %s", mr.Body)
		}
		r = cw.kari.Form("/events/"+ev+"/lifts", with(at, "action", "agree", "match", matches.Matches[0].ID))
		if r.Status != 303 || !strings.HasPrefix(r.Header.Get("Location"), "/messages/") {
			t.Fatalf("agree: %d %s", r.Status, r.Header.Get("Location"))
		}
		conv := r.Header.Get("Location")
		if c := neighbour.Get(conv); c.Status != 200 || !strings.Contains(c.Text(), "Havbris") {
			t.Errorf("the lift conversation for the neighbour: %d", c.Status)
		}
		if c := cw.ola.Get(conv); c.Status != 404 {
			t.Errorf("a stranger opens the lift conversation: %d", c.Status)
		}

		// The host moves the first time an hour later, then cancels the next.
		mustStatus(t, cw.mod.Form("/events/"+ev+"/occurrence", with(at, "action", "move", "day", first.Format("2006-01-02"), "start", "19:00", "end", "21:00")), 303)
		if p := cw.kari.Get(page); !strings.Contains(p.Text(), "flyttet til et annet tidspunkt") || !strings.Contains(p.Text(), "19.00") {
			t.Error("the moved time is not shown")
		}
		if r := cw.kari.Form("/events/"+ev+"/occurrence", with(at, "action", "cancel")); r.Status != 404 {
			t.Errorf("a member cancels: %d", r.Status)
		}
		second := first.AddDate(0, 0, 28)
		for second.Day() > 7 {
			second = second.AddDate(0, 0, 7)
		}
		next := url.Values{"at": {strconv.FormatInt(second.Unix(), 10)}}
		mustStatus(t, cw.mod.Form("/events/"+ev+"/occurrence", with(next, "action", "cancel")), 303)
		if l := cw.kari.Get("/api/v1/events?from=" + second.Format("2006-01-02")); !strings.Contains(l.Text(), `"cancelled":true`) {
			t.Errorf("the cancelled time is not marked: %.300s", l.Body)
		}

		// Attendance after the start, by the host only.
		if r := cw.mod.Form("/events/"+ev+"/attendance", with(at, "came", "Havbris")); r.Status != 400 {
			t.Errorf("attendance before the start: %d", r.Status)
		}
		cw.Clock.Set(first.Add(90 * time.Minute))
		cw.kari, cw.mod = cw.As(t, "member"), cw.As(t, "moderator") // sessions ran out meanwhile
		if r := cw.kari.Form("/events/"+ev+"/attendance", with(at, "came", "Havbris")); r.Status != 404 {
			t.Errorf("a member records attendance: %d", r.Status)
		}
		mustStatus(t, cw.mod.Form("/events/"+ev+"/attendance", with(at, "came", "Havbris", "pseudonyms", "sjøsprøyt\n")), 303)
		var n int
		if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM attendance`).Scan(&n); err != nil || n != 2 {
			t.Errorf("attendance rows: %d %v", n, err)
		}

		// A thread for those who came: the host starts it, Kari is
		// invited and sees it once she joins; the neighbour, invited too,
		// does not until she joins; the moderator's other members never.
		if r := cw.mod.Form("/events/"+ev+"/reflection", with(at, "title", "", "body", "Takk for i kveld!")); r.Status != 400 {
			t.Errorf("a reflection thread without a title: %d", r.Status)
		}
		r = cw.mod.Form("/events/"+ev+"/reflection", with(at, "title", "Etter kafeen", "body", "Takk for i kveld! Hva tok dere med dere?"))
		if r.Status != 303 || !strings.HasPrefix(r.Header.Get("Location"), "/forum/threads/") {
			t.Fatalf("reflection: %d %s", r.Status, r.Header.Get("Location"))
		}
		thread := r.Header.Get("Location")
		if g := cw.kari.Get(thread); g.Status != 404 {
			t.Errorf("seen before joining: %d", g.Status)
		}
		var circles struct {
			Items []struct {
				ID, Name, Status string
			}
		}
		cw.kari.Get("/api/v1/circles").JSON(t, &circles)
		joined := false
		for _, c := range circles.Items {
			if strings.HasPrefix(c.Name, "Torsdagskafé") {
				mustStatus(t, cw.kari.Do("POST", "/api/v1/circles/"+c.ID+"/join", nil), 204)
				joined = true
			}
		}
		if !joined {
			t.Fatalf("no invitation to the reflection circle: %+v", circles)
		}
		if g := cw.kari.Get(thread); g.Status != 200 || !strings.Contains(g.Text(), "Hva tok dere med dere?") {
			t.Errorf("after joining: %d", g.Status)
		}
		if !strings.Contains(cw.kari.Get(page).Text(), "Tråd for dere som kom") {
			t.Error("the event page does not link the thread for those who came")
		}
		neighbour = cw.As(t, "member3")
		if g := neighbour.Get(thread); g.Status != 404 || strings.Contains(neighbour.Get(page).Text(), "Tråd for dere som kom") {
			t.Errorf("one who has not joined sees the reflection thread: %d", g.Status)
		}
		if g := cw.As(t, "member2").Get(thread); g.Status != 404 {
			t.Errorf("a member elsewhere sees the reflection thread: %d", g.Status)
		}

		// Reminder choices.
		mustStatus(t, cw.kari.Form("/events/reminders", url.Values{"minutes": {"1440", "60"}, "email_details": {"on"}}), 303)
		var rem struct {
			Minutes []int `json:"minutes_before"`
			Details bool  `json:"email_shows_event"`
		}
		cw.kari.Get("/api/v1/me/reminders").JSON(t, &rem)
		if !reflect.DeepEqual(rem.Minutes, []int{1440, 60}) || !rem.Details {
			t.Errorf("reminders: %+v", rem)
		}
		if r := cw.kari.Do("PUT", "/api/v1/me/reminders", map[string]any{"minutes_before": []int{5}}); r.Status != 400 {
			t.Errorf("a reminder five minutes before: %d", r.Status)
		}
	})
}
