package forum_test

import (
	"testing"

	"reconnect/internal/forum"
	"reconnect/internal/identity"
	"reconnect/internal/notify"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

// A reply tells every watcher who may see the thread and is not on a
// break, honouring each one's channels, in one go: not the author, not a
// watcher who can no longer see the thread, not one on a break.
func TestReplyTellsWatchers(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		fx := setup(t, db)
		th, _, err := fx.F.CreateThread(ctx, &fx.Member, forum.NewThread{CategoryID: fx.FjordvikOnly.ID, Title: "Søvn om natta", Body: "Jeg sover dårlig."})
		if err != nil {
			t.Fatal(err)
		}
		mk := func(login, pseudonym string) identity.User {
			return fx.Onboarded(t, identity.NewUser{Login: login, Role: identity.ServiceUser, CommunityID: fx.Fjordvik.ID, Pseudonym: pseudonym})
		}
		resting, quiet, mailOnly := mk("resting", "Hvilepuls"), mk("quiet", "Stillevann"), mk("mailonly", "Postgang")
		for _, u := range []*identity.User{&fx.Member, &fx.Moderator, &resting, &quiet, &mailOnly} {
			if err := fx.F.SetWatch(ctx, u, th.ID, "watch"); err != nil {
				t.Fatal(err)
			}
		}
		// Morgengry (Granlia) cannot see a Fjordvik thread; a watch left
		// from before must not tell her about it.
		if _, err := db.ExecContext(ctx, `INSERT INTO thread_watches (user_id, thread_id, level) VALUES ($1, $2, 'watch')`, fx.Member2.ID, th.ID); err != nil {
			t.Fatal(err)
		}
		if err := fx.F.TakeBreak(ctx, &resting, 3); err != nil {
			t.Fatal(err)
		}
		for _, p := range []struct {
			u            int64
			inApp, email bool
		}{{quiet.ID, false, false}, {mailOnly.ID, false, true}} {
			if _, err := db.ExecContext(ctx, `INSERT INTO notification_prefs (user_id, kind, in_app, email) VALUES ($1, 'thread_reply', $2, $3)`, p.u, p.inApp, p.email); err != nil {
				t.Fatal(err)
			}
		}
		// The author replies to their own thread; the moderator replies.
		if _, err := fx.F.Reply(notify.WithEmail(ctx), &fx.Member, th.ID, forum.NewPost{Body: "Takk for svar."}); err != nil {
			t.Fatal(err)
		}
		notices := func(u identity.User) (unread, read int) {
			list, err := notify.New(db, fx.Clock.Now).List(ctx, u.ID, 50, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range list {
				if n.Kind != "thread_reply" || n.Args["thread_id"] != itoa(th.ID) || n.Args["pseudonym"] != fx.Member.Pseudonym {
					continue
				}
				if n.ReadAt == nil {
					unread++
				} else {
					read++
				}
			}
			return unread, read
		}
		for _, c := range []struct {
			who          identity.User
			unread, read int
		}{
			{fx.Moderator, 1, 0}, // watches and may see it
			{fx.Member, 0, 0},    // the author
			{fx.Member2, 0, 0},   // cannot see the thread
			{resting, 0, 0},      // on a break
			{quiet, 0, 0},        // both channels off
			{mailOnly, 0, 1},     // e-mail only: kept read, for the e-mail's link
		} {
			if u, r := notices(c.who); u != c.unread || r != c.read {
				t.Errorf("%s: %d unread and %d read reply notices, want %d and %d", c.who.Login, u, r, c.unread, c.read)
			}
		}
	})
}
