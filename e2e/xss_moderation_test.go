package e2e

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"reconnect/internal/forum"
	"reconnect/internal/identity"
)

// queueLimit is how many flagged posts the queue shows.
const queueLimit = 100

// moderation has a member of Fjordvik write a reply per payload, which
// Havbris flags with the payload as note and the peer moderator hides
// with it as reason; the moderator retitles a thread and mutes or
// suspends the member once per payload with it as reason, lifting each,
// and leaves the last mute in place. Havbris filters words made of the payloads,
// 50 at a time (the most a member may have). It checks the queue with
// the flags' notes, each hidden post's moderation page, the moderation
// log page by page and filtered by the payloads, the member's page for
// the moderator, the member's own history and the notice of the mute,
// and Havbris's settings and the thread with the filters at work.
func (x *xssWorld) moderation(t *testing.T) {
	began := time.Now()
	env, ps := x.env, x.payloads
	writer := env.Onboarded(t, identity.NewUser{Login: "xss.skribent",
		Role: identity.ServiceUser, CommunityID: env.Fjordvik.ID, Pseudonym: "Skribent"})
	ac, wc, mc, modc := env.As(t, "admin"), env.As(t, writer.Login), env.As(t, "member"), env.As(t, "moderator")
	var cat struct{ ID ID }
	call(t, ac, http.MethodPost, "/api/v1/admin/forum/categories", map[string]any{"slug": "xss-moderering", "name_nb": "Moderering",
		"name_en": "Moderation", "community_id": fmt.Sprint(env.Fjordvik.ID)}, &cat)
	var th struct {
		Thread struct{ ID ID }
	}
	call(t, wc, http.MethodPost, "/api/v1/forum/threads", map[string]any{"category_id": cat.ID, "title": "Hver sin grunn",
		"body": "Svarene under blir skjult, hvert med sin grunn.", "acknowledge_findings": true}, &th)
	posts := make([]ID, len(ps))
	for i := range ps {
		var out struct {
			Post struct{ ID ID }
		}
		call(t, wc, http.MethodPost, idPath("/api/v1/forum/threads/%s/posts", th.Thread.ID), map[string]any{"body": fmt.Sprintf("Svar nummer %d.", i+1),
			"acknowledge_findings": true}, &out)
		posts[i] = out.Post.ID
	}
	// The queue shows 100 flagged posts at a time: Havbris flags 100,
	// the moderator looks at the queue and hides them, and so on.
	var reasons []string
	var hidden []pageCheck
	queue := x.tabsAs(t, "moderator")
	for k := 0; k < len(ps); k += queueLimit {
		var notes []string
		for i := k; i < min(k+queueLimit, len(ps)); i++ {
			note := lines(ps[i], 1, 500)
			call(t, mc, http.MethodPost, idPath("/api/v1/forum/posts/%s/flags", posts[i]), map[string]any{"reason": "other", "note": note}, nil)
			notes = append(notes, note)
		}
		x.visit(queue, []pageCheck{shows(fmt.Sprintf("queue with flags %d to %d", k+1, k+len(notes)), "/moderation", len(notes), notes...)})
		for i := k; i < min(k+queueLimit, len(ps)); i++ {
			reason := lines(ps[i], 1, 500)
			reasons = append(reasons, reason)
			call(t, modc, http.MethodPost, idPath("/api/v1/moderation/posts/%s/hide", posts[i]), map[string]any{"reason": reason}, nil)
			call(t, modc, http.MethodPost, idPath("/api/v1/moderation/threads/%s/title", th.Thread.ID), map[string]any{"title": titleFit(ps[i])}, nil)
			if i%2 == 0 {
				hidden = append(hidden, shows(fmt.Sprintf("hidden post %d", i), idPath("/moderation/posts/%s", posts[i]), 1, reason))
			}
		}
	}
	until := env.Clock.Now().Add(72 * time.Hour)
	sanction := func(i int, lift bool) {
		kind := "mute"
		if i%2 == 1 {
			kind = "suspend"
		}
		path := "/api/v1/moderation/members/" + url.PathEscape(writer.Pseudonym) + "/" + kind
		if lift {
			call(t, modc, http.MethodPost, path+"/lift", nil, nil)
			return
		}
		call(t, modc, http.MethodPost, path, map[string]any{"reason": lines(ps[i], 1, 500), "until": until}, nil)
	}
	for i := range ps {
		sanction(i, false)
		if i < len(ps)-1 {
			sanction(i, true)
		}
	}
	defer stored(t, began)()

	x.fetch(x.tabsAs(t, "moderator"), hidden)
	x.pages(x.tabsAs(t, "moderator"), "moderation log", "/moderation/log", `main a[href*="before="]`)
	var filtered []pageCheck
	for i, p := range ps {
		if i%2 == 1 {
			continue // every other payload: the filters are two more fields like the search box TestXSS covers
		}
		pc := pageCheck{what: fmt.Sprintf("log filtered by payload %d", i), items: 2, opts: checkOpts{Posts: -1},
			path:     "/moderation/log?" + url.Values{"actor": {p}, "member": {p}}.Encode(),
			statuses: []int{http.StatusOK, http.StatusBadRequest}}
		if plain(p) {
			pc.opts.Wants = []want{wantValue("#f-actor", p), wantValue("#f-member", p)}
		}
		filtered = append(filtered, pc)
	}
	x.fetch(x.tabsAs(t, "moderator"), filtered)
	x.visit(x.tabsAs(t, "moderator"), []pageCheck{
		shows("the member for the moderator", "/moderation/members/"+url.PathEscape(writer.Pseudonym), 1, lines(ps[len(ps)-1], 1, 500)),
		shows("the thread for the moderator", idPath("/moderation/threads/%s", th.Thread.ID), 1, titleFit(ps[len(ps)-1])),
	})
	x.visit(x.tabsAs(t, writer.Login), []pageCheck{
		// The history shows the latest 100 actions.
		shows("the member's own history", "/forum/my-moderation", 100, reasons[len(reasons)-100:]...),
		shows("the member's notices", "/notifications", 0),
		shows("the member's thread", idPath("/forum/threads/%s", th.Thread.ID), 0),
	})

	// Havbris's word filters, 50 at a time; each set is shown on the
	// settings page and folds replies away in the thread.
	var words []string
	seen := map[string]bool{}
	for _, p := range ps {
		w := line(strings.ReplaceAll(p, ",", " "), 2, 40)
		if k := strings.ToLower(w); !seen[k] {
			seen[k] = true
			words = append(words, w)
		}
	}
	ts := x.tabsAs(t, "member")
	for k := 0; k < len(words); k += forum.MaxFilterWords {
		set := words[k:min(k+forum.MaxFilterWords, len(words))]
		call(t, mc, http.MethodPut, "/api/v1/forum/protection/words", map[string]any{"words": set}, nil)
		var kept struct {
			FilterWords []string `json:"filter_words"`
		}
		call(t, mc, http.MethodGet, "/api/v1/forum/protection", nil, &kept) // as stored: lower case
		set = kept.FilterWords
		x.visit(ts, []pageCheck{
			shows(fmt.Sprintf("word filters %d", k/forum.MaxFilterWords+1), "/forum/settings", len(set), set...),
			shows("thread under word filters", idPath("/forum/threads/%s", th.Thread.ID), 0),
		})
	}
}

// pages loads a paged list, following the link to the next page until
// there is none.
func (x *xssWorld) pages(ts *tabs, what, path, next string) {
	ts.t.Helper()
	for n := 1; path != ""; n++ {
		x.visit(ts, []pageCheck{shows(fmt.Sprintf("%s page %d", what, n), path, 0)})
		path = Eval[string](ts.tab(), `(function () { var a = document.querySelector(`+jsString(next)+`); return a ? a.getAttribute("href") : ""; })()`)
		if n > 100 {
			ts.t.Fatalf("%s has more than 100 pages", what)
		}
	}
}
