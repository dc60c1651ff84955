package main

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

// snapshot is the server's state at one moment of the run.
type snapshot struct {
	At         string  `json:"at"`
	RSSMB      float64 `json:"rss_mb"`
	HeapMB     float64 `json:"heap_in_use_mb"`
	Goroutines int     `json:"goroutines"`
	OpenFiles  int     `json:"open_files"`
	From       string  `json:"from"`
	Node       string  `json:"node"`
}

func (s snapshot) String() string {
	return fmt.Sprintf("%s at %6s  RSS %7.1f MB  Go heap in use %7.1f MB  goroutines %6d  open files %6d  (%s)", s.Node, s.At, s.RSSMB, s.HeapMB, s.Goroutines, s.OpenFiles, s.From)
}

type sampler struct {
	c  runConfig
	hc *http.Client
}

func newSampler(c runConfig, hc *http.Client) *sampler { return &sampler{c: c, hc: hc} }

// take samples every node, one after the other.
func (s *sampler) take(at time.Duration) []snapshot {
	out := make([]snapshot, len(s.c.bases))
	for i, base := range s.c.bases {
		pid := 0
		if i < len(s.c.pids) {
			pid = s.c.pids[i]
		}
		out[i] = s.node(base, pid, at)
	}
	return out
}

// node reads a server's goroutines from /metrics, and its memory and
// open files from /proc when its process ID is given (else from
// /metrics too).
func (s *sampler) node(base string, pid int, at time.Duration) snapshot {
	out := snapshot{At: at.Round(time.Second).String(), Node: base}
	m := s.metrics(base)
	out.Goroutines = int(m["go_goroutines"])
	out.RSSMB = m["process_resident_memory_bytes"] / (1 << 20)
	out.HeapMB = m["go_memstats_heap_inuse_bytes"] / (1 << 20)
	out.OpenFiles = int(m["process_open_fds"])
	out.From = "/metrics"
	if pid > 0 {
		if rss, ok := procRSS(pid); ok {
			out.RSSMB = rss
		}
		if fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid)); err == nil {
			out.OpenFiles = len(fds)
		}
		out.From = "/proc and /metrics"
	}
	return out
}

func (s *sampler) metrics(base string) map[string]float64 {
	out := map[string]float64{}
	resp, err := s.hc.Get(base + "/metrics")
	if err != nil {
		return out
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return out
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		name, val, ok := strings.Cut(sc.Text(), " ")
		if !ok || strings.HasPrefix(name, "#") {
			continue
		}
		switch name {
		case "go_goroutines", "process_resident_memory_bytes", "process_open_fds", "go_memstats_heap_inuse_bytes":
			if f, err := strconv.ParseFloat(val, 64); err == nil {
				out[name] = f
			}
		}
	}
	return out
}

func procRSS(pid int) (float64, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			return kb / 1024, err == nil
		}
	}
	return 0, false
}

// every samples until the run ends.
func (s *sampler) every(ctx context.Context, start time.Time) []snapshot {
	var out []snapshot
	t := time.NewTicker(s.c.sample)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return out
		case <-t.C:
			out = append(out, s.take(time.Since(start))...)
		}
	}
}
