package care_test

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/audit"
	"reconnect/internal/care"
	"reconnect/internal/identity"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

var ctx = context.Background()

func TestCareLinks(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		w := testkit.NewWorld(t, db)
		c := care.New(db, w.IDs, w.Clock.Now)
		linked := func(p, m identity.User) bool {
			t.Helper()
			ok, err := c.Linked(ctx, p.ID, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		// Only administrators link directly, and only a provider to a
		// service user.
		before := testkit.Counts(t, db)
		for name, err := range map[string]error{
			"provider links":         linkErr(c, &w.Provider, w.Provider.ID, w.Member.ID, "Kari Nordmann"),
			"member links":           linkErr(c, &w.Member, w.Provider.ID, w.Member.ID, "Kari Nordmann"),
			"moderator as provider":  linkErr(c, &w.Admin, w.Moderator.ID, w.Member.ID, "Kari Nordmann"),
			"moderator as member":    linkErr(c, &w.Admin, w.Provider.ID, w.Moderator.ID, "Kari Nordmann"),
			"unknown member":         linkErr(c, &w.Admin, w.Provider.ID, 999999, "Kari Nordmann"),
			"no name":                linkErr(c, &w.Admin, w.Provider.ID, w.Member.ID, " "),
			"moderator asks":         askErr(c, &w.Moderator, "Kari Nordmann"),
			"provider asks, no name": askErr(c, &w.Provider, "x"),
		} {
			if !apperr.Is(err, apperr.KindNotFound) && !apperr.Is(err, apperr.KindInvalid) {
				t.Errorf("%s: %v", name, err)
			}
		}
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
			t.Error("refused links changed rows")
		}
		id, err := c.Link(ctx, &w.Admin, w.Provider.ID, w.Member.ID, "Kari Nordmann")
		if err != nil || !linked(w.Provider, w.Member) {
			t.Fatalf("link: %v", err)
		}
		if _, err := c.Link(ctx, &w.Admin, w.Provider.ID, w.Member.ID, "Kari Nordmann"); !apperr.Is(err, apperr.KindConflict) {
			t.Errorf("a second live link: %v", err)
		}
		// The provider sees the real name, never the pseudonym.
		team, err := c.Team(ctx, &w.Provider)
		if err != nil || len(team) != 1 || team[0].Name != "Kari Nordmann" {
			t.Fatalf("provider's team: %+v %v", team, err)
		}
		if b, _ := json.Marshal(team); strings.Contains(string(b), w.Member.Pseudonym) {
			t.Errorf("the provider's team shows the pseudonym: %s", b)
		}
		mine, err := c.Team(ctx, &w.Member)
		if err != nil || len(mine) != 1 || mine[0].Name != "Per Provider" {
			t.Fatalf("member's team: %+v %v", mine, err)
		}
		for _, u := range []identity.User{w.Moderator, w.Researcher, w.Admin} {
			if _, err := c.Team(ctx, &u); !apperr.Is(err, apperr.KindNotFound) {
				t.Errorf("%s has a care team: %v", u.Role, err)
			}
		}
		// Another member cannot end it; the member can, at once.
		if err := c.End(ctx, &w.Member2, id); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("another member ends the link: %v", err)
		}
		if err := c.End(ctx, &w.Member, id); err != nil || linked(w.Provider, w.Member) {
			t.Fatalf("end: %v", err)
		}
		if err := c.End(ctx, &w.Member, id); !apperr.Is(err, apperr.KindConflict) {
			t.Errorf("end twice: %v", err)
		}

		// The provider's code: the member accepts; a used, wrong or old
		// code does nothing.
		code, err := c.Ask(ctx, &w.Provider, "Ola Nordmann")
		if err != nil || len(code) != 24 {
			t.Fatalf("ask: %q %v", code, err)
		}
		if err := c.Answer(ctx, &w.Member2, strings.ToLower(strings.ReplaceAll(code, "-", " ")), true); err != nil {
			t.Fatalf("accept: %v", err)
		}
		if !linked(w.Provider, w.Member2) {
			t.Fatal("not linked after accepting")
		}
		if err := c.Answer(ctx, &w.Member, code, true); !apperr.Is(err, apperr.KindInvalid) {
			t.Errorf("a used code: %v", err)
		}
		if err := c.Answer(ctx, &w.Provider, code, true); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("a provider answers: %v", err)
		}
		old, _ := c.Ask(ctx, &w.Provider, "Noen Andre")
		w.Clock.Advance(care.CodeValid + time.Minute)
		if err := c.Answer(ctx, &w.Member, old, true); !apperr.Is(err, apperr.KindInvalid) {
			t.Errorf("an expired code: %v", err)
		}
		declined, _ := c.Ask(ctx, &w.Provider, "Kari Nordmann")
		if err := c.Answer(ctx, &w.Member, declined, false); err != nil || linked(w.Provider, w.Member) {
			t.Errorf("decline: %v", err)
		}
		if _, breaks, err := audit.Verify(ctx, db); err != nil || len(breaks) > 0 {
			t.Fatalf("audit: %v %v", err, breaks)
		}
	})
}

func linkErr(c *care.Service, actor *identity.User, p, m int64, name string) error {
	_, err := c.Link(ctx, actor, p, m, name)
	return err
}

func askErr(c *care.Service, actor *identity.User, name string) error {
	_, err := c.Ask(ctx, actor, name)
	return err
}
