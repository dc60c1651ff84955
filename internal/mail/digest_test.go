package mail_test

import (
	"strings"
	"testing"
	"time"

	"reconnect/internal/mail"
	"reconnect/internal/notify"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

// digestOn turns the daily digest on at 08:00 and e-mail on for forum
// replies too.
func digestOn(t *testing.T, r *rig) {
	set(t, notify.New(r.DB, r.Clock.Now), r.Member.ID, func(s *notify.Settings) {
		s.Digest, s.DigestHour = true, 8
		s.Kinds[notify.KindThreadReply] = notify.Channels{InApp: true, Email: true}
	})
}

// With the daily digest on, notice e-mails wait for the digest hour and
// go out as one letter that only counts them by kind: no words, no
// names, one link. It goes out once a day; what comes after waits for
// the next day.
func TestDigestCountsOnlyOnceADay(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, mail.WorkerOptions{})
		r.verified(t, &r.Member, "havbris@example.no")
		digestOn(t, r)
		words := []string{"Solsikkeengen", "Kaffekoppen", "Tulipanvenn", r.Moderator.Pseudonym, "Morgengry"}
		for _, w := range words[:2] {
			if _, err := r.msgs.Start(ctx, &r.Moderator, "Havbris", w, w+" og "+words[2]); err != nil {
				t.Fatal(err)
			}
		}
		for range 3 {
			add(t, db, r.Clock.Now(), r.Member.ID, notify.KindThreadReply, map[string]string{"pseudonym": "Morgengry", "thread_id": "7"})
		}
		r.sendDue(t, 0)
		at := time.Date(2026, 11, 27, 7, 0, 0, 0, time.UTC) // 08:00 in Oslo the next day
		r.Clock.Advance(at.Sub(r.Clock.Now()) - time.Second)
		r.sendDue(t, 0)
		r.Clock.Advance(time.Second)
		r.sendDue(t, 1)
		r.sendDue(t, 0)
		all := r.smtp.Mail()
		m := all[len(all)-1]
		text := decoded(t, m)
		for _, want := range []string{"Subject: Dagens oppsummering fra ReConnect", "Nye meldinger: 2", "Svar i tråder du følger: 3", baseURL + "/notifications\n"} {
			if !strings.Contains(text, want) {
				t.Errorf("the digest lacks %q:\n%s", want, text)
			}
		}
		for _, w := range words {
			if strings.Contains(strings.ToLower(text), strings.ToLower(w)) || strings.Contains(strings.ToLower(string(m.Raw)), strings.ToLower(w)) {
				t.Errorf("the digest contains %q", w)
			}
		}
		if strings.Contains(text, "/messages") {
			t.Error("the digest links to a conversation")
		}
		// Later the same day: tomorrow's digest.
		r.Clock.Advance(30 * time.Minute)
		if _, err := r.msgs.Start(ctx, &r.Moderator, "Havbris", "Hei", "Hei"); err != nil {
			t.Fatal(err)
		}
		r.sendDue(t, 0)
		r.Clock.Advance(23 * time.Hour)
		r.sendDue(t, 0)
		r.Clock.Advance(30 * time.Minute)
		r.sendDue(t, 1)
		if text := decoded(t, r.smtp.Mail()[len(r.smtp.Mail())-1]); !strings.Contains(text, "Nye meldinger: 1") || strings.Contains(text, "Svar i tråder") {
			t.Errorf("the second digest:\n%s", text)
		}
		// Turned off: the next notice goes out on its own again.
		set(t, notify.New(db, r.Clock.Now), r.Member.ID, func(s *notify.Settings) { s.Digest = false })
		if _, err := r.msgs.Start(ctx, &r.Moderator, "Havbris", "Hei", "Hei"); err != nil {
			t.Fatal(err)
		}
		r.sendDue(t, 1)
	})
}

// Two workers (two nodes) at the digest hour send one digest between
// them, and neither sends another that day.
func TestTwoWorkersSendTheDigestOnce(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, mail.WorkerOptions{})
		r.verified(t, &r.Member, "havbris@example.no")
		digestOn(t, r)
		for range 5 {
			if _, err := r.msgs.Start(ctx, &r.Moderator, "Havbris", "Hei", "Hei"); err != nil {
				t.Fatal(err)
			}
		}
		r.Clock.Advance(22 * time.Hour) // 07:00 UTC the next day: 08:00 in Oslo
		other := r.newWorker(t, mail.WorkerOptions{})
		run := func() int {
			done := make(chan int)
			for _, w := range []*mail.Worker{r.worker, other} {
				go func() {
					n, err := w.SendDue(ctx)
					if err != nil {
						t.Error(err)
					}
					done <- n
				}()
			}
			return <-done + <-done
		}
		if n := run(); n != 1 {
			t.Errorf("two workers sent %d digests, want 1", n)
		}
		if _, err := r.msgs.Start(ctx, &r.Moderator, "Havbris", "Hei", "Hei"); err != nil {
			t.Fatal(err)
		}
		r.Clock.Advance(time.Hour)
		if n := run(); n != 0 {
			t.Errorf("%d more digests the same day", n)
		}
		if n := len(r.smtp.Mail()); n != 2 {
			t.Errorf("%d e-mails arrived, want the verification and one digest", n)
		}
	})
}

// A digest that cannot be sent (the SMTP server is down) is tried again
// the same day, and then goes out once.
func TestDigestRetriedTheSameDay(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, mail.WorkerOptions{Backoff: time.Minute})
		r.verified(t, &r.Member, "havbris@example.no")
		digestOn(t, r)
		if _, err := r.msgs.Start(ctx, &r.Moderator, "Havbris", "Hei", "Hei"); err != nil {
			t.Fatal(err)
		}
		r.Clock.Advance(22 * time.Hour) // 08:00 in Oslo the next day
		r.smtp.Stop()
		r.sendDue(t, 0)
		r.smtp.Restart()
		r.Clock.Advance(time.Minute)
		r.sendDue(t, 1)
		r.Clock.Advance(time.Hour)
		r.sendDue(t, 0)
		if n := len(r.smtp.Mail()); n != 2 {
			t.Errorf("%d e-mails, want the verification and one digest", n)
		}
	})
}
