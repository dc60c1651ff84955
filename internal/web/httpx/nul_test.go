package httpx

import "testing"

func TestHasNUL(t *testing.T) {
	for body, want := range map[string]bool{
		`{"a":"\u0000"}`:        true,
		`{"a":"x\u0000y"}`:      true,
		`{"a":"\\u0000"}`:       false, // a backslash, then the text u0000
		`{"a":"\\\u0000"}`:      true,
		`{"a":"u0000"}`:         false,
		`{"a":"\\\\u0000"}`:     false,
		`{"\u0000":1}`:          true,
		`{"a":"\u00001"}`:       true,
		`{"a":"\\u0000\u0000"}`: true,
	} {
		if got := hasNUL([]byte(body)); got != want {
			t.Errorf("%s: %v, want %v", body, got, want)
		}
	}
}
