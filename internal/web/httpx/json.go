package httpx

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"reconnect/internal/apperr"
)

// DecodeJSON reads one JSON object from the request body into dst. Every
// way the body can be wrong gives a 4xx *apperr.Error: too large (413),
// not JSON, invalid UTF-8, a field of the wrong type, an unknown field,
// a NUL character, or anything after the object (400).
func DecodeJSON(r *http.Request, dst any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return apperr.New(apperr.KindInvalid, "json_required", "err.json_required")
		}
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return BodyError(err)
	}
	if !utf8.Valid(body) {
		return apperr.New(apperr.KindInvalid, "invalid_utf8", "err.invalid_utf8")
	}
	if hasNUL(body) {
		return apperr.New(apperr.KindInvalid, "invalid_characters", "err.invalid_utf8")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return apperr.New(apperr.KindInvalid, "malformed_json", "err.malformed_json")
	}
	if _, err := dec.Token(); err != io.EOF {
		return apperr.New(apperr.KindInvalid, "malformed_json", "err.malformed_json")
	}
	return nil
}

// hasNUL reports whether a JSON text holds a \u0000 escape: NUL is never
// text a member writes, and PostgreSQL cannot store it. A raw NUL byte is
// not valid JSON and fails decoding anyway.
func hasNUL(body []byte) bool {
	for i := 0; ; {
		j := bytes.Index(body[i:], []byte(`u0000`))
		if j < 0 {
			return false
		}
		j += i
		n := 0 // backslashes before it: an odd number makes it an escape
		for k := j - 1; k >= 0 && body[k] == '\\'; k-- {
			n++
		}
		if n%2 == 1 {
			return true
		}
		i = j + 1
	}
}

// BodyError classifies an error from reading a request body.
func BodyError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return apperr.New(apperr.KindTooLarge, "body_too_large", "err.body_too_large")
	}
	return apperr.New(apperr.KindInvalid, "unreadable_body", "err.unreadable_body")
}

func jsonError(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		field := te.Field
		if field == "" {
			return apperr.New(apperr.KindInvalid, "malformed_json", "err.json_object_required")
		}
		return apperr.Invalid("err.fix_fields").WithField(field, "field.wrong_type")
	}
	if msg := err.Error(); strings.HasPrefix(msg, "json: unknown field ") {
		return apperr.Invalid("err.fix_fields").WithField(strings.Trim(strings.TrimPrefix(msg, "json: unknown field "), `"`), "field.unknown")
	}
	return apperr.New(apperr.KindInvalid, "malformed_json", "err.malformed_json")
}

// WriteJSON writes v as JSON with status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}
