package moderation_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/markup"
	"reconnect/internal/messages"
	"reconnect/internal/notify"
	"reconnect/internal/seal"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

func TestQuietMembersAndCheckIns(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		fx := setup(t, db)
		msgs := messages.New(db, fx.IDs, messages.Options{Keys: seal.NewKeyring(seal.RandomKey()), Markup: markup.New().HTML, Now: fx.Clock.Now, MayStart: fx.M.MayMessage})
		fx.thread(t, &fx.Member, fx.General.ID)                                   // Havbris took part
		fx.thread(t, &fx.Member2, fx.General.ID)                                  // Morgengry too, in Granlia
		if _, _, err := fx.IDs.StartSession(ctx, fx.Flaggers[0].ID); err != nil { // Skogsti signs in, never writes
			t.Fatal(err)
		}
		names := func() []string {
			t.Helper()
			qs, err := fx.M.QuietMembers(ctx, &fx.Moderator)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, q := range qs {
				out = append(out, q.Pseudonym)
			}
			return out
		}
		if got := names(); len(got) != 0 {
			t.Fatalf("quiet at once: %v", got)
		}
		fx.Clock.Advance(22 * 24 * time.Hour)
		if got := names(); !reflect.DeepEqual(got, []string{"Havbris"}) {
			t.Fatalf("quiet after 22 days: %v (want Havbris only: Morgengry is Granlia's, Skogsti never wrote)", got)
		}
		if _, err := fx.M.QuietMembers(ctx, &fx.Member); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("a member lists quiet members: %v", err)
		}

		// A check-in note: the member is told (without the text) and can
		// answer; nobody else can read it.
		before := testkit.Counts(t, db)
		for name, err := range map[string]error{
			"empty note":        startErr(msgs, fx, "Havbris", "Hei", "  "),
			"two-line subject":  startErr(msgs, fx, "Havbris", "Hei\npå deg", "Hei!"),
			"member of Granlia": startErr(msgs, fx, "Morgengry", "Hei", "Hei!"),
			"unknown member":    startErr(msgs, fx, "Ingen-slik", "Hei", "Hei!"),
			"another moderator": startErr(msgs, fx, "Granlia-verten", "Hei", "Hei!"),
		} {
			if err == nil || apperr.Is(err, apperr.KindInternal) {
				t.Errorf("%s: %v", name, err)
			}
		}
		if _, err := msgs.Start(ctx, &fx.Member, "Skogsti", "Hei", "Hei!"); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("a member starts a conversation: %v", err)
		}
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
			t.Error("refused notes changed rows")
		}
		note := "Hei! Vi har savnet deg på kafeen. Ingen press – bare si fra om du vil prate."
		id, err := msgs.Start(ctx, &fx.Moderator, "havbris", "En hilsen", note)
		if err != nil {
			t.Fatal(err)
		}
		notes, err := notify.New(db, fx.Clock.Now).List(ctx, fx.Member.ID, 5, 0)
		if err != nil || len(notes) == 0 || notes[0].Kind != messages.KindNotice {
			t.Fatalf("member's notices: %+v %v", notes, err)
		}
		if b, _ := json.Marshal(notes); strings.Contains(string(b), "savnet") {
			t.Errorf("a notice holds the message: %s", b)
		}
		list, err := msgs.List(ctx, &fx.Member)
		if err != nil || len(list) != 1 || !list[0].Unread || list[0].With[0] != "Fjordvik-verten" {
			t.Fatalf("member's conversations: %+v %v", list, err)
		}
		c, err := msgs.Get(ctx, &fx.Member, id)
		if err != nil || len(c.Messages) != 1 || !strings.Contains(string(c.Messages[0].HTML), "savnet deg") || c.Messages[0].Mine {
			t.Fatalf("conversation: %+v %v", c, err)
		}
		if list, _ := msgs.List(ctx, &fx.Member); list[0].Unread {
			t.Error("still unread after reading")
		}
		if err := msgs.Reply(ctx, &fx.Member, id, "Takk, det var godt å høre."); err != nil {
			t.Fatal(err)
		}
		for _, u := range []struct {
			name string
			err  error
		}{{"Morgengry", getErr(msgs, &fx.Member2, id)}, {"Granlia's moderator", getErr(msgs, &fx.GranliaMod, id)},
			{"the provider", getErr(msgs, &fx.Provider, id)}, {"the administrator", getErr(msgs, &fx.Admin, id)},
			{"Morgengry replying", msgs.Reply(ctx, &fx.Member2, id, "Hei")}} {
			if !apperr.Is(u.err, apperr.KindNotFound) {
				t.Errorf("%s reaches the conversation: %v", u.name, u.err)
			}
		}
		qs, _ := fx.M.QuietMembers(ctx, &fx.Moderator)
		if len(qs) != 1 || qs[0].LastCheckIn == nil {
			t.Errorf("quiet list after the check-in: %+v", qs)
		}
		// Signing in ends being quiet.
		if _, _, err := fx.IDs.StartSession(ctx, fx.Member.ID); err != nil {
			t.Fatal(err)
		}
		if got := names(); len(got) != 0 {
			t.Errorf("still quiet after signing in: %v", got)
		}
	})
}

func startErr(m *messages.Service, fx *fixture, to, subject, body string) error {
	_, err := m.Start(ctx, &fx.Moderator, to, subject, body)
	return err
}

func getErr(m *messages.Service, u *identity.User, id int64) error {
	_, err := m.Get(ctx, u, id)
	return err
}
