package moderation_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/audit"
	"reconnect/internal/forum"
	"reconnect/internal/identity"
	"reconnect/internal/markup"
	"reconnect/internal/moderation"
	"reconnect/internal/notify"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

var ctx = context.Background()

type fixture struct {
	*testkit.World
	F            *forum.Service
	M            *moderation.Service
	General      forum.Category // shared
	GranliaOnly  forum.Category
	FjordvikOnly forum.Category
	Held         forum.Category // first posts wait for approval
	GranliaMod   identity.User  // moderator of Granlia only
	Flaggers     []identity.User
}

func setup(t *testing.T, db *sqldb.DB) *fixture {
	t.Helper()
	w := testkit.NewWorld(t, db)
	fx := &fixture{World: w}
	fx.F = forum.New(db, w.IDs, forum.Options{Now: w.Clock.Now, Markup: markup.New().HTML,
		Crisis: func(ctx context.Context, tx *sql.Tx, postID int64, text string) (string, error) {
			return fx.M.Alert(ctx, tx, postID, text)
		}})
	fx.M = moderation.New(db, w.IDs, fx.F, moderation.Options{Now: w.Clock.Now, FlagThreshold: 3})
	mk := func(slug string, community int64, approval bool) forum.Category {
		c, err := fx.F.CreateCategory(ctx, &w.Admin, forum.CategoryInput{Slug: slug, NameNB: "Kat " + slug, NameEN: "Cat " + slug, CommunityID: community, RequiresApproval: approval})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	fx.General, fx.GranliaOnly, fx.FjordvikOnly, fx.Held = mk("generelt", 0, false), mk("granlia", w.Granlia.ID, false), mk("fjordvik", w.Fjordvik.ID, false), mk("held", 0, true)
	user := func(login, pseudonym string, role identity.Role, community int64) identity.User {
		u, err := w.IDs.CreateUser(ctx, &w.Admin, identity.NewUser{Login: login, Password: testkit.Password, Role: role, CommunityID: community, Pseudonym: pseudonym})
		if err == nil {
			err = w.IDs.CompleteOnboarding(ctx, &u)
		}
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	fx.GranliaMod = user("granliamod", "Granlia-verten", identity.PeerModerator, w.Granlia.ID)
	for i, p := range []string{"Skogsti", "Fjellbekk", "Lyngmo"} {
		fx.Flaggers = append(fx.Flaggers, user("flagger"+string(rune('a'+i)), p, identity.ServiceUser, w.Fjordvik.ID))
	}
	return fx
}

func (fx *fixture) thread(t *testing.T, u *identity.User, cat int64) (forum.Thread, forum.Post) {
	t.Helper()
	th, p, err := fx.F.CreateThread(ctx, u, forum.NewThread{CategoryID: cat, Title: "Søvn og uro om natta", Body: "Jeg sover dårlig for tiden."})
	if err != nil {
		t.Fatal(err)
	}
	return th, p
}

func wantKind(t *testing.T, err error, kind apperr.Kind, what string) {
	t.Helper()
	if !apperr.Is(err, kind) {
		t.Fatalf("%s: got %v, want kind %v", what, err, kind)
	}
}

// auditCount counts the moderation chain.
func auditCount(t *testing.T, db *sqldb.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE chain = $1`, forum.ChainModeration).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func verifyAudit(t *testing.T, db *sqldb.DB) {
	t.Helper()
	if _, breaks, err := audit.Verify(ctx, db); err != nil || len(breaks) > 0 {
		t.Fatalf("audit verify: %v %v", err, breaks)
	}
}

func TestOnlyModeratorsModerate(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		fx := setup(t, db)
		th, p := fx.thread(t, &fx.Member, fx.General.ID)
		until := fx.Clock.Now().Add(24 * time.Hour)
		for _, u := range []identity.User{fx.Member, fx.Member2, fx.Provider, fx.Researcher} {
			u := u
			actions := map[string]error{}
			_, actions["queue"] = fx.M.Queue(ctx, &u)
			actions["hide"] = fx.M.Hide(ctx, &u, p.ID, "grunn")
			actions["restore"] = fx.M.Restore(ctx, &u, p.ID)
			actions["dismiss"] = fx.M.Dismiss(ctx, &u, p.ID)
			actions["approve"] = fx.M.Approve(ctx, &u, p.ID)
			actions["lock"] = fx.M.SetThread(ctx, &u, th.ID, moderation.Lock)
			actions["move"] = fx.M.Move(ctx, &u, th.ID, fx.FjordvikOnly.ID)
			actions["title"] = fx.M.Retitle(ctx, &u, th.ID, "Ny tittel her")
			actions["mute"] = fx.M.Sanction(ctx, &u, "Morgengry", forum.Mute, "grunn", until)
			actions["lift"] = fx.M.Lift(ctx, &u, "Morgengry", forum.Mute)
			_, _, actions["log"] = fx.M.Log(ctx, &u, moderation.LogFilter{})
			for name, err := range actions {
				if !apperr.Is(err, apperr.KindNotFound) {
					t.Errorf("%s as %s: got %v, want not_found", name, u.Role, err)
				}
			}
		}
		if n := auditCount(t, db); n != 0 {
			t.Errorf("refused actions wrote %d audit records", n)
		}
	})
}

func TestCommunityReach(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		fx := setup(t, db)
		until := fx.Clock.Now().Add(48 * time.Hour)
		// Morgengry lives in Granlia: Fjordvik's moderator may not
		// sanction her, Granlia's and the administrator may.
		err := fx.M.Sanction(ctx, &fx.Moderator, "Morgengry", forum.Mute, "Gjentatte personangrep", until)
		wantKind(t, err, apperr.KindForbidden, "Fjordvik moderator mutes a Granlia member")
		if err := fx.M.Sanction(ctx, &fx.GranliaMod, "Morgengry", forum.Mute, "Gjentatte personangrep", until); err != nil {
			t.Fatal(err)
		}
		if err := fx.M.Lift(ctx, &fx.Admin, "Morgengry", forum.Mute); err != nil {
			t.Fatal(err)
		}
		// Moderators do not sanction each other or themselves; nobody
		// sanctions an administrator, who has no pseudonym.
		wantKind(t, fx.M.Sanction(ctx, &fx.GranliaMod, "Fjordvik-verten", forum.Mute, "grunn", until), apperr.KindForbidden, "moderator mutes moderator")
		wantKind(t, fx.M.Sanction(ctx, &fx.Moderator, "Fjordvik-verten", forum.Mute, "grunn", until), apperr.KindForbidden, "moderator mutes self")
		wantKind(t, fx.M.Sanction(ctx, &fx.Moderator, "admin", forum.Suspend, "grunn", until), apperr.KindNotFound, "moderator suspends the administrator")
		if err := fx.M.Sanction(ctx, &fx.Admin, "Fjordvik-verten", forum.Mute, "Tar en pause", until); err != nil {
			t.Fatalf("administrator mutes a moderator: %v", err)
		}

		// A post in a shared category: any moderator may hide it. A post
		// in Granlia's own category: not Fjordvik's moderator.
		_, shared := fx.thread(t, &fx.Member2, fx.General.ID)
		if err := fx.M.Hide(ctx, &fx.Moderator, shared.ID, "Inneholder et telefonnummer"); err != nil {
			t.Fatalf("hide shared post from another community: %v", err)
		}
		gth, local := fx.thread(t, &fx.Member2, fx.GranliaOnly.ID)
		wantKind(t, fx.M.Hide(ctx, &fx.Moderator, local.ID, "grunn"), apperr.KindNotFound, "hide Granlia-only post")
		wantKind(t, fx.M.SetThread(ctx, &fx.Moderator, gth.ID, moderation.Lock), apperr.KindNotFound, "lock Granlia-only thread")
		if err := fx.M.SetThread(ctx, &fx.GranliaMod, gth.ID, moderation.Lock); err != nil {
			t.Fatal(err)
		}
		// Moving into a category out of reach is refused as an unknown
		// category.
		fth, _ := fx.thread(t, &fx.Member, fx.General.ID)
		wantKind(t, fx.M.Move(ctx, &fx.Moderator, fth.ID, fx.GranliaOnly.ID), apperr.KindInvalid, "move into Granlia-only")
		if err := fx.M.Move(ctx, &fx.Moderator, fth.ID, fx.FjordvikOnly.ID); err != nil {
			t.Fatal(err)
		}
		if got, err := fx.F.ThreadByID(ctx, &fx.Member, fth.ID); err != nil || got.CategoryID != fx.FjordvikOnly.ID {
			t.Fatalf("moved thread: %+v %v", got, err)
		}
		// Morgengry (Granlia) no longer sees the thread moved to Fjordvik.
		if _, err := fx.F.ThreadByID(ctx, &fx.Member2, fth.ID); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("Granlia member sees a thread moved into Fjordvik's category: %v", err)
		}
		verifyAudit(t, db)
	})
}

func TestFlagsHideAfterDistinctFlaggers(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		fx := setup(t, db)
		th, p := fx.thread(t, &fx.Member, fx.General.ID)
		flag := func(u identity.User, reason, note string) moderation.FlagResult {
			t.Helper()
			res, err := fx.M.Flag(ctx, &u, p.ID, reason, note)
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		a, b, c := fx.Flaggers[0], fx.Flaggers[1], fx.Flaggers[2]
		if res := flag(a, "hurtful", ""); res.Duplicate {
			t.Fatal("first flag reported as duplicate")
		}
		// The same member flagging again counts once, whatever the reason.
		for _, r := range []string{"hurtful", "spam", "other"} {
			if res := flag(a, r, "igjen"); !res.Duplicate {
				t.Fatalf("second flag by the same member (%s) was counted", r)
			}
		}
		flag(b, "identity", "Nevner naboens navn")
		if got, err := fx.F.PostByID(ctx, &fx.Member2, p.ID); err != nil || got.Hidden {
			t.Fatalf("hidden after 2 distinct flaggers: %+v %v", got, err)
		}
		flag(c, "worried", "Hun virker langt nede")
		// Hidden from everyone but the author and moderators.
		if _, err := fx.F.PostByID(ctx, &fx.Member2, p.ID); !apperr.Is(err, apperr.KindNotFound) {
			t.Fatalf("other members still see a post flagged by 3: %v", err)
		}
		mine, err := fx.F.PostByID(ctx, &fx.Member, p.ID)
		if err != nil || !mine.Hidden || !mine.Held || mine.HiddenReason != "" {
			t.Fatalf("author's view of the held post: %+v %v", mine, err)
		}
		notes, err := notify.New(db, fx.Clock.Now).List(ctx, fx.Member.ID, 10, 0)
		if err != nil || len(notes) == 0 || notes[0].Kind != moderation.KindPostHeld {
			t.Fatalf("author's notices: %+v %v", notes, err)
		}
		// Moderators see who flagged, and why, first in the queue.
		q, err := fx.M.Queue(ctx, &fx.Moderator)
		if err != nil || len(q) != 1 || q[0].Kind != moderation.ItemFlagged || len(q[0].Flags) != 3 || !q[0].Post.HiddenAuto {
			t.Fatalf("queue: %+v %v", q, err)
		}
		if q[0].Flags[0].FlaggerPseudonym != "Skogsti" || q[0].Flags[1].Note != "Nevner naboens navn" || q[0].Post.ThreadID != th.ID {
			t.Errorf("queue flags: %+v", q[0].Flags)
		}
		// The author never learns who flagged: not in the post, the
		// notices, nor what moderators did to their posts.
		acts, err := fx.M.OnMyPosts(ctx, &fx.Member)
		if err != nil || len(acts) != 1 || acts[0].Action != "post.hold" {
			t.Fatalf("author's moderation history: %+v %v", acts, err)
		}
		for what, v := range map[string]any{"post": mine, "notices": notes, "history": acts} {
			b, _ := json.Marshal(v)
			for _, f := range fx.Flaggers {
				if strings.Contains(string(b), f.Pseudonym) || strings.Contains(string(b), `"`+itoa(f.ID)+`"`) {
					t.Errorf("author's %s names flagger %s: %s", what, f.Pseudonym, b)
				}
			}
			if strings.Contains(string(b), "Nevner naboens navn") || strings.Contains(string(b), "langt nede") {
				t.Errorf("author's %s holds a flag note: %s", what, b)
			}
		}
		// Dismissing the flags shows the post again.
		if err := fx.M.Dismiss(ctx, &fx.Moderator, p.ID); err != nil {
			t.Fatal(err)
		}
		if got, err := fx.F.PostByID(ctx, &fx.Member2, p.ID); err != nil || got.Hidden {
			t.Fatalf("after dismissal: %+v %v", got, err)
		}
		if q, _ := fx.M.Queue(ctx, &fx.Moderator); len(q) != 0 {
			t.Errorf("queue after dismissal: %+v", q)
		}
		// Flags are closed: a new flag by an earlier flagger counts anew.
		if res := flag(a, "spam", ""); res.Duplicate {
			t.Error("a flag after the dismissal was taken for a duplicate")
		}
		verifyAudit(t, db)
	})
}

func TestHideRestoreApprove(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		fx := setup(t, db)
		_, p := fx.thread(t, &fx.Member, fx.General.ID)
		if _, err := fx.M.Flag(ctx, &fx.Flaggers[0], p.ID, "identity", ""); err != nil {
			t.Fatal(err)
		}
		reason := "Innlegget nevner en navngitt person. Skriv gjerne om uten navnet."
		if err := fx.M.Hide(ctx, &fx.Moderator, p.ID, "  "+reason+"\n"); err != nil {
			t.Fatal(err)
		}
		mine, err := fx.F.PostByID(ctx, &fx.Member, p.ID)
		if err != nil || !mine.Hidden || mine.Held || mine.HiddenReason != reason {
			t.Fatalf("author's view of the hidden post: %+v %v", mine, err)
		}
		if q, _ := fx.M.Queue(ctx, &fx.Moderator); len(q) != 0 {
			t.Errorf("hiding left the flag open: %+v", q)
		}
		if hits, _, err := fx.F.Search(ctx, &fx.Member2, "sover", 1); err != nil || len(hits) != 0 {
			t.Errorf("search finds the hidden post: %+v %v", hits, err)
		}
		if err := fx.M.Restore(ctx, &fx.Moderator, p.ID); err != nil {
			t.Fatal(err)
		}
		wantKind(t, fx.M.Restore(ctx, &fx.Moderator, p.ID), apperr.KindConflict, "restore a shown post")
		if hits, _, err := fx.F.Search(ctx, &fx.Member2, "sover", 1); err != nil || len(hits) != 1 {
			t.Errorf("search after restore: %+v %v", hits, err)
		}

		// A new member's first post in a category that asks for approval
		// waits, then counts once approved.
		th, held, err := fx.F.CreateThread(ctx, &fx.Member2, forum.NewThread{CategoryID: fx.Held.ID, Title: "Hei fra en ny her", Body: "Første innlegg, litt nervøs."})
		if err != nil || !held.Pending {
			t.Fatalf("first post: %+v %v", held, err)
		}
		q, err := fx.M.Queue(ctx, &fx.GranliaMod)
		if err != nil || len(q) != 1 || q[0].Kind != moderation.ItemPending {
			t.Fatalf("queue with a held post: %+v %v", q, err)
		}
		if err := fx.M.Approve(ctx, &fx.GranliaMod, held.ID); err != nil {
			t.Fatal(err)
		}
		wantKind(t, fx.M.Approve(ctx, &fx.GranliaMod, held.ID), apperr.KindConflict, "approve twice")
		got, err := fx.F.ThreadByID(ctx, &fx.Member, th.ID)
		if err != nil || got.PostCount != 1 {
			t.Fatalf("approved thread: %+v %v", got, err)
		}
		if hits, _, err := fx.F.Search(ctx, &fx.Member, "nervøs", 1); err != nil || len(hits) != 1 {
			t.Errorf("search for the approved post: %+v %v", hits, err)
		}
		es, _, err := fx.M.Log(ctx, &fx.Admin, moderation.LogFilter{Action: "post"})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range es {
			actions = append(actions, e.Action)
		}
		if strings.Join(actions, ",") != "post.approve,post.restore,post.hide" {
			t.Errorf("log: %v", actions)
		}
		if es[2].Reason != reason || es[2].ActorPseudonym != "Fjordvik-verten" || es[2].TargetLabel != "Søvn og uro om natta" {
			t.Errorf("hide entry: %+v", es[2])
		}
		verifyAudit(t, db)
	})
}

func TestThreadActionsAndSanctions(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		fx := setup(t, db)
		th, _ := fx.thread(t, &fx.Member, fx.General.ID)
		if err := fx.M.SetThread(ctx, &fx.Moderator, th.ID, moderation.Lock); err != nil {
			t.Fatal(err)
		}
		_, err := fx.F.Reply(ctx, &fx.Member2, th.ID, forum.NewPost{Body: "Jeg også!"})
		wantKind(t, err, apperr.KindConflict, "reply to a locked thread")
		for _, a := range []string{moderation.Unlock, moderation.Pin, moderation.Pin, moderation.Unpin} {
			if err := fx.M.SetThread(ctx, &fx.Moderator, th.ID, a); err != nil {
				t.Fatal(a, err)
			}
		}
		if err := fx.M.Retitle(ctx, &fx.Moderator, th.ID, "  Kveldsrutiner   som hjelper "); err != nil {
			t.Fatal(err)
		}
		if hits, _, err := fx.F.Search(ctx, &fx.Member, "kveldsrutiner", 1); err != nil || len(hits) != 1 {
			t.Errorf("search for the new title: %+v %v", hits, err)
		}
		es, _, err := fx.M.Log(ctx, &fx.Moderator, moderation.LogFilter{Action: "thread"})
		if err != nil || len(es) != 5 { // the second pin changed nothing
			t.Fatalf("thread log: %+v %v", es, err)
		}

		until := fx.Clock.Now().Add(72 * time.Hour)
		if err := fx.M.Sanction(ctx, &fx.Moderator, "havbris", forum.Mute, "Trenger en pause fra tråden", until); err != nil {
			t.Fatal(err)
		}
		_, err = fx.F.Reply(ctx, &fx.Member, th.ID, forum.NewPost{Body: "Kan jeg skrive?"})
		wantKind(t, err, apperr.KindForbidden, "muted member replies")
		if _, err := fx.F.Categories(ctx, &fx.Member); err != nil {
			t.Fatalf("muted member reads: %v", err)
		}
		if err := fx.M.Sanction(ctx, &fx.Moderator, "Havbris", forum.Suspend, "Brudd på retningslinjene", until); err != nil {
			t.Fatal(err)
		}
		_, err = fx.F.Categories(ctx, &fx.Member)
		wantKind(t, err, apperr.KindForbidden, "suspended member reads")
		if err := fx.M.Lift(ctx, &fx.Moderator, "Havbris", forum.Suspend); err != nil {
			t.Fatal(err)
		}
		wantKind(t, fx.M.Lift(ctx, &fx.Moderator, "Havbris", forum.Suspend), apperr.KindConflict, "lift twice")
		// Past the end, the mute is over by itself.
		fx.Clock.Advance(73 * time.Hour)
		if _, err := fx.F.Reply(ctx, &fx.Member, th.ID, forum.NewPost{Body: "Tilbake igjen."}); err != nil {
			t.Fatalf("reply after the mute ended: %v", err)
		}
		es, _, err = fx.M.Log(ctx, &fx.Moderator, moderation.LogFilter{Member: "Havbris", Action: "member"})
		if err != nil || len(es) != 3 || es[0].Action != "member.suspend.lift" || es[2].Reason != "Trenger en pause fra tråden" || es[2].TargetLabel != "Havbris" {
			t.Fatalf("member log: %+v %v", es, err)
		}
		notes, _ := notify.New(db, fx.Clock.Now).List(ctx, fx.Member.ID, 10, 0)
		if len(notes) < 3 || notes[0].Kind != moderation.KindSanctionLift {
			t.Errorf("member's notices: %+v", notes)
		}
		verifyAudit(t, db)
	})
}

func TestBadInputChangesNothing(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		fx := setup(t, db)
		th, p := fx.thread(t, &fx.Member, fx.General.ID)
		before := testkit.Counts(t, db)
		now := fx.Clock.Now()
		long := strings.Repeat("å", moderation.ReasonMax+1)
		cases := []struct {
			name  string
			err   error
			kind  apperr.Kind
			field string
		}{
			{"hide unknown post", fx.M.Hide(ctx, &fx.Moderator, 999999, "grunn"), apperr.KindNotFound, ""},
			{"hide without reason", fx.M.Hide(ctx, &fx.Moderator, p.ID, "  \n"), apperr.KindInvalid, "reason"},
			{"hide with a too long reason", fx.M.Hide(ctx, &fx.Moderator, p.ID, long), apperr.KindInvalid, "reason"},
			{"hide with NUL", fx.M.Hide(ctx, &fx.Moderator, p.ID, "a\x00b"), apperr.KindInvalid, "reason"},
			{"restore a shown post", fx.M.Restore(ctx, &fx.Moderator, p.ID), apperr.KindConflict, ""},
			{"dismiss without flags", fx.M.Dismiss(ctx, &fx.Moderator, p.ID), apperr.KindConflict, ""},
			{"approve a published post", fx.M.Approve(ctx, &fx.Moderator, p.ID), apperr.KindConflict, ""},
			{"unknown thread action", fx.M.SetThread(ctx, &fx.Moderator, th.ID, "explode"), apperr.KindNotFound, ""},
			{"lock unknown thread", fx.M.SetThread(ctx, &fx.Moderator, 999999, moderation.Lock), apperr.KindNotFound, ""},
			{"move to unknown category", fx.M.Move(ctx, &fx.Moderator, th.ID, 999999), apperr.KindInvalid, "category_id"},
			{"empty title", fx.M.Retitle(ctx, &fx.Moderator, th.ID, " "), apperr.KindInvalid, "title"},
			{"suspend with an end in the past", fx.M.Sanction(ctx, &fx.Moderator, "Havbris", forum.Suspend, "grunn", now.Add(-time.Minute)), apperr.KindInvalid, "until"},
			{"suspend without an end", fx.M.Sanction(ctx, &fx.Moderator, "Havbris", forum.Suspend, "grunn", time.Time{}), apperr.KindInvalid, "until"},
			{"suspend for two years", fx.M.Sanction(ctx, &fx.Moderator, "Havbris", forum.Suspend, "grunn", now.AddDate(2, 0, 0)), apperr.KindInvalid, "until"},
			{"mute with a too long reason", fx.M.Sanction(ctx, &fx.Moderator, "Havbris", forum.Mute, long, now.Add(time.Hour)), apperr.KindInvalid, "reason"},
			{"unknown sanction", fx.M.Sanction(ctx, &fx.Moderator, "Havbris", "ban", "grunn", now.Add(time.Hour)), apperr.KindNotFound, ""},
			{"mute unknown member", fx.M.Sanction(ctx, &fx.Moderator, "Ingen-slik", forum.Mute, "grunn", now.Add(time.Hour)), apperr.KindNotFound, ""},
			{"moderator mutes the administrator", fx.M.Sanction(ctx, &fx.Moderator, "admin", forum.Mute, "grunn", now.Add(time.Hour)), apperr.KindNotFound, ""},
			{"lift what is not there", fx.M.Lift(ctx, &fx.Moderator, "Havbris", forum.Mute), apperr.KindConflict, ""},
			{"flag unknown post", flagErr(fx, &fx.Member2, 999999, "spam", ""), apperr.KindNotFound, ""},
			{"flag with unknown reason", flagErr(fx, &fx.Member2, p.ID, "boring", ""), apperr.KindInvalid, "reason"},
			{"flag other without note", flagErr(fx, &fx.Member2, p.ID, "other", "  "), apperr.KindInvalid, "note"},
			{"flag with a too long note", flagErr(fx, &fx.Member2, p.ID, "spam", strings.Repeat("x", moderation.NoteMax+1)), apperr.KindInvalid, "note"},
			{"flag own post", flagErr(fx, &fx.Member, p.ID, "spam", ""), apperr.KindConflict, ""},
			{"provider flags", flagErr(fx, &fx.Provider, p.ID, "spam", ""), apperr.KindNotFound, ""},
		}
		for _, c := range cases {
			if !apperr.Is(c.err, c.kind) {
				t.Errorf("%s: got %v, want kind %v", c.name, c.err, c.kind)
				continue
			}
			if c.field != "" {
				var e *apperr.Error
				if ae := apperr.From(c.err); ae != nil {
					e = ae
				}
				if e == nil || e.Fields[c.field] == "" {
					t.Errorf("%s: no message for field %s: %+v", c.name, c.field, e)
				}
			}
		}
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
			t.Errorf("refused input changed rows:\n before %v\n  after %v", before, after)
		}
		if got, _ := fx.F.PostByID(ctx, &fx.Member2, p.ID); got.Hidden {
			t.Error("the post was hidden by refused input")
		}
	})
}

func flagErr(fx *fixture, u *identity.User, postID int64, reason, note string) error {
	_, err := fx.M.Flag(ctx, u, postID, reason, note)
	return err
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestCrisisLanguageAlertsModerators(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		fx := setup(t, db)
		th, p := fx.thread(t, &fx.Member, fx.General.ID)
		if p.Crisis != "" {
			t.Fatalf("an ordinary post raised %q", p.Crisis)
		}
		// Idioms raise nothing.
		idiom, err := fx.F.Reply(ctx, &fx.Member2, th.ID, forum.NewPost{Body: "Jeg døde av latter da jeg leste det, takk!"})
		if err != nil || idiom.Crisis != "" {
			t.Fatalf("idiom: %q %v", idiom.Crisis, err)
		}
		concern, err := fx.F.Reply(ctx, &fx.Member2, th.ID, forum.NewPost{Body: "Jeg orker ikke mer av dette."})
		if err != nil || concern.Crisis != "concern" {
			t.Fatalf("concern: %q %v", concern.Crisis, err)
		}
		intent, err := fx.F.Reply(ctx, &fx.Member, th.ID, forum.NewPost{Body: "Jeg har bestemt meg for å ta livet mitt i kveld."})
		if err != nil || intent.Crisis != "intent" {
			t.Fatalf("intent: %q %v", intent.Crisis, err)
		}
		// Never held back: others read it at once.
		if got, err := fx.F.PostByID(ctx, &fx.Member2, intent.ID); err != nil || got.Hidden || got.Pending {
			t.Fatalf("the crisis post is not shown to others: %+v %v", got, err)
		}
		// Intent first, then concern; both moderators reach the shared
		// category and got a notice without the text.
		q, err := fx.M.Queue(ctx, &fx.GranliaMod)
		if err != nil || len(q) != 2 || q[0].Kind != moderation.ItemCrisis || q[0].Level != "intent" || q[0].Post.ID != intent.ID || q[1].Level != "concern" {
			t.Fatalf("queue: %+v %v", q, err)
		}
		for _, m := range []identity.User{fx.Moderator, fx.GranliaMod} {
			notes, err := notify.New(db, fx.Clock.Now).List(ctx, m.ID, 10, 0)
			if err != nil || len(notes) != 2 || notes[0].Kind != moderation.KindCrisisAlert || notes[0].Args["post_id"] != itoa(intent.ID) {
				t.Fatalf("%s's notices: %+v %v", m.Pseudonym, notes, err)
			}
			b, _ := json.Marshal(notes)
			if strings.Contains(string(b), "livet") || strings.Contains(string(b), "orker") {
				t.Errorf("a notice holds the post's text: %s", b)
			}
		}
		// Editing the post again does not raise a second alert.
		if again, err := fx.F.Edit(ctx, &fx.Member, intent.ID, "Jeg har bestemt meg for å ta livet mitt i kveld. Beklager.", true); err != nil || again.Crisis != "intent" {
			t.Fatalf("edit: %q %v", again.Crisis, err)
		}
		var open int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM crisis_alerts WHERE handled_at IS NULL`).Scan(&open); err != nil || open != 2 {
			t.Fatalf("open alerts after the edit: %d %v", open, err)
		}
		// Following up closes the alert, once, and is logged.
		if err := fx.M.FollowedUp(ctx, &fx.Moderator, intent.ID); err != nil {
			t.Fatal(err)
		}
		wantKind(t, fx.M.FollowedUp(ctx, &fx.Moderator, intent.ID), apperr.KindConflict, "follow up twice")
		wantKind(t, fx.M.FollowedUp(ctx, &fx.Member, concern.ID), apperr.KindNotFound, "member follows up")
		if q, _ := fx.M.Queue(ctx, &fx.Moderator); len(q) != 1 || q[0].Post.ID != concern.ID {
			t.Errorf("queue after follow-up: %+v", q)
		}
		if es, _, err := fx.M.Log(ctx, &fx.Moderator, moderation.LogFilter{Action: "alert"}); err != nil || len(es) != 1 {
			t.Errorf("crisis log: %+v %v", es, err)
		}
		verifyAudit(t, db)
	})
}

