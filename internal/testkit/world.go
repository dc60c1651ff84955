package testkit

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/alexedwards/argon2id"

	"reconnect/internal/clock"
	"reconnect/internal/identity"
	"reconnect/internal/markup"
	"reconnect/internal/sqldb"
)

// CheapHash keeps argon2id real but fast enough for the race detector.
var CheapHash = &argon2id.Params{Memory: 64, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// Password is every fixture account's password.
const Password = "correct horse battery"

// Start is the fake clock's starting time.
var Start = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

// World is a database with two communities and one account per role.
type World struct {
	DB                *sqldb.DB
	Clock             *clock.Fake
	IDs               *identity.Service
	Fjordvik, Granlia identity.Community
	Admin             identity.User
	Moderator         identity.User // home Fjordvik
	Provider          identity.User
	Researcher        identity.User
	Member, Member2   identity.User // service users in Fjordvik and Granlia
	SessionIdle, Max  time.Duration
}

// NewWorld fills db with the fixture world.
func NewWorld(t testing.TB, db *sqldb.DB) *World {
	t.Helper()
	w := &World{DB: db, Clock: clock.NewFake(Start), SessionIdle: 30 * time.Minute, Max: 12 * time.Hour}
	h, err := identity.NewHasher(CheapHash, 4)
	if err != nil {
		t.Fatal(err)
	}
	w.IDs = identity.New(db, h, identity.Options{SessionIdle: w.SessionIdle, SessionMax: w.Max, Now: w.Clock.Now, Markup: markup.New().HTML})
	ctx := context.Background()
	if err := w.IDs.EnsureDocuments(ctx); err != nil {
		t.Fatal(err)
	}
	must := func(u identity.User, err error) identity.User {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	w.Admin = must(w.IDs.CreateUser(ctx, nil, identity.NewUser{Login: "admin", Password: Password, Role: identity.Admin, Name: "Ada Admin"}))
	w.Fjordvik = mustCommunity(t, w, "Fjordvik", "fjordvik")
	w.Granlia = mustCommunity(t, w, "Granlia", "granlia")
	w.Moderator = must(w.IDs.CreateUser(ctx, &w.Admin, identity.NewUser{Login: "moderator", Password: Password, Role: identity.PeerModerator, CommunityID: w.Fjordvik.ID, Pseudonym: "Fjordvik-verten"}))
	w.Provider = must(w.IDs.CreateUser(ctx, &w.Admin, identity.NewUser{Login: "provider", Password: Password, Role: identity.Provider, Name: "Per Provider"}))
	w.Researcher = must(w.IDs.CreateUser(ctx, &w.Admin, identity.NewUser{Login: "researcher", Password: Password, Role: identity.Researcher, Name: "Rita Researcher"}))
	w.Member = must(w.IDs.CreateUser(ctx, &w.Admin, identity.NewUser{Login: "member", Password: Password, Role: identity.ServiceUser, CommunityID: w.Fjordvik.ID, Pseudonym: "Havbris"}))
	w.Member2 = must(w.IDs.CreateUser(ctx, &w.Admin, identity.NewUser{Login: "member2", Password: Password, Role: identity.ServiceUser, CommunityID: w.Granlia.ID, Pseudonym: "Morgengry"}))
	// Fixture accounts have been through onboarding; tests of onboarding
	// make their own accounts.
	for _, u := range []*identity.User{&w.Admin, &w.Moderator, &w.Provider, &w.Researcher, &w.Member, &w.Member2} {
		if err := w.IDs.CompleteOnboarding(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// Onboarded creates an account as the administrator would, with the
// fixture password, and takes it through onboarding.
func (w *World) Onboarded(t testing.TB, in identity.NewUser) identity.User {
	t.Helper()
	ctx := context.Background()
	in.Password = Password
	u, err := w.IDs.CreateUser(ctx, &w.Admin, in)
	if err == nil {
		err = w.IDs.CompleteOnboarding(ctx, &u)
	}
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func mustCommunity(t testing.TB, w *World, name, slug string) identity.Community {
	t.Helper()
	c, err := w.IDs.CreateCommunity(context.Background(), &w.Admin, identity.NewCommunity{Name: name, Slug: slug})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Counts returns the number of rows in each table, to prove a refused
// request changed nothing.
func Counts(t testing.TB, db *sqldb.DB) map[string]int {
	t.Helper()
	ctx := context.Background()
	schema, err := db.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for table := range schema {
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	return out
}

// RequireAll reports whether CI demands that optional suites run instead
// of skipping (RECONNECT_TEST_REQUIRE_ALL=1).
func RequireAll() bool { return os.Getenv("RECONNECT_TEST_REQUIRE_ALL") == "1" }

// DBContains reports whether any text in any row of any table contains
// needle, to prove a secret was never stored.
func DBContains(t testing.TB, db *sqldb.DB, needle string) bool {
	t.Helper()
	ctx := context.Background()
	schema, err := db.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for table := range schema {
		rows, err := db.QueryContext(ctx, `SELECT * FROM `+table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				var s string
				switch x := v.(type) {
				case string:
					s = x
				case []byte:
					s = string(x)
				}
				if s != "" && strings.Contains(s, needle) {
					_ = rows.Close() // found; the answer stands whatever Close says
					return true
				}
			}
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	return false
}
