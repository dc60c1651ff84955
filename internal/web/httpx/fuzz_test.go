package httpx_test

import (
	"bytes"
	"net/http/httptest"
	"testing"
	"time"

	"reconnect/internal/web/httpx"
)

// Any request body decodes into a typed request or gives a clean
// error; it never panics.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{`{}`, `{"title":"a","n":1}`, `{"title":1}`, `[]`, `{"title":"a"} {}`, "{\"title\":\"\xff\"}", `{"at":"2026-13-01T00:00:00Z"}`, `{"ids":["1","x"]}`, ``} {
		f.Add([]byte(s))
	}
	type req struct {
		Title string    `json:"title"`
		N     int       `json:"n"`
		At    time.Time `json:"at"`
		IDs   []string  `json:"ids"`
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		r := httptest.NewRequest("POST", "/api/v1/x", bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		var v req
		_ = httpx.DecodeJSON(r, &v)
	})
}
