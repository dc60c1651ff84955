package web

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzReadForm: any posted body is either refused or read into values
// that are valid UTF-8 without NUL, each the first value sent for its
// name, exactly as net/url reads it.
func FuzzReadForm(f *testing.F) {
	for _, s := range []string{"", "a=1", "a=1&a=2&b=", "body=%FF", "x=%00", "%ZZ=1", "a=b;c=d", "p=%E2%80%AE", "=", "&&&", strings.Repeat("a=b&", 50)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest("POST", "/forum/new", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		form := NewForm()
		if err := readForm(r, form); err != nil {
			return
		}
		want, err := url.ParseQuery(body)
		if err != nil {
			t.Fatalf("read %q, which net/url refuses: %v", body, err)
		}
		if len(form.Values) != len(want) {
			t.Fatalf("%q: %d values, net/url reads %d", body, len(form.Values), len(want))
		}
		for k, v := range form.Values {
			if !utf8.ValidString(k) || !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
				t.Fatalf("%q: accepted %q=%q", body, k, v)
			}
			if want.Get(k) != v {
				t.Fatalf("%q: %q is %q, net/url reads %q", body, k, v, want.Get(k))
			}
		}
	})
}
