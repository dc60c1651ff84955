package main

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"
)

// clientStats is one virtual member's record; merged at the end, so the
// hot loop takes no locks.
type clientStats struct {
	lat      map[string][]time.Duration
	errors   map[string]map[string]int // op -> what went wrong -> count
	conflict map[string]int
}

func newClientStats() *clientStats {
	return &clientStats{lat: map[string][]time.Duration{}, errors: map[string]map[string]int{}, conflict: map[string]int{}}
}

func (s *clientStats) record(op string, took time.Duration, status int, err error, ok []int) {
	s.lat[op] = append(s.lat[op], took)
	what := ""
	switch {
	case err != nil:
		what = "transport: " + err.Error()
	case !slices.Contains(ok, status):
		what = fmt.Sprintf("status %d", status)
	case status == 409:
		s.conflict[op]++
	}
	if what != "" {
		if s.errors[op] == nil {
			s.errors[op] = map[string]int{}
		}
		s.errors[op][what]++
	}
}

// opReport is one operation's figures.
type opReport struct {
	Op        string         `json:"op"`
	Count     int            `json:"count"`
	PerSecond float64        `json:"per_second"`
	P50ms     float64        `json:"p50_ms"`
	P95ms     float64        `json:"p95_ms"`
	P99ms     float64        `json:"p99_ms"`
	MaxMs     float64        `json:"max_ms"`
	Errors    map[string]int `json:"errors,omitempty"`
	Conflicts int            `json:"conflicts,omitempty"`
}

// report is the whole run.
type report struct {
	Started  string         `json:"started"`
	Nodes    []string       `json:"nodes"`
	Clients  int            `json:"clients"`
	SSE      int            `json:"sse"`
	Duration string         `json:"duration"`
	Mix      map[string]int `json:"mix"`
	Skipped  []string       `json:"skipped,omitempty"`
	Ops      []opReport     `json:"ops"`
	Total    opReport       `json:"total"`
	Errors   int            `json:"errors"`
	Slow     int            `json:"requests_over_1s"`
	Before   []snapshot     `json:"before"` // one per node
	After    []snapshot     `json:"after"`
	Timeline []snapshot     `json:"timeline"` // each sample: one per node
	Streams  streamSummary  `json:"streams"`
	Fanout   *fanoutSummary `json:"fanout,omitempty"`
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func figures(name string, lat []time.Duration, secs float64) opReport {
	slices.Sort(lat)
	at := func(q float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(q*float64(len(lat))))]
	}
	r := opReport{Op: name, Count: len(lat), PerSecond: float64(len(lat)) / secs, P50ms: ms(at(0.50)), P95ms: ms(at(0.95)), P99ms: ms(at(0.99))}
	if len(lat) > 0 {
		r.MaxMs = ms(lat[len(lat)-1])
	}
	return r
}

func (rep *report) finish(results []*clientStats, elapsed time.Duration) {
	byOp := map[string][]time.Duration{}
	errs := map[string]map[string]int{}
	conflicts := map[string]int{}
	var all []time.Duration
	for _, s := range results {
		for op, l := range s.lat {
			byOp[op] = append(byOp[op], l...)
			all = append(all, l...)
		}
		for op, m := range s.errors {
			if errs[op] == nil {
				errs[op] = map[string]int{}
			}
			for k, v := range m {
				errs[op][k] += v
				rep.Errors += v
			}
		}
		for op, n := range s.conflict {
			conflicts[op] += n
		}
	}
	secs := elapsed.Seconds()
	for _, name := range opNames() {
		if l, ok := byOp[name]; ok {
			r := figures(name, l, secs)
			r.Errors, r.Conflicts = errs[name], conflicts[name]
			rep.Ops = append(rep.Ops, r)
		}
	}
	for _, d := range all {
		if d > time.Second {
			rep.Slow++
		}
	}
	rep.Total = figures("all", all, secs)
	if rep.Fanout != nil {
		rep.Errors += rep.Fanout.errorsSum
	}
	rep.Total.Errors = map[string]int{}
	for _, m := range errs {
		for k, v := range m {
			rep.Total.Errors[k] += v
		}
	}
}

func (rep *report) print(w io.Writer) {
	fmt.Fprintf(w, "run: %d virtual members, %d idle SSE connections, %s against %s\n", rep.Clients, rep.SSE, rep.Duration, strings.Join(rep.Nodes, ", "))
	for _, s := range rep.Skipped {
		fmt.Fprintf(w, "skipped: %s\n", s)
	}
	fmt.Fprintf(w, "%-8s %9s %9s %9s %9s %9s %9s %7s\n", "op", "count", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors")
	for _, r := range append(rep.Ops, rep.Total) {
		n := 0
		for _, v := range r.Errors {
			n += v
		}
		extra := ""
		if r.Conflicts > 0 {
			extra = fmt.Sprintf("  (%d already given: 409, expected)", r.Conflicts)
		}
		fmt.Fprintf(w, "%-8s %9d %9.1f %9.2f %9.2f %9.2f %9.1f %7d%s\n", r.Op, r.Count, r.PerSecond, r.P50ms, r.P95ms, r.P99ms, r.MaxMs, n, extra)
	}
	if len(rep.Total.Errors) > 0 {
		keys := make([]string, 0, len(rep.Total.Errors))
		for k := range rep.Total.Errors {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(w, "  error: %dx %s\n", rep.Total.Errors[k], k)
		}
	}
	fmt.Fprintf(w, "requests slower than 1 s: %d\n", rep.Slow)
	fmt.Fprintf(w, "streams: %s\n", rep.Streams)
	if rep.Fanout != nil {
		rep.Fanout.print(w)
	}
	for _, s := range rep.Before {
		fmt.Fprintf(w, "server before: %s\n", s)
	}
	for _, s := range rep.After {
		fmt.Fprintf(w, "server after:  %s\n", s)
	}
	if len(rep.Timeline) > 0 {
		var b strings.Builder
		for _, s := range rep.Timeline {
			fmt.Fprintf(&b, "  %s\n", s)
		}
		fmt.Fprintf(w, "timeline:\n%s", b.String())
	}
}
