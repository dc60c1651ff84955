package identity

import (
	"context"
	"crypto/rand"
	"time"

	"github.com/alexedwards/argon2id"

	"reconnect/internal/apperr"
)

// DefaultHashParams follow OWASP's argon2id minimum (19 MiB, 2 passes).
var DefaultHashParams = &argon2id.Params{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// Hasher hashes and checks passwords with argon2id, at most a fixed
// number at once, so that a flood of sign-ins queues instead of
// exhausting memory.
type Hasher struct {
	params *argon2id.Params
	slots  chan struct{}
	wait   time.Duration
	dummy  string
}

// NewHasher returns a hasher running at most concurrency hashes at once.
func NewHasher(params *argon2id.Params, concurrency int) (*Hasher, error) {
	if concurrency < 1 {
		concurrency = 1
	}
	h := &Hasher{params: params, slots: make(chan struct{}, concurrency), wait: 10 * time.Second}
	// A hash of a random password, compared against when the login is
	// unknown so that unknown and wrong answers take the same time.
	var b [16]byte
	_, _ = rand.Read(b[:])
	dummy, err := argon2id.CreateHash(string(b[:]), params)
	if err != nil {
		return nil, err
	}
	h.dummy = dummy
	return h, nil
}

func (h *Hasher) acquire(ctx context.Context) error {
	t := time.NewTimer(h.wait)
	defer t.Stop()
	select {
	case h.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return apperr.New(apperr.KindTooMany, "busy", "err.busy")
	}
}

// Hash returns the encoded argon2id hash of password.
func (h *Hasher) Hash(ctx context.Context, password string) (string, error) {
	if err := h.acquire(ctx); err != nil {
		return "", err
	}
	defer func() { <-h.slots }()
	return argon2id.CreateHash(password, h.params)
}

// Check reports whether password matches encoded. An empty encoded hash
// (unknown account, or one without a password) is compared against a
// dummy and never matches.
func (h *Hasher) Check(ctx context.Context, password, encoded string) (bool, error) {
	if err := h.acquire(ctx); err != nil {
		return false, err
	}
	defer func() { <-h.slots }()
	if encoded == "" {
		_, _ = argon2id.ComparePasswordAndHash(password, h.dummy)
		return false, nil
	}
	return argon2id.ComparePasswordAndHash(password, encoded)
}
