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
)

// The event stream of a thread tells a reader of new, edited and deleted
// posts by ID only, on both engines (through LISTEN/NOTIFY on
// PostgreSQL); the text is fetched through the permission-checked
// fragment.
func TestThreadStreamOverHTTP(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		fw := newForumWorld(t, db)
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, "GET", fw.URL+"/api/v1/stream?thread="+fw.thread, nil)
		req.AddCookie(&http.Cookie{Name: "reconnect_session", Value: fw.ola.Cookie("reconnect_session")})
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
			t.Fatalf("stream: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		lines := make(chan string, 64)
		go func() {
			sc := bufio.NewScanner(resp.Body)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		next := func(prefix string) string {
			t.Helper()
			for {
				select {
				case l, ok := <-lines:
					if !ok {
						t.Fatalf("stream ended waiting for %q", prefix)
					}
					if strings.HasPrefix(l, prefix) {
						return l
					}
				case <-ctx.Done():
					t.Fatalf("no %q in time", prefix)
				}
			}
		}
		next(": connected")
		secret := "Dette er teksten i svaret"
		pid := created(t, fw.kari.Do("POST", "/api/v1/forum/threads/"+fw.thread+"/posts", map[string]any{"body": secret}), "post.id")
		if ev := next("event: "); ev != "event: post" {
			t.Fatalf("event %q", ev)
		}
		data := next("data: ")
		if !strings.Contains(data, `"post_id":`+pid) || strings.Contains(data, secret) || strings.Contains(data, "Havbris") {
			t.Fatalf("event data %s", data)
		}
		if r := fw.ola.Get("/forum/posts/" + pid + "/fragment"); r.Status != 200 || !strings.Contains(r.Text(), secret) {
			t.Fatalf("fragment: %d", r.Status)
		}
		mustStatus(t, fw.kari.Do("PATCH", "/api/v1/forum/posts/"+pid, map[string]any{"body": "Endret tekst"}), 200)
		if ev := next("event: "); ev != "event: post_edited" {
			t.Fatalf("event %q", ev)
		}
		mustStatus(t, fw.kari.Do("DELETE", "/api/v1/forum/posts/"+pid, nil), 204)
		if ev := next("event: "); ev != "event: post_deleted" {
			t.Fatalf("event %q", ev)
		}
	})
}
