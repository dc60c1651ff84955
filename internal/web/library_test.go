package web_test

import (
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

// The library ships eight exercises and five information pages in both
// languages; staff write more; a member's responses are private; local
// links are kept per community by the people who serve it.
func TestLibrary(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		cw := newCareWorld(t, db)
		var ex struct {
			Items []struct {
				ID       string `json:"id"`
				TitleNB  string `json:"title_nb"`
				TitleEN  string `json:"title_en"`
				Category string `json:"category"`
				HTMLEN   string `json:"html_en"`
			}
		}
		cw.kari.Get("/api/v1/library/exercises").JSON(t, &ex)
		var info struct{ Items []struct{ ID string } }
		cw.kari.Get("/api/v1/library/info").JSON(t, &info)
		if len(ex.Items) < 8 || len(info.Items) < 5 {
			t.Fatalf("%d exercises and %d information pages shipped", len(ex.Items), len(info.Items))
		}
		for _, e := range ex.Items {
			if e.TitleNB == "" || e.TitleEN == "" || e.HTMLEN == "" || e.Category == "" {
				t.Errorf("an exercise lacks a language: %+v", e)
			}
		}
		first := ex.Items[0].ID
		if r := cw.provider.Get("/api/v1/library/exercises"); r.Status != 404 {
			t.Errorf("a provider reads the library: %d", r.Status)
		}

		// A private response, through the page.
		if r := cw.kari.Form("/library/exercise/"+first, url.Values{"text": {"Pulsen roet seg etter to minutter."}}); r.Status != 303 {
			t.Fatalf("saving a response: %d", r.Status)
		}
		if r := cw.kari.Get("/library/exercise/" + first); !strings.Contains(r.Text(), "Pulsen roet seg") {
			t.Error("the response is not shown to its writer")
		}
		if r := cw.ola.Get("/library/exercise/" + first); strings.Contains(r.Text(), "Pulsen roet seg") {
			t.Error("another member sees the response")
		}
		if r := cw.kari.Do("POST", "/api/v1/toolbox/exercises", map[string]any{"exercise_id": "999999", "text": "Hei"}); r.Status != 400 {
			t.Errorf("a response to no exercise: %d", r.Status)
		}

		// Staff write; members do not; bad input changes nothing.
		created(t, cw.mod.Do("POST", "/api/v1/library/exercises", map[string]any{"category": "coping", "title_nb": "Kald hånd", "title_en": "Cold hand",
			"body_nb": "Hold en isbit.", "body_en": "Hold an ice cube."}), "id")
		before := testkit.Counts(t, db)
		for who, c := range map[string]struct {
			client int
			path   string
			body   map[string]any
			status int
		}{
			"member writes an exercise":     {0, "/api/v1/library/exercises", map[string]any{"category": "coping", "title_nb": "A", "title_en": "B", "body_nb": "C", "body_en": "D"}, 404},
			"moderator writes an info page": {1, "/api/v1/library/info", map[string]any{"title_nb": "A", "title_en": "B", "body_nb": "C", "body_en": "D"}, 404},
			"unknown category":              {1, "/api/v1/library/exercises", map[string]any{"category": "magic", "title_nb": "A", "title_en": "B", "body_nb": "C", "body_en": "D"}, 400},
			"no English":                    {1, "/api/v1/library/exercises", map[string]any{"category": "coping", "title_nb": "A", "title_en": "", "body_nb": "C", "body_en": ""}, 400},
		} {
			client := cw.kari
			if c.client == 1 {
				client = cw.mod
			}
			if r := client.Do("POST", c.path, c.body); r.Status != c.status {
				t.Errorf("%s: %d, want %d", who, r.Status, c.status)
			}
		}
		if r := cw.mod.Form("/local-links", url.Values{"community_id": {id(cw.Granlia.ID)}, "name": {"Granlia frivilligsentral"}}); r.Status != 404 {
			t.Errorf("a link for a community the moderator does not serve: %d", r.Status)
		}
		if r := cw.mod.Form("/local-links", url.Values{"community_id": {id(cw.Fjordvik.ID)}, "name": {"Turgruppa"}, "web": {"javascript:alert(1)"}}); r.Status != 400 {
			t.Errorf("a script link: %d", r.Status)
		}
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
			t.Error("refused library writes changed rows")
		}
		if r := cw.mod.Form("/local-links", url.Values{"community_id": {id(cw.Fjordvik.ID)}, "name": {"Turgruppa"}, "description": {"Tur hver onsdag kl. 11."},
			"phone": {"900 00 000"}, "web": {"https://turgruppa.example.no"}}); r.Status != 303 {
			t.Fatalf("a local link: %d", r.Status)
		}
		page := cw.kari.Get("/library")
		if !strings.Contains(page.Text(), "Turgruppa") || !strings.Contains(page.Text(), "Kald hånd") {
			t.Error("the member's library lacks the link or the new exercise")
		}
		if r := cw.ola.Get("/library"); strings.Contains(r.Text(), "Turgruppa") {
			t.Error("another community's link is shown")
		}
		cw.kari.Lang = "en"
		mustStatus(t, cw.kari.Do("PATCH", "/api/v1/me/preferences", map[string]any{"language": "en"}), 200)
		if r := cw.kari.Get("/library/exercise/" + first); !regexp.MustCompile(`<h1>[A-Z][a-z]`).MatchString(r.Text()) || strings.Contains(r.Text(), "Pust inn gjennom nesen") {
			t.Error("the English page is not in English")
		}
	})
}
