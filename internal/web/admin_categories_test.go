package web_test

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
	"reconnect/internal/testkit/webtest"
)

// Administrators manage forum categories on a page of their own; bad
// input keeps what was typed, says what to fix and writes nothing.
func TestAdminCategoryPages(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env := webtest.Start(t, db)
		admin := env.As(t, "admin")
		for _, who := range []string{"member", "moderator", "provider"} {
			c := env.As(t, who)
			if r := c.Get("/admin/forum/categories"); r.Status != 404 {
				t.Errorf("%s sees the category admin page: %d", who, r.Status)
			}
			if r := c.Form("/admin/forum/categories", url.Values{"slug": {"x"}}); r.Status != 404 {
				t.Errorf("%s posts a category: %d", who, r.Status)
			}
		}
		if r := admin.Get("/admin/forum/categories"); r.Status != 200 || !strings.Contains(r.Text(), "Det er ingen kategorier ennå") {
			t.Fatalf("empty list: %d", r.Status)
		}
		valid := url.Values{"slug": {"hverdagen"}, "name_nb": {"Hverdagen"}, "name_en": {"Everyday life"}, "description_nb": {"Små og store ting."},
			"description_en": {"Small and big things."}, "position": {"10"}, "community_id": {id(env.Fjordvik.ID)}, "requires_approval": {"yes"}}
		with := func(k, v string) url.Values {
			out := url.Values{}
			for key, vs := range valid {
				out[key] = vs
			}
			out.Set(k, v)
			return out
		}
		before := testkit.Counts(t, db)
		for _, bad := range []struct {
			vals   url.Values
			status int
		}{
			{with("name_nb", ""), 400}, {with("slug", "Med Mellomrom"), 400}, {with("position", "abc"), 400},
			{with("position", "-1"), 400}, {with("community_id", "99999"), 400}, {with("community_id", "x"), 400},
			{with("name_en", strings.Repeat("a", 81)), 400}, {with("description_nb", strings.Repeat("a", 501)), 400},
		} {
			r := admin.Form("/admin/forum/categories", bad.vals)
			if r.Status != bad.status || !strings.Contains(r.Text(), `aria-invalid="true"`) || !strings.Contains(r.Text(), "Small and big things.") {
				t.Errorf("%v: %d", bad.vals, r.Status)
			}
		}
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
			t.Fatalf("refused categories changed rows: %v -> %v", before, after)
		}
		if r := admin.Form("/admin/forum/categories", valid); r.Status != 303 {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		if r := admin.Form("/admin/forum/categories", valid); r.Status != 409 || !strings.Contains(r.Text(), `aria-invalid="true"`) {
			t.Errorf("same slug again: %d", r.Status)
		}
		var cats struct {
			Items []struct {
				ID, Name    string
				CommunityID string `json:"community_id"`
			}
		}
		admin.Get("/api/v1/admin/forum/categories").JSON(t, &cats)
		if len(cats.Items) != 1 || cats.Items[0].CommunityID != id(env.Fjordvik.ID) {
			t.Fatalf("stored: %+v", cats)
		}
		cid := cats.Items[0].ID
		page := admin.Get("/admin/forum/categories/" + cid).Text()
		if !strings.Contains(page, `value="Everyday life"`) || !strings.Contains(page, `name="requires_approval" value="yes" checked`) {
			t.Fatalf("edit page does not show the settings")
		}
		if r := admin.Form("/admin/forum/categories/"+cid, with("community_id", "")); r.Status != 303 {
			t.Fatalf("update: %d %s", r.Status, r.Body)
		}
		cats.Items = nil
		admin.Get("/api/v1/admin/forum/categories").JSON(t, &cats)
		if len(cats.Items) != 1 || cats.Items[0].CommunityID != "" {
			t.Errorf("not shared after the update: %+v", cats)
		}
		// Granlia's member now sees it, in their language.
		m2 := env.As(t, "member2")
		mustStatus(t, m2.Do("PATCH", "/api/v1/me/preferences", map[string]any{"language": "en"}), 200)
		if !strings.Contains(m2.Get("/forum").Text(), "Everyday life") {
			t.Error("the shared category is not listed in English")
		}
		for _, p := range []string{"/admin/forum/categories/99999", "/admin/forum/categories/abc"} {
			if r := admin.Get(p); r.Status != 404 {
				t.Errorf("GET %s: %d", p, r.Status)
			}
		}
	})
}
