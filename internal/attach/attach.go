// Package attach checks and cleans one attachment to a care message before
// anything is stored. It is pure: bytes in, bytes out, no storage, no
// globals.
//
// Choices, and why:
//
//   - The type is decided by the content alone, never by the file name or
//     the type the browser declared. Only three types are allowed, so the
//     check is their fixed signatures at offset 0 (the ones
//     http.DetectContentType uses; no dependency needed). The real proof
//     is that the file then decodes (images) or has a PDF's frame (PDF).
//     Everything else (HTML, SVG, GIF, WebP, HEIC, archives, programs, a
//     text file named x.pdf) is refused.
//   - Images are decoded and written anew, so nothing from the upload
//     survives but the pixels: no EXIF (GPS position, camera make and
//     serial), no XMP, no ICC profile, no comments, no thumbnails, no
//     trailing data such as a phone's "motion photo". The EXIF orientation
//     of a JPEG is applied first, so photos stay upright once the tag is
//     gone. Colours of wide-gamut photos may shift slightly because the ICC
//     profile is dropped; that is the price of dropping everything.
//     Animated PNGs keep their first frame. A PNG's eXIf orientation is not
//     applied (rare; screenshots have none).
//   - Image size is checked from the header before any pixels are
//     allocated (decompression bombs). The limits still let a 48-megapixel
//     phone photo through, which costs several hundred MB while it is
//     decoded: callers should bound how many Clean calls run at once.
//   - PDFs are checked, not rewritten. Scripts, launch actions, embedded
//     files, rich media and XFA forms are refused, as are encrypted PDFs
//     and object streams we cannot open, since we could not see inside
//     them. The document's own metadata (Info author and title, XMP, EXIF
//     inside embedded images) is NOT removed: no pure-Go PDF rewriter is
//     worth the dependency for that. Members should be told that a PDF is
//     sent as it is. Serve PDFs as downloads (Content-Disposition:
//     attachment, X-Content-Type-Options: nosniff), never inline: the check
//     is a scan, not a parser, and a file crafted against it may pass.
//   - The result's Data is new or, for a PDF, the input itself; on error
//     the File is zero, so a caller cannot store half a result.
//
// Errors are *apperr.Error with i18n keys only; they never contain the file
// name or content.
package attach

import (
	"bytes"

	"reconnect/internal/apperr"
)

// MaxBytes is the largest attachment accepted, and the largest Clean returns.
// Callers should read at most MaxBytes+1 bytes so that an oversized upload
// is seen as such.
const MaxBytes = 10 << 20

// Field is the form and API field that errors point at.
const Field = "attachment"

// The allowed types.
const (
	PDF  = "application/pdf"
	JPEG = "image/jpeg"
	PNG  = "image/png"
)

// File is a checked, cleaned attachment.
type File struct {
	Name string // safe base name whose extension matches Type
	Type string // PDF, JPEG or PNG
	Data []byte
}

// Clean checks data by its content, re-encodes images without metadata and
// returns the file with a safe name. Any caller may use it. Errors: 413
// (KindTooLarge) over MaxBytes; 400 (KindInvalid) when empty, of another
// type, damaged, too many pixels, or a PDF with active content.
func Clean(name string, data []byte) (File, error) {
	if len(data) > MaxBytes {
		return File{}, tooLarge()
	}
	if len(data) == 0 {
		return File{}, invalid("field.attachment.empty", nil)
	}
	kind := sniff(data)
	var out []byte
	var err error
	switch kind {
	case JPEG, PNG:
		out, err = cleanImage(data, kind, MaxBytes)
	case PDF:
		out, err = data, checkPDF(data)
	default:
		err = invalid("field.attachment.type", nil)
	}
	if err != nil {
		return File{}, err
	}
	return File{Name: safeName(name, kind), Type: kind, Data: out}, nil
}

// sniff names the type from the first bytes, or returns "".
func sniff(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return PDF
	case bytes.HasPrefix(data, []byte("\xFF\xD8\xFF")):
		return JPEG
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return PNG
	}
	return ""
}

func invalid(key string, cause error) error {
	e := apperr.Invalid("err.fix_fields").WithField(Field, key)
	e.Err = cause
	return e
}

func tooLarge() error {
	return apperr.New(apperr.KindTooLarge, "attachment_too_large", "err.fix_fields").
		WithField(Field, "field.attachment.size")
}
