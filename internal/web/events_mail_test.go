package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"reconnect/internal/notify"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

// A reminder e-mail says only that there is a reminder in ReConnect,
// with a link; once the member chooses to, it also names the event and
// its time. Nothing a member wrote (the host's description, her note)
// is ever in it.
func TestReminderEmailsNameTheEventOnlyWhenChosen(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env, smtp := startWithMail(t, db)
		kari, mod := env.As(t, "member"), env.As(t, "moderator")
		verifyByAPI(t, env, smtp, kari, "havbris@example.no")
		oslo, _ := time.LoadLocation("Europe/Oslo")
		start := env.Clock.Now().In(oslo).Add(3 * time.Hour).Truncate(time.Hour)
		ev := created(t, mod.Do("POST", "/api/v1/events", map[string]any{"community_id": id(env.Fjordvik.ID), "kind": "cafe", "title": "Torsdagskafé",
			"description": "Vi snakker om Fjellrevens hemmelighet.", "starts_at": start, "ends_at": start.Add(2 * time.Hour),
			"recurrence": map[string]any{"freq": "weekly"}, "place": map[string]any{"name": "Biblioteket"}}), "id")
		next := start.AddDate(0, 0, 7)
		for _, at := range []time.Time{start, next} {
			mustStatus(t, kari.Do("POST", "/api/v1/events/"+ev+"/rsvp", map[string]any{"status": "going", "occurs_at": at, "note": "Første gang, Blåbærstien"}), 200)
		}
		ctx := notify.WithEmail(context.Background()) // as App.Serve runs the reminder loop with e-mail on
		remind := func() {
			t.Helper()
			if n, err := env.App.Events.SendReminders(ctx); err != nil || n != 1 {
				t.Fatalf("reminders: %d %v", n, err)
			}
		}
		env.Clock.Advance(61 * time.Minute)
		remind()
		sendDue(t, env, 1)
		all := smtp.Mail()
		first := mailText(t, all[len(all)-1])
		if !strings.Contains(first, "påminnelse") || !strings.Contains(first, "/events/"+ev+"?at=") {
			t.Errorf("the reminder e-mail:\n%s", first)
		}
		for _, w := range []string{"Torsdagskafé", "Biblioteket", start.Format("15.04")} {
			if strings.Contains(first, w) {
				t.Errorf("a reminder e-mail names %q before the member chose it", w)
			}
		}
		// She chooses to see the event in e-mail (before the session ends).
		kari = env.As(t, "member")
		mustStatus(t, kari.Do("PUT", "/api/v1/me/reminders", map[string]any{"minutes_before": []int{120}, "email_shows_event": true}), 200)
		env.Clock.Advance(next.Add(-90 * time.Minute).Sub(env.Clock.Now()))
		remind()
		sendDue(t, env, 1)
		all = smtp.Mail()
		second := mailText(t, all[len(all)-1])
		if !strings.Contains(second, "Torsdagskafé") || !strings.Contains(second, next.Format("02.01.2006 kl. 15.04")) {
			t.Errorf("the chosen details are missing:\n%s", second)
		}
		for _, m := range all {
			for _, w := range []string{"Fjellrevens", "Blåbærstien", "Havbris", "Fjordvik-verten"} {
				if strings.Contains(mailText(t, m), w) || strings.Contains(string(m.Raw), w) {
					t.Errorf("an e-mail contains %q", w)
				}
			}
		}
	})
}
