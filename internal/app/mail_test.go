package app

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"reconnect/internal/config"
	"reconnect/internal/mail/mailtest"
	"reconnect/internal/seal"
	"reconnect/internal/testkit"
)

// With an SMTP server configured, serve runs the mail worker (mail
// queued before the start goes out) and stops it on shutdown.
func TestServeRunsTheMailWorker(t *testing.T) {
	smtp := mailtest.Start(t)
	cfg := config.Default()
	cfg.DataKeys = seal.NewKeyring(seal.RandomKey())
	cfg.Addr = "127.0.0.1:0"
	cfg.SMTP = config.SMTPConfig{Addr: smtp.Addr, From: "noreply@reconnect.example", TLS: "none"}
	db := testkit.SQLite(t)
	w := testkit.NewWorld(t, db)
	a, err := New(cfg, db, slog.New(slog.NewTextHandler(io.Discard, nil)), Options{HashParams: testkit.CheapHash})
	if err != nil {
		t.Fatal(err)
	}
	if a.MailWorker == nil {
		t.Fatal("no mail worker with --smtp-addr")
	}
	if err := a.Mail.Set(context.Background(), &w.Member, "havbris@example.no"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, nil) }()
	deadline := time.Now().Add(10 * time.Second)
	for len(smtp.Mail()) == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}
	if n := len(smtp.Mail()); n != 1 {
		t.Fatalf("%d e-mails while serving, want the verification", n)
	}
}
