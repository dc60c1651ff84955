// Package mail sends ReConnect's e-mail: content-free notices ("there
// is a new message for you", with a link) and the one-time link that
// verifies a member's address. No e-mail ever holds what anyone wrote,
// a sender's name or pseudonym. Mail goes through an outbox in the
// database (written with the notice, see notify.Add), so it is sent
// after the change commits, retried, and survives restarts.
package mail

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"reconnect/internal/config"
	"reconnect/internal/seal"
)

// Message is one e-mail to one recipient.
type Message struct {
	To      string
	Subject string
	Text    string // plain text body
	HTML    string // the same as simple HTML
}

// Sender sends e-mail through the configured SMTP server.
type Sender struct {
	host, from, domain string
	opts               []gomail.Option
}

// NewSender returns a sender for cfg (which config.Finish has checked).
func NewSender(cfg config.SMTPConfig) (*Sender, error) {
	host, p, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		return nil, err
	}
	port, err := strconv.Atoi(p)
	if err != nil {
		return nil, err
	}
	policy := map[string]gomail.TLSPolicy{"mandatory": gomail.TLSMandatory, "opportunistic": gomail.TLSOpportunistic, "none": gomail.NoTLS}[cfg.TLS]
	opts := []gomail.Option{gomail.WithPort(port), gomail.WithTLSPolicy(policy), gomail.WithTimeout(30 * time.Second)}
	if cfg.User != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(cfg.User), gomail.WithPassword(cfg.Password))
	}
	from, err := mail.ParseAddress(cfg.From)
	if err != nil {
		return nil, err
	}
	_, domain, _ := strings.Cut(from.Address, "@")
	return &Sender{host: host, from: cfg.From, domain: domain, opts: opts}, nil
}

// Send delivers m on a connection of its own; e-mails are few.
func (s *Sender) Send(ctx context.Context, m Message) error {
	c, err := gomail.NewClient(s.host, s.opts...)
	if err != nil {
		return err
	}
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	if err := msg.From(s.from); err != nil {
		return err
	}
	if err := msg.To(m.To); err != nil {
		return err
	}
	msg.Subject(m.Subject)
	msg.SetDate()
	// A random Message-ID under the sender's domain: the default would
	// name this machine.
	var id [16]byte
	_, _ = rand.Read(id[:])
	msg.SetMessageIDWithValue(hex.EncodeToString(id[:]) + "@" + s.domain)
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	return c.DialAndSendWithContext(ctx, msg)
}

// errorClass names the kind of a sending failure for logs: the error
// text itself may quote the server, which may quote the address.
func errorClass(err error) string {
	var se *gomail.SendError
	var ne net.Error
	switch {
	case errors.Is(err, seal.ErrOpen), errors.Is(err, errNoKey):
		return "data_key"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case errors.As(err, &se):
		switch se.Reason {
		case gomail.ErrSMTPRcptTo:
			return "recipient_refused"
		case gomail.ErrSMTPMailFrom:
			return "sender_refused"
		case gomail.ErrSMTPData, gomail.ErrSMTPDataClose, gomail.ErrWriteContent:
			return "data_refused"
		}
		return "send_failed"
	case errors.As(err, new(*net.OpError)):
		return "connect_failed"
	}
	return "other"
}

// permanent reports a failure that retrying cannot mend: the server
// refused the recipient for good (5xx).
func permanent(err error) bool {
	var se *gomail.SendError
	return errors.As(err, &se) && se.Reason == gomail.ErrSMTPRcptTo && !se.IsTemp()
}
