package events_test

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/events"
	"reconnect/internal/identity"
	"reconnect/internal/markup"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

var ctx = context.Background()

// pseudonym is a distinct pseudonym from letters no confusable folding
// joins.
func pseudonym(i int) string {
	const letters = "kpstx"
	return fmt.Sprintf("Gjest %c%c%c", letters[i/25%5], letters[i/5%5], letters[i%5])
}

// 100 members answer "going" at once for 10 places: exactly 10 get a
// place and 90 wait, in the order they were taken; when one of the ten
// says "not today", the first waiting gets the place and a notice.
func TestCapacityUnderARace(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		w := testkit.NewWorld(t, db)
		oslo, _ := time.LoadLocation("Europe/Oslo")
		s := events.NewService(db, w.IDs, markup.New().HTML, w.Clock.Now)
		start := w.Clock.Now().In(oslo).Add(72 * time.Hour).Truncate(time.Hour)
		id, err := s.Create(ctx, &w.Moderator, events.New{CommunityID: w.Fjordvik.ID, Kind: events.Cafe, Title: "Kafé", Place: "Biblioteket",
			Start: start, End: start.Add(2 * time.Hour), Capacity: 10, Rule: events.Rule{Freq: events.Weekly}})
		if err != nil {
			t.Fatal(err)
		}
		members := make([]identity.User, 100)
		for i := range members {
			u, err := w.IDs.CreateUser(ctx, &w.Admin, identity.NewUser{Login: fmt.Sprintf("gjest%03d", i), Password: testkit.Password, Role: identity.ServiceUser,
				CommunityID: w.Fjordvik.ID, Pseudonym: pseudonym(i)})
			if err != nil {
				t.Fatal(err)
			}
			members[i] = u
		}
		var wg sync.WaitGroup
		answers := make([]events.Answer, 100)
		errs := make([]error, 100)
		for i := range members {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				answers[i], errs[i] = s.RSVP(ctx, &members[i], id, start, events.Going, "")
			}(i)
		}
		wg.Wait()
		placed := 0
		for i, err := range errs {
			if err != nil {
				t.Fatalf("member %d: %v", i, err)
			}
			if !answers[i].Waiting {
				placed++
			}
		}
		going, waiting, err := s.Count(ctx, id, start)
		if err != nil || placed != 10 || going != 10 || waiting != 90 {
			t.Fatalf("placed %d, going %d, waiting %d, %v", placed, going, waiting, err)
		}
		// In order: every place was taken before every wait.
		type row struct {
			seq     int64
			waiting bool
			user    int64
		}
		rows, err := db.QueryContext(ctx, `SELECT seq, waiting, user_id FROM rsvps WHERE event_id = $1 ORDER BY seq`, id)
		if err != nil {
			t.Fatal(err)
		}
		var rs []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.seq, &r.waiting, &r.user); err != nil {
				t.Fatal(err)
			}
			rs = append(rs, r)
		}
		rows.Close()
		if !sort.SliceIsSorted(rs, func(i, j int) bool { return rs[i].seq < rs[j].seq }) || rs[9].waiting || !rs[10].waiting {
			t.Fatalf("places are not the first ten answers: %+v", rs[:12])
		}
		// A place freed promotes the first waiting member, who is told.
		var leaver identity.User
		for _, m := range members {
			if m.ID == rs[3].user {
				leaver = m
			}
		}
		if _, err := s.RSVP(ctx, &leaver, id, start, events.NotToday, ""); err != nil {
			t.Fatal(err)
		}
		var promoted bool
		if err := db.QueryRowContext(ctx, `SELECT NOT waiting FROM rsvps WHERE event_id = $1 AND user_id = $2`, id, rs[10].user).Scan(&promoted); err != nil || !promoted {
			t.Fatalf("the first waiting member was not promoted: %v", err)
		}
		var notices int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND kind = 'event_promoted'`, rs[10].user).Scan(&notices); err != nil || notices != 1 {
			t.Errorf("promotion notices: %d %v", notices, err)
		}
		if g, wt, _ := s.Count(ctx, id, start); g != 10 || wt != 89 {
			t.Errorf("after the cancellation: going %d, waiting %d", g, wt)
		}
	})
}

// Bad input: end before start, another community's café, a gathering
// by a moderator, an RSVP for a time the café does not happen — clear
// 4xx, nothing written.
func TestBadEvents(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		w := testkit.NewWorld(t, db)
		oslo, _ := time.LoadLocation("Europe/Oslo")
		s := events.NewService(db, w.IDs, markup.New().HTML, w.Clock.Now)
		start := w.Clock.Now().In(oslo).Add(48 * time.Hour).Truncate(time.Hour)
		cafe := events.New{CommunityID: w.Fjordvik.ID, Kind: events.Cafe, Title: "Kafé", Place: "Biblioteket", Start: start, End: start.Add(time.Hour)}
		id, err := s.Create(ctx, &w.Moderator, cafe)
		if err != nil {
			t.Fatal(err)
		}
		before := testkit.Counts(t, db)
		endBefore := cafe
		endBefore.End = start.Add(-time.Hour)
		negative := cafe
		negative.Capacity = -1
		gathering := cafe
		gathering.Kind = events.Gathering
		for name, c := range map[string]struct {
			err  error
			kind apperr.Kind
		}{
			"end before start":         {second(s.Create(ctx, &w.Moderator, endBefore)), apperr.KindInvalid},
			"negative capacity":        {second(s.Create(ctx, &w.Moderator, negative)), apperr.KindInvalid},
			"a member hosts a café":    {second(s.Create(ctx, &w.Member, cafe)), apperr.KindNotFound},
			"a provider sees events":   {second(s.Get(ctx, &w.Provider, id)), apperr.KindNotFound},
			"another community's café": {second(s.RSVP(ctx, &w.Member2, id, start, events.Going, "")), apperr.KindNotFound},
			"not an occurrence":        {second(s.RSVP(ctx, &w.Member, id, start.Add(time.Hour), events.Going, "")), apperr.KindInvalid},
			"unknown answer":           {second(s.RSVP(ctx, &w.Member, id, start, "perhaps", "")), apperr.KindInvalid},
			"a moderator's gathering":  {second(s.Create(ctx, &w.Moderator, gathering)), apperr.KindNotFound},
		} {
			if !apperr.Is(c.err, c.kind) {
				t.Errorf("%s: %v", name, c.err)
			}
		}
		if after := testkit.Counts(t, db); fmt.Sprint(before) != fmt.Sprint(after) {
			t.Error("refused events changed rows")
		}
	})
}

func second[T any](_ T, err error) error { return err }
