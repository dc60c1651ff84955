package e2e

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"reconnect/internal/library"
	"reconnect/internal/testkit/webtest"
	"reconnect/internal/toolbox"
)

// admin stores every payload where administrators (and providers and
// peer moderators) write text others read: community names, local
// places, reserved words, library exercises (which Havbris answers
// with the payload) and information pages, local links, the names on a
// provider's invitations and care codes, and the reasons for looking
// up who is behind a pseudonym. It checks the administrators' pages,
// the library and each exercise as Havbris, the provider's invitations
// and care team, the event form that lists the communities, the
// research page, Havbris's notices of the lookups, and the
// identifying-details check, which looks for the places.
func (x *xssWorld) admin(t *testing.T) {
	began := time.Now()
	env, ps := x.env, x.payloads
	ac, mc, pc, modc := env.As(t, "admin"), env.As(t, "member"), env.As(t, "provider"), env.As(t, "moderator")

	// Communities and places: refused names are counted, the stored
	// ones read back from the API.
	refused := 0
	try := func(c *webtest.Client, path string, body any) bool {
		r := c.Do(http.MethodPost, path, body)
		switch {
		case r.Status == http.StatusCreated:
			return true
		case r.Status == http.StatusBadRequest || r.Status == http.StatusConflict:
			refused++
			return false
		}
		t.Fatalf("POST %s: %d %.300s", path, r.Status, r.Body)
		return false
	}
	for i, p := range ps {
		try(ac, "/api/v1/communities", map[string]any{"name": line(p, 2, 100), "slug": fmt.Sprintf("xss-%03d", i+1)})
		try(ac, "/api/v1/admin/places", map[string]any{"community_id": fmt.Sprint(env.Fjordvik.ID), "name": line(p, 2, 80)})
		try(ac, "/api/v1/admin/reserved-pseudonyms", map[string]any{"word": line(p, 2, 30)})
	}
	var communities, places, words struct {
		Items []struct{ Name, Word string }
	}
	call(t, ac, http.MethodGet, "/api/v1/communities", nil, &communities)
	call(t, ac, http.MethodGet, fmt.Sprintf("/api/v1/admin/places?community_id=%d", env.Fjordvik.ID), nil, &places)
	call(t, ac, http.MethodGet, "/api/v1/admin/reserved-pseudonyms", nil, &words)
	var names, placeNames, reserved []string
	for _, c := range communities.Items {
		names = append(names, c.Name)
	}
	for _, p := range places.Items {
		placeNames = append(placeNames, p.Name)
	}
	for _, w := range words.Items {
		reserved = append(reserved, w.Word)
	}
	t.Logf("%d communities, %d places and %d reserved words stored; %d refused", len(names), len(placeNames), len(reserved), refused)

	// The library: an exercise and an information page per payload
	// (titled in English by number, since the address is made from the
	// English title), each exercise answered by Havbris; local links.
	var exercises, info []pageCheck
	var titles []string
	for i, p := range ps {
		title, body := line(p, 1, 120), lines(p, 1, 20000)
		var ex, in struct{ ID ID }
		call(t, modc, http.MethodPost, "/api/v1/library/exercises", map[string]any{"category": library.Categories[i%len(library.Categories)],
			"title_nb": title, "title_en": fmt.Sprintf("Exercise %d", i+1), "body_nb": body, "body_en": body}, &ex)
		answer := lines(ps[(i+1)%len(ps)], 1, 4000)
		call(t, mc, http.MethodPost, "/api/v1/toolbox/"+toolbox.Exercises, map[string]any{"exercise_id": ex.ID, "text": answer}, nil)
		exercises = append(exercises, shows(fmt.Sprintf("exercise %d", i), idPath("/library/exercise/%s", ex.ID), 3, title, answer))
		call(t, ac, http.MethodPost, "/api/v1/library/info", map[string]any{"title_nb": title, "title_en": fmt.Sprintf("Page %d", i+1), "body_nb": body, "body_en": body}, &in)
		if i%4 == 3 { // the exercise pages show the same title and body
			info = append(info, shows(fmt.Sprintf("information page %d", i), idPath("/library/info/%s", in.ID), 2, title))
		}
		if i%4 == 0 {
			info = append(info, shows(fmt.Sprintf("exercise %d's edit form", i), idPath("/library/exercise/%s/edit", ex.ID), 4, title, body))
		}
		titles = append(titles, title)
	}
	var links []string
	for i, p := range ps[:60] {
		name, desc, addr := line(p, 1, 120), lines(p, 0, 1000), line(p, 0, 200)
		form(t, ac, "/local-links", url.Values{"community_id": {fmt.Sprint(env.Fjordvik.ID)}, "name": {name}, "description": {desc},
			"address": {addr}, "web": {"https://lenke.example/?q=" + url.QueryEscape(ps[(i+7)%len(ps)])}})
		links = append(links, name, desc, addr)
	}

	// The provider invites service users by the names they know them
	// by, and gives care codes under those names.
	var invited []string
	for _, p := range ps {
		name := line(p, 2, 100)
		call(t, pc, http.MethodPost, "/api/v1/invitations", map[string]any{"role": "service_user", "community_id": fmt.Sprint(env.Fjordvik.ID), "member_name": name}, nil)
		call(t, pc, http.MethodPost, "/api/v1/care-team/links", map[string]any{"member_name": name}, nil)
		invited = append(invited, name)
	}

	// The administrator looks up who Havbris is, with each payload as
	// the written reason.
	lookups := 0
	for _, p := range ps {
		r := ac.Do(http.MethodPost, "/api/v1/admin/identity-lookups", map[string]any{"pseudonym": env.Member.Pseudonym, "reason": lines(p, 10, 500)})
		if r.Status == http.StatusOK {
			lookups++
		} else if r.Status != http.StatusTooManyRequests {
			t.Fatalf("looking up with payload as reason: %d %.300s", r.Status, r.Body)
		}
	}
	t.Logf("%d identity lookups", lookups)

	defer stored(t, began)()

	x.privacyCheck(t, placeNames)
	x.visit(x.tabsAs(t, "admin"), []pageCheck{
		shows("communities", "/admin/communities", len(names), names...),
		shows("places", fmt.Sprintf("/admin/places?community=%d", env.Fjordvik.ID), len(placeNames), placeNames...),
		shows("reserved words", "/admin/reserved-pseudonyms", len(reserved), reserved...),
		shows("new event form", "/events/new", len(names)),
		shows("library as admin", "/library", 2*len(titles)),
		shows("invitations", "/invitations", 0),
		shows("accounts", "/admin/accounts", 0),
		shows("care links", "/admin/care", 0),
		shows("identity lookup", "/admin/identity-lookup", 0),
	})
	x.fetch(x.tabsAs(t, "member"), exercises)
	x.fetch(x.tabsAs(t, "admin"), info)
	x.visit(x.tabsAs(t, "member"), []pageCheck{shows("library", "/library", 2*len(titles)+len(links), links...), shows("notices of lookups", "/notifications", 0)})
	x.visit(x.tabsAs(t, "provider"), []pageCheck{shows("provider's invitations", "/invitations", len(invited), invited...),
		shows("provider's care codes", "/care", len(invited), invited...)})
	x.visit(x.tabsAs(t, "researcher"), []pageCheck{shows("research", "/research", len(names))})
}
