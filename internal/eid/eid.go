// Package eid is the relying party for national eID sign-in through an
// ID-porten-style OpenID Connect provider: authorization code flow with
// PKCE (S256), state and nonce, and an acr level checked in the ID
// token. Discovery, signature, issuer, audience and expiry checks are
// go-oidc's; the code exchange is golang.org/x/oauth2's.
package eid

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"golang.org/x/oauth2"
)

// Config configures the relying party.
type Config struct {
	Issuer         string // e.g. https://idporten.no
	ClientID       string
	ClientSecret   string // client_secret_basic, or:
	PrivateKeyFile string // PEM key for private_key_jwt client authentication
	KeyID          string // kid of that key, as registered with the provider
	ACR            string // requested and minimum level, default idporten-loa-high
	RedirectURL    string // our callback, {base}/auth/eid/callback
}

// Identity is what a verified ID token says about the person.
type Identity struct {
	PID  string // the national ID number: hash it at once, never store it
	Name string
	SID  string // the provider's session ID, for front-channel logout
	ACR  string
}

// acrLevels orders the ID-porten levels; anything else is refused.
var acrLevels = map[string]int{"idporten-loa-substantial": 1, "idporten-loa-high": 2, "Level3": 1, "Level4": 2}

// ErrRefused is returned when the provider's answer must not be trusted:
// a bad signature, wrong issuer or audience, expired token, wrong nonce
// or too low a level. The wrapped text says which, for the log.
var ErrRefused = errors.New("eid: identity refused")

// Client is a configured relying party. Safe for concurrent use.
type Client struct {
	cfg      Config
	issuer   string
	oauth    oauth2.Config
	verifier *oidc.IDTokenVerifier
	signer   jose.Signer // for private_key_jwt; nil with a client secret
	http     *http.Client
	now      func() time.Time
}

// New discovers the provider and returns a client. httpClient may be nil.
func New(ctx context.Context, cfg Config, httpClient *http.Client, now func() time.Time) (*Client, error) {
	if cfg.Issuer == "" || cfg.ClientID == "" || cfg.RedirectURL == "" {
		return nil, errors.New("eid: issuer, client ID and redirect URL are required")
	}
	if cfg.ClientSecret == "" && cfg.PrivateKeyFile == "" {
		return nil, errors.New("eid: a client secret or a private key file is required")
	}
	if cfg.ACR == "" {
		cfg.ACR = "idporten-loa-high"
	}
	if _, ok := acrLevels[cfg.ACR]; !ok {
		return nil, fmt.Errorf("eid: unknown acr level %q", cfg.ACR)
	}
	if httpClient == nil {
		httpClient = &http.Client{Timeout: 15 * time.Second}
	}
	if now == nil {
		now = time.Now
	}
	ctx = oidc.ClientContext(ctx, httpClient)
	p, err := oidc.NewProvider(ctx, cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("eid: discovery: %w", err)
	}
	c := &Client{cfg: cfg, issuer: cfg.Issuer, http: httpClient, now: now,
		verifier: p.Verifier(&oidc.Config{ClientID: cfg.ClientID, Now: now}),
		oauth: oauth2.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, Endpoint: p.Endpoint(),
			RedirectURL: cfg.RedirectURL, Scopes: []string{oidc.ScopeOpenID, "profile"}}}
	if cfg.PrivateKeyFile != "" {
		if c.signer, err = loadSigner(cfg.PrivateKeyFile, cfg.KeyID); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Issuer is the provider's issuer, for matching front-channel logout.
func (c *Client) Issuer() string { return c.issuer }

// AuthURL is where to send the browser, with the flow's state, nonce and
// the S256 challenge of verifier.
func (c *Client) AuthURL(state, nonce, verifier string) string {
	return c.oauth.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier),
		oauth2.SetAuthURLParam("acr_values", c.cfg.ACR), oauth2.SetAuthURLParam("ui_locales", "nb"))
}

// Exchange swaps the code for tokens and returns the verified identity.
// Every check failing gives an error wrapping ErrRefused.
func (c *Client) Exchange(ctx context.Context, code, verifier, nonce string) (Identity, error) {
	ctx = context.WithValue(ctx, oauth2.HTTPClient, c.http)
	opts := []oauth2.AuthCodeOption{oauth2.VerifierOption(verifier)}
	if c.signer != nil {
		assertion, err := c.clientAssertion()
		if err != nil {
			return Identity{}, err
		}
		opts = append(opts, oauth2.SetAuthURLParam("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
			oauth2.SetAuthURLParam("client_assertion", assertion))
	}
	tok, err := c.oauth.Exchange(ctx, code, opts...)
	if err != nil {
		return Identity{}, fmt.Errorf("eid: code exchange: %w", err)
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok || raw == "" {
		return Identity{}, fmt.Errorf("%w: no ID token", ErrRefused)
	}
	idt, err := c.verifier.Verify(ctx, raw)
	if err != nil {
		return Identity{}, fmt.Errorf("%w: %v", ErrRefused, err)
	}
	if idt.Nonce == "" || idt.Nonce != nonce {
		return Identity{}, fmt.Errorf("%w: nonce does not match", ErrRefused)
	}
	var claims struct {
		PID        string `json:"pid"`
		Name       string `json:"name"`
		GivenName  string `json:"given_name"`
		FamilyName string `json:"family_name"`
		SID        string `json:"sid"`
		ACR        string `json:"acr"`
	}
	if err := idt.Claims(&claims); err != nil {
		return Identity{}, fmt.Errorf("%w: claims: %v", ErrRefused, err)
	}
	if got, ok := acrLevels[claims.ACR]; !ok || got < acrLevels[c.cfg.ACR] {
		return Identity{}, fmt.Errorf("%w: acr %q is below %q", ErrRefused, claims.ACR, c.cfg.ACR)
	}
	if len(claims.PID) != 11 {
		return Identity{}, fmt.Errorf("%w: no national ID number", ErrRefused)
	}
	name := claims.Name
	if name == "" {
		name = claims.GivenName + " " + claims.FamilyName
	}
	return Identity{PID: claims.PID, Name: name, SID: claims.SID, ACR: claims.ACR}, nil
}

// clientAssertion is the private_key_jwt assertion for the token request.
func (c *Client) clientAssertion() (string, error) {
	now := c.now()
	var jti [16]byte
	if _, err := randRead(jti[:]); err != nil {
		return "", err
	}
	return jwt.Signed(c.signer).Claims(jwt.Claims{
		Issuer: c.cfg.ClientID, Subject: c.cfg.ClientID, Audience: jwt.Audience{c.issuer},
		IssuedAt: jwt.NewNumericDate(now), Expiry: jwt.NewNumericDate(now.Add(2 * time.Minute)), ID: fmt.Sprintf("%x", jti),
	}).Serialize()
}

func loadSigner(file, kid string) (jose.Signer, error) {
	b, err := os.ReadFile(file) // #nosec G304 -- the signing key file named in the server configuration
	if err != nil {
		return nil, fmt.Errorf("eid: private key: %w", err)
	}
	key, err := parsePrivateKey(b)
	if err != nil {
		return nil, err
	}
	alg := jose.RS256
	if isEC(key) {
		alg = jose.ES256
	}
	opts := (&jose.SignerOptions{}).WithType("JWT")
	if kid != "" {
		opts = opts.WithHeader("kid", kid)
	}
	return jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: key}, opts)
}
