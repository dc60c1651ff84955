package mail_test

import (
	"context"
	"log/slog"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/care"
	"reconnect/internal/config"
	"reconnect/internal/i18n"
	"reconnect/internal/identity"
	"reconnect/internal/mail"
	"reconnect/internal/mail/mailtest"
	"reconnect/internal/markup"
	"reconnect/internal/messages"
	"reconnect/internal/notify"
	"reconnect/internal/seal"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
	"reconnect/internal/testkit/webtest"
)

// ctx is a request context of a server that sends e-mail.
var ctx = notify.WithEmail(context.Background())

const baseURL = "https://reconnect.example"

// rig is a fixture world with e-mail: the real sender and worker,
// talking SMTP to an in-process server.
type rig struct {
	*testkit.World
	mails  *mail.Service
	worker *mail.Worker
	smtp   *mailtest.Server
	msgs   *messages.Service
	logs   *webtest.Buffer
	opt    mail.WorkerOptions
	keys   *seal.Keyring
	sender *mail.Sender
}

func newRig(t *testing.T, db *sqldb.DB, opt mail.WorkerOptions) *rig {
	t.Helper()
	r := &rig{World: testkit.NewWorld(t, db), smtp: mailtest.Start(t), logs: &webtest.Buffer{}, keys: seal.NewKeyring(seal.RandomKey())}
	var err error
	r.sender, err = mail.NewSender(config.SMTPConfig{Addr: r.smtp.Addr, From: "ReConnect <noreply@reconnect.example>", TLS: "opportunistic"})
	if err != nil {
		t.Fatal(err)
	}
	opt.Now = r.Clock.Now
	r.opt = opt
	r.mails = mail.New(db, r.keys, r.Clock.Now, true)
	r.worker = r.newWorker(t, opt)
	allowAll := func(context.Context, sqldb.Querier, *identity.User, identity.User) error { return nil }
	r.msgs = messages.New(db, r.IDs, messages.Options{Keys: r.keys, Markup: markup.New().HTML, Now: r.Clock.Now, MayStart: allowAll})
	return r
}

func (r *rig) newWorker(t *testing.T, opt mail.WorkerOptions) *mail.Worker {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	opt.Now = r.Clock.Now
	return mail.NewWorker(r.DB, r.keys, r.sender, cat, baseURL, slog.New(slog.NewJSONHandler(r.logs, nil)), opt)
}

// sendDue runs the worker once and checks how many e-mails went out.
func (r *rig) sendDue(t *testing.T, want int) {
	t.Helper()
	n, err := r.worker.SendDue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != want {
		t.Fatalf("sent %d e-mails, want %d", n, want)
	}
}

var tokenRE = regexp.MustCompile(`/settings/email/verify\?token=([0-9A-Z-]+)`)

// verified gives u a verified address through the real verification
// e-mail.
func (r *rig) verified(t *testing.T, u *identity.User, address string) {
	t.Helper()
	if err := r.mails.Set(ctx, u, address); err != nil {
		t.Fatal(err)
	}
	before := len(r.smtp.Mail())
	r.sendDue(t, 1)
	got := r.smtp.Mail()[before:]
	text := decoded(t, got[0])
	m := tokenRE.FindStringSubmatch(text)
	if m == nil || len(got[0].To) != 1 || got[0].To[0] != address {
		t.Fatalf("verification e-mail to %v without a link: %s", got[0].To, text)
	}
	if err := r.mails.Verify(ctx, u, m[1]); err != nil {
		t.Fatal(err)
	}
}

func decoded(t *testing.T, m mailtest.Mail) string {
	t.Helper()
	s, err := m.Text()
	if err != nil {
		t.Fatalf("e-mail does not parse: %v\n%s", err, m.Raw)
	}
	return s
}

