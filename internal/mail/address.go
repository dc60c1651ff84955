package mail

import (
	"net/mail"
	"strings"
	"unicode"

	"reconnect/internal/apperr"
)

// MaxAddress is the longest address accepted (RFC 5321's path limit).
const MaxAddress = 254

// CheckAddress returns the address a member typed, trimmed, or an
// invalid error on field "email". Only a bare address is accepted: no
// display name, no angle brackets, no control characters, a local part
// of at most 64 bytes, a domain with a dot and no address literal.
func CheckAddress(s string) (string, error) {
	s = strings.TrimSpace(s)
	bad := func() error { return apperr.Invalid("err.fix_fields").WithField("email", "field.email.invalid") }
	if s == "" || len(s) > MaxAddress || strings.ContainsFunc(s, unicode.IsControl) {
		return "", bad()
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return "", bad()
	}
	at := strings.LastIndexByte(s, '@')
	domain := s[at+1:]
	if at < 1 || at > 64 || !strings.Contains(domain, ".") || strings.ContainsAny(domain, "[]") || strings.HasSuffix(domain, ".") {
		return "", bad()
	}
	return s, nil
}
