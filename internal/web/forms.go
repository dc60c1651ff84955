package web

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"reconnect/internal/apperr"
	"reconnect/internal/web/httpx"
)

// Form carries submitted values and problems back to a page. Errors are
// i18n keys; Order lists fields in page order for the error summary.
type Form struct {
	Values  map[string]string
	Errors  map[string]string
	Order   []string
	Message string // i18n key of the form-level problem
	Args    []string
}

// NewForm returns an empty form with fields in page order.
func NewForm(order ...string) *Form {
	return &Form{Values: map[string]string{}, Errors: map[string]string{}, Order: order}
}

// Get returns a submitted value.
func (f *Form) Get(name string) string { return f.Values[name] }

// HasErrors reports whether anything needs fixing.
func (f *Form) HasErrors() bool { return f.Message != "" || len(f.Errors) > 0 }

// Summary lists the field problems in page order.
func (f *Form) Summary() []FieldError {
	var out []FieldError
	for _, name := range f.Order {
		if key, ok := f.Errors[name]; ok {
			out = append(out, FieldError{Field: name, Key: key})
		}
	}
	return out
}

// FieldError is one entry of the error summary.
type FieldError struct{ Field, Key string }

// readForm parses a posted form into f. A body over the limit, or text
// that is not UTF-8 or holds NUL, is an error for the whole request.
func readForm(r *http.Request, f *Form) error {
	if err := r.ParseForm(); err != nil {
		return httpx.BodyError(err)
	}
	for k, vs := range r.PostForm {
		if !utf8.ValidString(k) {
			return apperr.New(apperr.KindInvalid, "invalid_utf8", "err.invalid_utf8")
		}
		for _, v := range vs {
			if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
				return apperr.New(apperr.KindInvalid, "invalid_utf8", "err.invalid_utf8")
			}
		}
		f.Values[k] = vs[0]
	}
	return nil
}

// setError copies an error's message and field problems into the form
// and returns the status to answer with. Errors that are not about the
// input are returned for the caller to fail with.
func (f *Form) setError(err error) (int, error) {
	e := apperr.From(err)
	switch {
	case e.Kind == apperr.KindInternal, e.Kind == apperr.KindNotFound, e.Code == "unauthorized":
		return 0, err
	}
	f.Message = e.Message
	for k, v := range e.Args {
		f.Args = append(f.Args, k, v)
	}
	for field, key := range e.Fields {
		f.Errors[field] = key
	}
	return apperr.Status(e.Kind), nil
}

// input describes one form field for the "field" partial.
type input struct {
	Form         *Form
	Name         string
	Type         string
	Label        string // i18n key
	Hint         string // i18n key, optional
	Autocomplete string
	Required     bool
}

// newInput builds an input for templates:
// {{template "field" (input .Form "login" "text" "label.login" "hint.login" "username")}}.
func newInput(f *Form, name, typ, label, hint, autocomplete string) input {
	if f == nil {
		f = NewForm()
	}
	return input{Form: f, Name: name, Type: typ, Label: label, Hint: hint, Autocomplete: autocomplete, Required: true}
}

// optional marks a field as not required.
func optional(in input) input {
	in.Required = false
	return in
}

// Value is the field's current value; passwords are never echoed.
func (in input) Value() string {
	if in.Type == "password" {
		return ""
	}
	return in.Form.Values[in.Name]
}

// Error is the field's problem key, or "".
func (in input) Error() string { return in.Form.Errors[in.Name] }
