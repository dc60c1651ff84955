// Package mailtest runs an in-process SMTP server (emersion/go-smtp)
// for tests: it keeps every message it receives, raw, and can be
// stopped and started again on the same address to play a server that
// is down.
package mailtest

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Mail is one received message.
type Mail struct {
	From string
	To   []string
	Raw  []byte // headers and body exactly as received
}

// Server is a running test SMTP server.
type Server struct {
	t    testing.TB
	Addr string // 127.0.0.1:port

	mu   sync.Mutex
	mail []Mail
	srv  *smtp.Server
}

// Start runs a server on 127.0.0.1 at a free port until the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	s := &Server{t: t}
	s.listen("127.0.0.1:0")
	t.Cleanup(s.Stop)
	return s
}

func (s *Server) listen(addr string) {
	s.t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		s.t.Fatal(err)
	}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{s: s}, nil }))
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	s.mu.Lock()
	s.Addr, s.srv = ln.Addr().String(), srv
	s.mu.Unlock()
	go func() { _ = srv.Serve(ln) }()
}

// Stop closes the server: connections are refused until Restart.
func (s *Server) Stop() {
	s.mu.Lock()
	srv := s.srv
	s.srv = nil
	s.mu.Unlock()
	if srv != nil {
		_ = srv.Close()
	}
}

// Restart listens again on the same address.
func (s *Server) Restart() {
	s.t.Helper()
	s.listen(s.Addr)
}

// Mail returns what the server has received so far.
func (s *Server) Mail() []Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Mail(nil), s.mail...)
}

type session struct {
	s    *Server
	from string
	to   []string
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }

func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	x.from = from
	return nil
}

func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.to = append(x.to, to)
	return nil
}

func (x *session) Data(r io.Reader) error {
	var b bytes.Buffer
	if _, err := io.Copy(&b, r); err != nil {
		return err
	}
	x.s.mu.Lock()
	x.s.mail = append(x.s.mail, Mail{From: x.from, To: x.to, Raw: b.Bytes()})
	x.s.mu.Unlock()
	return nil
}

// Text returns the message decoded for reading: every header with
// encoded words decoded, then every part's body with its transfer
// encoding undone, line ends as "\n". Tests search it (and Raw) for
// words that must not be there.
func (m Mail) Text() (string, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(m.Raw))
	if err != nil {
		return "", err
	}
	var out strings.Builder
	dec := new(mime.WordDecoder)
	for k, vs := range msg.Header {
		for _, v := range vs {
			if d, err := dec.DecodeHeader(v); err == nil {
				v = d
			}
			out.WriteString(k + ": " + v + "\n")
		}
	}
	err = decodePart(&out, msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
	return strings.ReplaceAll(out.String(), "\r\n", "\n"), err
}

func decodePart(out *strings.Builder, ctype, encoding string, body io.Reader) error {
	mt, params, err := mime.ParseMediaType(ctype)
	if err == nil && strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			out.WriteString("\n--part " + p.Header.Get("Content-Type") + "\n")
			if err := decodePart(out, p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p); err != nil {
				return err
			}
		}
	}
	switch strings.ToLower(encoding) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body)
	}
	b, err := io.ReadAll(body)
	out.Write(b)
	return err
}
