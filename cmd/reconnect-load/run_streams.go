package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// streams holds the idle live-update connections a run keeps open.
type streams struct {
	wg                         sync.WaitGroup
	wanted                     int
	opened, failed, endedEarly atomic.Int64
	events                     atomic.Int64
}

type streamSummary struct {
	Wanted     int   `json:"wanted"`
	Opened     int64 `json:"opened"`
	Failed     int64 `json:"failed"`
	EndedEarly int64 `json:"ended_early"`
	Events     int64 `json:"events"`
}

func (s streamSummary) String() string {
	return fmt.Sprintf("%d wanted, %d opened, %d failed to open, %d ended before the run did, %d events received",
		s.Wanted, s.Opened, s.Failed, s.EndedEarly, s.Events)
}

// startStreams opens c.sse connections to /api/v1/stream, spread over the
// virtual members' sessions, half of them following a busy thread, and
// reads them until the run ends.
func startStreams(ctx context.Context, c runConfig, w *world, rep *report) *streams {
	s := &streams{wanted: c.sse}
	if c.sse == 0 {
		return s
	}
	tr := &http.Transport{MaxIdleConns: 0, DisableKeepAlives: true}
	hc := &http.Client{Transport: tr}
	for i := range c.sse {
		m := w.members[i%len(w.members)]
		path := "/api/v1/stream"
		if i%2 == 0 && len(w.threads[m.community]) > 0 {
			path += fmt.Sprintf("?thread=%d", w.threads[m.community][0].id)
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.read(ctx, hc, c.base+path, m.token)
		}()
		if i%100 == 99 {
			time.Sleep(10 * time.Millisecond) // open them in a stream, not a wall
		}
	}
	return s
}

func (s *streams) read(ctx context.Context, hc *http.Client, url, token string) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	req.Header.Set("Cookie", "reconnect_session="+token)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := hc.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		if ctx.Err() == nil {
			s.failed.Add(1)
		}
		if resp != nil {
			_ = resp.Body.Close() // the failure is counted above
		}
		return
	}
	defer resp.Body.Close()
	s.opened.Add(1)
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if len(sc.Bytes()) > 5 && string(sc.Bytes()[:5]) == "data:" {
			s.events.Add(1)
		}
	}
	if ctx.Err() == nil && !errors.Is(sc.Err(), context.Canceled) {
		s.endedEarly.Add(1)
	}
}

func (s *streams) wait() { s.wg.Wait() }

func (s *streams) summary() streamSummary {
	return streamSummary{Wanted: s.wanted, Opened: s.opened.Load(), Failed: s.failed.Load(), EndedEarly: s.endedEarly.Load(), Events: s.events.Load()}
}
