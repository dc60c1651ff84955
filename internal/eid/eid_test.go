package eid

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

func TestConfigIsChecked(t *testing.T) {
	ctx := context.Background()
	for _, c := range []Config{
		{},
		{Issuer: "https://idp.example", ClientID: "c", RedirectURL: "https://x/cb"},                                // no secret or key
		{Issuer: "https://idp.example", ClientID: "c", RedirectURL: "https://x/cb", ClientSecret: "s", ACR: "low"}, // unknown level
	} {
		if _, err := New(ctx, c, nil, nil); err == nil {
			t.Errorf("%+v accepted", c)
		}
	}
}

// The private_key_jwt client assertion is signed with the configured key
// and says who we are, to whom, and for how long.
func TestClientAssertion(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalPKCS8PrivateKey(key)
	file := filepath.Join(t.TempDir(), "key.pem")
	if err := os.WriteFile(file, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	signer, err := loadSigner(file, "kid-1")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	c := &Client{cfg: Config{ClientID: "reconnect"}, issuer: "https://idp.example", signer: signer, now: func() time.Time { return now }}
	raw, err := c.clientAssertion()
	if err != nil {
		t.Fatal(err)
	}
	tok, err := jwt.ParseSigned(raw, []jose.SignatureAlgorithm{jose.ES256})
	if err != nil {
		t.Fatal(err)
	}
	if tok.Headers[0].KeyID != "kid-1" {
		t.Errorf("kid %q", tok.Headers[0].KeyID)
	}
	var claims jwt.Claims
	if err := tok.Claims(&key.PublicKey, &claims); err != nil {
		t.Fatalf("signature: %v", err)
	}
	if err := claims.ValidateWithLeeway(jwt.Expected{Issuer: "reconnect", Subject: "reconnect", AnyAudience: jwt.Audience{"https://idp.example"}, Time: now}, 0); err != nil {
		t.Fatal(err)
	}
	if claims.ID == "" || claims.Expiry.Time().Sub(now) > 2*time.Minute {
		t.Fatalf("claims %+v", claims)
	}
	if _, err := loadSigner(filepath.Join(t.TempDir(), "missing.pem"), ""); err == nil {
		t.Fatal("missing key file accepted")
	}
}
