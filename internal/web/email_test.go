package web_test

import (
	"context"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"reconnect/internal/config"
	"reconnect/internal/mail/mailtest"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
	"reconnect/internal/testkit/webtest"
)

// startWithMail serves the fixture world with e-mail through an
// in-process SMTP server.
func startWithMail(t *testing.T, db *sqldb.DB) (*webtest.Env, *mailtest.Server) {
	t.Helper()
	srv := mailtest.Start(t)
	env := webtest.StartWith(t, db, func(c *config.Config) {
		c.SMTP = config.SMTPConfig{Addr: srv.Addr, From: "ReConnect <noreply@reconnect.example>", TLS: "none"}
	})
	return env, srv
}

// sendDue runs the mail worker once, as serve does every few seconds.
func sendDue(t *testing.T, env *webtest.Env, want int) {
	t.Helper()
	n, err := env.App.MailWorker.SendDue(context.Background())
	if err != nil || n != want {
		t.Fatalf("sent %d e-mails (%v), want %d", n, err, want)
	}
}

var verifyLink = regexp.MustCompile(`https?://[^/\s]+(/settings/email/verify\?token=[0-9A-Z-]+)`)

// The settings page flow, without JavaScript: add an address, open the
// link from the e-mail (a page that changes nothing until its button is
// pressed), confirm, get a content-free e-mail for a new message, turn
// notices off, remove the address. Only the owner ever sees it.
func TestEmailSettingsFlow(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env, smtp := startWithMail(t, db)
		const address = "havbris@example.no"
		member, other := env.As(t, "member"), env.As(t, "member2")
		other.Forbid = []string{address}
		page := member.Get("/settings")
		mustStatus(t, page, 200)
		if !strings.Contains(page.Text(), `action="/settings/email"`) || !strings.Contains(page.Text(), "Varsel på e-post") {
			t.Fatalf("no e-mail section: %.300s", page.Body)
		}
		mustStatus(t, member.Form("/settings/email", url.Values{"email": {address}}), 303)
		page = member.Get("/settings")
		if !strings.Contains(page.Text(), address) || !strings.Contains(page.Text(), "ikke bekreftet ennå") || !strings.Contains(page.Text(), "Vi har sendt en lenke") {
			t.Errorf("settings after adding: %s", page.Body)
		}
		sendDue(t, env, 1)
		m := verifyLink.FindStringSubmatch(mailText(t, smtp.Mail()[0]))
		if m == nil {
			t.Fatalf("no link in %s", smtp.Mail()[0].Raw)
		}
		// Opening the link (or a scanner prefetching it) changes nothing.
		before := testkit.Counts(t, db)
		r := member.Get(m[1])
		mustStatus(t, r, 200)
		if !strings.Contains(r.Text(), `action="/settings/email/verify"`) {
			t.Fatalf("confirm page: %s", r.Body)
		}
		if signedOut := env.Client(t).Get(m[1]); signedOut.Status != 303 || !strings.HasPrefix(signedOut.Header.Get("Location"), "/login?next=") {
			t.Errorf("signed out: %d %s", signedOut.Status, signedOut.Header.Get("Location"))
		}
		token := strings.TrimPrefix(m[1], "/settings/email/verify?token=")
		r = other.Form("/settings/email/verify", url.Values{"token": {token}})
		if r.Status != 400 || !strings.Contains(r.Text(), "Lenken virker ikke") {
			t.Errorf("another member's confirmation: %d", r.Status)
		}
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
			t.Errorf("opening the link changed rows: %v -> %v", before, after)
		}
		mustStatus(t, member.Form("/settings/email/verify", url.Values{"token": {token}}), 303)
		if page = member.Get("/settings"); !strings.Contains(page.Text(), "E-postadressen er bekreftet") || !strings.Contains(page.Text(), "(bekreftet)") {
			t.Errorf("settings after confirming: %s", page.Body)
		}
		if strings.Contains(other.Get("/settings").Text(), address) {
			t.Error("another member sees the address")
		}
		// A check-in through the moderator's page: one e-mail, no content.
		mod := env.As(t, "moderator")
		mustStatus(t, mod.Form("/messages/new", url.Values{"pseudonym": {"Havbris"}, "subject": {"Tindefjellet"}, "message": {"Hvordan går hagearbeidet?"}}), 303)
		sendDue(t, env, 1)
		text := mailText(t, smtp.Mail()[1])
		for _, w := range []string{"Tindefjellet", "hagearbeidet", "Fjordvik-verten"} {
			if strings.Contains(text, w) || strings.Contains(string(smtp.Mail()[1].Raw), w) {
				t.Errorf("the e-mail contains %q", w)
			}
		}
		if !strings.Contains(text, env.URL+"/messages/") || smtp.Mail()[1].To[0] != address {
			t.Errorf("notice e-mail: %s", text)
		}
		// Off, then removed.
		mustStatus(t, member.Form("/settings/email/notices", url.Values{"notices": {"off"}}), 303)
		var p struct {
			Email         string `json:"email"`
			EmailVerified bool   `json:"email_verified"`
			EmailNotices  bool   `json:"email_notices"`
		}
		member.Get("/api/v1/me/preferences").JSON(t, &p)
		if p.Email != address || !p.EmailVerified || p.EmailNotices {
			t.Errorf("preferences after turning off: %+v", p)
		}
		mustStatus(t, member.Form("/settings/email/remove", nil), 303)
		member.Get("/api/v1/me/preferences").JSON(t, &p)
		if p != (struct {
			Email         string `json:"email"`
			EmailVerified bool   `json:"email_verified"`
			EmailNotices  bool   `json:"email_notices"`
		}{}) {
			t.Errorf("preferences after removing: %+v", p)
		}
		if strings.Contains(env.Logs.String(), address) {
			t.Error("the server log names the address")
		}
	})
}

