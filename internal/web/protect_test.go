package web_test

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

// A member's own protections work through the pages and the API, show
// only to them, and bad input is refused in place.
func TestProtectionPagesAndAPI(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		fw := newForumWorld(t, db)
		mustStatus(t, fw.kari.Get("/forum/settings"), 200)
		mustStatus(t, fw.kari.Form("/forum/settings/mute", url.Values{"pseudonym": {"Morgengry"}}), 303)
		page := fw.kari.Get("/forum/threads/" + fw.thread)
		if !strings.Contains(page.Text(), `<details class="collapsed">`) {
			t.Error("Morgengry's reply is not folded away for Havbris")
		}
		if strings.Contains(fw.ola.Get("/forum/threads/"+fw.thread).Text(), `class="collapsed"`) {
			t.Error("a post is folded away for someone who chose nothing")
		}
		r := fw.kari.Get("/api/v1/forum/threads/" + fw.thread)
		if !strings.Contains(r.Text(), `"collapsed":"muted"`) {
			t.Errorf("API post lacks collapsed: %.500s", r.Body)
		}
		before := testkit.Counts(t, db)
		r = fw.kari.Form("/forum/settings/words", url.Values{"words": {"ok\nx"}})
		if r.Status != 400 || !strings.Contains(r.Text(), "2–40 tegn") {
			t.Fatalf("a one-letter filter: %d %.300s", r.Status, r.Body)
		}
		r = fw.kari.Form("/forum/settings/mute", url.Values{"pseudonym": {"Ingen-slik"}})
		if r.Status != 400 {
			t.Fatalf("mute an unknown member: %d", r.Status)
		}
		r = fw.kari.Do("PUT", "/api/v1/forum/protection/break", map[string]any{"days": 91})
		if r.Status != 400 {
			t.Fatalf("a break of 91 days: %d", r.Status)
		}
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
			t.Error("refused choices changed rows")
		}
		mustStatus(t, fw.kari.Do("PUT", "/api/v1/forum/protection/words", map[string]any{"words": []string{"dager"}}), 204)
		r = fw.kari.Get("/api/v1/forum/protection")
		if !strings.Contains(r.Text(), `"muted_pseudonyms":["Morgengry"]`) || !strings.Contains(r.Text(), `"filter_words":["dager"]`) {
			t.Errorf("protection: %s", r.Body)
		}
		// A break hides the forum pages and offers the way back.
		mustStatus(t, fw.kari.Form("/forum/settings/break", url.Values{"days": {"7"}}), 303)
		for _, p := range []string{"/forum", "/forum/threads/" + fw.thread, "/forum/search?q=dager"} {
			r := fw.kari.Get(p)
			if r.Status != 200 || !strings.Contains(r.Text(), "Du har en pause") || strings.Contains(r.Text(), sharedTitle) {
				t.Errorf("%s during a break: %d", p, r.Status)
			}
		}
		mustStatus(t, fw.kari.Form("/forum/settings/end-break", nil), 303)
		if r := fw.kari.Get("/forum"); strings.Contains(r.Text(), "Du har en pause") {
			t.Error("the forum is still hidden after ending the break")
		}
		for _, login := range []string{"provider", "researcher", "admin"} {
			if r := fw.As(t, login).Get("/forum/settings"); r.Status != 404 {
				t.Errorf("/forum/settings as %s: %d", login, r.Status)
			}
		}
	})
}
