package e2e

import (
	"fmt"
	"net/http"
	"testing"

	"reconnect/internal/identity"
)

// staffNames has a provider on Havbris's care team take each payload
// as the name he is known by, and after each checks in turn one of the
// pages that show it to Havbris: their conversation, his care team,
// his access log (which the provider's read of the conversation fills).
func (x *xssWorld) staffNames(t *testing.T) {
	env, ps := x.env, x.payloads
	doc := env.Onboarded(t, identity.NewUser{Login: "xss.navn",
		Role: identity.Provider, Name: "Nina Navn"})
	call(t, env.As(t, "admin"), http.MethodPost, "/api/v1/care-team/links", map[string]any{"provider_id": fmt.Sprint(doc.ID),
		"member_id": fmt.Sprint(env.Member.ID), "member_name": "Havbris"}, nil)
	mc, dc := env.As(t, "member"), env.As(t, doc.Login)
	var started struct{ ID ID }
	call(t, mc, http.MethodPost, "/api/v1/conversations", map[string]any{"participant_ids": []string{fmt.Sprint(doc.ID)},
		"subject": "Navn", "body": "Hva heter du nå?"}, &started)
	call(t, dc, http.MethodGet, idPath("/api/v1/conversations/%s", started.ID), nil, nil)
	pages := []string{idPath("/messages/%s", started.ID), "/care", "/care/access-log"}
	ts := x.tabsAs(t, "member")
	for i, p := range ps {
		name := line(p, 2, 100)
		call(t, dc, http.MethodPut, "/api/v1/me/name", map[string]any{"name": name}, nil)
		path := pages[i%len(pages)]
		if path == "/care/access-log" {
			// Read again, so that the newest entry is his whatever the
			// other parts' providers read meanwhile.
			call(t, dc, http.MethodGet, idPath("/api/v1/conversations/%s", started.ID), nil, nil)
		}
		x.fetch(ts, []pageCheck{shows(fmt.Sprintf("provider named with payload %d", i), path, 1, name)})
	}
}
