package identity_test

import (
	"testing"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

func TestSessionIdleAndAbsoluteTimeouts(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		w := testkit.NewWorld(t, db)
		// Idle: alive after 29 minutes of quiet, dead after 30.
		tok, _, err := w.IDs.StartSession(ctx, w.Member.ID)
		if err != nil {
			t.Fatal(err)
		}
		w.Clock.Advance(29 * time.Minute)
		if u, err := w.IDs.SessionUser(ctx, tok); err != nil || u.ID != w.Member.ID {
			t.Fatalf("after 29 min: %v", err)
		}
		// That request counted as activity: another 29 minutes is fine.
		w.Clock.Advance(29 * time.Minute)
		if _, err := w.IDs.SessionUser(ctx, tok); err != nil {
			t.Fatalf("active session expired: %v", err)
		}
		w.Clock.Advance(30 * time.Minute)
		if _, err := w.IDs.SessionUser(ctx, tok); !apperr.Is(err, apperr.KindUnauthorized) {
			t.Fatalf("idle session: %v", err)
		}
		// Absolute: a session in constant use still ends after 12 hours.
		tok, _, _ = w.IDs.StartSession(ctx, w.Member.ID)
		for range 12 * 4 {
			if _, err := w.IDs.SessionUser(ctx, tok); err != nil {
				t.Fatalf("busy session ended early at %v: %v", w.Clock.Now(), err)
			}
			w.Clock.Advance(14*time.Minute + 59*time.Second)
		}
		w.Clock.Advance(15 * time.Minute)
		if _, err := w.IDs.SessionUser(ctx, tok); !apperr.Is(err, apperr.KindUnauthorized) {
			t.Fatalf("session past 12 h: %v", err)
		}
		if _, err := w.IDs.SessionUser(ctx, "not-a-session"); !apperr.Is(err, apperr.KindUnauthorized) {
			t.Fatalf("unknown session: %v", err)
		}
	})
}

func TestCleanSessionsRemovesExpiredOnly(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		w := testkit.NewWorld(t, db)
		w.IDs.StartSession(ctx, w.Member.ID)
		w.Clock.Advance(31 * time.Minute)
		live, _, _ := w.IDs.StartSession(ctx, w.Member2.ID)
		n, err := w.IDs.CleanSessions(ctx)
		if err != nil || n != 1 {
			t.Fatalf("cleaned %d, %v", n, err)
		}
		if _, err := w.IDs.SessionUser(ctx, live); err != nil {
			t.Fatalf("live session cleaned: %v", err)
		}
	})
}

func TestTokens(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		w := testkit.NewWorld(t, db)
		tok, secret, err := w.IDs.CreateToken(ctx, &w.Member, "  my  phone ")
		if err != nil || tok.Name != "my phone" {
			t.Fatalf("create: %+v %v", tok, err)
		}
		u, err := w.IDs.TokenUser(ctx, secret)
		if err != nil || u.ID != w.Member.ID {
			t.Fatalf("use: %v", err)
		}
		list, _ := w.IDs.Tokens(ctx, &w.Member)
		if len(list) != 1 || list[0].LastUsedAt == nil {
			t.Fatalf("list: %+v", list)
		}
		if other, _ := w.IDs.Tokens(ctx, &w.Member2); len(other) != 0 {
			t.Fatalf("someone else sees my tokens: %+v", other)
		}
		if err := w.IDs.RevokeToken(ctx, &w.Member2, tok.ID); !apperr.Is(err, apperr.KindNotFound) {
			t.Fatalf("revoking someone else's token: %v", err)
		}
		if err := w.IDs.RevokeToken(ctx, &w.Member, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.IDs.TokenUser(ctx, secret); !apperr.Is(err, apperr.KindUnauthorized) {
			t.Fatalf("revoked token still works: %v", err)
		}
		for _, bad := range []string{"", "   ", "a\nb", string(make([]byte, 61))} {
			if _, _, err := w.IDs.CreateToken(ctx, &w.Member, bad); !apperr.Is(err, apperr.KindInvalid) {
				t.Errorf("token name %q: %v", bad, err)
			}
		}
		for range 20 {
			if _, _, err := w.IDs.CreateToken(ctx, &w.Member, "t"); err != nil {
				t.Fatal(err)
			}
		}
		if _, _, err := w.IDs.CreateToken(ctx, &w.Member, "one too many"); !apperr.Is(err, apperr.KindConflict) {
			t.Fatalf("21st token: %v", err)
		}
	})
}

func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		w := testkit.NewWorld(t, db)
		here, _, _ := w.IDs.StartSession(ctx, w.Member.ID)
		there, _, _ := w.IDs.StartSession(ctx, w.Member.ID)
		err := w.IDs.ChangePassword(ctx, &w.Member, "wrong current", "a brand new secret", here)
		if apperr.From(err).Fields["current_password"] == "" {
			t.Fatalf("wrong current password: %v", err)
		}
		if err := w.IDs.ChangePassword(ctx, &w.Member, testkit.Password, "short", here); apperr.From(err).Fields["new_password"] == "" {
			t.Fatalf("short new password: %v", err)
		}
		if err := w.IDs.ChangePassword(ctx, &w.Member, testkit.Password, "a brand new secret", here); err != nil {
			t.Fatal(err)
		}
		if _, err := w.IDs.SessionUser(ctx, here); err != nil {
			t.Fatalf("this session ended: %v", err)
		}
		if _, err := w.IDs.SessionUser(ctx, there); !apperr.Is(err, apperr.KindUnauthorized) {
			t.Fatalf("other session survived: %v", err)
		}
		if _, err := w.IDs.Login(ctx, "member", "a brand new secret", "192.0.2.9"); err != nil {
			t.Fatalf("new password: %v", err)
		}
		if _, err := w.IDs.Login(ctx, "member", testkit.Password, "192.0.2.9"); !apperr.Is(err, apperr.KindUnauthorized) {
			t.Fatalf("old password: %v", err)
		}
	})
}

func TestHasherGivesUpWhenBusy(t *testing.T) {
	h, err := identity.NewHasher(testkit.CheapHash, 1)
	if err != nil {
		t.Fatal(err)
	}
	hash, err := h.Hash(ctx, "some password here")
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := h.Check(ctx, "some password here", hash); !ok {
		t.Fatal("hash does not verify")
	}
	if ok, _ := h.Check(ctx, "other password", hash); ok {
		t.Fatal("wrong password verifies")
	}
	if ok, _ := h.Check(ctx, "anything at all", ""); ok {
		t.Fatal("empty hash verifies")
	}
}
