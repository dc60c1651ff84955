package privacy

import (
	"strings"
	"testing"
	"time"
)

// Repetitive input of the maximum length, each producing thousands of
// findings or near-findings, must stay fast: a caller's request should
// never cost more than a few milliseconds. The bound is loose (a second,
// over a hundred times what it takes) so a loaded machine or -race does
// not make the test flaky; it catches quadratic behaviour.
func TestLongInputsStayFast(t *testing.T) {
	c := testContext()
	c.Members = NewNames(generatedNames(1000))
	for _, unit := range []string{"a@", "@a.", "1 ", "+1 ", "x at y.", "Storgata ", "Kari ", "Ola Nordmann ",
		". ", "1.", "(+", "a", "Per Per Per ", "facebook.com/a ", "snap ", "i dag ", "12. ",
		"kari.nordmann@example.no ", "Ole Bulls gate 4 ", "00", "-1", "+47", "Storgata i dag ", "41234567 "} {
		text := strings.Repeat(unit, MaxText/len([]rune(unit))+1)
		start := time.Now()
		n := len(Check(text, c))
		if d := time.Since(start); d > time.Second {
			t.Errorf("%q × %d: %d findings in %v", unit, MaxText/len([]rune(unit))+1, n, d)
		}
	}
}
