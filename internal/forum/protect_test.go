package forum_test

import (
	"reflect"
	"testing"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/forum"
	"reconnect/internal/notify"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

func TestMembersProtectThemselves(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		fx := setup(t, db)
		th, _ := fx.thread(t, &fx.Member, fx.General.ID, "Hvordan sover dere?", "Jeg sover dårlig for tiden.")
		a, err := fx.F.Reply(ctx, &fx.Member2, th.ID, forum.NewPost{Body: "Prøv å legge bort **mobilen** en time før."})
		if err != nil {
			t.Fatal(err)
		}
		b, err := fx.F.Reply(ctx, &fx.Moderator, th.ID, forum.NewPost{Body: "Søvnhygiene hjelper mange. Jobbintervju neste uke?"})
		if err != nil {
			t.Fatal(err)
		}
		collapsed := func() map[int64]string {
			t.Helper()
			pg, err := fx.F.Posts(ctx, &fx.Member, th.ID, 0, 50)
			if err != nil {
				t.Fatal(err)
			}
			out := map[int64]string{}
			for _, p := range pg.Posts {
				out[p.ID] = p.Collapsed
			}
			return out
		}
		if c := collapsed(); c[a.ID] != "" || c[b.ID] != "" {
			t.Fatalf("collapsed before any choice: %v", c)
		}
		if err := fx.F.MuteMember(ctx, &fx.Member, "morgengry", true); err != nil {
			t.Fatal(err)
		}
		if err := fx.F.SetWordFilters(ctx, &fx.Member, []string{" Jobbintervju ", "jobbintervju", "mobil"}); err != nil {
			t.Fatal(err)
		}
		if c := collapsed(); c[a.ID] != forum.CollapsedMuted || c[b.ID] != forum.CollapsedFiltered {
			t.Fatalf("collapsed: %v", c)
		}
		// Only for the member who chose it.
		pg, _ := fx.F.Posts(ctx, &fx.Member2, th.ID, 0, 50)
		for _, p := range pg.Posts {
			if p.Collapsed != "" {
				t.Errorf("post %d is collapsed for another member", p.ID)
			}
		}
		p, err := fx.F.Protection(ctx, &fx.Member)
		if err != nil || len(p.Muted) != 1 || p.Muted[0] != "Morgengry" || len(p.Words) != 2 {
			t.Fatalf("protection: %+v %v", p, err)
		}
		// Bad input changes nothing.
		before := testkit.Counts(t, db)
		for name, err := range map[string]error{
			"mute myself":       fx.F.MuteMember(ctx, &fx.Member, "Havbris", true),
			"mute nobody":       fx.F.MuteMember(ctx, &fx.Member, "Ingen-slik", true),
			"a one-letter word": fx.F.SetWordFilters(ctx, &fx.Member, []string{"ok", "x"}),
			"51 words":          fx.F.SetWordFilters(ctx, &fx.Member, manyWords(51)),
			"break of 91 days":  fx.F.TakeBreak(ctx, &fx.Member, 91),
			"negative break":    fx.F.TakeBreak(ctx, &fx.Member, -1),
		} {
			if !apperr.Is(err, apperr.KindInvalid) && !apperr.Is(err, apperr.KindNotFound) {
				t.Errorf("%s: %v", name, err)
			}
		}
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
			t.Errorf("refused choices changed rows")
		}
		if _, err := fx.F.Protection(ctx, &fx.Provider); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("a provider has forum choices: %v", err)
		}

		// A break pauses forum notices and ends by itself.
		if err := fx.F.TakeBreak(ctx, &fx.Member, 3); err != nil {
			t.Fatal(err)
		}
		if until, err := fx.F.OnBreak(ctx, &fx.Member); err != nil || until == nil || !until.Equal(fx.Clock.Now().AddDate(0, 0, 3)) {
			t.Fatalf("on break: %v %v", until, err)
		}
		notes := notify.New(db, fx.Clock.Now)
		n0, _ := notes.Unread(ctx, fx.Member.ID)
		if _, err := fx.F.Reply(ctx, &fx.Member2, th.ID, forum.NewPost{Body: "Hei @Havbris, hvordan går det?"}); err != nil {
			t.Fatal(err)
		}
		if n1, _ := notes.Unread(ctx, fx.Member.ID); n1 != n0 {
			t.Errorf("notices during a break: %d -> %d", n0, n1)
		}
		if back, _ := fx.F.WelcomeBack(ctx, &fx.Member); back {
			t.Error("welcomed back during the break")
		}
		fx.Clock.Advance(3*24*time.Hour + time.Minute)
		if until, _ := fx.F.OnBreak(ctx, &fx.Member); until != nil {
			t.Errorf("still on break after it ended: %v", until)
		}
		if back, _ := fx.F.WelcomeBack(ctx, &fx.Member); !back {
			t.Error("not welcomed back")
		}
		if back, _ := fx.F.WelcomeBack(ctx, &fx.Member); back {
			t.Error("welcomed back twice")
		}
		if _, err := fx.F.Reply(ctx, &fx.Member2, th.ID, forum.NewPost{Body: "Velkommen tilbake @Havbris!"}); err != nil {
			t.Fatal(err)
		}
		if n2, _ := notes.Unread(ctx, fx.Member.ID); n2 != n0+2 { // the mention and the reply to a watched thread
			t.Errorf("notices after the break: %d -> %d", n0, n2)
		}
	})
}

func manyWords(n int) []string {
	var out []string
	for i := 0; i < n; i++ {
		out = append(out, "ord"+itoa(int64(i)))
	}
	return out
}
