package app

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
	"time"
)

// Graceful shutdown, as http.Server.Shutdown alone does not give it: a
// connection accepted but whose request the server has not read yet when
// Shutdown starts is closed without an answer (net/http drops requests
// read after shutdown began), and connections still in the kernel's
// accept queue are reset when the listener closes. So on SIGTERM Serve
// first stops accepting (taking what is already queued), turns keep-alive
// off, ends live streams and waits until every accepted connection has
// been answered; only then does it call Shutdown.

// drainTime is how long the listener keeps taking queued connections
// after the last one, once stopped; the queue empties at once, so this
// bounds the wait, not the work.
const drainTime = 100 * time.Millisecond

// drainListener stops by taking what the kernel has already queued,
// then closing.
type drainListener struct {
	net.Listener
	mu      sync.Mutex
	stopped bool
	once    sync.Once
	closed  chan struct{} // closed once Accept has given its last connection
	close   sync.Once
}

// Close closes the listener once; later calls (Shutdown's, after the
// drain closed it) do nothing and report no error.
func (l *drainListener) Close() error {
	var err error
	l.close.Do(func() { err = l.Listener.Close() })
	return err
}

func newDrainListener(l net.Listener) *drainListener {
	return &drainListener{Listener: l, closed: make(chan struct{})}
}

// stop makes Accept return queued connections and then fail.
func (l *drainListener) stop() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.stopped = true
	if d, ok := l.Listener.(interface{ SetDeadline(time.Time) error }); !ok || d.SetDeadline(time.Now().Add(drainTime)) != nil {
		_ = l.Close() // stopping: nothing to do about a failed close
	}
}

func (l *drainListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.stopped {
		return c, err
	}
	if err != nil {
		_ = l.Close() // stopping; Accept reports net.ErrClosed either way
		l.once.Do(func() { close(l.closed) })
		return nil, net.ErrClosed
	}
	if d, ok := l.Listener.(interface{ SetDeadline(time.Time) error }); ok {
		_ = d.SetDeadline(time.Now().Add(drainTime))
	}
	return c, nil
}

// conns counts connections with a request not yet answered.
type conns struct {
	mu   sync.Mutex
	busy map[net.Conn]time.Time // -> when it became new or active
	new  map[net.Conn]bool
}

// track is an http.Server ConnState hook.
func (cs *conns) track(c net.Conn, st http.ConnState) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if cs.busy == nil {
		cs.busy, cs.new = map[net.Conn]time.Time{}, map[net.Conn]bool{}
	}
	switch st {
	case http.StateNew, http.StateActive:
		cs.busy[c], cs.new[c] = time.Now(), st == http.StateNew
	default:
		delete(cs.busy, c)
		delete(cs.new, c)
	}
}

// idle reports whether no accepted connection waits for an answer. As
// net/http does, a connection that has sent nothing for 5 s counts as
// idle.
func (cs *conns) idle() bool {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	for c, since := range cs.busy {
		if !cs.new[c] || time.Since(since) < 5*time.Second {
			return false
		}
	}
	return true
}

// quiesce stops the listeners, ends keep-alive and waits (until ctx is
// done) for every accepted request to be answered.
func quiesce(ctx context.Context, servers []*http.Server, listeners []*drainListener, cs *conns) error {
	for _, s := range servers {
		s.SetKeepAlivesEnabled(false) // answers close their connection; idle ones close now
	}
	for _, l := range listeners {
		l.stop()
	}
	// Once Accept has failed, Serve has registered every connection it
	// took, so the count below includes them.
	for _, l := range listeners {
		select {
		case <-l.closed:
		case <-ctx.Done():
			return errors.New("listener did not stop within the grace period")
		}
	}
	t := time.NewTicker(10 * time.Millisecond)
	defer t.Stop()
	for !cs.idle() {
		select {
		case <-ctx.Done():
			return errors.New("requests still running at the end of the grace period")
		case <-t.C:
		}
	}
	return nil
}
