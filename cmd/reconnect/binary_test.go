package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"reconnect/internal/demo"
	"reconnect/internal/testkit/webtest"
)

// The README's run command, as a newcomer would use it: the real binary
// serves the demo, every printed account can sign in, and SIGTERM stops
// it cleanly.
func TestDemoBinary(t *testing.T) {
	bin := binary(t) // skips under -short
	dir := t.TempDir()
	cmd := exec.Command(bin, "demo", "--addr", "127.0.0.1:0", "--db", filepath.Join(dir, "demo.db"))
	stdout, _ := cmd.StdoutPipe()
	stderr := &webtest.Buffer{} // written by exec's copying goroutine
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()

	// The log line names the address; the table names the accounts.
	addrRE := regexp.MustCompile(`addr=(127\.0\.0\.1:\d+)`)
	var addr string
	deadline := time.Now().Add(30 * time.Second)
	for addr == "" && time.Now().Before(deadline) {
		if m := addrRE.FindStringSubmatch(stderr.String()); m != nil {
			addr = m[1]
		}
		time.Sleep(50 * time.Millisecond)
	}
	if addr == "" {
		t.Fatalf("no listening address in: %s", stderr.String())
	}
	var logins []string
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "Stop with") {
			break
		}
		if f := strings.Fields(line); len(f) >= 3 && f[1] == demo.Password {
			logins = append(logins, f[0])
		}
	}
	go io.Copy(io.Discard, stdout)
	if len(logins) != 6 {
		t.Fatalf("printed accounts: %v", logins)
	}
	roles := map[string]bool{}
	for _, login := range logins {
		body, _ := json.Marshal(map[string]string{"login": login, "password": demo.Password})
		resp, err := http.Post("http://"+addr+"/api/v1/auth/login", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		var out struct{ User struct{ Role string } }
		json.NewDecoder(resp.Body).Decode(&out)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("demo login %s: %d", login, resp.StatusCode)
		}
		roles[out.User.Role] = true
	}
	if len(roles) != 5 {
		t.Fatalf("demo roles: %v", roles)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v\n%s", err, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("did not stop within 15 s of SIGTERM")
	}
	if !strings.Contains(stderr.String(), "shutting down") {
		t.Fatalf("no shutdown log: %s", stderr.String())
	}
}
