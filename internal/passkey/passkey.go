// Package passkey signs members in with passkeys (WebAuthn discoverable
// credentials) through go-webauthn: adding one after signing in, joining
// with one from an invitation, signing in with one, and listing and
// removing them. Ceremony state stays on the server, keyed by a secret
// in a short-lived cookie.
package passkey

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"reconnect/internal/apperr"
	"reconnect/internal/audit"
	"reconnect/internal/identity"
	"reconnect/internal/sqldb"
)

// ErrIPHost means the base URL names an IP address, which browsers
// refuse as a passkey relying party: passkeys stay off.
var ErrIPHost = errors.New("passkey: the base URL's host is an IP address; passkeys need a domain name")

// ceremonyTTL bounds how long the authenticator may take.
const ceremonyTTL = 5 * time.Minute

// maxPasskeys is how many passkeys one account may hold.
const maxPasskeys = 10

// Service runs passkey ceremonies. Safe for concurrent use.
type Service struct {
	db  *sqldb.DB
	ids *identity.Service
	wa  *webauthn.WebAuthn
	now func() time.Time
}

// New configures the relying party for the deployment's base URL. The
// RP ID is its host name, so passkeys work only on that host (and
// "localhost" during development; browsers refuse IP addresses).
func New(db *sqldb.DB, ids *identity.Service, baseURL string, now func() time.Time) (*Service, error) {
	u, err := url.Parse(baseURL)
	if err != nil {
		return nil, err
	}
	if net.ParseIP(u.Hostname()) != nil {
		return nil, ErrIPHost
	}
	wa, err := webauthn.New(&webauthn.Config{RPID: u.Hostname(), RPDisplayName: "ReConnect", RPOrigins: []string{strings.TrimRight(baseURL, "/")},
		AuthenticatorSelection: protocol.AuthenticatorSelection{ResidentKey: protocol.ResidentKeyRequirementRequired,
			RequireResidentKey: protocol.ResidentKeyRequired(), UserVerification: protocol.VerificationPreferred}})
	if err != nil {
		return nil, err
	}
	return &Service{db: db, ids: ids, wa: wa, now: now}, nil
}

// Passkey is one stored passkey as its owner sees it.
type Passkey struct {
	ID         int64
	Name       string
	CreatedAt  time.Time
	LastUsedAt *time.Time
}

// account adapts a member to go-webauthn's User.
type account struct {
	id     int64
	login  string
	handle []byte
	creds  []webauthn.Credential
}

func (a *account) WebAuthnID() []byte                         { return a.handle }
func (a *account) WebAuthnName() string                       { return a.login }
func (a *account) WebAuthnDisplayName() string                { return a.login }
func (a *account) WebAuthnCredentials() []webauthn.Credential { return a.creds }

// ceremony is what a started ceremony must remember.
type ceremony struct {
	Session    webauthn.SessionData `json:"session"`
	Invitation string               `json:"invitation,omitempty"`
	Login      string               `json:"login,omitempty"`
	Lang       string               `json:"lang,omitempty"`
	Handle     []byte               `json:"handle,omitempty"`
}

func newSecret() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func hashOf(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// save stores a ceremony and returns the secret for the cookie.
func (s *Service) save(ctx context.Context, userID int64, c ceremony) (string, error) {
	b, err := json.Marshal(c)
	if err != nil {
		return "", err
	}
	secret := newSecret()
	now := s.now()
	var uid any
	if userID != 0 {
		uid = userID
	}
	err = s.db.Write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM webauthn_ceremonies WHERE expires_at < $1`, now); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO webauthn_ceremonies (id_hash, user_id, data, expires_at) VALUES ($1, $2, $3, $4)`,
			hashOf(secret), uid, string(b), now.Add(ceremonyTTL))
		return err
	})
	return secret, err
}

// take returns and deletes the ceremony for secret, which must belong to
// userID (0 for ceremonies before sign-in).
func (s *Service) take(ctx context.Context, secret string, userID int64) (ceremony, error) {
	var c ceremony
	gone := apperr.New(apperr.KindInvalid, "passkey_ceremony_unknown", "err.passkey_ceremony_unknown")
	if secret == "" || len(secret) > 100 {
		return c, gone
	}
	var data string
	var owner sql.NullInt64
	var expires time.Time
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `DELETE FROM webauthn_ceremonies WHERE id_hash = $1 RETURNING user_id, data, expires_at`, hashOf(secret)).
			Scan(&owner, &data, &expires)
	})
	if errors.Is(err, sql.ErrNoRows) || err == nil && (owner.Int64 != userID || s.now().After(expires)) {
		return c, gone
	}
	if err != nil {
		return c, err
	}
	return c, json.Unmarshal([]byte(data), &c)
}

// credentials loads an account's passkeys for go-webauthn.
func (s *Service) credentials(ctx context.Context, userID int64) ([]webauthn.Credential, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT credential FROM passkeys WHERE user_id = $1`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []webauthn.Credential
	for rows.Next() {
		var data string
		if err := rows.Scan(&data); err != nil {
			return nil, err
		}
		var c webauthn.Credential
		if err := json.Unmarshal([]byte(data), &c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func insertCredential(ctx context.Context, tx *sql.Tx, userID int64, name string, c *webauthn.Credential, at time.Time) error {
	b, err := json.Marshal(c)
	if err != nil {
		return err
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM passkeys WHERE user_id = $1`, userID).Scan(&n); err != nil {
		return err
	}
	if n >= maxPasskeys {
		return apperr.Conflict("too_many_passkeys", "err.too_many_passkeys")
	}
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO passkeys (user_id, credential_id, name, credential, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		userID, encodeID(c.ID), name, string(b), at).Scan(&id); err != nil {
		if sqldb.IsUniqueViolation(err) {
			return apperr.Conflict("passkey_exists", "err.passkey_exists")
		}
		return err
	}
	return audit.Append(ctx, tx, &audit.Record{Chain: audit.ChainAdmin, At: at, ActorID: userID,
		Action: "passkey.add", TargetKind: "passkey", TargetID: strconv.FormatInt(id, 10)})
}

// cleanName validates a passkey's name ("" becomes a default).
func cleanName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		name = "Passkey"
	}
	if !utf8.ValidString(name) || utf8.RuneCountInString(name) > 60 || strings.ContainsAny(name, "\x00\r\n\t") {
		return "", apperr.Invalid("err.fix_fields").WithField("name", "field.passkey_name.invalid")
	}
	return name, nil
}

// refused classifies an authenticator response that did not verify.
func refused(err error) error {
	if apperr.Is(err, apperr.KindConflict) || apperr.Is(err, apperr.KindInvalid) || apperr.Is(err, apperr.KindNotFound) {
		return err
	}
	var pe *protocol.Error
	if errors.As(err, &pe) {
		return apperr.New(apperr.KindInvalid, "passkey_refused", "err.passkey_refused")
	}
	return err
}

func jsonMarshal(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

func encodeID(id []byte) string { return base64.RawURLEncoding.EncodeToString(id) }
