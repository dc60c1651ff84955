package forum_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/forum"
	"reconnect/internal/identity"
	"reconnect/internal/live"
	"reconnect/internal/markup"
	"reconnect/internal/privacy"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

var ctx = context.Background()

type fixture struct {
	*testkit.World
	F            *forum.Service
	Hub          *live.Hub
	General      forum.Category // shared
	FjordvikOnly forum.Category // Fjordvik members only
	Held         forum.Category // first posts wait for approval
	check        bool
}

func setup(t *testing.T, db *sqldb.DB) *fixture {
	t.Helper()
	w := testkit.NewWorld(t, db)
	fx := &fixture{World: w, Hub: live.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)))}
	fx.F = forum.New(db, w.IDs, forum.Options{Now: w.Clock.Now, Markup: markup.New().HTML,
		Check: func(_ context.Context, u *identity.User, text string) ([]privacy.Finding, error) {
			if !fx.check {
				return nil, nil
			}
			return privacy.Check(text, privacy.Context{}), nil
		},
		Publish: func(ctx context.Context, q sqldb.Querier, ev forum.Event) error {
			return fx.Hub.Publish(ctx, q, "thread:"+itoa(ev.ThreadID), ev.Kind, ev)
		}})
	var err error
	mk := func(slug string, community int64, approval bool) forum.Category {
		c, e := fx.F.CreateCategory(ctx, &w.Admin, forum.CategoryInput{Slug: slug, NameNB: "Kat " + slug, NameEN: "Cat " + slug, CommunityID: community, RequiresApproval: approval})
		if e != nil {
			err = e
		}
		return c
	}
	fx.General, fx.FjordvikOnly, fx.Held = mk("generelt", 0, false), mk("fjordvik", w.Fjordvik.ID, false), mk("held", 0, true)
	if err != nil {
		t.Fatal(err)
	}
	return fx
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func (fx *fixture) thread(t *testing.T, u *identity.User, cat int64, title, body string) (forum.Thread, forum.Post) {
	t.Helper()
	th, p, err := fx.F.CreateThread(ctx, u, forum.NewThread{CategoryID: cat, Title: title, Body: body})
	if err != nil {
		t.Fatal(err)
	}
	return th, p
}

func TestOnlyForumMembersTakePart(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		fx := setup(t, db)
		th, _ := fx.thread(t, &fx.Member, fx.General.ID, "Hvordan sover dere?", "Jeg sover dårlig for tiden.")
		for _, u := range []identity.User{fx.Provider, fx.Researcher, fx.Admin} {
			if _, err := fx.F.Categories(ctx, &u); !apperr.Is(err, apperr.KindNotFound) {
				t.Errorf("%s sees categories: %v", u.Login, err)
			}
			if _, err := fx.F.ThreadByID(ctx, &u, th.ID); !apperr.Is(err, apperr.KindNotFound) {
				t.Errorf("%s sees the thread: %v", u.Login, err)
			}
			if _, _, err := fx.F.Search(ctx, &u, "sover", 1); !apperr.Is(err, apperr.KindNotFound) {
				t.Errorf("%s searches: %v", u.Login, err)
			}
		}
		// Muted: reads, does not write. Suspended: neither.
		mustExec(t, db, `INSERT INTO sanctions (user_id, kind, reason, created_at) VALUES ($1, 'mute', 'Pause', $2)`, fx.Member2.ID, fx.Clock.Now())
		if _, err := fx.F.ThreadByID(ctx, &fx.Member2, th.ID); err != nil {
			t.Fatalf("muted member reading: %v", err)
		}
		if _, err := fx.F.Reply(ctx, &fx.Member2, th.ID, forum.NewPost{Body: "Hei"}); apperr.From(err).Code != "muted" {
			t.Fatalf("muted member replying: %v", err)
		}
		if err := fx.F.React(ctx, &fx.Member2, th.LastPostID, "hug"); apperr.From(err).Code != "muted" {
			t.Fatalf("muted member reacting: %v", err)
		}
		mustExec(t, db, `INSERT INTO sanctions (user_id, kind, reason, until, created_at) VALUES ($1, 'suspend', 'Brudd', $2, $3)`,
			fx.Member2.ID, fx.Clock.Now().Add(time.Hour), fx.Clock.Now())
		if _, err := fx.F.ThreadByID(ctx, &fx.Member2, th.ID); apperr.From(err).Code != "suspended" {
			t.Fatalf("suspended member reading: %v", err)
		}
		fx.Clock.Advance(2 * time.Hour)
		if _, err := fx.F.ThreadByID(ctx, &fx.Member2, th.ID); err != nil {
			t.Fatalf("after the suspension ends: %v", err)
		}
	})
}

