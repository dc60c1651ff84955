package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"reconnect/internal/app"
	"reconnect/internal/events"
	"reconnect/internal/forum"
	"reconnect/internal/identity"
	"reconnect/internal/testkit"
)

// fixture is what seedWriters made: one service user per writer, each
// with an API token, linked to one provider; a forum thread to reply in
// and a gathering to answer.
type fixture struct {
	tokens   []string
	userIDs  []int64
	provider int64
	thread   int64
	event    int64
}

// seedWriters prepares the database named by the serve flags in args
// in-process, before the binary is started on it.
func seedWriters(t *testing.T, n int, args ...string) fixture {
	t.Helper()
	quiet := env{getenv: func(string) string { return "" }, stdout: io.Discard, stderr: io.Discard}
	cfg, fs := parseConfig("seed", quiet)
	if err := finish(cfg, fs, args); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	a, err := app.Open(ctx, *cfg, newLogger(io.Discard, "text", "error"), app.Options{HashParams: testkit.CheapHash})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ids := a.Identity
	user := func(actor *identity.User, in identity.NewUser) identity.User {
		t.Helper()
		in.Password = testkit.Password
		u, err := ids.CreateUser(ctx, actor, in)
		if err == nil {
			err = ids.CompleteOnboarding(ctx, &u)
		}
		if err != nil {
			t.Fatalf("seed %s: %v", in.Login, err)
		}
		return u
	}
	admin := user(nil, identity.NewUser{Login: "admin", Role: identity.Admin, Name: "Admin"})
	c, err := ids.CreateCommunity(ctx, &admin, identity.NewCommunity{Name: "Testvik", Slug: "testvik"})
	if err != nil {
		t.Fatal(err)
	}
	prov := user(&admin, identity.NewUser{Login: "behandler", Role: identity.Provider, Name: "Behandler"})
	f := fixture{provider: prov.ID}
	var members []identity.User
	for i := range n {
		p := trees[i%len(trees)] + "skriver" + strings.Repeat("x", i/len(trees))
		u := user(&admin, identity.NewUser{Login: fmt.Sprintf("skriver%02d", i), Role: identity.ServiceUser, CommunityID: c.ID, Pseudonym: p})
		if _, err := a.Care.Link(ctx, &admin, prov.ID, u.ID, p); err != nil {
			t.Fatal(err)
		}
		_, secret, err := ids.CreateToken(ctx, &u, "crash test")
		if err != nil {
			t.Fatal(err)
		}
		members = append(members, u)
		f.tokens, f.userIDs = append(f.tokens, secret), append(f.userIDs, u.ID)
	}
	cat, err := a.Forum.CreateCategory(ctx, &admin, forum.CategoryInput{Slug: "hverdagen", NameNB: "Hverdagen", NameEN: "Everyday life"})
	if err != nil {
		t.Fatal(err)
	}
	th, _, err := a.Forum.CreateThread(ctx, &members[0], forum.NewThread{CategoryID: cat.ID, Title: "Skrivetråd", Body: "Her skriver vi korte hilsener."})
	if err != nil {
		t.Fatal(err)
	}
	f.thread = th.ID
	start := time.Now().UTC().Add(48 * time.Hour).Truncate(time.Hour)
	f.event, err = a.Events.Create(ctx, &members[0], events.New{CommunityID: c.ID, Kind: events.Gathering, Title: "Tur i parken",
		Description: "En rolig tur.", Start: start, End: start.Add(time.Hour), Place: "Parken"})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// trees name the writers' pseudonyms, distinct enough for the
// look-alike check.
var trees = []string{"Bjork", "Eik", "Furu", "Gran", "Hassel", "Lind", "Lonn", "Osp", "Rogn", "Selje", "Alm", "Ask", "Hegg", "Older", "Pil", "Einer"}