// A crisis post in a community's own category alerts only the
// moderators who reach that community: its own, one who also serves it,
// not another community's (nor a disabled one), whatever their number.
func TestCrisisAlertReachesOnlyItsCommunity(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		fx := setup(t, db)
		th, _ := fx.thread(t, &fx.Member2, fx.GranliaOnly.ID)
		if _, err := db.ExecContext(ctx, `INSERT INTO moderator_communities (user_id, community_id) VALUES ($1, $2)`, fx.Moderator.ID, fx.Granlia.ID); err != nil {
			t.Fatal(err)
		}
		other, err := fx.IDs.CreateUser(ctx, &fx.Admin, identity.NewUser{Login: "othermod", Password: testkit.Password, Role: identity.PeerModerator, CommunityID: fx.Fjordvik.ID, Pseudonym: "Annen-verten"})
		if err != nil {
			t.Fatal(err)
		}
		p, err := fx.F.Reply(ctx, &fx.Member2, th.ID, forum.NewPost{Body: "Jeg orker ikke mer av dette."})
		if err != nil || p.Crisis != "concern" {
			t.Fatalf("concern: %q %v", p.Crisis, err)
		}
		count := func(u identity.User) int {
			notes, err := notify.New(db, fx.Clock.Now).List(ctx, u.ID, 10, 0)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, x := range notes {
				if x.Kind == moderation.KindCrisisAlert && x.Args["post_id"] == itoa(p.ID) {
					n++
				}
			}
			return n
		}
		for u, want := range map[*identity.User]int{&fx.GranliaMod: 1, &fx.Moderator: 1, &other: 0, &fx.Member: 0, &fx.Member2: 0} {
			if got := count(*u); got != want {
				t.Errorf("%s got %d crisis notices, want %d", u.Login, got, want)
			}
		}
	})
}

