package identity

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"strings"
)

// newToken returns a random secret for a session or an access token.
// Only its hash is stored.
func newToken(prefix string) string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return prefix + base64.RawURLEncoding.EncodeToString(b[:])
}

// hashSecret is the stored form of a session ID, token or invitation code.
// These secrets carry 100 to 256 bits of entropy, so a plain SHA-256 is
// enough; a slow hash would only slow every request down.
func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// invitationEncoding is Crockford's base32: no I, L, O or U, so a code
// read aloud or copied from paper survives; normaliseInvitationCode maps
// the look-alikes back.
var invitationEncoding = base32.NewEncoding("0123456789ABCDEFGHJKMNPQRSTVWXYZ").WithPadding(base32.NoPadding)

// newInvitationCode returns a code like ABCD-EFGH-JKMN-PQRS-TUVW
// (100 bits).
func newInvitationCode() string {
	var b [15]byte
	_, _ = rand.Read(b[:])
	s := invitationEncoding.EncodeToString(b[:])[:20]
	return s[0:4] + "-" + s[4:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20]
}

// normaliseInvitationCode accepts a code as typed: any case, with or
// without dashes and spaces.
func normaliseInvitationCode(code string) string {
	code = strings.ToUpper(code)
	return strings.Map(func(r rune) rune {
		switch r {
		case '-', ' ', '\t':
			return -1
		case 'O':
			return '0'
		case 'I', 'L':
			return '1'
		}
		return r
	}, code)
}

func encodeHandle(h []byte) string { return base64.RawURLEncoding.EncodeToString(h) }

func decodeHandle(s string) ([]byte, error) { return base64.RawURLEncoding.DecodeString(s) }

// NewCode returns a fresh one-time code in the invitations' format
// (ABCD-EFGH-JKMN-PQRS-TUVW, 100 bits), for other one-time codes such as
// care-team link requests.
func NewCode() string { return newInvitationCode() }

// CodeHash is the stored form of a code as typed: normalised, then
// hashed like every secret.
func CodeHash(code string) string { return hashSecret(normaliseInvitationCode(code)) }

// NewSecret returns a fresh random secret (256 bits) with a prefix that
// secret scanners can spot, for other bearer secrets such as the
// calendar feed's URL. Store only SecretHash of it.
func NewSecret(prefix string) string { return newToken(prefix) }

// SecretHash is the stored form of a secret from NewSecret.
func SecretHash(secret string) string { return hashSecret(secret) }
