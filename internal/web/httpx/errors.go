package httpx

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"regexp"

	"reconnect/internal/apperr"
	"reconnect/internal/i18n"
)

// ErrorBody is the API's error shape.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
	// Extra members beside "error", e.g. "findings" (see apperr.Error).
	Extra map[string]any `json:"-"`
}

// MarshalJSON puts Extra's members beside "error".
func (b ErrorBody) MarshalJSON() ([]byte, error) {
	m := map[string]any{"error": b.Error}
	for k, v := range b.Extra {
		if k != "error" {
			m[k] = v
		}
	}
	return json.Marshal(m)
}

// ErrorDetail carries a stable code, a message in the caller's language
// and, for input errors, a problem per field.
type ErrorDetail struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// Translate turns err into the API error shape in lang and returns the
// HTTP status. Internal errors are logged with the route, never shown.
func Translate(ctx context.Context, cat *i18n.Catalog, log *slog.Logger, lang i18n.Lang, err error) (int, ErrorBody) {
	e := apperr.From(err)
	if e.Kind == apperr.KindInternal {
		route := ""
		if r := RouteFrom(ctx); r != nil {
			route = r.Pattern
		}
		if errors.Is(err, context.Canceled) {
			log.Debug("request canceled", "route", route)
		} else {
			log.Error("internal error", "route", route, "err", SafeError(err))
		}
	}
	args := make([]string, 0, 2*len(e.Args))
	for k, v := range e.Args {
		args = append(args, k, v)
	}
	body := ErrorBody{Error: ErrorDetail{Code: e.Code, Message: cat.T(lang, e.Message, args...)}, Extra: e.Extra}
	if len(e.Fields) > 0 {
		body.Error.Fields = make(map[string]string, len(e.Fields))
		for f, key := range e.Fields {
			body.Error.Fields[f] = cat.T(lang, key)
		}
	}
	return apperr.Status(e.Kind), body
}

// WriteError writes err in the API error shape.
func WriteError(w http.ResponseWriter, r *http.Request, cat *i18n.Catalog, log *slog.Logger, err error) {
	status, body := Translate(r.Context(), cat, log, LangFrom(r.Context()), err)
	WriteJSON(w, status, body)
}

// quoted matches quoted text inside error messages. Driver errors can
// quote the value that failed (for example a scan conversion error), and
// that value may be a member's words, so it is cut out before logging.
var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"|\((?:[^()]{40,})\)`)

// SafeError renders err for a log line with quoted values removed.
func SafeError(err error) string {
	return quoted.ReplaceAllString(err.Error(), `"…"`)
}