func mustExec(t *testing.T, db *sqldb.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.ExecContext(ctx, q, args...); err != nil {
		t.Fatal(err)
	}
}

func TestCommunityCategoriesAndCircleThreads(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		fx := setup(t, db)
		local, _ := fx.thread(t, &fx.Member, fx.FjordvikOnly.ID, "Kafé i Fjordvik", "Hvem kommer på torsdag?")
		// Member2 lives in Granlia: the Fjordvik category does not exist for them.
		if _, err := fx.F.ThreadByID(ctx, &fx.Member2, local.ID); !apperr.Is(err, apperr.KindNotFound) {
			t.Fatalf("other community sees the thread: %v", err)
		}
		if _, _, err := fx.F.CreateThread(ctx, &fx.Member2, forum.NewThread{CategoryID: fx.FjordvikOnly.ID, Title: "Hei der", Body: "x"}); !apperr.Is(err, apperr.KindInvalid) {
			t.Fatalf("posting in another community's category: %v", err)
		}
		cats, _ := fx.F.Categories(ctx, &fx.Member2)
		for _, c := range cats {
			if c.ID == fx.FjordvikOnly.ID {
				t.Fatal("other community lists the category")
			}
		}
		// A circle thread is for its members only: thread, posts, search, reactions.
		c, err := fx.IDs.CreateCircle(ctx, &fx.Member, "Kafégjengen", []string{"Morgengry"})
		if err != nil {
			t.Fatal(err)
		}
		th, p, err := fx.F.CreateThread(ctx, &fx.Member, forum.NewThread{CircleID: c.ID, Title: "Bare for oss", Body: "Hemmelig hagetips om tomater"})
		if err != nil {
			t.Fatal(err)
		}
		outsiders := []identity.User{fx.Member2 /* invited, not yet joined */, fx.Moderator}
		for _, o := range outsiders {
			if _, err := fx.F.ThreadByID(ctx, &o, th.ID); !apperr.Is(err, apperr.KindNotFound) {
				t.Errorf("%s sees the circle thread: %v", o.Login, err)
			}
			if _, err := fx.F.PostByID(ctx, &o, p.ID); !apperr.Is(err, apperr.KindNotFound) {
				t.Errorf("%s sees the circle post: %v", o.Login, err)
			}
			if err := fx.F.React(ctx, &o, p.ID, "hug"); !apperr.Is(err, apperr.KindNotFound) {
				t.Errorf("%s reacts in the circle: %v", o.Login, err)
			}
			if hits, _, _ := fx.F.Search(ctx, &o, "tomater", 1); len(hits) != 0 {
				t.Errorf("%s finds the circle post", o.Login)
			}
			if _, err := fx.F.Reply(ctx, &o, th.ID, forum.NewPost{Body: "hei"}); !apperr.Is(err, apperr.KindNotFound) {
				t.Errorf("%s replies in the circle: %v", o.Login, err)
			}
		}
		if err := fx.IDs.AnswerCircleInvite(ctx, &fx.Member2, c.ID, true); err != nil {
			t.Fatal(err)
		}
		if hits, _, _ := fx.F.Search(ctx, &fx.Member2, "tomater", 1); len(hits) != 1 {
			t.Fatalf("member finds %d hits", len(hits))
		}
	})
}

