package e2e

import (
	"fmt"
	"net/http"
	"testing"

	"reconnect/internal/identity"
)

// documents publishes a version of a consent document per payload —
// the payload as its Norwegian title and its body (Markdown) — four at
// a time, one of each kind, and after each four checks the terms page,
// the administrators' form filled in from one of them in turn, and the
// consent page that asks Havbris to accept them. Every member is asked
// again at next sign-in, so this runs after the other parts, with the
// tabs signed in before the first version is published.
func (x *xssWorld) documents(t *testing.T) {
	env, ps := x.env, x.payloads
	ac := env.As(t, "admin")
	admin, member := x.tabsAs(t, "admin"), x.tabsAs(t, "member")
	admin.tab()
	member.tab()
	admin.login, member.login = "", "" // keep these tabs: a new sign-in would stop at the consent page
	kinds := identity.DocumentKinds
	for k := 0; k < len(ps); k += len(kinds) {
		var titles []string
		for j, kind := range kinds {
			if k+j >= len(ps) {
				break
			}
			p := ps[k+j]
			title := line(p, 1, 120)
			call(t, ac, http.MethodPost, "/api/v1/admin/consent-documents", map[string]any{"kind": kind, "title_nb": title,
				"title_en": fmt.Sprintf("Document %d", k+j+1), "body_nb": lines(p, 1, 20000), "body_en": "Text."}, nil)
			titles = append(titles, title)
		}
		kind := kinds[(k/len(kinds))%len(kinds)]
		x.fetch(admin, []pageCheck{
			shows(fmt.Sprintf("terms with payloads %d to %d", k+1, k+len(titles)), "/terms", 2*len(titles), titles...),
			shows(fmt.Sprintf("document form for %s with payload %d", kind, k+1), "/admin/documents?kind="+kind, 3),
		})
		x.fetch(member, []pageCheck{shows(fmt.Sprintf("consent to payloads %d to %d", k+1, k+len(titles)), "/consent", 2*len(titles))})
	}
}
