package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// fanout measures how long a reply takes to reach every live-update
// stream following its thread: one writer replies to the fan-out thread
// every --fanout through the API, and each stream following the thread
// notes when the reply's event arrives. The event may arrive before the
// writer has the reply's ID (the server announces at commit, before it
// answers), so arrivals while a reply is in flight wait until it is
// known; other members' replies to the thread are left out.
type fanout struct {
	every     time.Duration
	thread    int64
	base      string // the writer's node
	token     string
	nodes     []string
	following atomic.Int64 // streams following the thread, open now

	mu       sync.Mutex
	inflight bool
	pending  []arrival            // arrivals while a reply is in flight
	known    map[int64]*sentReply // by post ID
	replies  int
	expected int64
	received int64
	extra    int64
	delays   map[int][]time.Duration // by node
	streams  map[int]int             // following streams by node
	errors   map[string]int          // the writer's
}

type sentReply struct {
	at                 time.Time
	expected, received int64
}

type arrival struct {
	post int64
	at   time.Time
	node int
}

func newFanout(c runConfig, w *world) *fanout {
	return &fanout{every: c.fanout, thread: w.fanoutThread, base: c.bases[0], token: w.members[0].token, nodes: c.bases,
		known: map[int64]*sentReply{}, delays: map[int][]time.Duration{}, streams: map[int]int{}, errors: map[string]int{}}
}

// write replies to the thread every f.every until ctx ends.
func (f *fanout) write(ctx context.Context, hc *http.Client, r *rand.Rand) {
	t := time.NewTicker(f.every)
	defer t.Stop()
	for ctx.Err() == nil {
		f.post(ctx, hc, r)
		select {
		case <-ctx.Done():
		case <-t.C:
		}
	}
}

func (f *fanout) post(ctx context.Context, hc *http.Client, r *rand.Rand) {
	b, _ := json.Marshal(map[string]string{"body": body(r, &nb, true)})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, fmt.Sprintf("%s/api/v1/forum/threads/%d/posts", f.base, f.thread), bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Cookie", "reconnect_session="+f.token)
	req.Header.Set("Accept-Language", "nb")
	f.mu.Lock()
	f.inflight, f.pending = true, f.pending[:0]
	sent := &sentReply{expected: f.following.Load(), at: time.Now()}
	f.mu.Unlock()
	id, err := postID(hc.Do(req))

	f.mu.Lock()
	defer f.mu.Unlock()
	pending := f.pending
	f.inflight, f.pending = false, f.pending[:0]
	switch {
	case ctx.Err() != nil:
		return // cut off by the end of the run: not counted
	case err != nil:
		f.errors[err.Error()]++
		return
	}
	f.known[id] = sent
	f.replies++
	f.expected += sent.expected
	for _, a := range pending {
		if a.post == id {
			f.record(sent, a)
		}
	}
}

