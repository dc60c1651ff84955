package sqlitedrivers

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// otherLoad measures how busy the machine's CPUs were with work that is not
// this process while a benchmark ran, and reports it as "other-cpu-%"
// (0 = the benchmark had the machine to itself; 50 = other processes used
// half of all cores). Call it after ResetTimer and call the returned func
// when the timed part ends. Linux only; reports nothing elsewhere.
func otherLoad(b *testing.B) func() {
	busy0, ok0 := machineBusy()
	own0 := ownCPU()
	t0 := time.Now()
	return func() {
		busy1, ok1 := machineBusy()
		if !ok0 || !ok1 {
			return
		}
		wall := time.Since(t0).Seconds() * float64(runtime.NumCPU())
		other := (busy1 - busy0) - (ownCPU() - own0)
		b.ReportMetric(max(0, 100*other/wall), "other-cpu-%")
	}
}

// machineBusy returns the non-idle CPU seconds of all cores since boot.
func machineBusy() (float64, bool) {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, false
	}
	line, _, _ := strings.Cut(string(data), "\n")
	f := strings.Fields(line) // cpu user nice system idle iowait irq softirq steal ...
	if len(f) < 8 || f[0] != "cpu" {
		return 0, false
	}
	var ticks float64
	for _, i := range []int{1, 2, 3, 6, 7} { // user nice system irq softirq
		v, err := strconv.ParseFloat(f[i], 64)
		if err != nil {
			return 0, false
		}
		ticks += v
	}
	return ticks / 100, true // USER_HZ is 100 on Linux
}

// ownCPU returns this process's user+system CPU seconds.
func ownCPU() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}