func TestPrivacyGateAndBadInput(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		fx := setup(t, db)
		fx.check = true
		before := testkit.Counts(t, db)
		_, _, err := fx.F.CreateThread(ctx, &fx.Member, forum.NewThread{CategoryID: fx.General.ID, Title: "Ring meg", Body: "Nummeret mitt er 412 34 567"})
		if e := apperr.From(err); e.Code != "privacy_findings" || len(forum.Findings(err)) == 0 || apperr.Status(e.Kind) != 422 {
			t.Fatalf("findings: %v", err)
		}
		th, other := fx.thread(t, &fx.Member2, fx.General.ID, "En annen tråd", "Hei")
		bad := []struct {
			name string
			err  error
		}{
			{"empty title", second(fx.F.CreateThread(ctx, &fx.Member, forum.NewThread{CategoryID: fx.General.ID, Title: "", Body: "x"}))},
			{"long title", second(fx.F.CreateThread(ctx, &fx.Member, forum.NewThread{CategoryID: fx.General.ID, Title: strings.Repeat("a", 141), Body: "x"}))},
			{"empty body", second(fx.F.CreateThread(ctx, &fx.Member, forum.NewThread{CategoryID: fx.General.ID, Title: "Tittel", Body: "  "}))},
			{"long body", second(fx.F.CreateThread(ctx, &fx.Member, forum.NewThread{CategoryID: fx.General.ID, Title: "Tittel", Body: strings.Repeat("a", 20001)}))},
			{"invalid utf-8", second(fx.F.CreateThread(ctx, &fx.Member, forum.NewThread{CategoryID: fx.General.ID, Title: "Tittel", Body: "\xff\xfe"}))},
			{"unknown category", second(fx.F.CreateThread(ctx, &fx.Member, forum.NewThread{CategoryID: 99999, Title: "Tittel", Body: "x"}))},
			{"no category", second(fx.F.CreateThread(ctx, &fx.Member, forum.NewThread{Title: "Tittel", Body: "x"}))},
		}
		after := testkit.Counts(t, db)
		for _, b := range bad {
			if !apperr.Is(b.err, apperr.KindInvalid) {
				t.Errorf("%s: %v", b.name, b.err)
			}
		}
		if after["posts"] != before["posts"]+1 || after["threads"] != before["threads"]+1 {
			t.Fatalf("rows written by refused posts: %v -> %v", before, after)
		}
		mine, _ := fx.thread(t, &fx.Member, fx.General.ID, "Min tråd", "Start")
		if _, err := fx.F.Reply(ctx, &fx.Member, mine.ID, forum.NewPost{Body: "Svar", ReplyTo: other.ID}); !apperr.Is(err, apperr.KindInvalid) {
			t.Fatalf("reply to a post in another thread: %v", err)
		}
		_ = th
		// Acknowledged findings are stored.
		if _, err := fx.F.Reply(ctx, &fx.Member, mine.ID, forum.NewPost{Body: "Ring 412 34 567", Acknowledge: true}); err != nil {
			t.Fatal(err)
		}
		// Edit runs the gate too.
		p, _ := fx.F.Reply(ctx, &fx.Member, mine.ID, forum.NewPost{Body: "Hei"})
		if _, err := fx.F.Edit(ctx, &fx.Member, p.ID, "Nå med 412 34 567", false); apperr.From(err).Code != "privacy_findings" {
			t.Fatalf("edit gate: %v", err)
		}
		if got, _ := fx.F.PostByID(ctx, &fx.Member, p.ID); got.EditedAt != nil {
			t.Fatal("refused edit changed the post")
		}
		// Locked threads take no replies.
		mustExec(t, db, `UPDATE threads SET locked_at = $1 WHERE id = $2`, fx.Clock.Now(), mine.ID)
		if _, err := fx.F.Reply(ctx, &fx.Member2, mine.ID, forum.NewPost{Body: "Hei"}); !apperr.Is(err, apperr.KindConflict) {
			t.Fatalf("locked: %v", err)
		}
	})
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[string]bool{}
	for _, x := range a {
		m[x] = true
	}
	for _, x := range b {
		if !m[x] {
			return false
		}
	}
	return true
}