func TestUnansweredThreads(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		fx := setup(t, db)
		lonely, _ := fx.thread(t, &fx.Member, fx.General.ID)
		answered, _ := fx.thread(t, &fx.Member2, fx.General.ID)
		if _, err := fx.F.Reply(ctx, &fx.Member, answered.ID, forum.NewPost{Body: "Takk for at du deler."}); err != nil {
			t.Fatal(err)
		}
		local, _ := fx.thread(t, &fx.Member2, fx.GranliaOnly.ID)
		byMod, _ := fx.thread(t, &fx.Moderator, fx.General.ID)
		ids := func(u identity.User) []int64 {
			t.Helper()
			ws, err := fx.M.Unanswered(ctx, &u)
			if err != nil {
				t.Fatal(err)
			}
			var out []int64
			for _, w := range ws {
				out = append(out, w.ThreadID)
			}
			return out
		}
		if got := ids(fx.Moderator); len(got) != 0 {
			t.Fatalf("unanswered before 12 hours: %v", got)
		}
		fx.Clock.Advance(13 * time.Hour)
		if got := ids(fx.Moderator); len(got) != 1 || got[0] != lonely.ID {
			t.Fatalf("Fjordvik's moderator sees %v, want only %d (not answered %d, Granlia's %d, the moderator's %d)", got, lonely.ID, answered.ID, local.ID, byMod.ID)
		}
		if got := ids(fx.GranliaMod); len(got) != 2 {
			t.Fatalf("Granlia's moderator sees %v", got)
		}
		// The starter adding to their own thread keeps it waiting.
		more, err := fx.F.Reply(ctx, &fx.Member, lonely.ID, forum.NewPost{Body: "Ingen som har erfaring med dette?"})
		if err != nil {
			t.Fatal(err)
		}
		fx.Clock.Advance(13 * time.Hour)
		ws, _ := fx.M.Unanswered(ctx, &fx.Moderator)
		if len(ws) != 1 || ws[0].PostID != more.ID || ws[0].Opening {
			t.Fatalf("after the starter's follow-up: %+v", ws)
		}
		wantKind(t, fx.M.Acknowledge(ctx, &fx.Member2, more.ID), apperr.KindNotFound, "member acknowledges")
		if err := fx.M.Acknowledge(ctx, &fx.Moderator, more.ID); err != nil {
			t.Fatal(err)
		}
		wantKind(t, fx.M.Acknowledge(ctx, &fx.Moderator, more.ID), apperr.KindConflict, "acknowledge twice")
		if got := ids(fx.Moderator); len(got) != 0 {
			t.Fatalf("after acknowledging: %v", got)
		}
		if es, _, err := fx.M.Log(ctx, &fx.Moderator, moderation.LogFilter{Action: "post.acknowledge"}); err != nil || len(es) != 1 {
			t.Fatalf("acknowledge log: %+v %v", es, err)
		}
		verifyAudit(t, db)
	})
}
