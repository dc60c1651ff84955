package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// streams holds the idle live-update connections a run keeps open.
type streams struct {
	wg, opening                sync.WaitGroup
	wanted                     int
	opened, failed, endedEarly atomic.Int64
	events                     atomic.Int64
	openTook                   time.Duration
	mu                         sync.Mutex
	why                        map[string]int // failures to open, by cause
}

type streamSummary struct {
	Wanted      int            `json:"wanted"`
	Opened      int64          `json:"opened"`
	Failed      int64          `json:"failed"`
	FailedWhy   map[string]int `json:"failed_why,omitempty"`
	EndedEarly  int64          `json:"ended_early"`
	Events      int64          `json:"events"`
	OpenSeconds float64        `json:"open_seconds"`
}

func (s streamSummary) String() string {
	out := fmt.Sprintf("%d wanted, %d opened in %.1f s, %d failed to open, %d ended before the run did, %d events received",
		s.Wanted, s.Opened, s.OpenSeconds, s.Failed, s.EndedEarly, s.Events)
	keys := make([]string, 0, len(s.FailedWhy))
	for k := range s.FailedWhy {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		out += fmt.Sprintf("\n  failed to open: %dx %s", s.FailedWhy[k], k)
	}
	return out
}

// startStreams opens c.sse connections to /api/v1/stream at c.sseRate a
// second, spread over the virtual members' sessions and over the nodes
// (stream i on node i+1, so that on several nodes most events cross from
// the writer's node to another), half of them following a thread: the
// fan-out thread with --fanout, else the busiest of the member's
// community. It returns once every connection is open or has failed;
// they are read until ctx ends.
func startStreams(ctx context.Context, c runConfig, w *world, fo *fanout) *streams {
	s := &streams{wanted: c.sse, why: map[string]int{}}
	if c.sse == 0 {
		return s
	}
	tr := &http.Transport{
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second}).DialContext,
		MaxConnsPerHost:       0,
		DisableKeepAlives:     true,
		ResponseHeaderTimeout: 30 * time.Second,
		WriteBufferSize:       1 << 10,
		ReadBufferSize:        2 << 10,
	}
	hc := &http.Client{Transport: tr}
	rate := c.sseRate
	if rate < 1 {
		rate = 1000
	}
	batch := max(1, rate/100)
	tick := time.NewTicker(time.Duration(batch) * time.Second / time.Duration(rate))
	defer tick.Stop()
	start := time.Now()
	for i := 0; i < c.sse && ctx.Err() == nil; i++ {
		m := w.members[i%len(w.members)]
		node := (i + 1) % len(c.bases)
		path, follows := "/api/v1/stream", false
		switch {
		case i%2 == 1:
		case fo != nil:
			path, follows = fmt.Sprintf("/api/v1/stream?thread=%d", fo.thread), true
		case len(w.threads[m.community]) > 0:
			path += fmt.Sprintf("?thread=%d", w.threads[m.community][0].id)
		}
		s.wg.Add(1)
		s.opening.Add(1)
		go func() {
			defer s.wg.Done()
			var on *fanoutStream
			if follows {
				on = fo.stream(node)
			}
			s.read(ctx, hc, c.bases[node]+path, m.token, on)
		}()
		if i%batch == batch-1 {
			select {
			case <-ctx.Done():
			case <-tick.C: // open them at a steady pace, not as a wall
			}
		}
	}
	s.opening.Wait()
	s.openTook = time.Since(start)
	return s
}

// read holds one stream open until ctx ends, counting its events and,
// when it follows the fan-out thread, noting when each reply arrived.
func (s *streams) read(ctx context.Context, hc *http.Client, url, token string, fo *fanoutStream) {
	opening := true
	done := func() {
		if opening {
			opening = false
			s.opening.Done()
		}
	}
	defer done()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	req.Header.Set("Cookie", "reconnect_session="+token)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := hc.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		if ctx.Err() == nil {
			s.failed.Add(1)
			s.fail(err, resp)
		}
		if resp != nil {
			_ = resp.Body.Close() // the failure is counted above
		}
		return
	}
	defer resp.Body.Close()
	s.opened.Add(1)
	if fo != nil {
		fo.open()
		defer fo.close()
	}
	done() // the server subscribed before it answered
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 512), 64<<10)
	var event []byte
	for sc.Scan() {
		line := sc.Bytes()
		switch {
		case bytes.HasPrefix(line, []byte("event:")):
			event = append(event[:0], bytes.TrimSpace(line[6:])...)
		case bytes.HasPrefix(line, []byte("data:")) && len(line) > 5:
			s.events.Add(1)
			if fo != nil && string(event) == "post" {
				fo.arrived(line[5:], time.Now())
			}
		}
	}
	if ctx.Err() == nil && !errors.Is(sc.Err(), context.Canceled) {
		s.endedEarly.Add(1)
	}
}

// fail notes why a stream did not open, without the parts (ports) that
// differ between connections.
func (s *streams) fail(err error, resp *http.Response) {
	why := ""
	var errno syscall.Errno
	var ne net.Error
	switch {
	case err == nil:
		why = fmt.Sprintf("status %d", resp.StatusCode)
	case errors.As(err, &errno):
		why = errno.Error()
	case errors.As(err, &ne) && ne.Timeout():
		why = "timeout"
	default:
		why = err.Error()
		if i := strings.LastIndex(why, ": "); i >= 0 {
			why = why[i+2:]
		}
	}
	s.mu.Lock()
	s.why[why]++
	s.mu.Unlock()
}

func (s *streams) wait() { s.wg.Wait() }

func (s *streams) summary() streamSummary {
	s.mu.Lock()
	defer s.mu.Unlock()
	return streamSummary{Wanted: s.wanted, Opened: s.opened.Load(), Failed: s.failed.Load(), FailedWhy: s.why,
		EndedEarly: s.endedEarly.Load(), Events: s.events.Load(), OpenSeconds: s.openTook.Seconds()}
}
