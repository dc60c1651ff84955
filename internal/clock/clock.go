// Package clock gives services their notion of now. Production code uses
// Now; tests use a Fake they can move.
package clock

import (
	"sync"
	"time"
)

// Now returns the current time in UTC, truncated to the microsecond that
// both database engines store.
func Now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// Fake is a clock that moves only when told to. Safe for concurrent use.
type Fake struct {
	mu sync.Mutex
	t  time.Time
}

// NewFake returns a fake clock set to t.
func NewFake(t time.Time) *Fake { return &Fake{t: t.UTC().Truncate(time.Microsecond)} }

// Now returns the fake time.
func (f *Fake) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}

// Advance moves the fake time forward by d.
func (f *Fake) Advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.t = f.t.Add(d).Truncate(time.Microsecond)
}

// Set moves the fake time to t (forward or back).
func (f *Fake) Set(t time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.t = t.UTC().Truncate(time.Microsecond)
}

// Shifted is the real clock moved by an offset, which Set changes: the
// study replay runs the services six months back and then returns them
// to real time (Reset). Safe for concurrent use.
type Shifted struct {
	mu  sync.Mutex
	off time.Duration
}

// Now returns the real time moved by the offset.
func (s *Shifted) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return Now().Add(s.off)
}

// Set makes Now return t from this moment on (and move on from there).
func (s *Shifted) Set(t time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.off = t.Sub(Now())
}

// Reset returns to real time.
func (s *Shifted) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.off = 0
}
