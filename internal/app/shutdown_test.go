package app

import (
	"errors"
	"net"
	"testing"
)

// Stopping a listener hands over the connections the kernel already
// queued, then fails; closing it again (as Shutdown does) is no error.
func TestDrainListenerTakesQueuedConnections(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l := newDrainListener(ln)
	for range 5 {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
	}
	l.stop()
	var got int
	for {
		c, err := l.Accept()
		if err != nil {
			if !errors.Is(err, net.ErrClosed) {
				t.Fatalf("accept after the queue: %v", err)
			}
			break
		}
		c.Close()
		got++
	}
	if got != 5 {
		t.Fatalf("took %d queued connections, want 5", got)
	}
	select {
	case <-l.closed:
	default:
		t.Fatal("drain not reported done")
	}
	if err := l.Close(); err != nil {
		t.Fatalf("second close: %v", err)
	}
	if _, err := net.Dial("tcp", ln.Addr().String()); err == nil {
		t.Fatal("still accepting after the drain")
	}
}
