package clock_test

import (
	"testing"
	"time"

	"reconnect/internal/clock"
)

// A shifted clock runs from the time it was set to, and back at real
// time after Reset.
func TestShifted(t *testing.T) {
	var c clock.Shifted
	past := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	c.Set(past)
	if d := c.Now().Sub(past); d < 0 || d > time.Second {
		t.Errorf("after Set: %v off", d)
	}
	c.Reset()
	if d := time.Since(c.Now()); d < -time.Second || d > time.Second {
		t.Errorf("after Reset: %v off", d)
	}
}
