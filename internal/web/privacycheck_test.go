package web_test

import (
	"net/url"
	"strings"
	"testing"

	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
	"reconnect/internal/testkit/webtest"
)

func TestPrivacyCheckAPIAndPage(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env := webtest.Start(t, db)
		names := realNames(t, env)
		admin := env.As(t, "admin")
		if r := admin.Do("POST", "/api/v1/admin/places", map[string]any{"community_id": id(env.Fjordvik.ID), "name": "Fjordvik Coop"}); r.Status != 201 {
			t.Fatalf("add place: %d %s", r.Status, r.Body)
		}
		before := testkit.Counts(t, db)["places"]
		for _, body := range []map[string]any{
			{"community_id": id(env.Fjordvik.ID), "name": "fjordvik coop"}, // same after cleaning? different case: allowed
			{"community_id": "999999", "name": "Nowhere"},
			{"community_id": id(env.Fjordvik.ID), "name": "x"},
		} {
			admin.Do("POST", "/api/v1/admin/places", body)
		}
		if after := testkit.Counts(t, db)["places"]; after > before+1 {
			t.Fatalf("bad places stored: %d -> %d", before, after)
		}
		if r := env.As(t, "member").Do("POST", "/api/v1/admin/places", map[string]any{"community_id": id(env.Fjordvik.ID), "name": "Kiwi"}); r.Status != 404 {
			t.Fatalf("member adding a place: %d", r.Status)
		}

		kari := peer(t, env, "member", names)
		// The excerpts echo what Kari typed; nothing else about anyone may
		// come back (the finding never says whose name it is).
		kari.Forbid = []string{"Mona Moderator", "Ada Admin", "Per Provider", "Nordmann", "member2", "Morgengry"}
		text := "Hei, jeg heter Kari. Ring 412 34 567. Møtte Ola Hansen på Fjordvik Coop i dag."
		r := kari.Do("POST", "/api/v1/privacy/check", map[string]any{"text": text})
		if r.Status != 200 {
			t.Fatalf("check: %d %s", r.Status, r.Body)
		}
		var res struct {
			Findings []struct {
				Kind, Excerpt, Advice string
				Start, End            int
			}
		}
		r.JSON(t, &res)
		kinds := map[string]bool{}
		for _, f := range res.Findings {
			kinds[f.Kind] = true
			if f.Advice == "" || strings.HasPrefix(f.Advice, "privacy.") {
				t.Errorf("untranslated advice %q", f.Advice)
			}
			if got := string([]rune(text)[f.Start:f.End]); got != f.Excerpt {
				t.Errorf("offsets %d-%d give %q, excerpt %q", f.Start, f.End, got, f.Excerpt)
			}
		}
		for _, want := range []string{"own_name", "member_name", "phone", "place", "date_place"} {
			if !kinds[want] {
				t.Errorf("no %s finding in %+v", want, res.Findings)
			}
		}
		// Oversized, malformed and forbidden requests.
		if r := kari.Do("POST", "/api/v1/privacy/check", map[string]any{"text": strings.Repeat("a", 20001)}); r.Status != 400 {
			t.Fatalf("oversized: %d", r.Status)
		}
		if r := env.As(t, "provider").Do("POST", "/api/v1/privacy/check", map[string]any{"text": "hei"}); r.Status != 404 {
			t.Fatalf("provider: %d", r.Status)
		}
		var empty struct{ Findings []any }
		kari.Do("POST", "/api/v1/privacy/check", map[string]any{"text": "Jeg sov 8 timer og drakk 2 kopper kaffe."}).JSON(t, &empty)
		if empty.Findings == nil || len(empty.Findings) != 0 {
			t.Fatalf("harmless text: %+v", empty)
		}
		page := kari.Form("/privacy-check", url.Values{"text": {text}})
		if page.Status != 200 || !strings.Contains(page.Text(), "Fjordvik Coop") || !strings.Contains(page.Text(), "telefonnummer") {
			t.Fatalf("page: %d", page.Status)
		}
	})
}
