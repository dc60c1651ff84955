package web_test

import (
	"bufio"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
	"reconnect/internal/testkit/webtest"
)

// sse reads a member's /api/v1/stream: next returns the next "event:"
// line and its "data:" line.
type sse struct {
	t     *testing.T
	ctx   context.Context
	lines chan string
}

func openStream(t *testing.T, ctx context.Context, env *webtest.Env, c *webtest.Client) *sse {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, "GET", env.URL+"/api/v1/stream", nil)
	req.AddCookie(&http.Cookie{Name: "reconnect_session", Value: c.Cookie("reconnect_session")})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if resp.StatusCode != 200 {
		t.Fatalf("stream: %d", resp.StatusCode)
	}
	s := &sse{t: t, ctx: ctx, lines: make(chan string, 64)}
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			s.lines <- sc.Text()
		}
		close(s.lines)
	}()
	s.line(": connected")
	return s
}

func (s *sse) line(prefix string) string {
	s.t.Helper()
	for {
		select {
		case l, ok := <-s.lines:
			if !ok {
				s.t.Fatalf("stream ended waiting for %q", prefix)
			}
			if strings.HasPrefix(l, prefix) {
				return l
			}
		case <-s.ctx.Done():
			s.t.Fatalf("no %q in time", prefix)
		}
	}
}

func (s *sse) next() (event, data string) {
	s.t.Helper()
	return s.line("event: "), s.line("data: ")
}

// A notice added over HTTP reaches the member's open streams at once
// (through LISTEN/NOTIFY on PostgreSQL) with its ID, kind and the unread
// count only, and never another member's stream; reading it sends the
// new count.
func TestNoticesAreLiveOverHTTP(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env := webtest.Start(t, db)
		kari, ola := env.As(t, "member"), env.As(t, "member2")
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		ks, os := openStream(t, ctx, env, kari), openStream(t, ctx, env, ola)
		mustStatus(t, ola.Do("POST", "/api/v1/circles", map[string]any{"name": "Kveldsturen", "member_pseudonyms": []string{"Havbris"}}), 201)
		ev, data := ks.next()
		if ev != "event: notice" || !strings.Contains(data, `"kind":"circle_invite"`) || !strings.Contains(data, `"unread":1`) ||
			strings.Contains(data, "Morgengry") || strings.Contains(data, "Kveldsturen") {
			t.Fatalf("kari's event %q %s", ev, data)
		}
		// Ola's stream carries only Ola's own notice.
		mustStatus(t, kari.Do("POST", "/api/v1/circles", map[string]any{"name": "Morgenkaffen", "member_pseudonyms": []string{"Morgengry"}}), 201)
		ev, data = os.next()
		if ev != "event: notice" || !strings.Contains(data, `"kind":"circle_invite"`) || !strings.Contains(data, `"unread":1`) {
			t.Fatalf("ola's first event %q %s", ev, data)
		}
		var list struct {
			Items []struct{ ID, Kind string }
		}
		ola.Get("/api/v1/notifications").JSON(t, &list)
		if len(list.Items) != 1 || !strings.Contains(data, `"id":"`+list.Items[0].ID+`"`) {
			t.Fatalf("ola's event names %s, ola's notices %+v", data, list.Items)
		}
		mustStatus(t, kari.Do("POST", "/api/v1/notifications/read", map[string]any{}), 204)
		if ev, data = ks.next(); ev != "event: notice_read" || !strings.Contains(data, `"unread":0`) {
			t.Fatalf("after reading: %q %s", ev, data)
		}
	})
}