func count(t *testing.T, db *sqldb.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// The verification e-mail arrives and its link verifies the address
// once, for its owner only; the address is sealed at rest.
func TestVerification(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, mail.WorkerOptions{})
		const address = "kari.nordmann+rc@example.no"
		if err := r.mails.Set(ctx, &r.Member, address); err != nil {
			t.Fatal(err)
		}
		if testkit.DBContains(t, db, address) {
			t.Error("the address is stored in the clear")
		}
		r.sendDue(t, 1)
		got := r.smtp.Mail()
		text := decoded(t, got[0])
		if len(got) != 1 || got[0].To[0] != address || !strings.Contains(text, "Subject: Bekreft e-postadressen din i ReConnect") ||
			!strings.Contains(text, baseURL+"/settings/email/verify?token=") {
			t.Fatalf("verification e-mail: %v %s", got[0].To, text)
		}
		code := tokenRE.FindStringSubmatch(text)[1]
		if testkit.DBContains(t, db, code) {
			t.Error("the verification code is stored in the clear")
		}
		if a, _ := r.mails.Get(ctx, &r.Member); a.Address != address || a.Verified {
			t.Fatalf("before verifying: %+v", a)
		}
		if err := r.mails.Verify(ctx, &r.Member2, code); !apperr.Is(err, apperr.KindInvalid) {
			t.Errorf("another member's code verified: %v", err)
		}
		if err := r.mails.Verify(ctx, &r.Member, code); err != nil {
			t.Fatal(err)
		}
		if err := r.mails.Verify(ctx, &r.Member, code); !apperr.Is(err, apperr.KindInvalid) {
			t.Errorf("a code worked twice: %v", err)
		}
		if a, _ := r.mails.Get(ctx, &r.Member); a.Address != address || !a.Verified || !a.Notices {
			t.Fatalf("after verifying: %+v", a)
		}
		// A link older than 48 hours does not work.
		if err := r.mails.Set(ctx, &r.Member2, "ola@example.no"); err != nil {
			t.Fatal(err)
		}
		r.sendDue(t, 1)
		code = tokenRE.FindStringSubmatch(decoded(t, r.smtp.Mail()[1]))[1]
		r.Clock.Advance(mail.VerifyValid + time.Second)
		if err := r.mails.Verify(ctx, &r.Member2, code); !apperr.Is(err, apperr.KindInvalid) {
			t.Errorf("an expired code worked: %v", err)
		}
		if strings.Contains(r.logs.String(), "@example.no") {
			t.Errorf("the log names an address: %s", r.logs)
		}
	})
}