func second[A, B any](_ A, _ B, err error) error { return err }

func TestReactionsReadingAndEditing(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		fx := setup(t, db)
		th, p := fx.thread(t, &fx.Member, fx.General.ID, "Tung dag", "Det har vært en tung dag.")
		if err := fx.F.React(ctx, &fx.Member2, p.ID, "hug"); err != nil {
			t.Fatal(err)
		}
		if err := fx.F.React(ctx, &fx.Member2, p.ID, "hug"); !apperr.Is(err, apperr.KindConflict) {
			t.Fatalf("twice: %v", err)
		}
		if err := fx.F.React(ctx, &fx.Member2, p.ID, "like"); !apperr.Is(err, apperr.KindInvalid) {
			t.Fatalf("unknown kind: %v", err)
		}
		fx.F.React(ctx, &fx.Moderator, p.ID, "hug")
		got, _ := fx.F.PostByID(ctx, &fx.Member2, p.ID)
		hug := got.Reactions[1]
		if hug.Kind != "hug" || hug.Count != 2 || !hug.Mine || !sameSet(hug.Who, []string{"Morgengry", "Fjordvik-verten"}) {
			t.Fatalf("hug %+v", hug)
		}
		if err := fx.F.Unreact(ctx, &fx.Member2, p.ID, "hug"); err != nil {
			t.Fatal(err)
		}
		// Unread: Member2 has not read; a reply makes one unread post.
		unread, _ := fx.F.UnreadThreads(ctx, &fx.Member2)
		if len(unread) != 1 || unread[0].Unread != 1 || unread[0].FirstUnreadID != p.ID {
			t.Fatalf("unread %+v", unread)
		}
		if err := fx.F.Seen(ctx, &fx.Member2, th.ID, p.ID); err != nil {
			t.Fatal(err)
		}
		if unread, _ := fx.F.UnreadThreads(ctx, &fx.Member2); len(unread) != 0 {
			t.Fatalf("after reading: %+v", unread)
		}
		// One view per member per day.
		fx.F.Seen(ctx, &fx.Member2, th.ID, p.ID)
		fx.Clock.Advance(25 * time.Hour)
		fx.F.Seen(ctx, &fx.Member2, th.ID, p.ID)
		if t2, _ := fx.F.ThreadByID(ctx, &fx.Member2, th.ID); t2.ViewCount != 2 {
			t.Fatalf("views %d, want 2", t2.ViewCount)
		}
		// Edit keeps the old version for moderators; delete is soft.
		if _, err := fx.F.Edit(ctx, &fx.Member2, p.ID, "Ikke min", false); !apperr.Is(err, apperr.KindNotFound) {
			t.Fatalf("editing another's post: %v", err)
		}
		e, err := fx.F.Edit(ctx, &fx.Member, p.ID, "Det har vært en tung **uke**.", false)
		if err != nil || e.EditedAt == nil || !strings.Contains(string(e.HTML), "<strong>uke</strong>") {
			t.Fatalf("edit %+v %v", e, err)
		}
		revs, err := fx.F.Revisions(ctx, &fx.Moderator, p.ID)
		if err != nil || len(revs) != 1 || revs[0].Body != "Det har vært en tung dag." {
			t.Fatalf("revisions %+v %v", revs, err)
		}
		if _, err := fx.F.Revisions(ctx, &fx.Member2, p.ID); !apperr.Is(err, apperr.KindNotFound) {
			t.Fatalf("member reading revisions: %v", err)
		}
		if err := fx.F.Delete(ctx, &fx.Member, p.ID); err != nil {
			t.Fatal(err)
		}
		d, _ := fx.F.PostByID(ctx, &fx.Member2, p.ID)
		if !d.Deleted || d.HTML != "" {
			t.Fatalf("deleted post %+v", d)
		}
		if hits, _, _ := fx.F.Search(ctx, &fx.Member2, "uke", 1); len(hits) != 0 {
			t.Fatal("deleted post still found")
		}
	})
}