// The preferences API sets, verifies and reports the address.
func TestEmailPreferencesAPI(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env, smtp := startWithMail(t, db)
		c := env.As(t, "member")
		r := c.Do("PATCH", "/api/v1/me/preferences", map[string]any{"email": "havbris@example.no", "language": "en"})
		mustStatus(t, r, 200)
		if !strings.Contains(r.Text(), `"email":"havbris@example.no","email_verified":false,"email_notices":true`) || !strings.Contains(r.Text(), `"language":"en"`) {
			t.Errorf("patched: %s", r.Body)
		}
		sendDue(t, env, 1)
		text := mailText(t, smtp.Mail()[0])
		if !strings.Contains(text, "Subject: Confirm your e-mail address in ReConnect") {
			t.Errorf("not in the member's language: %s", text)
		}
		token := strings.TrimPrefix(verifyLink.FindStringSubmatch(text)[1], "/settings/email/verify?token=")
		if r := c.Do("POST", "/api/v1/me/email/verify", map[string]any{"token": "AAAA-BBBB"}); r.Status != 400 || r.ErrorCode() != "invalid_link" {
			t.Errorf("wrong code: %d %s", r.Status, r.Body)
		}
		mustStatus(t, c.Do("POST", "/api/v1/me/email/verify", map[string]any{"token": token}), 204)
		if r := c.Get("/api/v1/me/preferences"); !strings.Contains(r.Text(), `"email_verified":true`) {
			t.Errorf("after verifying: %s", r.Body)
		}
		mustStatus(t, c.Do("PATCH", "/api/v1/me/preferences", map[string]any{"email_notices": false}), 200)
		if r := c.Get("/api/v1/me/preferences"); !strings.Contains(r.Text(), `"email_notices":false`) {
			t.Errorf("after turning off: %s", r.Body)
		}
	})
}

var badEmails = []string{"", "kari", "Kari <kari@example.no>", "<kari@example.no>", "kari@example", "kari@[127.0.0.1]",
	"kari@example.no\r\nBcc: ola@example.no", "kari\x01@example.no", strings.Repeat("a", 250) + "@example.no"}

// Bad addresses are refused with the field's problem in the member's
// language, through the page and the API, and change nothing; so is an
// address on a server that sends no e-mail.
func TestBadEmailIsRefused(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env, _ := startWithMail(t, db)
		c := env.As(t, "member")
		want := map[string]string{"nb": "Skriv en e-postadresse", "en": "Write an e-mail address"}
		before := testkit.Counts(t, db)
		for _, lang := range []string{"nb", "en"} {
			other := map[string]string{"nb": "en", "en": "nb"}[lang]
			mustStatus(t, c.Do("PATCH", "/api/v1/me/preferences", map[string]any{"language": lang}), 200)
			for _, bad := range badEmails {
				r := c.Form("/settings/email", url.Values{"email": {bad}})
				if r.Status != 400 || !strings.Contains(r.Text(), want[lang]) || !strings.Contains(r.Text(), `aria-invalid="true"`) {
					t.Errorf("%s form %q: %d", lang, bad, r.Status)
				}
				r = c.Do("PATCH", "/api/v1/me/preferences", map[string]any{"email": bad, "language": other})
				var e struct {
					Error struct{ Fields map[string]string }
				}
				r.JSON(t, &e)
				if bad == "" {
					mustStatus(t, r, 200) // "" removes the address, of which there is none
					mustStatus(t, c.Do("PATCH", "/api/v1/me/preferences", map[string]any{"language": lang}), 200)
					continue
				}
				if r.Status != 400 || !strings.HasPrefix(e.Error.Fields["email"], want[lang]) {
					t.Errorf("%s API %q: %d %s", lang, bad, r.Status, r.Body)
				}
			}
			if r := c.Get("/api/v1/me/preferences"); !strings.Contains(r.Text(), `"language":"`+lang+`"`) {
				t.Errorf("a refused patch changed the language: %s", r.Body)
			}
			if r := c.Do("PATCH", "/api/v1/me/preferences", map[string]any{"email_notices": true}); r.Status != 400 {
				t.Errorf("notices without an address: %d", r.Status)
			}
		}
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
			t.Errorf("refused addresses changed rows: %v -> %v", before, after)
		}
		// Without an SMTP server there is no e-mail section and no address.
		off := webtest.Start(t, testkit.SQLite(t))
		oc := off.As(t, "member")
		if strings.Contains(oc.Get("/settings").Text(), `id="s-email"`) {
			t.Error("e-mail section on a server without e-mail")
		}
		if r := oc.Do("PATCH", "/api/v1/me/preferences", map[string]any{"email": "havbris@example.no"}); r.Status != 409 || r.ErrorCode() != "email_off" {
			t.Errorf("address without e-mail: %d %s", r.Status, r.Body)
		}
	})
}

func mailText(t *testing.T, m mailtest.Mail) string {
	t.Helper()
	s, err := m.Text()
	if err != nil {
		t.Fatal(err)
	}
	return s
}
