package attach

import (
	"bytes"
	"image"
	"strings"
	"testing"
	"unicode/utf8"

	"reconnect/internal/apperr"
)

// FuzzClean feeds arbitrary names and bytes to Clean: it must never panic,
// must answer only 400 or 413, and whatever it accepts must be what it says.
// Seeds are in testdata/fuzz/FuzzClean; run with
// go test -fuzz=FuzzClean ./internal/attach.
func FuzzClean(f *testing.F) {
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		file, err := Clean(name, data)
		if err != nil {
			if k := apperr.From(err).Kind; k != apperr.KindInvalid && k != apperr.KindTooLarge {
				t.Fatalf("kind %v: %v", k, err)
			}
			return
		}
		ext := map[string]string{PDF: ".pdf", JPEG: ".jpg", PNG: ".png"}[file.Type]
		if ext == "" || !strings.HasSuffix(file.Name, ext) {
			t.Fatalf("type %q, name %q", file.Type, file.Name)
		}
		if !utf8.ValidString(file.Name) || utf8.RuneCountInString(file.Name) > maxNameRunes ||
			strings.ContainsAny(file.Name, "/\\\x00\u202e") {
			t.Fatalf("unsafe name %q", file.Name)
		}
		if len(file.Data) > MaxBytes {
			t.Fatalf("%d bytes", len(file.Data))
		}
		if file.Type == PDF {
			if !bytes.Equal(file.Data, data) {
				t.Fatal("PDF changed")
			}
			return
		}
		if _, format, err := image.DecodeConfig(bytes.NewReader(file.Data)); err != nil || "image/"+format != file.Type {
			t.Fatalf("output %q does not decode as %s: %v", format, file.Type, err)
		}
	})
}