func TestMentionsAndApproval(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		fx := setup(t, db)
		_, p := fx.thread(t, &fx.Member, fx.General.ID, "Takk", "Takk til @Morgengry og @Fjordvik-verten for i går! @Finnes_ikke")
		if !strings.Contains(string(p.HTML), `href="/forum/members/Morgengry"`) || strings.Contains(string(p.HTML), "Finnes_ikke</a>") {
			t.Fatalf("mention links: %s", p.HTML)
		}
		var n int
		db.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE kind = 'mention' AND user_id IN ($1, $2)`, fx.Member2.ID, fx.Moderator.ID).Scan(&n)
		if n != 2 {
			t.Fatalf("%d mention notices", n)
		}
		// First post in a category that asks for approval waits.
		th, held := fx.thread(t, &fx.Member2, fx.Held.ID, "Mitt første innlegg", "Hei alle sammen")
		if !held.Pending {
			t.Fatal("first post not held")
		}
		if _, err := fx.F.PostByID(ctx, &fx.Member, held.ID); !apperr.Is(err, apperr.KindNotFound) {
			t.Fatalf("others see a held post: %v", err)
		}
		if _, err := fx.F.PostByID(ctx, &fx.Moderator, held.ID); err != nil {
			t.Fatalf("moderator cannot see the held post: %v", err)
		}
		_ = th
		// A moderator's first post there does not wait.
		if _, p := fx.thread(t, &fx.Moderator, fx.Held.ID, "Velkommen", "Velkommen hit"); p.Pending {
			t.Fatal("moderator's post held")
		}
	})
}

func TestSearchInNorwegianAndEnglish(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		fx := setup(t, db)
		fx.thread(t, &fx.Member, fx.General.ID, "Løping hjelper", "Jeg begynte å løpe i fjor, og det hjelper mot angsten.")
		fx.thread(t, &fx.Member, fx.General.ID, "Gå tur", "Vi kan gå en tur sammen.")
		fx.thread(t, &fx.Member, fx.General.ID, "Hun ga meg", "Hun ga meg en bok om søvn.")
		fx.thread(t, &fx.Member, fx.General.ID, "Running", "Running every morning helps with my anxiety.")
		fx.thread(t, &fx.Member, fx.General.ID, "Kafé", "Vi ses på kafe.")
		cases := []struct {
			q    string
			want []string
		}{
			{"løper", []string{"Løping hjelper"}}, // løper → løp; løpe → løp
			{"angst", []string{"Løping hjelper"}}, // angsten → angst
			{"hjelpen", []string{"Løping hjelper"}},
			{"gå", []string{"Gå tur"}}, // å stays å: "gå" does not find "ga"
			{"ga", []string{"Hun ga meg"}},
			{"run", []string{"Running"}}, // English stems too
			{"morning anxiety", []string{"Running"}},
			{"søvnen", []string{"Hun ga meg"}}, // søvnen → søvn, as the post's "søvn"
			// The Norwegian Snowball stemmer keeps -ing: "løping" finds
			// only the word itself (in the title), not "løpe".
			{"løping", []string{"Løping hjelper"}},
			{"kafé", []string{"Kafé"}}, // accents fold: kafé = kafe
		}
		for _, c := range cases {
			hits, _, err := fx.F.Search(ctx, &fx.Member2, c.q, 1)
			if err != nil {
				t.Fatalf("%q: %v", c.q, err)
			}
			var got []string
			for _, h := range hits {
				got = append(got, h.ThreadTitle)
			}
			if strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Errorf("search %q found %v, want %v", c.q, got, c.want)
			}
		}
		hits, _, _ := fx.F.Search(ctx, &fx.Member2, "løpe", 1)
		if len(hits) != 1 || !strings.Contains(string(hits[0].Snippet), "<mark>løpe</mark>") {
			t.Fatalf("highlight: %+v", hits)
		}
		if _, _, err := fx.F.Search(ctx, &fx.Member2, "  !!  ", 1); !apperr.Is(err, apperr.KindInvalid) {
			t.Fatalf("empty query: %v", err)
		}
		if _, _, err := fx.F.Search(ctx, &fx.Member2, `"; DROP TABLE posts; --`, 1); err != nil {
			t.Fatalf("metacharacters: %v", err)
		}
		// Deleted, hidden and held posts are found by nobody.
		_, del := fx.thread(t, &fx.Member, fx.General.ID, "Borte", "Slettetekst")
		if err := fx.F.Delete(ctx, &fx.Member, del.ID); err != nil {
			t.Fatal(err)
		}
		_, hid := fx.thread(t, &fx.Member, fx.General.ID, "Skjult", "Skjulttekst")
		mustExec(t, db, `UPDATE posts SET hidden_at = $1 WHERE id = $2`, fx.Clock.Now(), hid.ID)
		for _, q := range []string{"slettetekst", "skjulttekst"} {
			for _, who := range []*identity.User{&fx.Member, &fx.Member2} {
				if hits, _, _ := fx.F.Search(ctx, who, q, 1); len(hits) != 0 {
					t.Errorf("%q found by %s: %+v", q, who.Login, hits)
				}
			}
		}
		// Pages of 20, newest first among equals.
		for i := 0; i < 25; i++ {
			fx.thread(t, &fx.Member, fx.General.ID, fmt.Sprintf("Side %d", i), "Felles ord sidetall")
		}
		p1, more, _ := fx.F.Search(ctx, &fx.Member2, "sidetall", 1)
		p2, more2, _ := fx.F.Search(ctx, &fx.Member2, "sidetall", 2)
		if len(p1) != 20 || !more || len(p2) != 5 || more2 || p1[0].PostID == p2[0].PostID {
			t.Errorf("pages: %d (more %v), %d (more %v)", len(p1), more, len(p2), more2)
		}
	})
}

