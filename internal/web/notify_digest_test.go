package web_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"reconnect/internal/mail/mailtest"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
	"reconnect/internal/testkit/webtest"
)

// verifyByAPI gives the client a confirmed address through the real
// verification e-mail.
func verifyByAPI(t *testing.T, env *webtest.Env, smtp *mailtest.Server, c *webtest.Client, address string) {
	t.Helper()
	mustStatus(t, c.Do("PATCH", "/api/v1/me/preferences", map[string]any{"email": address}), 200)
	sendDue(t, env, 1)
	m := verifyLink.FindStringSubmatch(mailText(t, smtp.Mail()[len(smtp.Mail())-1]))
	if m == nil {
		t.Fatal("no verification link")
	}
	mustStatus(t, c.Do("POST", "/api/v1/me/email/verify", map[string]any{"token": strings.TrimPrefix(m[1], "/settings/email/verify?token=")}), 204)
}

// The daily digest, set up over HTTP: a watched thread's reply and a
// moderator's message wait for the digest hour and come as one letter
// that counts them, with none of their words and no pseudonyms in any
// e-mail sent.
func TestDigestOverHTTPHoldsNoContent(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env, smtp := startWithMail(t, db)
		kari, ola, mod := env.As(t, "member"), env.As(t, "member2"), env.As(t, "moderator")
		verifyByAPI(t, env, smtp, kari, "havbris@example.no")
		mustStatus(t, kari.Do("PUT", "/api/v1/notifications/preferences", map[string]any{
			"kinds": map[string]any{"thread_reply": map[string]any{"email": true}}, "digest": map[string]any{"on": true, "hour": 8}}), 200)
		category := created(t, env.As(t, "admin").Do("POST", "/api/v1/admin/forum/categories", map[string]any{"slug": "generelt", "name_nb": "Generelt", "name_en": "General"}), "id")
		thread := created(t, kari.Do("POST", "/api/v1/forum/threads", map[string]any{"category_id": category, "title": "Vinterlys over Skarvheimen", "body": "Hvordan har dere det?"}), "thread.id")
		mustStatus(t, kari.Do("PUT", "/api/v1/forum/threads/"+thread+"/watch", map[string]any{"level": "watch"}), 204)
		const secret = "Tyttebærlyngen"
		created(t, ola.Do("POST", "/api/v1/forum/threads/"+thread+"/posts", map[string]any{"body": "Jeg gikk i " + secret + " i dag."}), "post.id")
		mustStatus(t, mod.Form("/messages/new", url.Values{"pseudonym": {"Havbris"}, "subject": {"Nordlysnatten"}, "message": {"Hvordan går det med " + secret + "?"}}), 303)
		sendDue(t, env, 0)
		env.Clock.Advance(time.Date(2026, 11, 27, 7, 0, 0, 0, time.UTC).Sub(env.Clock.Now())) // 08:00 in Oslo
		sendDue(t, env, 1)
		sendDue(t, env, 0)
		all := smtp.Mail()
		text := mailText(t, all[len(all)-1])
		for _, want := range []string{"Svar i tråder du følger: 1", "Nye meldinger: 1", env.URL + "/notifications"} {
			if !strings.Contains(text, want) {
				t.Errorf("digest lacks %q:\n%s", want, text)
			}
		}
		for _, m := range all {
			for _, w := range []string{secret, "Skarvheimen", "Nordlysnatten", "Morgengry", "Fjordvik-verten", "Havbris"} {
				if strings.Contains(mailText(t, m), w) || strings.Contains(string(m.Raw), w) {
					t.Errorf("an e-mail contains %q", w)
				}
			}
		}
	})
}
