package web_test

import (
	"slices"
	"testing"
	"time"

	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
	"reconnect/internal/testkit/webtest"
)

// The latency of "not yours" and "does not exist", measured and logged
// for docs/reliability.md, never asserted (timings do not belong in
// tests). The two requests alternate, so that drift on a busy machine
// falls on both alike.
func TestNotYoursAndMissingLatency(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		w := newAuthzWorld(t, db)
		const reps = 300
		for _, c := range []struct {
			name   string
			client *webtest.Client
			method string
			format string
			id     string
		}{
			{"care conversation, unlinked provider", w.provider2, "GET", "/api/v1/conversations/%s", w.careConv},
			{"journal entry, member B", w.ola, "GET", "/api/v1/toolbox/journal/%s", w.items["journal"]},
			{"circle thread, circle outsider", w.clients[asOutsider], "GET", "/api/v1/forum/threads/%s", w.circleThread},
			{"edit A's post, member B", w.ola, "PATCH", "/api/v1/forum/posts/%s", w.post},
			{"conversation page, member B", w.ola, "GET", "/messages/%s", w.careConv},
		} {
			r := at(c.method, c.format, c.id).json(map[string]any{"body": "x"})
			var mine, gone []time.Duration
			for i := 0; i < reps; i++ {
				for j, path := range []string{r.path, r.missing} {
					if i%2 == 1 {
						path = []string{r.missing, r.path}[j]
					}
					start := time.Now()
					resp := r.send(c.client, path)
					d := time.Since(start)
					if resp.Status != 404 {
						t.Fatalf("%s %s: %d", c.name, path, resp.Status)
					}
					if path == r.path {
						mine = append(mine, d)
					} else {
						gone = append(gone, d)
					}
				}
			}
			t.Logf("%-40s not yours: median %v p90 %v; does not exist: median %v p90 %v (%d each)",
				c.name, pct(mine, 50), pct(mine, 90), pct(gone, 50), pct(gone, 90), reps)
		}
	})
}

func pct(ds []time.Duration, p int) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[(len(s)-1)*p/100].Round(time.Microsecond)
}
