package mail_test

import (
	"database/sql"
	"reflect"
	"strings"
	"testing"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/mail"
	"reconnect/internal/notify"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

// set changes one kind's channels for u and keeps the rest.
func set(t *testing.T, notes *notify.Service, userID int64, edit func(*notify.Settings)) {
	t.Helper()
	st, err := notes.Settings(ctx, userID)
	if err != nil {
		t.Fatal(err)
	}
	edit(&st)
	if err := notes.Save(ctx, userID, st); err != nil {
		t.Fatal(err)
	}
}

// add stores a notice of kind for userID as a package would.
func add(t *testing.T, db *sqldb.DB, at time.Time, userID int64, kind string, args map[string]string) {
	t.Helper()
	if err := db.Write(ctx, func(tx *sql.Tx) error { return notify.Add(ctx, tx, userID, kind, args, at) }); err != nil {
		t.Fatal(err)
	}
}

// Each kind's channels are honoured: e-mail off keeps the notice in the
// app only; both off stores nothing; app off with e-mail on stores it
// read (the e-mail's link leads to it); a kind e-mailed only by choice
// gets the content-free letter linking to the notices page. A safety
// kind cannot be silenced in the app.
func TestPreferencesPerKindAndChannel(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, mail.WorkerOptions{})
		notes := notify.New(db, r.Clock.Now)
		r.verified(t, &r.Member, "havbris@example.no")
		notices := func(kind string, unread bool) int {
			q := `SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND kind = $2`
			if unread {
				q += ` AND read_at IS NULL`
			}
			return count(t, db, q, r.Member.ID, kind)
		}
		message := func() {
			if _, err := r.msgs.Start(ctx, &r.Moderator, "Havbris", "Hei", "Hei"); err != nil {
				t.Fatal(err)
			}
		}
		message() // defaults: in the app and by e-mail
		r.sendDue(t, 1)
		if notices("message", true) != 1 {
			t.Fatal("the default message notice is not in the app")
		}
		set(t, notes, r.Member.ID, func(s *notify.Settings) { s.Kinds["message"] = notify.Channels{InApp: true} })
		message()
		r.sendDue(t, 0)
		if notices("message", true) != 2 {
			t.Error("e-mail off removed the notice from the app")
		}
		set(t, notes, r.Member.ID, func(s *notify.Settings) { s.Kinds["message"] = notify.Channels{} })
		message()
		r.sendDue(t, 0)
		if notices("message", false) != 2 {
			t.Error("a notice was stored with both channels off")
		}
		set(t, notes, r.Member.ID, func(s *notify.Settings) { s.Kinds["message"] = notify.Channels{Email: true} })
		message()
		r.sendDue(t, 1)
		if notices("message", false) != 3 || notices("message", true) != 2 {
			t.Error("with the app off and e-mail on the notice should be stored read")
		}
		// A forum reply is not e-mailed by default; by choice it is, with
		// the general letter.
		args := map[string]string{"pseudonym": "Morgengry", "thread_id": "7"}
		add(t, db, r.Clock.Now(), r.Member.ID, notify.KindThreadReply, args)
		r.sendDue(t, 0)
		set(t, notes, r.Member.ID, func(s *notify.Settings) { s.Kinds[notify.KindThreadReply] = notify.Channels{InApp: true, Email: true} })
		add(t, db, r.Clock.Now(), r.Member.ID, notify.KindThreadReply, args)
		r.sendDue(t, 1)
		all := r.smtp.Mail()
		text := decoded(t, all[len(all)-1])
		if !strings.Contains(text, "Subject: Nytt i ReConnect") || !strings.Contains(text, baseURL+"/notifications") || strings.Contains(text, "Morgengry") {
			t.Errorf("forum reply e-mail:\n%s", text)
		}
		// Safety kinds stay in the app; unknown kinds and bad times are
		// refused and change nothing.
		before := testkit.Counts(t, db)
		st, _ := notes.Settings(ctx, r.Member.ID)
		for name, bad := range map[string]func(*notify.Settings){
			"kinds.identity_lookup": func(s *notify.Settings) { s.Kinds[notify.KindIdentityLookup] = notify.Channels{} },
			"kinds.bogus":           func(s *notify.Settings) { s.Kinds["bogus"] = notify.Channels{InApp: true} },
			"quiet_start":           func(s *notify.Settings) { s.QuietStart = 25 * 60 },
			"digest_hour":           func(s *notify.Settings) { s.DigestHour = 24 },
		} {
			s := st
			s.Kinds = map[string]notify.Channels{}
			for k, v := range st.Kinds {
				s.Kinds[k] = v
			}
			bad(&s)
			if e := apperr.From(notes.Save(ctx, r.Member.ID, s)); e.Kind != apperr.KindInvalid || e.Fields[name] == "" {
				t.Errorf("%s: %v %v", name, e, e.Fields)
			}
		}
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
			t.Errorf("refused settings changed rows: %v -> %v", before, after)
		}
		add(t, db, r.Clock.Now(), r.Member.ID, notify.KindIdentityLookup, map[string]string{"reason": "x"})
		if notices(notify.KindIdentityLookup, true) != 1 {
			t.Error("an identity look-up notice is missing")
		}
	})
}

// During quiet hours (22:00–07:00 on the community's clock by default)
// notice e-mails wait and then go out as one; a verification e-mail the
// member asked for is not held.
func TestQuietHoursDelayThenSendOnce(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, mail.WorkerOptions{})
		r.verified(t, &r.Member, "havbris@example.no")
		r.Clock.Advance(12*time.Hour + 30*time.Minute) // 21:30 UTC, 22:30 in Oslo
		for range 2 {
			if _, err := r.msgs.Start(ctx, &r.Moderator, "Havbris", "Hei", "Hei"); err != nil {
				t.Fatal(err)
			}
		}
		if err := r.mails.Set(ctx, &r.Member2, "morgengry@example.no"); err != nil {
			t.Fatal(err)
		}
		r.sendDue(t, 1) // the verification only
		if got := r.smtp.Mail(); len(got) != 2 || got[1].To[0] != "morgengry@example.no" {
			t.Fatalf("during quiet hours: %d e-mails", len(got))
		}
		end := time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC) // 07:00 in Oslo
		if n := count(t, db, `SELECT COUNT(*) FROM mail_outbox WHERE kind = 'message' AND state = 'pending' AND attempts = 0 AND next_attempt_at = $1`, end); n != 2 {
			t.Errorf("%d held rows wait until 07:00 with no attempt counted", n)
		}
		r.Clock.Advance(end.Sub(r.Clock.Now()) - time.Minute)
		r.sendDue(t, 0)
		r.Clock.Advance(time.Minute)
		r.sendDue(t, 1)
		r.sendDue(t, 0)
		text := decoded(t, r.smtp.Mail()[2])
		if !strings.Contains(text, "Du har fått nye meldinger") {
			t.Errorf("the held e-mails were not collapsed:\n%s", text)
		}
		// No quiet hours: at once, even at night.
		set(t, notify.New(db, r.Clock.Now), r.Member.ID, func(s *notify.Settings) { s.QuietStart, s.QuietEnd = 0, 0 })
		r.Clock.Advance(17 * time.Hour) // 23:00 UTC
		if _, err := r.msgs.Start(ctx, &r.Moderator, "Havbris", "Hei", "Hei"); err != nil {
			t.Fatal(err)
		}
		r.sendDue(t, 1)
	})
}
