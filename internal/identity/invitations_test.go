package identity_test

import (
	"context"
	"testing"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

var ctx = context.Background()

func TestWhoMayInviteWhom(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		w := testkit.NewWorld(t, db)
		cases := []struct {
			name      string
			actor     *identity.User
			role      identity.Role
			community int64
			want      apperr.Kind // -1 for success
		}{
			{"admin invites admin", &w.Admin, identity.Admin, 0, -1},
			{"admin invites provider", &w.Admin, identity.Provider, 0, -1},
			{"admin invites member without community", &w.Admin, identity.ServiceUser, 0, apperr.KindInvalid},
			{"moderator invites member home", &w.Moderator, identity.ServiceUser, w.Fjordvik.ID, -1},
			{"moderator invites member elsewhere", &w.Moderator, identity.ServiceUser, w.Granlia.ID, apperr.KindInvalid},
			{"moderator invites moderator", &w.Moderator, identity.PeerModerator, w.Fjordvik.ID, apperr.KindForbidden},
			{"provider invites member", &w.Provider, identity.ServiceUser, w.Granlia.ID, -1},
			{"provider invites admin", &w.Provider, identity.Admin, 0, apperr.KindForbidden},
			{"member invites member", &w.Member, identity.ServiceUser, w.Fjordvik.ID, apperr.KindForbidden},
			{"researcher invites member", &w.Researcher, identity.ServiceUser, w.Fjordvik.ID, apperr.KindForbidden},
			{"unknown role", &w.Admin, identity.Role("superuser"), 0, apperr.KindInvalid},
			{"unknown community", &w.Admin, identity.ServiceUser, 9999, apperr.KindInvalid},
		}
		for _, c := range cases {
			before := testkit.Counts(t, db)["invitations"]
			_, err := w.IDs.CreateInvitation(ctx, c.actor, identity.NewInvitation{Role: c.role, CommunityID: c.community})
			after := testkit.Counts(t, db)["invitations"]
			if c.want == -1 {
				if err != nil || after != before+1 {
					t.Errorf("%s: err %v, invitations %d -> %d", c.name, err, before, after)
				}
				continue
			}
			if !apperr.Is(err, c.want) || after != before {
				t.Errorf("%s: got %v (invitations %d -> %d), want kind %d and nothing written", c.name, err, before, after, c.want)
			}
		}
	})
}

func TestModeratorInvitesToAssignedCommunity(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		w := testkit.NewWorld(t, db)
		ids := []int64{w.Granlia.ID}
		if err := w.IDs.UpdateAccount(ctx, &w.Admin, w.Moderator.ID, identity.AccountChange{ModeratorCommunityIDs: &ids}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.IDs.CreateInvitation(ctx, &w.Moderator, identity.NewInvitation{Role: identity.ServiceUser, CommunityID: w.Granlia.ID}); err != nil {
			t.Fatalf("invite to assigned community: %v", err)
		}
	})
}

func register(w *testkit.World, code, login, pseudonym string) (identity.User, error) {
	return w.IDs.Register(ctx, identity.Registration{Invitation: code, Login: login, Password: "a long enough secret",
		Pseudonym: pseudonym, AcceptTerms: true})
}

func TestInvitationExpiresAndIsSingleUse(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		w := testkit.NewWorld(t, db)
		inv, err := w.IDs.CreateInvitation(ctx, &w.Admin, identity.NewInvitation{Role: identity.ServiceUser, CommunityID: w.Fjordvik.ID, ValidDays: 2})
		if err != nil {
			t.Fatal(err)
		}
		if !inv.ExpiresAt.Equal(testkit.Start.Add(48 * time.Hour)) {
			t.Fatalf("expires %v", inv.ExpiresAt)
		}
		w.Clock.Advance(48 * time.Hour)
		_, err = register(w, inv.Code, "late", "Sent Ute")
		if e := apperr.From(err); e.Code != "invitation_expired" {
			t.Fatalf("expired invitation: %v", err)
		}
		inv2, _ := w.IDs.CreateInvitation(ctx, &w.Admin, identity.NewInvitation{Role: identity.ServiceUser, CommunityID: w.Fjordvik.ID})
		if _, err := register(w, inv2.Code, "first", "Først"); err != nil {
			t.Fatal(err)
		}
		_, err = register(w, inv2.Code, "second", "Andre")
		if e := apperr.From(err); e.Code != "invitation_used" || e.Kind != apperr.KindConflict {
			t.Fatalf("used invitation: %v", err)
		}
		_, err = register(w, "0000-0000-0000-0000-0000", "third", "Tredje")
		if e := apperr.From(err); e.Code != "invitation_invalid" {
			t.Fatalf("unknown invitation: %v", err)
		}
	})
}

// Two people racing to use one invitation: exactly one account results.
func TestInvitationRaceHasOneWinner(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		w := testkit.NewWorld(t, db)
		inv, _ := w.IDs.CreateInvitation(ctx, &w.Admin, identity.NewInvitation{Role: identity.ServiceUser, CommunityID: w.Fjordvik.ID})
		before := testkit.Counts(t, db)["users"]
		errs := make(chan error, 6)
		for i := range 6 {
			go func() {
				_, err := register(w, inv.Code, "racer"+string(rune('a'+i)), "Racer "+string(rune('A'+i)))
				errs <- err
			}()
		}
		ok := 0
		for range 6 {
			if err := <-errs; err == nil {
				ok++
			} else if e := apperr.From(err); e.Code != "invitation_used" {
				t.Errorf("loser got %v", err)
			}
		}
		if ok != 1 || testkit.Counts(t, db)["users"] != before+1 {
			t.Fatalf("%d winners, users %d -> %d", ok, before, testkit.Counts(t, db)["users"])
		}
	})
}

func TestRevokeInvitation(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		w := testkit.NewWorld(t, db)
		inv, _ := w.IDs.CreateInvitation(ctx, &w.Provider, identity.NewInvitation{Role: identity.ServiceUser, CommunityID: w.Fjordvik.ID})
		if err := w.IDs.RevokeInvitation(ctx, &w.Moderator, inv.ID); !apperr.Is(err, apperr.KindNotFound) {
			t.Fatalf("someone else's invitation: %v", err)
		}
		if err := w.IDs.RevokeInvitation(ctx, &w.Provider, inv.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := register(w, inv.Code, "revoked", "Trukket"); apperr.From(err).Code != "invitation_invalid" {
			t.Fatalf("revoked invitation: %v", err)
		}
		mine, _ := w.IDs.Invitations(ctx, &w.Provider, 50, 0)
		all, _ := w.IDs.Invitations(ctx, &w.Admin, 50, 0)
		if len(mine) != 0 || len(all) != 0 {
			t.Fatalf("after revoke: mine %d all %d", len(mine), len(all))
		}
	})
}
