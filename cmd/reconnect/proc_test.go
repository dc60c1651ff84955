package main

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"reconnect/internal/testkit/webtest"
)

// The real binary, built once per test process for the crash and
// shutdown tests (the binary itself is built without -race).
var built struct {
	once sync.Once
	dir  string
	bin  string
	err  error
	out  []byte
}

// binary builds ./ once and returns the path, or skips under -short.
func binary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the real binary")
	}
	built.once.Do(func() {
		// Not t.TempDir: the binary outlives the first test using it.
		built.dir, built.err = os.MkdirTemp("", "reconnect-bin-")
		if built.err != nil {
			return
		}
		built.bin = filepath.Join(built.dir, "reconnect")
		built.out, built.err = exec.Command("go", "build", "-o", built.bin, ".").CombinedOutput()
	})
	if built.err != nil {
		t.Fatalf("build: %v\n%s", built.err, built.out)
	}
	return built.bin
}

// TestMain removes the shared binary after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// server is one running `reconnect serve`.
type server struct {
	cmd    *exec.Cmd
	addr   string
	stderr *webtest.Buffer
	done   chan struct{} // closed when the process has exited
	err    error         // Wait's result, once done
}

var addrRE = regexp.MustCompile(`addr=(127\.0\.0\.1:\d+)`)

// startServer runs `reconnect serve` with args on 127.0.0.1:0 and waits
// until /readyz answers 200.
func startServer(t *testing.T, bin string, args ...string) *server {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	s := &server{cmd: cmd, stderr: &webtest.Buffer{}, done: make(chan struct{})}
	cmd.Stderr = s.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.err = cmd.Wait(); close(s.done) }()
	t.Cleanup(func() { s.kill() })
	deadline := time.Now().Add(30 * time.Second)
	for s.addr == "" {
		if m := addrRE.FindStringSubmatch(s.stderr.String()); m != nil {
			s.addr = m[1]
			break
		}
		select {
		case <-s.done:
			t.Fatalf("serve exited: %v\n%s", s.err, s.stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("no listening address in: %s", s.stderr.String())
		}
	}
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		req, _ := http.NewRequestWithContext(ctx, "GET", s.url("/readyz"), nil)
		resp, err := http.DefaultClient.Do(req)
		cancel()
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return s
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("not ready: %v\n%s", err, s.stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (s *server) url(path string) string { return "http://" + s.addr + path }

// kill ends the process with SIGKILL and waits for it.
func (s *server) kill() {
	_ = s.cmd.Process.Kill()
	<-s.done
}
