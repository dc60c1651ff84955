package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

// BenchmarkReply posts replies through the real handler from 50
// concurrent writers (each a seeded member with its own session, in a
// thread of its community), for profiling the write path:
//
//	RECONNECT_LOAD_DB=/tmp/lt/full.db go test -run XXX -bench Reply \
//	  -benchtime 2000x -cpuprofile cpu.out ./cmd/reconnect-load/
func BenchmarkReply(b *testing.B) {
	a, dsn := benchApp(b)
	w, err := loadWorld(context.Background(), runConfig{db: dsn, clients: 50})
	if err != nil {
		b.Fatal(err)
	}
	var next atomic.Int64
	b.SetParallelism((50 + 1) / 2)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := next.Add(1) - 1
		c := &vclient{w: w, me: w.members[int(i)%len(w.members)], r: rand.New(rand.NewPCG(uint64(i), 7))}
		for pb.Next() {
			t := c.thread()
			for t.locked {
				t = c.thread()
			}
			body, _ := json.Marshal(map[string]string{"body": body(c.r, &nb, true)})
			req := httptest.NewRequest(http.MethodPost, fmt.Sprintf("/api/v1/forum/threads/%d/posts", t.id), bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Cookie", "reconnect_session="+c.me.token)
			rec := httptest.NewRecorder()
			a.Web.ServeHTTP(rec, req)
			if rec.Code != http.StatusCreated {
				b.Fatalf("reply: %d %s", rec.Code, rec.Body.String())
			}
		}
	})
}
