package e2e

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"reconnect/internal/identity"
	"reconnect/internal/testkit/webtest"
)

// events has a member of Fjordvik host a gathering per payload — the
// payload as title, description (Markdown), place, address, the query
// of the map link, accessibility and travel notes — and Havbris answer
// going to each with the payload as a note to the host, offer a lift
// and ask for a buddy with it as area and note. It checks the events
// list, each event as the host (answers, notes, lifts) and as Havbris,
// the host's edit form, Havbris's calendar, the host's notices and
// the moderators' queue, which lists the new gatherings.
//
// Reasons for flagging a gathering and for cancelling or moving an
// occurrence are not free text in the product (a fixed list, none), so
// they carry no payload.
func (x *xssWorld) events(t *testing.T) {
	began := time.Now()
	env, ps := x.env, x.payloads
	host := env.Onboarded(t, identity.NewUser{Login: "xss.vert",
		Role: identity.ServiceUser, CommunityID: env.Fjordvik.ID, Pseudonym: "Kaffevert"})
	hc, mc := env.As(t, host.Login), env.As(t, "member")
	first := env.Clock.Now().Add(26 * time.Hour).Truncate(time.Hour)
	type event struct {
		id                  ID
		texts, notes, lifts []string
	}
	evs := make([]event, len(ps))
	var list []string
	var offer ID // Havbris's offer of a lift to the first gathering
	for i, p := range ps {
		start := first.Add(time.Duration(i) * 2 * time.Hour)
		title, place, addr := line(p, 1, 120), line(p, 1, 120), line(p, 0, 200)
		acc, travel := lines(p, 0, 1000), lines(p, 0, 1000)
		var out struct{ ID ID }
		call(t, hc, http.MethodPost, "/api/v1/events", map[string]any{"community_id": fmt.Sprint(env.Fjordvik.ID), "kind": "gathering",
			"title": title, "description": lines(p, 0, 5000), "starts_at": start, "ends_at": start.Add(time.Hour),
			"place":         map[string]any{"name": place, "address": addr, "map_url": fit("https://kart.example/?q="+oneLine(p), 0, 300)},
			"accessibility": acc, "travel": travel}, &out)
		ev := event{id: out.ID, texts: []string{title, place, addr, acc, travel}}
		note := lines(p, 0, 300)
		call(t, mc, http.MethodPost, idPath("/api/v1/events/%s/rsvp", out.ID), map[string]any{"status": "going", "note": note, "shown": "pseudonym"}, nil)
		area, lnote := line(p, 1, 60), lines(p, 0, 200)
		var lift struct{ ID ID }
		call(t, mc, http.MethodPost, idPath("/api/v1/events/%s/lifts", out.ID), map[string]any{"kind": "offer", "seats": 2, "area": area, "note": lnote}, &lift)
		if i == 0 {
			offer = lift.ID
		}
		barea, bnote := line(ps[(i+1)%len(ps)], 1, 60), lines(ps[(i+1)%len(ps)], 0, 200)
		call(t, mc, http.MethodPost, idPath("/api/v1/events/%s/buddies", out.ID), map[string]any{"area": barea, "note": bnote}, nil)
		ev.notes, ev.lifts = []string{note}, []string{area, lnote, barea, bnote}
		evs[i] = ev
		list = append(list, title)
	}

	conv := x.liftConversation(t, hc, mc, evs[0].id, offer)

	defer stored(t, began)()

	var pcs []pageCheck
	for i, ev := range evs {
		pcs = append(pcs, shows(fmt.Sprintf("event %d as its host", i), idPath("/events/%s", ev.id), 9, append(append(ev.texts, ev.notes...), ev.lifts...)...))
		if i%4 == 0 {
			pcs = append(pcs, shows(fmt.Sprintf("edit form of event %d", i), idPath("/events/%s/edit", ev.id), 6, ev.texts...))
		}
	}
	x.fetch(x.tabsAs(t, host.Login), pcs)
	pcs = nil
	for i, ev := range evs {
		if i%4 == 1 { // the host's view shows all he sees and more
			pcs = append(pcs, shows(fmt.Sprintf("event %d as Havbris", i), idPath("/events/%s", ev.id), 9, append(ev.texts, ev.lifts...)...))
		}
	}
	x.fetch(x.tabsAs(t, "member"), pcs)
	// The list shows the first 200 occurrences; the rest are checked on
	// their own pages.
	list = list[:min(200, len(list))]
	x.visit(x.tabsAs(t, "member"), []pageCheck{
		shows("events", "/events", len(list), list...),
		shows("calendar with events", "/toolbox/calendar", len(list)),
		shows("notices", "/notifications", 0),
	})
	x.visit(x.tabsAs(t, host.Login), []pageCheck{shows("host's events", "/events", len(list), list...), shows("host's notices", "/notifications", 0),
		shows("lift conversation", idPath("/messages/%s", conv), len(ps))})
	x.visit(x.tabsAs(t, "moderator"), []pageCheck{shows("moderation queue", "/moderation", 0), shows("moderator's notices", "/notifications", 0)})
}

// liftConversation has the host ask for a lift to the gathering and
// take Havbris's offer, which opens a conversation under pseudonyms;
// they write a payload each in turn (Markdown, so checked against the
// post policy). It returns the conversation.
func (x *xssWorld) liftConversation(t *testing.T, hc, mc *webtest.Client, event, offer ID) ID {
	call(t, hc, http.MethodPost, idPath("/api/v1/events/%s/rsvp", event), map[string]any{"status": "going"}, nil)
	var ask, match struct{ ID ID }
	call(t, hc, http.MethodPost, idPath("/api/v1/events/%s/lifts", event), map[string]any{"kind": "ask", "seats": 1, "area": "Sentrum"}, &ask)
	call(t, hc, http.MethodPost, idPath("/api/v1/lifts/%s/propose", offer), map[string]any{"my_lift_id": ask.ID}, &match)
	var agreed struct {
		ConversationID ID `json:"conversation_id"`
	}
	call(t, mc, http.MethodPost, idPath("/api/v1/lift-matches/%s", match.ID), map[string]any{"agree": true}, &agreed)
	for i, p := range x.payloads {
		c := hc
		if i%2 == 1 {
			c = mc
		}
		call(t, c, http.MethodPost, idPath("/api/v1/conversations/%s/messages", agreed.ConversationID), map[string]any{"body": lines(p, 1, 10000)}, nil)
	}
	return agreed.ConversationID
}
