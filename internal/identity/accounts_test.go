package identity_test

import (
	"reflect"
	"testing"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

func rolePtr(r identity.Role) *identity.Role { return &r }
func boolPtr(b bool) *bool                   { return &b }

// A change with one bad part changes nothing at all.
func TestUpdateAccountIsAllOrNothing(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		w := testkit.NewWorld(t, db)
		bad := []int64{w.Granlia.ID, 9999}
		before := testkit.Counts(t, db)
		err := w.IDs.UpdateAccount(ctx, &w.Admin, w.Moderator.ID, identity.AccountChange{
			Disabled: boolPtr(true), ModeratorCommunityIDs: &bad})
		if !apperr.Is(err, apperr.KindInvalid) {
			t.Fatalf("unknown community: %v", err)
		}
		u, _ := w.IDs.UserByID(ctx, w.Moderator.ID)
		if u.Disabled() || !reflect.DeepEqual(before, testkit.Counts(t, db)) {
			t.Fatalf("half-written: disabled=%v, rows %v -> %v", u.Disabled(), before, testkit.Counts(t, db))
		}
	})
}

func TestRoleChangesStayOnTheirSideOfTheForumLine(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		w := testkit.NewWorld(t, db)
		cases := []struct {
			target identity.User
			to     identity.Role
			code   string
		}{
			{w.Member, identity.PeerModerator, ""},
			{w.Member, identity.Provider, "role_crosses_forum"},
			{w.Provider, identity.ServiceUser, "role_crosses_forum"},
			{w.Provider, identity.Researcher, ""},
			{w.Admin, identity.Researcher, "own_account"},
		}
		for _, c := range cases {
			err := w.IDs.UpdateAccount(ctx, &w.Admin, c.target.ID, identity.AccountChange{Role: rolePtr(c.to)})
			if got := apperr.From(err).Code; (err == nil) != (c.code == "") || (err != nil && got != c.code) {
				t.Errorf("%s -> %s: %v, want %q", c.target.Login, c.to, err, c.code)
			}
		}
		if err := w.IDs.UpdateAccount(ctx, &w.Moderator, w.Member.ID, identity.AccountChange{Role: rolePtr(identity.Admin)}); !apperr.Is(err, apperr.KindForbidden) {
			t.Fatalf("moderator changing roles: %v", err)
		}
	})
}

func TestDisablingEndsSessionsAndTokens(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		w := testkit.NewWorld(t, db)
		sess, _, _ := w.IDs.StartSession(ctx, w.Member.ID)
		_, tok, _ := w.IDs.CreateToken(ctx, &w.Member, "script")
		if err := w.IDs.UpdateAccount(ctx, &w.Admin, w.Member.ID, identity.AccountChange{Disabled: boolPtr(true)}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.IDs.SessionUser(ctx, sess); !apperr.Is(err, apperr.KindUnauthorized) {
			t.Fatalf("session of disabled account: %v", err)
		}
		if _, err := w.IDs.TokenUser(ctx, tok); !apperr.Is(err, apperr.KindUnauthorized) {
			t.Fatalf("token of disabled account: %v", err)
		}
		if _, err := w.IDs.Login(ctx, "member", testkit.Password, "192.0.2.2"); apperr.From(err).Code != "account_disabled" {
			t.Fatalf("login to disabled account: %v", err)
		}
		if _, err := w.IDs.Login(ctx, "member", "wrong password", "192.0.2.2"); apperr.From(err).Code != "invalid_credentials" {
			t.Fatalf("wrong password on a disabled account must not reveal it: %v", err)
		}
		if err := w.IDs.UpdateAccount(ctx, &w.Admin, w.Member.ID, identity.AccountChange{Disabled: boolPtr(false)}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.IDs.Login(ctx, "member", testkit.Password, "192.0.2.2"); err != nil {
			t.Fatalf("re-enabled: %v", err)
		}
	})
}

// Administrators run the service but never see who writes under which
// pseudonym.
func TestAccountListNeverShowsPseudonyms(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		w := testkit.NewWorld(t, db)
		all, err := w.IDs.Accounts(ctx, &w.Admin, identity.AccountFilter{Limit: 100})
		if err != nil || len(all) != 6 {
			t.Fatalf("accounts: %d %v", len(all), err)
		}
		for _, u := range all {
			if u.Pseudonym != "" {
				t.Fatalf("pseudonym %q in admin list", u.Pseudonym)
			}
		}
		members, _ := w.IDs.Accounts(ctx, &w.Admin, identity.AccountFilter{Role: identity.ServiceUser, Login: "MEM", Limit: 100})
		if len(members) != 2 {
			t.Fatalf("filtered: %+v", members)
		}
		page1, _ := w.IDs.Accounts(ctx, &w.Admin, identity.AccountFilter{Limit: 4})
		page2, _ := w.IDs.Accounts(ctx, &w.Admin, identity.AccountFilter{Limit: 4, Before: page1[3].ID})
		if len(page1) != 4 || len(page2) != 2 {
			t.Fatalf("pages %d + %d", len(page1), len(page2))
		}
		if _, err := w.IDs.Accounts(ctx, &w.Moderator, identity.AccountFilter{Limit: 10}); !apperr.Is(err, apperr.KindForbidden) {
			t.Fatalf("moderator listing accounts: %v", err)
		}
		// LIKE wildcards in the filter are literal.
		if got, _ := w.IDs.Accounts(ctx, &w.Admin, identity.AccountFilter{Login: "%", Limit: 10}); len(got) != 0 {
			t.Fatalf("%% matched %d accounts", len(got))
		}
	})
}
