// Package seal encrypts private text at rest: message bodies and
// subjects now, the toolbox later. Every value is sealed with
// XChaCha20-Poly1305 under a data key from configuration, and bound to
// where it lives (table, column and row ID) as additional data, so a
// sealed value copied into another row or column does not open.
//
// A sealed value is text: "s1." + key ID + "." + base64url(nonce ||
// ciphertext). The key ID names which key sealed it, so a Keyring with
// the new key and the old ones opens everything during a rotation.
package seal

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/crypto/chacha20poly1305"
)

// KeySize is the size of a data key in bytes.
const KeySize = chacha20poly1305.KeySize

const prefix = "s1."

// ErrOpen is returned for a value that does not open: tampered with,
// moved to another row, or sealed under a key the keyring lacks.
var ErrOpen = errors.New("seal: value does not open")

// Key is one data key.
type Key struct {
	ID     string // first 8 hex digits of SHA-256 of the key
	secret []byte
}

// NewKey makes a key from 32 secret bytes.
func NewKey(secret []byte) (Key, error) {
	if len(secret) != KeySize {
		return Key{}, fmt.Errorf("seal: a data key is %d bytes, not %d", KeySize, len(secret))
	}
	sum := sha256.Sum256(secret)
	return Key{ID: hex.EncodeToString(sum[:4]), secret: bytes.Clone(secret)}, nil
}

// RandomKey makes a fresh key.
func RandomKey() Key {
	b := make([]byte, KeySize)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	k, _ := NewKey(b)
	return k
}

// LoadKey reads a key file: 32 bytes, as raw bytes, 64 hex digits or
// base64 (trailing white space ignored).
func LoadKey(path string) (Key, error) {
	b, err := os.ReadFile(path) // #nosec G304 -- the data key file named in the server configuration or on the command line
	if err != nil {
		return Key{}, fmt.Errorf("seal: data key: %w", err)
	}
	if len(b) == KeySize {
		return NewKey(b)
	}
	t := strings.TrimSpace(string(b))
	if d, err := hex.DecodeString(t); err == nil && len(d) == KeySize {
		return NewKey(d)
	}
	if d, err := base64.StdEncoding.DecodeString(t); err == nil && len(d) == KeySize {
		return NewKey(d)
	}
	return Key{}, fmt.Errorf("seal: data key file %s must hold %d bytes (raw, hex or base64)", path, KeySize)
}

// WriteKeyFile writes a fresh key as hex to path (mode 0600), for
// `reconnect keys new`.
func WriteKeyFile(path string) (Key, error) {
	k := RandomKey()
	if err := os.WriteFile(path, []byte(hex.EncodeToString(k.secret)+"\n"), 0o600); err != nil {
		return Key{}, err
	}
	return k, nil
}

// Keyring seals under its primary key and opens under any of its keys.
type Keyring struct {
	primary Key
	byID    map[string]Key
}

// NewKeyring returns a keyring sealing with primary and also opening
// values sealed with the old keys.
func NewKeyring(primary Key, old ...Key) *Keyring {
	kr := &Keyring{primary: primary, byID: map[string]Key{primary.ID: primary}}
	for _, k := range old {
		kr.byID[k.ID] = k
	}
	return kr
}

// Primary is the ID of the key new values are sealed with.
func (kr *Keyring) Primary() string { return kr.primary.ID }

func aad(table, column string, row int64) []byte {
	return []byte(table + "\x00" + column + "\x00" + strconv.FormatInt(row, 10))
}

// Seal encrypts plaintext for the given table, column and row.
func (kr *Keyring) Seal(table, column string, row int64, plaintext string) (string, error) {
	aead, err := chacha20poly1305.NewX(kr.primary.secret)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plaintext)+aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	out := aead.Seal(nonce, nonce, []byte(plaintext), aad(table, column, row))
	return prefix + kr.primary.ID + "." + base64.RawURLEncoding.EncodeToString(out), nil
}

// Open decrypts a value sealed for the same table, column and row.
func (kr *Keyring) Open(table, column string, row int64, sealed string) (string, error) {
	id, body, ok := strings.Cut(strings.TrimPrefix(sealed, prefix), ".")
	if !ok || !strings.HasPrefix(sealed, prefix) {
		return "", ErrOpen
	}
	k, ok := kr.byID[id]
	if !ok {
		return "", fmt.Errorf("%w: no key %s in the keyring", ErrOpen, id)
	}
	raw, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil {
		return "", ErrOpen
	}
	aead, err := chacha20poly1305.NewX(k.secret)
	if err != nil {
		return "", err
	}
	if len(raw) < aead.NonceSize()+aead.Overhead() {
		return "", ErrOpen
	}
	pt, err := aead.Open(nil, raw[:aead.NonceSize()], raw[aead.NonceSize():], aad(table, column, row))
	if err != nil {
		return "", ErrOpen
	}
	return string(pt), nil
}

// KeyOf is the ID of the key a value was sealed with ("" if not sealed).
func KeyOf(sealed string) string {
	id, _, ok := strings.Cut(strings.TrimPrefix(sealed, prefix), ".")
	if !ok || !strings.HasPrefix(sealed, prefix) {
		return ""
	}
	return id
}
