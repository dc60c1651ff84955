package web_test

import (
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"

	"reconnect/internal/testkit"
	"reconnect/internal/testkit/webtest"
)

// apiContract lists the routes API.md fixes that exist so far. Later
// features add theirs; none may ever be removed from this list.
var apiContract = []string{
	"GET /healthz", "GET /readyz", "GET /metrics",
	"POST /api/v1/auth/login", "POST /api/v1/auth/logout", "POST /api/v1/auth/tokens", "POST /api/v1/auth/register",
	"GET /api/v1/me", "POST /api/v1/invitations", "GET /api/v1/communities", "POST /api/v1/communities",
	"GET /api/v1/me/preferences", "PATCH /api/v1/me/preferences", "GET /api/v1/openapi.json",
	"POST /api/v1/reveals", "GET /api/v1/reveals", "DELETE /api/v1/reveals/{id}",
	"POST /api/v1/circles", "GET /api/v1/circles", "POST /api/v1/circles/{id}/members",
	"POST /api/v1/privacy/check", "GET /api/v1/notifications", "POST /api/v1/notifications/read",
	"GET /api/v1/forum/categories", "GET /api/v1/forum/threads", "POST /api/v1/forum/threads", "GET /api/v1/forum/threads/{id}",
	"POST /api/v1/forum/threads/{id}/posts", "PATCH /api/v1/forum/posts/{id}", "DELETE /api/v1/forum/posts/{id}",
	"POST /api/v1/forum/posts/{id}/reactions", "DELETE /api/v1/forum/posts/{id}/reactions", "GET /api/v1/forum/search",
	"GET /api/v1/forum/unread", "GET /api/v1/stream",
	"GET /api/v1/me/export",
	"GET /calendar/{file}", // API.md: GET /calendar/{token}.ics
}

// The served OpenAPI document and the router describe exactly the same
// routes, and the document is valid OpenAPI 3.1.
func TestOpenAPIMatchesRouter(t *testing.T) {
	env := webtest.Start(t, testkit.SQLite(t))
	r := env.Client(t).Get("/api/v1/openapi.json")
	if r.Status != 200 {
		t.Fatalf("openapi.json: %d", r.Status)
	}
	doc, err := libopenapi.NewDocument(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	model, err := doc.BuildV3Model()
	if err != nil {
		t.Fatalf("not a valid OpenAPI 3 document: %v", err)
	}
	if v := model.Model.Version; !strings.HasPrefix(v, "3.1") {
		t.Fatalf("version %q", v)
	}
	documented := map[string]bool{}
	for path, item := range model.Model.Paths.PathItems.FromOldest() {
		for method, op := range item.GetOperations().FromOldest() {
			key := strings.ToUpper(method) + " " + path
			documented[key] = true
			if op.Summary == "" || op.Responses == nil {
				t.Errorf("%s: no summary or responses", key)
			}
		}
	}
	// Every documented route resolves in the real router to itself.
	mux := env.App.Web.Mux()
	for key := range documented {
		method, path, _ := strings.Cut(key, " ")
		req := httptest.NewRequest(method, strings.NewReplacer("{id}", "1").Replace(path), nil)
		if _, pattern := mux.Handler(req); pattern != key {
			t.Errorf("documented %s resolves to %q", key, pattern)
		}
	}
	// Every registered non-page route is documented.
	var missing []string
	for _, p := range env.App.Web.Patterns() {
		_, path, _ := strings.Cut(p, " ")
		isAPI := strings.HasPrefix(path, "/api/") || strings.HasPrefix(path, "/calendar/") || path == "/healthz" || path == "/readyz" || path == "/metrics"
		if isAPI && !documented[p] {
			missing = append(missing, p)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("routes missing from the OpenAPI document: %v", missing)
	}
	for _, c := range apiContract {
		if !documented[c] {
			t.Errorf("API.md route %s is gone", c)
		}
	}
}
