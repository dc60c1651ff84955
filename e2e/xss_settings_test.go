package e2e

import (
	"fmt"
	"net/http"
	"testing"
)

// maxTokens is how many access tokens one account may hold.
const maxTokens = 20

// settings names Morgengry's access tokens with the payloads, 20 at a
// time (the most an account may hold), and checks the settings page
// that lists them after each 20; then the notice settings.
func (x *xssWorld) settings(t *testing.T) {
	ps := x.payloads
	c := x.env.As(t, "member2")
	ts := x.tabsAs(t, "member2")
	for k := 0; k < len(ps); k += maxTokens {
		for _, p := range ps[k:min(k+maxTokens, len(ps))] {
			call(t, c, http.MethodPost, "/api/v1/auth/tokens", map[string]any{"name": line(p, 1, 60)}, nil)
		}
		var tokens struct {
			Items []struct {
				ID   ID
				Name string
			}
		}
		call(t, c, http.MethodGet, "/api/v1/auth/tokens", nil, &tokens)
		var names []string
		for _, tk := range tokens.Items {
			names = append(names, tk.Name)
		}
		x.fetch(ts, []pageCheck{shows(fmt.Sprintf("settings with tokens %d to %d", k+1, k+len(names)), "/settings", len(names), names...)})
		for _, tk := range tokens.Items {
			call(t, c, http.MethodDelete, idPath("/api/v1/auth/tokens/%s", tk.ID), nil, nil)
		}
	}
	x.visit(ts, []pageCheck{shows("notice settings", "/settings/notifications", 0)})
}
