package config

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func parse(t *testing.T, env map[string]string, args ...string) (*Config, error) {
	t.Helper()
	c := &Config{}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c.Register(fs, func(k string) string { return env[k] })
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	return c, c.Finish()
}

// E-mail is off by default; on, it needs a sender and a host:port, and
// the password comes from a file. Flags and RECONNECT_SMTP_* both work.
func TestSMTPSettings(t *testing.T) {
	c, err := parse(t, nil)
	if err != nil || c.SMTP.On() || c.SMTP.TLS != "opportunistic" {
		t.Fatalf("default: %+v %v", c.SMTP, err)
	}
	pw := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pw, []byte("hemmelig\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err = parse(t, map[string]string{"RECONNECT_SMTP_ADDR": "mail.example.org:587", "RECONNECT_SMTP_FROM": "ReConnect <noreply@example.org>",
		"RECONNECT_SMTP_USER": "rc", "RECONNECT_SMTP_PASSWORD_FILE": pw, "RECONNECT_SMTP_TLS": "mandatory"})
	if err != nil || !c.SMTP.On() || c.SMTP.Password != "hemmelig" || c.SMTP.TLS != "mandatory" {
		t.Fatalf("from the environment: %+v %v", c.SMTP, err)
	}
	for args, want := range map[string]string{
		"--smtp-addr mail.example.org":                                         "host:port",
		"--smtp-addr mail.example.org:587":                                     "--smtp-from",
		"--smtp-addr mail.example.org:587 --smtp-from nobody":                  "not an e-mail address",
		"--smtp-addr :587 --smtp-from a@example.org":                           "host:port",
		"--smtp-tls always":                                                    "mandatory, opportunistic or none",
		"--smtp-addr m.example.org:25 --smtp-from a@example.org --smtp-user u": "--smtp-password-file",
	} {
		if _, err := parse(t, nil, strings.Fields(args)...); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", args, err, want)
		}
	}
}