// A moderator's check-in gives the member exactly one e-mail that says
// only that there is a new message, with the link: none of the
// message's words and not the sender's pseudonym, in any header or part.
func TestMessageMailHoldsNoContent(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, mail.WorkerOptions{})
		const address = "havbris@example.no"
		r.verified(t, &r.Member, address)
		subject, body := "Solstreif over Tindefjellet", "Hvordan går hagearbeidet, Tulipanvenn? Hilsen Kaffekoppen."
		id, err := r.msgs.Start(ctx, &r.Moderator, "Havbris", subject, body)
		if err != nil {
			t.Fatal(err)
		}
		r.sendDue(t, 1)
		r.sendDue(t, 0)
		all := r.smtp.Mail()
		if len(all) != 2 {
			t.Fatalf("%d e-mails, want the verification and one notice", len(all))
		}
		m := all[1]
		if len(m.To) != 1 || m.To[0] != address {
			t.Fatalf("sent to %v", m.To)
		}
		text := decoded(t, m)
		link := baseURL + "/messages/" + itoa(id)
		if !strings.Contains(text, "Subject: Ny melding i ReConnect") || !strings.Contains(text, link) || !strings.Contains(text, `href="`+link+`"`) {
			t.Errorf("the e-mail lacks the subject or the link %s:\n%s", link, text)
		}
		words := strings.FieldsFunc(subject+" "+body+" "+r.Moderator.Pseudonym, func(c rune) bool { return strings.ContainsRune(" ,.?!", c) })
		for _, w := range append(words, "Fjordvik") {
			for name, s := range map[string]string{"raw": string(m.Raw), "decoded": text} {
				if strings.Contains(strings.ToLower(s), strings.ToLower(w)) {
					t.Errorf("the %s e-mail contains %q:\n%s", name, w, s)
				}
			}
		}
		if n := count(t, db, `SELECT COUNT(*) FROM mail_outbox WHERE state = 'sent'`); n != 2 {
			t.Errorf("%d outbox rows sent, want 2", n)
		}
		// Finished rows are deleted after 30 days.
		r.Clock.Advance(mail.Keep + time.Hour)
		if err := r.worker.Clean(ctx); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM mail_outbox`); n != 0 {
			t.Errorf("%d outbox rows after 30 days", n)
		}
	})
}

// A care message e-mail names neither the provider nor the member, and
// holds none of the words.
func TestCareMessageMailHoldsNoContent(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, mail.WorkerOptions{})
		const address = "nr7@example.no"
		r.verified(t, &r.Member, address)
		if _, err := care.New(db, r.IDs, r.Clock.Now).Link(ctx, &r.Admin, r.Provider.ID, r.Member.ID, "Kari Nordmann"); err != nil {
			t.Fatal(err)
		}
		subject, body := "Blodprøvesvar", "Litiumnivået høyt. Ring legekontoret."
		sent, err := r.msgs.StartCare(ctx, &r.Provider, []int64{r.Member.ID}, subject, body, nil)
		if err != nil {
			t.Fatal(err)
		}
		r.sendDue(t, 1)
		all := r.smtp.Mail()
		if len(all) != 2 || all[1].To[0] != address {
			t.Fatalf("%d e-mails, want the verification and one notice", len(all))
		}
		text := decoded(t, all[1])
		if !strings.Contains(text, baseURL+"/messages/"+itoa(sent.ConversationID)) {
			t.Errorf("no link to the conversation:\n%s", text)
		}
		words := strings.FieldsFunc(subject+" "+body+" Per Provider Kari Nordmann Havbris", func(c rune) bool { return strings.ContainsRune(" ,.?!", c) })
		for _, w := range words {
			for name, s := range map[string]string{"raw": string(all[1].Raw), "decoded": text} {
				if strings.Contains(strings.ToLower(s), strings.ToLower(w)) {
					t.Errorf("the %s e-mail contains %q", name, w)
				}
			}
		}
	})
}

// Several notices waiting for one member go out as one e-mail, in the
// member's language; with different conversations it links to them all.
func TestNoticesCollapseInTheMembersLanguage(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, mail.WorkerOptions{})
		r.verified(t, &r.Member, "havbris@example.no")
		if err := r.IDs.SetLanguage(ctx, &r.Member, "en"); err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{"Første", "Andre"} {
			if _, err := r.msgs.Start(ctx, &r.Moderator, "Havbris", s, "Hei"); err != nil {
				t.Fatal(err)
			}
		}
		r.sendDue(t, 1)
		text := decoded(t, r.smtp.Mail()[1])
		if !strings.Contains(text, "Subject: New message in ReConnect") || !strings.Contains(text, "You have new messages") ||
			!strings.Contains(text, baseURL+"/messages\n") || !strings.Contains(text, baseURL+"/settings/notifications") {
			t.Errorf("collapsed e-mail:\n%s", text)
		}
	})
}

// No verified address, notices off, an address removed, or a server
// without e-mail: no e-mail, and nothing queued.
func TestNoMailWithoutAVerifiedAddressWithNoticesOn(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, mail.WorkerOptions{})
		queued := func() int {
			return count(t, db, `SELECT COUNT(*) FROM mail_outbox WHERE kind = 'message'`)
		}
		// Unverified: the verification e-mail only.
		if err := r.mails.Set(ctx, &r.Member, "havbris@example.no"); err != nil {
			t.Fatal(err)
		}
		r.sendDue(t, 1)
		if _, err := r.msgs.Start(ctx, &r.Moderator, "Havbris", "Hei", "Hei"); err != nil {
			t.Fatal(err)
		}
		r.sendDue(t, 0)
		if queued() != 0 {
			t.Error("a message e-mail was queued for an unverified address")
		}
		// Verified with notices off.
		r.verified(t, &r.Member2, "morgengry@example.no")
		if err := r.mails.SetNotices(ctx, &r.Member2, false); err != nil {
			t.Fatal(err)
		}
		if _, err := r.msgs.Start(ctx, &r.Moderator, "Morgengry", "Hei", "Hei"); err != nil {
			t.Fatal(err)
		}
		r.sendDue(t, 0)
		// On a server without e-mail nothing is queued at all.
		if err := r.mails.SetNotices(ctx, &r.Member2, true); err != nil {
			t.Fatal(err)
		}
		if _, err := r.msgs.Start(context.Background(), &r.Moderator, "Morgengry", "Hei", "Hei"); err != nil {
			t.Fatal(err)
		}
		if queued() != 0 {
			t.Error("an e-mail was queued without e-mail on")
		}
		// Queued, then notices off or the address removed before sending.
		if _, err := r.msgs.Start(ctx, &r.Moderator, "Morgengry", "Hei", "Hei"); err != nil {
			t.Fatal(err)
		}
		if err := r.mails.SetNotices(ctx, &r.Member2, false); err != nil {
			t.Fatal(err)
		}
		r.sendDue(t, 0)
		if err := r.mails.SetNotices(ctx, &r.Member2, true); err != nil {
			t.Fatal(err)
		}
		if _, err := r.msgs.Start(ctx, &r.Moderator, "Morgengry", "Hei", "Hei"); err != nil {
			t.Fatal(err)
		}
		if err := r.mails.Remove(ctx, &r.Member2); err != nil {
			t.Fatal(err)
		}
		r.sendDue(t, 0)
		if n := len(r.smtp.Mail()); n != 2 {
			t.Errorf("%d e-mails, want only the two verifications", n)
		}
		if a, _ := r.mails.Get(ctx, &r.Member2); a != (mail.Address{}) {
			t.Errorf("removed address still there: %+v", a)
		}
	})
}

// With the SMTP server down the e-mail waits and is tried again later;
// it goes out once when the server is back, and never twice. After the
// last attempt the row is kept as failed.
func TestServerDownIsRetriedAndSentOnce(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, mail.WorkerOptions{Backoff: time.Minute, MaxAttempts: 3})
		const address = "havbris@example.no"
		r.verified(t, &r.Member, address)
		r.smtp.Stop()
		if _, err := r.msgs.Start(ctx, &r.Moderator, "Havbris", "Hei", "Hei"); err != nil {
			t.Fatal(err)
		}
		r.sendDue(t, 0)
		r.sendDue(t, 0) // not due again yet
		if n := count(t, db, `SELECT attempts FROM mail_outbox WHERE kind = 'message' AND state = 'pending'`); n != 1 {
			t.Fatalf("attempts %d, want 1", n)
		}
		logs := r.logs.String()
		if !strings.Contains(logs, `"class":"connect_failed"`) || strings.Contains(logs, address) || strings.Contains(logs, "127.0.0.1") {
			t.Errorf("log: %s", logs)
		}
		r.smtp.Restart()
		r.Clock.Advance(time.Minute)
		r.sendDue(t, 1)
		r.Clock.Advance(24 * time.Hour)
		r.sendDue(t, 0)
		if n := len(r.smtp.Mail()); n != 2 {
			t.Fatalf("%d e-mails, want the verification and one notice", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM mail_outbox WHERE kind = 'message' AND state = 'sent' AND attempts = 2`); n != 1 {
			t.Errorf("sent rows after a retry: %d", n)
		}
		// Down for good: three attempts, then failed, and never again.
		r.smtp.Stop()
		if _, err := r.msgs.Start(ctx, &r.Moderator, "Havbris", "Hei", "Hei"); err != nil {
			t.Fatal(err)
		}
		for range 3 {
			r.sendDue(t, 0)
			r.Clock.Advance(time.Hour)
		}
		r.smtp.Restart()
		r.sendDue(t, 0)
		if n := count(t, db, `SELECT COUNT(*) FROM mail_outbox WHERE state = 'failed' AND attempts = 3`); n != 1 {
			t.Errorf("failed rows: %d", n)
		}
	})
}

