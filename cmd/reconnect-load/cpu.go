package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// The machine is shared, so every measurement says how much CPU other
// processes took meanwhile: all busy time less the server's, PostgreSQL's
// and the load generator's.

// machine returns busy and total jiffies from /proc/stat.
func machine() (busy, total int64) {
	b, _ := os.ReadFile("/proc/stat")
	line, _, _ := strings.Cut(string(b), "\n")
	for i, f := range strings.Fields(line)[1:] {
		n, _ := strconv.ParseInt(f, 10, 64)
		total += n
		if i != 3 && i != 4 { // idle, iowait
			busy += n
		}
	}
	return busy, total
}

// procJiffies is a process's user+system time; 0 if it is gone.
func procJiffies(pid string) int64 {
	b, err := os.ReadFile("/proc/" + pid + "/stat") // #nosec G304 -- a /proc file of a process ID
	if err != nil {
		return 0
	}
	_, rest, _ := strings.Cut(string(b), ") ")
	f := strings.Fields(rest)
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	s, _ := strconv.ParseInt(f[12], 10, 64)
	return u + s
}

// ours sums the server's and every postgres process's time.
func ours(server string) int64 {
	var n int64
	if server != "" {
		n += procJiffies(server)
	}
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		if c, err := os.ReadFile("/proc/" + e.Name() + "/comm"); err == nil && strings.TrimSpace(string(c)) == "postgres" {
			n += procJiffies(e.Name())
		}
	}
	return n
}

const hz = 100 // USER_HZ on Linux

// cpu: "cpu quiet" waits until other processes use less than 10% of the
// machine (at most --max), "cpu run -- CMD" runs CMD and then prints the
// share of the machine others used while it ran.
func cpu(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("cpu", flag.ContinueOnError)
	server := fs.String("server", "", "PID of the server under test")
	maxWait := fs.Duration("max", 2*time.Minute, "quiet: longest wait")
	if len(args) == 0 {
		return fmt.Errorf("cpu: quiet or run")
	}
	mode := args[0]
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	switch mode {
	case "quiet":
		deadline := time.Now().Add(*maxWait)
		calm := 0
		for calm < 2 {
			b0, t0, o0 := sample(*server)
			time.Sleep(2 * time.Second)
			b1, t1, o1 := sample(*server)
			other := float64((b1-b0)-(o1-o0)) / float64(t1-t0)
			if other < 0.10 {
				calm++
			} else {
				calm = 0
			}
			if time.Now().After(deadline) {
				fmt.Fprintf(os.Stderr, "cpu quiet: still %.0f%% used by others after %s; going on\n", 100*other, *maxWait)
				return nil
			}
		}
		return nil
	case "run":
		if fs.NArg() == 0 {
			return fmt.Errorf("cpu run: no command")
		}
		b0, t0, o0 := sample(*server)
		cmd := exec.CommandContext(ctx, fs.Arg(0), fs.Args()[1:]...) // #nosec G204 -- "cpu run" runs the command its operator gives, by design
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		err := cmd.Run()
		b1, t1, o1 := sample(*server)
		var child int64
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			child = (ru.Utime.Nano() + ru.Stime.Nano()) / (1e9 / hz)
		}
		total := float64(t1 - t0)
		other := float64((b1-b0)-(o1-o0)-child) / total
		fmt.Printf("cpu: machine busy %.0f%%, others %.0f%% (server+postgres %.0f%%, load generator %.0f%%)\n",
			100*float64(b1-b0)/total, 100*max(other, 0), 100*float64(o1-o0)/total, 100*float64(child)/total)
		return err
	}
	return fmt.Errorf("cpu: unknown mode %q", mode)
}

func sample(server string) (busy, total, own int64) {
	own = ours(server)
	busy, total = machine()
	return busy, total, own
}
