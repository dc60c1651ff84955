package config

import (
	"fmt"
	"net"
	"net/mail"
	"os"
	"strconv"
	"strings"
)

// finish checks the mail settings when e-mail is on and loads the
// password file.
func (c *SMTPConfig) finish() error {
	if c.TLS == "" {
		c.TLS = "opportunistic"
	}
	switch c.TLS {
	case "mandatory", "opportunistic", "none":
	default:
		return fmt.Errorf("smtp-tls %q must be mandatory, opportunistic or none", c.TLS)
	}
	if !c.On() {
		return nil
	}
	host, port, err := net.SplitHostPort(c.Addr)
	if n, perr := strconv.Atoi(port); err != nil || host == "" || perr != nil || n < 1 || n > 65535 {
		return fmt.Errorf("smtp-addr %q must be host:port", c.Addr)
	}
	if c.From == "" {
		return fmt.Errorf("e-mail needs --smtp-from (RECONNECT_SMTP_FROM), the sender address")
	}
	if _, err := mail.ParseAddress(c.From); err != nil {
		return fmt.Errorf("smtp-from %q is not an e-mail address", c.From)
	}
	if c.User != "" && c.PasswordFile == "" {
		return fmt.Errorf("smtp-user needs --smtp-password-file (RECONNECT_SMTP_PASSWORD_FILE)")
	}
	if c.PasswordFile != "" {
		b, err := os.ReadFile(c.PasswordFile)
		if err != nil {
			return fmt.Errorf("smtp password: %w", err)
		}
		c.Password = strings.TrimSpace(string(b))
	}
	return nil
}
