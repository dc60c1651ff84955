package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

// Ola deletes her account with her posts: they leave the thread pages
// and search, a thread only she wrote in goes entirely, and the e-mail
// that confirms her request says nothing but that. Bad input, staff
// roles and strangers are refused, in the caller's language, and write
// nothing.
func TestDeletionWithPostsAndRefusals(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		env, smtp := startWithMail(t, db)
		admin, ola, mod := env.As(t, "admin"), env.As(t, "member2"), env.As(t, "moderator")
		shared := created(t, admin.Do("POST", "/api/v1/admin/forum/categories", map[string]any{"slug": "generelt", "name_nb": "Generelt", "name_en": "General"}), "id")
		modThread := created(t, mod.Do("POST", "/api/v1/forum/threads", map[string]any{"category_id": shared, "title": "Søvn og rutiner", "body": "Hvordan sover dere?"}), "thread.id")
		created(t, ola.Do("POST", "/api/v1/forum/threads/"+modThread+"/posts", map[string]any{"body": "Jeg sover bedre med fjellturer om kvelden."}), "post.id")
		olaThread := created(t, ola.Do("POST", "/api/v1/forum/threads", map[string]any{"category_id": shared, "title": "Kanelboller", "body": "Noen som baker kanelboller?"}), "thread.id")
		verifyByAPI(t, env, smtp, ola, "morgengry@example.no")

		// Refusals first: nothing is written by any of them.
		before := testkit.Counts(t, db)
		for _, c := range []struct {
			who, lang, body string
			status          int
			code, message   string
		}{
			{"member2", "nb", `{"forum_posts":"keep"}`, 400, "invalid_input", "Velg om innleggene dine"},
			{"member2", "en", `{"forum_posts":"keep"}`, 400, "invalid_input", "Choose whether your posts"},
			{"member2", "en", `{}`, 400, "invalid_input", "Choose whether your posts"},
			{"provider", "en", `{"forum_posts":"delete"}`, 409, "staff_account", "deleted by an administrator"},
			{"admin", "nb", `{"forum_posts":"delete"}`, 409, "staff_account", "slettes av en administrator"},
			{"", "nb", `{"forum_posts":"delete"}`, 401, "unauthorized", ""},
		} {
			cl := env.Client(t)
			if c.who != "" { // a member's own language setting decides
				cl = env.As(t, c.who)
				must2xx(t, cl.Do("PATCH", "/api/v1/me/preferences", map[string]any{"language": c.lang}))
			}
			cl.Lang = c.lang
			r := cl.Raw("DELETE", "/api/v1/me", "application/json", []byte(c.body))
			var e struct {
				Error struct {
					Code    string            `json:"code"`
					Message string            `json:"message"`
					Fields  map[string]string `json:"fields"`
				} `json:"error"`
			}
			r.JSON(t, &e)
			msg := e.Error.Message + " " + e.Error.Fields["forum_posts"]
			if r.Status != c.status || e.Error.Code != c.code || !strings.Contains(msg, c.message) {
				t.Errorf("%s %s %s: %d %s", c.who, c.lang, c.body, r.Status, r.Body)
			}
		}
		if r := env.Client(t).Form("/settings/delete", url.Values{"forum_posts": {"delete"}, "confirm_delete": {"yes"}}); r.Status != 401 {
			t.Errorf("a stranger's form: %d", r.Status)
		}
		must2xx(t, ola.Do("PATCH", "/api/v1/me/preferences", map[string]any{"language": "nb"}))
		if r := ola.Form("/settings/delete", url.Values{"forum_posts": {"both"}, "confirm_delete": {"yes"}}); r.Status != 400 {
			t.Errorf("an unknown choice on the page: %d", r.Status)
		}
		if p := env.As(t, "provider").Get("/settings"); strings.Contains(p.Text(), "s-delete") {
			t.Error("a provider is offered to delete her own account")
		}
		if after := testkit.Counts(t, db); after["deletion_requests"] != before["deletion_requests"] || after["audit_log"] != before["audit_log"] || after["notifications"] != before["notifications"] {
			t.Fatalf("a refused request wrote something: %v -> %v", before, after)
		}
		mustStatus(t, ola.Do("POST", "/api/v1/me/deletion/cancel", nil), 404)

		// Signing in over the API cancels a request and says so.
		mustStatus(t, ola.Do("DELETE", "/api/v1/me", map[string]any{"forum_posts": "keep_anonymous"}), 202)
		var in struct {
			Cancelled bool `json:"deletion_cancelled"`
		}
		browser := env.Client(t) // passkey sign-in goes through the API, then opens a page
		r := browser.Do("POST", "/api/v1/auth/login", map[string]string{"login": "member2", "password": testkit.Password})
		mustStatus(t, r, 200)
		if r.JSON(t, &in); !in.Cancelled {
			t.Errorf("the sign-in answer does not say the deletion was cancelled: %s", r.Body)
		}
		if p := browser.Get("/"); !strings.Contains(p.Text(), "Slettingen av kontoen din er avbrutt") {
			t.Error("the page after an API sign-in does not say the deletion was cancelled")
		}
		r = env.Client(t).Do("POST", "/api/v1/auth/login", map[string]string{"login": "member2", "password": testkit.Password})
		in.Cancelled = false
		if r.JSON(t, &in); in.Cancelled {
			t.Error("a second sign-in says a deletion was cancelled")
		}
		sendDue(t, env, 1)
		sent := len(smtp.Mail())

		// Her request: a notice, and an e-mail with nothing but that.
		mustStatus(t, ola.Do("DELETE", "/api/v1/me", map[string]any{"forum_posts": "delete"}), 202)
		sendDue(t, env, 1)
		letter := mailText(t, smtp.Mail()[sent])
		if !strings.Contains(letter, "slette kontoen din") || strings.Contains(letter, "Morgengry") || strings.Contains(letter, "fjellturer") {
			t.Errorf("the e-mail: %s", letter)
		}
		if n := idsOf(t, db, `SELECT id FROM notifications WHERE user_id = $1 AND kind = 'account_deletion'`, env.Member2.ID); len(n) != 2 {
			t.Error("no notice of the request")
		}

		env.Clock.Set(testkit.Start.Add(8 * 24 * time.Hour))
		if n, err := env.App.Deletion.Purge(ctx); err != nil || n != 1 {
			t.Fatalf("purge: %d %v", n, err)
		}
		mod = env.As(t, "moderator")
		p := mod.Get("/forum/threads/" + modThread)
		if p.Status != 200 || strings.Contains(p.Text(), "fjellturer") || strings.Contains(p.Text(), "Morgengry") || !strings.Contains(p.Text(), "Hvordan sover dere?") {
			t.Errorf("the thread page after deleting her posts: %d", p.Status)
		}
		if r := mod.Get("/forum/threads/" + olaThread); r.Status != 404 {
			t.Errorf("her own thread: %d", r.Status)
		}
		for _, q := range []string{"fjellturer", "kanelboller"} {
			var hits struct{ Items []any }
			mod.Get("/api/v1/forum/search?q="+q).JSON(t, &hits)
			if len(hits.Items) != 0 {
				t.Errorf("search still finds %q: %v", q, hits.Items)
			}
		}
		if left := traces(t, db, env.Member2.ID, []string{"Morgengry", "fjellturer", "kanelboller"}, []string{"member2"}, func(table string, r row) bool {
			return table == "audit_log" || (table == "users" && r["pseudonym"] == nil && r["deleted_at"] != nil)
		}); len(left) > 0 {
			t.Errorf("after deleting with posts: %s", strings.Join(left, "\n"))
		}
	})
}