// postID reads the new post's ID from the API's answer.
func postID(resp *http.Response, err error) (int64, error) {
	if err != nil {
		return 0, fmt.Errorf("transport: %w", err)
	}
	defer resp.Body.Close()
	var out struct {
		Post struct {
			ID      string `json:"id"`
			Pending bool   `json:"pending"`
			Held    bool   `json:"held"`
		} `json:"post"`
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	switch {
	case err != nil:
		return 0, fmt.Errorf("transport: %w", err)
	case resp.StatusCode != http.StatusCreated:
		return 0, fmt.Errorf("status %d", resp.StatusCode)
	case json.Unmarshal(b, &out) != nil:
		return 0, fmt.Errorf("answer without a post")
	case out.Post.Pending || out.Post.Held:
		return 0, fmt.Errorf("reply held for approval: no live event")
	}
	id, err := strconv.ParseInt(out.Post.ID, 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("answer without a post ID")
	}
	return id, nil
}

// record counts one delivery of a reply; under f.mu.
func (f *fanout) record(s *sentReply, a arrival) {
	s.received++
	if s.received > s.expected {
		f.extra++
		return
	}
	f.received++
	f.delays[a.node] = append(f.delays[a.node], a.at.Sub(s.at))
}

// fanoutStream is one stream following the fan-out thread.
type fanoutStream struct {
	f    *fanout
	node int
}

func (f *fanout) stream(node int) *fanoutStream {
	f.mu.Lock()
	f.streams[node]++
	f.mu.Unlock()
	return &fanoutStream{f: f, node: node}
}

func (s *fanoutStream) open()  { s.f.following.Add(1) }
func (s *fanoutStream) close() { s.f.following.Add(-1) }

// arrived takes a "post" event's data as the stream read it at time at.
func (s *fanoutStream) arrived(data []byte, at time.Time) {
	var ev struct {
		PostID int64 `json:"post_id"`
	}
	if json.Unmarshal(data, &ev) != nil || ev.PostID == 0 {
		return
	}
	f := s.f
	a := arrival{post: ev.PostID, at: at, node: s.node}
	f.mu.Lock()
	defer f.mu.Unlock()
	if sent := f.known[a.post]; sent != nil {
		f.record(sent, a)
	} else if f.inflight {
		f.pending = append(f.pending, a)
	}
}

// settle waits up to grace for the deliveries still outstanding.
func (f *fanout) settle(ctx context.Context, grace time.Duration) {
	end := time.Now().Add(grace)
	for time.Now().Before(end) && ctx.Err() == nil {
		f.mu.Lock()
		done := f.received >= f.expected
		f.mu.Unlock()
		if done {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// fanoutSummary is the fan-out part of the report.
type fanoutSummary struct {
	Every     string         `json:"every"`
	Thread    int64          `json:"thread"`
	Writer    string         `json:"writer_node"`
	Streams   int            `json:"following_streams"`
	Replies   int            `json:"replies"`
	Expected  int64          `json:"expected_deliveries"`
	Received  int64          `json:"received"`
	Missing   int64          `json:"missing"`
	Extra     int64          `json:"extra,omitempty"`
	Errors    map[string]int `json:"writer_errors,omitempty"`
	Delay     opReport       `json:"delay"`
	ByNode    []opReport     `json:"delay_by_stream_node,omitempty"`
	errorsSum int
}

func (f *fanout) summary(elapsed time.Duration) *fanoutSummary {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := &fanoutSummary{Every: f.every.String(), Thread: f.thread, Writer: f.base, Replies: f.replies, Expected: f.expected,
		Received: f.received, Missing: f.expected - f.received, Extra: f.extra, Errors: f.errors}
	var all []time.Duration
	for i, node := range f.nodes {
		s.Streams += f.streams[i]
		all = append(all, f.delays[i]...)
		if len(f.nodes) > 1 && f.streams[i] > 0 {
			s.ByNode = append(s.ByNode, figures(node, f.delays[i], elapsed.Seconds()))
		}
	}
	s.Delay = figures("delay", all, elapsed.Seconds())
	s.errorsSum = int(s.Missing + s.Extra)
	for _, n := range f.errors {
		s.errorsSum += n
	}
	return s
}

func (s *fanoutSummary) print(w io.Writer) {
	fmt.Fprintf(w, "fan-out: thread %d followed by %d streams, a reply every %s from %s: %d replies, %d deliveries expected, %d received, %d missing",
		s.Thread, s.Streams, s.Every, s.Writer, s.Replies, s.Expected, s.Received, s.Missing)
	if s.Extra > 0 {
		fmt.Fprintf(w, ", %d more than expected", s.Extra)
	}
	fmt.Fprintln(w)
	line := func(name string, r opReport) {
		fmt.Fprintf(w, "  %-28s %7d deliveries  p50 %8.2f ms  p95 %8.2f ms  p99 %8.2f ms  max %8.1f ms\n", name, r.Count, r.P50ms, r.P95ms, r.P99ms, r.MaxMs)
	}
	line("delay, all streams", s.Delay)
	for _, r := range s.ByNode {
		line("streams on "+r.Op, r)
	}
	keys := make([]string, 0, len(s.Errors))
	for k := range s.Errors {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(w, "  writer error: %dx %s\n", s.Errors[k], k)
	}
}
