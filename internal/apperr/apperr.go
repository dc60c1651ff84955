// Package apperr defines the error kinds that services return and the
// messages that are safe to show. Handlers map a kind to an HTTP status;
// internal error text never reaches a member.
package apperr

import (
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"
)

// Kind classifies an error for the caller.
type Kind int

// Error kinds. Each maps to exactly one HTTP status in Status.
const (
	KindInternal      Kind = iota // 500: a bug or an unavailable dependency
	KindInvalid                   // 400: the input is wrong
	KindUnauthorized              // 401: the caller must sign in
	KindForbidden                 // 403: signed in, but not allowed (only when existence is no secret)
	KindNotFound                  // 404: does not exist, or the caller may not see it
	KindConflict                  // 409: clashes with existing state (duplicate, already used)
	KindTooLarge                  // 413: body over the limit
	KindUnprocessable             // 422: well-formed but refused by a rule (e.g. privacy findings)
	KindTooMany                   // 429: rate limited
)

// Error is a classified error. Code is a stable snake_case code for
// clients; Message is an i18n key for the human text; Fields maps input
// field names to i18n keys describing the problem with that field.
type Error struct {
	Kind    Kind
	Code    string
	Message string
	Fields  map[string]string
	// Args fill placeholders in Message, e.g. {"minutes": "5"}.
	Args map[string]string
	// Extra holds more top-level members of the API error body, such as
	// the findings of a privacy check ({"error": {...}, "findings": [...]}).
	Extra map[string]any
	// Err is the underlying cause, logged but never shown.
	Err error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Code + ": " + e.Err.Error()
	}
	return e.Code
}

func (e *Error) Unwrap() error { return e.Err }

// WithField adds a field problem and returns e for chaining.
func (e *Error) WithField(field, msgKey string) *Error {
	if e.Fields == nil {
		e.Fields = map[string]string{}
	}
	e.Fields[field] = msgKey
	return e
}

// New returns an error of the given kind.
func New(kind Kind, code, msgKey string) *Error {
	return &Error{Kind: kind, Code: code, Message: msgKey}
}

// Invalid is a 400 with code invalid_input unless fields say more.
func Invalid(msgKey string) *Error { return New(KindInvalid, "invalid_input", msgKey) }

// NotFound is the answer for anything missing or not visible to the caller.
func NotFound() *Error { return New(KindNotFound, "not_found", "err.not_found") }

// Unauthorized asks the caller to sign in.
func Unauthorized() *Error { return New(KindUnauthorized, "unauthorized", "err.unauthorized") }

// Forbidden is for actions whose target the caller may know exists.
func Forbidden() *Error { return New(KindForbidden, "forbidden", "err.forbidden") }

// Conflict reports a clash with existing state.
func Conflict(code, msgKey string) *Error { return New(KindConflict, code, msgKey) }

// Internal wraps an unexpected error; its text is logged, never shown.
func Internal(err error) *Error {
	return &Error{Kind: KindInternal, Code: "internal", Message: "err.internal", Err: err}
}

// From classifies any error: an *Error is returned as is, anything else
// becomes an internal error.
func From(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return Internal(err)
}

// Is reports whether err is an *Error of the given kind.
func Is(err error, kind Kind) bool {
	var e *Error
	return errors.As(err, &e) && e.Kind == kind
}

// Status maps a kind to its HTTP status.
func Status(k Kind) int {
	switch k {
	case KindInvalid:
		return http.StatusBadRequest
	case KindUnauthorized:
		return http.StatusUnauthorized
	case KindForbidden:
		return http.StatusForbidden
	case KindNotFound:
		return http.StatusNotFound
	case KindConflict:
		return http.StatusConflict
	case KindTooLarge:
		return http.StatusRequestEntityTooLarge
	case KindUnprocessable:
		return http.StatusUnprocessableEntity
	case KindTooMany:
		return http.StatusTooManyRequests
	default:
		return http.StatusInternalServerError
	}
}

// Text tidies a submitted text (CRLF to LF, trimmed) and records key
// against field when it is not valid UTF-8, holds NUL, holds a line
// break where oneLine, or is shorter than lo or longer than hi runes.
func (e *Error) Text(field, key, s string, lo, hi int, oneLine bool) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	bad := !utf8.ValidString(s) || strings.ContainsRune(s, 0) || (oneLine && strings.ContainsAny(s, "\r\n"))
	if n := utf8.RuneCountInString(s); bad || n < lo || n > hi {
		e.WithField(field, key)
	}
	return s
}