// A second worker (another node) never sends what the first one has
// claimed.
func TestTwoWorkersSendOnce(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, mail.WorkerOptions{})
		r.verified(t, &r.Member, "havbris@example.no")
		for range 3 {
			if _, err := r.msgs.Start(ctx, &r.Moderator, "Havbris", "Hei", "Hei"); err != nil {
				t.Fatal(err)
			}
		}
		other := r.newWorker(t, mail.WorkerOptions{})
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
		if n := <-done + <-done; n != 1 {
			t.Errorf("two workers sent %d e-mails, want 1", n)
		}
		if n := len(r.smtp.Mail()); n != 2 {
			t.Errorf("%d e-mails arrived, want 2", n)
		}
	})
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// Only a bare, plausible address is accepted; a refused one changes
// nothing.
func TestBadAddresses(t *testing.T) {
	for _, ok := range []string{"kari@example.no", "kari.nordmann+rc@post.example.no", " ola@example.org "} {
		if _, err := mail.CheckAddress(ok); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, mail.WorkerOptions{})
		before := testkit.Counts(t, db)
		for _, bad := range BadAddresses {
			err := r.mails.Set(ctx, &r.Member, bad)
			if e := apperr.From(err); e.Kind != apperr.KindInvalid || e.Fields["email"] != "field.email.invalid" {
				t.Errorf("%q: %v", bad, err)
			}
		}
		if err := r.mails.SetNotices(ctx, &r.Member, true); !apperr.Is(err, apperr.KindInvalid) {
			t.Errorf("notices without an address: %v", err)
		}
		if err := r.mails.Verify(ctx, &r.Member, ""); !apperr.Is(err, apperr.KindInvalid) {
			t.Errorf("empty code: %v", err)
		}
		off := mail.New(db, r.keys, r.Clock.Now, false)
		if err := off.Set(ctx, &r.Member, "kari@example.no"); !apperr.Is(err, apperr.KindConflict) {
			t.Errorf("an address on a server without e-mail: %v", err)
		}
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
			t.Errorf("refused addresses changed rows: %v -> %v", before, after)
		}
	})
}

// BadAddresses are refused (the web tests use them too).
var BadAddresses = []string{
	"", "   ", "kari", "kari@", "@example.no", "kari@example", "kari@example.no.", "kari@[127.0.0.1]",
	"Kari <kari@example.no>", "<kari@example.no>", `"Kari" kari@example.no`, "kari@example.no, ola@example.no",
	"kari@exa\x00mple.no", "kari@example.no\r\nBcc: ola@example.no", "kari\t@example.no", "kari @example.no",
	strings.Repeat("a", 65) + "@example.no",           // local part over 64
	"kari@" + strings.Repeat("abcdefghi.", 25) + "no", // over 254
}