func TestLiveEventsAfterCommit(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		fx := setup(t, db)
		hubCtx, cancel := context.WithCancel(ctx)
		defer cancel()
		go fx.Hub.Run(hubCtx)
		th, _ := fx.thread(t, &fx.Member, fx.General.ID, "Live", "Første")
		events, stop := fx.Hub.Subscribe("thread:" + itoa(th.ID))
		defer stop()
		time.Sleep(200 * time.Millisecond) // the PostgreSQL listener connects
		p, err := fx.F.Reply(ctx, &fx.Member2, th.ID, forum.NewPost{Body: "Andre"})
		if err != nil {
			t.Fatal(err)
		}
		want := `"post_id":` + itoa(p.ID) + "}"
	wait:
		for {
			select {
			case m := <-events:
				// The thread's first post may announce itself late on
				// PostgreSQL, where delivery goes through the listener.
				if m.Event == "post" && strings.Contains(string(m.Data), want) {
					break wait
				}
			case <-time.After(5 * time.Second):
				t.Fatal("no live event")
			}
		}
		// A refused reply sends nothing.
		fx.F.Reply(ctx, &fx.Member2, th.ID, forum.NewPost{Body: ""})
		select {
		case m := <-events:
			t.Fatalf("event for a refused reply: %+v", m)
		case <-time.After(300 * time.Millisecond):
		}
	})
}
