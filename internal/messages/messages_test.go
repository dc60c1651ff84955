package messages_test

import (
	"context"
	"strings"
	"testing"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/markup"
	"reconnect/internal/messages"
	"reconnect/internal/seal"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

var ctx = context.Background()

// allowAll leaves the policy to its callers' tests (moderation decides
// whom a moderator may write to; see moderation's quiet_test.go).
func allowAll(context.Context, sqldb.Querier, *identity.User, identity.User) error { return nil }

func TestConversations(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		w := testkit.NewWorld(t, db)
		m := messages.New(db, w.IDs, messages.Options{Keys: seal.NewKeyring(seal.RandomKey()), Markup: markup.New().HTML, Now: w.Clock.Now, MayStart: allowAll})
		id, err := m.Start(ctx, &w.Moderator, "Havbris", "Hei", "Hei <script>alert(1)</script> **du**")
		if err != nil {
			t.Fatal(err)
		}
		c, err := m.Get(ctx, &w.Member, id)
		if err != nil {
			t.Fatal(err)
		}
		html := string(c.Messages[0].HTML)
		if strings.Contains(html, "<script") || !strings.Contains(html, "<strong>du</strong>") {
			t.Errorf("message HTML not rendered and sanitised: %s", html)
		}
		// The moderator's list shows it read, the member's after reading;
		// a reply makes it unread for the other side only.
		if err := m.Reply(ctx, &w.Member, id, "Takk!"); err != nil {
			t.Fatal(err)
		}
		mine, _ := m.List(ctx, &w.Member)
		theirs, _ := m.List(ctx, &w.Moderator)
		if len(mine) != 1 || mine[0].Unread || len(theirs) != 1 || !theirs[0].Unread {
			t.Fatalf("unread: member %+v, moderator %+v", mine, theirs)
		}
		// Bad input: clear errors, nothing written.
		before := testkit.Counts(t, db)
		long := strings.Repeat("a", messages.BodyMax+1)
		for name, err := range map[string]error{
			"empty reply":      m.Reply(ctx, &w.Member, id, " \n "),
			"too long reply":   m.Reply(ctx, &w.Member, id, long),
			"NUL in reply":     m.Reply(ctx, &w.Member, id, "a\x00b"),
			"outsider replies": m.Reply(ctx, &w.Member2, id, "Hei"),
			"unknown conv":     m.Reply(ctx, &w.Member, 999999, "Hei"),
			"long subject":     startErr(m, &w.Moderator, "Havbris", strings.Repeat("s", messages.SubjectMax+1), "Hei"),
			"member starts":    startErr(m, &w.Member, "Morgengry", "Hei", "Hei"),
			"provider starts":  startErr(m, &w.Provider, "Havbris", "Hei", "Hei"),
			"to nobody":        startErr(m, &w.Moderator, "Ingen-slik", "Hei", "Hei"),
			"to oneself":       startErr(m, &w.Moderator, "Fjordvik-verten", "Hei", "Hei"),
		} {
			if !apperr.Is(err, apperr.KindInvalid) && !apperr.Is(err, apperr.KindNotFound) {
				t.Errorf("%s: %v", name, err)
			}
		}
		after := testkit.Counts(t, db)
		for k, v := range before {
			if after[k] != v {
				t.Errorf("refused input changed %s: %d -> %d", k, v, after[k])
			}
		}
	})
}

func startErr(m *messages.Service, u *identity.User, to, subject, body string) error {
	_, err := m.Start(ctx, u, to, subject, body)
	return err
}
