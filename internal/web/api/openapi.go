package api

import (
	"encoding/json"
	"net/http"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/invopop/jsonschema"

	"reconnect/internal/web/httpx"
)

var pathParam = regexp.MustCompile(`\{([a-z_]+)\}`)

// OpenAPI builds the OpenAPI 3.1 document for routes.
func OpenAPI(routes []Route) map[string]any {
	ref := &jsonschema.Reflector{DoNotReference: true, Anonymous: true, ExpandedStruct: true}
	schema := func(v any) *jsonschema.Schema {
		s := ref.ReflectFromType(reflect.TypeOf(v))
		s.Version = ""
		return s
	}
	errorResp := map[string]any{"description": "error", "content": map[string]any{
		"application/json": map[string]any{"schema": schema(httpx.ErrorBody{})}}}
	paths := map[string]map[string]any{}
	for _, r := range routes {
		op := map[string]any{
			"summary":     r.Doc.Summary,
			"description": "Access: " + r.Doc.Access,
			"operationId": r.Method + " " + r.Path,
		}
		var params []map[string]any
		for _, m := range pathParam.FindAllStringSubmatch(r.Path, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
		}
		for _, q := range r.Doc.Query {
			params = append(params, map[string]any{"name": q.Name, "in": "query", "description": q.Description, "schema": map[string]any{"type": "string"}})
		}
		if params != nil {
			op["parameters"] = params
		}
		if r.Doc.Request != nil {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				"application/json": map[string]any{"schema": schema(r.Doc.Request)}}}
		}
		ok := map[string]any{"description": "success"}
		switch {
		case r.Doc.Response != nil:
			ok["content"] = map[string]any{"application/json": map[string]any{"schema": schema(r.Doc.Response)}}
		case r.Doc.Raw != "":
			ok["content"] = map[string]any{r.Doc.Raw: map[string]any{}}
		}
		responses := map[string]any{strconv.Itoa(r.Doc.Status): ok}
		for _, code := range []string{"400", "401", "404", "409", "413", "422", "429"} {
			responses[code] = errorResp
		}
		op["responses"] = responses
		if paths[r.Path] == nil {
			paths[r.Path] = map[string]any{}
		}
		paths[r.Path][strings.ToLower(r.Method)] = op
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "ReConnect API", "version": "1",
			"description": "JSON API of the ReConnect e-recovery portal. IDs are strings; times are RFC 3339 UTC. " +
				"Unsafe requests authenticated by the session cookie must be same-origin; bearer tokens need no CSRF token. " +
				"A resource the caller may not see answers 404."},
		"components": map[string]any{"securitySchemes": map[string]any{
			"session": map[string]any{"type": "apiKey", "in": "cookie", "name": "reconnect_session"},
			"bearer":  map[string]any{"type": "http", "scheme": "bearer"},
		}},
		"security": []map[string]any{{"session": []string{}}, {"bearer": []string{}}},
		"paths":    paths,
	}
}

func (a *API) openapi(w http.ResponseWriter, _ *http.Request) {
	a.docOnce.Do(func() { a.doc, _ = json.Marshal(OpenAPI(a.Routes())) })
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(a.doc)
}
