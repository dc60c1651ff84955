package httpx

import (
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"reconnect/internal/apperr"
	"reconnect/internal/attach"
)

// UploadMax bounds a whole request that carries attachments: five files
// of attach.MaxBytes and the text around them.
const UploadMax = 5*attach.MaxBytes + 1<<20

const fieldMax = 64 << 10

// Uploads reads uploads. It bounds how many files are decoded and
// re-encoded at once: a large photo takes a few hundred MB while it is
// decoded.
type Uploads struct {
	cleaning chan struct{}
}

// NewUploads cleans at most n files at once.
func NewUploads(n int) *Uploads { return &Uploads{cleaning: make(chan struct{}, max(n, 1))} }

// IsMultipart reports whether the request body is multipart/form-data.
func IsMultipart(r *http.Request) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && mt == "multipart/form-data"
}

// Upload is a multipart/form-data body read by Uploads.Read.
type Upload struct {
	Fields map[string][]string
	Files  []attach.File
	// FileErr is the first problem with a file (type, size, count): a
	// 4xx for the form to show beside the text the member wrote, which
	// is kept.
	FileErr error
}

// Get returns a text field's first value.
func (u *Upload) Get(name string) string {
	if vs := u.Fields[name]; len(vs) > 0 {
		return vs[0]
	}
	return ""
}

// Read reads a multipart/form-data body as it streams: text
// fields (each at most 64 KiB, valid UTF-8) and up to maxFiles files
// from the "attachment" field, each checked and cleaned by content
// (attach.Clean). Every way the body can be wrong is a 4xx.
func (us *Uploads) Read(r *http.Request, maxFiles int) (*Upload, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, apperr.New(apperr.KindInvalid, "unreadable_body", "err.unreadable_body")
	}
	up := &Upload{Fields: map[string][]string{}}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, BodyError(err)
		}
		name := p.FormName()
		if name == attach.Field && p.FileName() != "" {
			data, err := io.ReadAll(io.LimitReader(p, attach.MaxBytes+1))
			if err != nil {
				return nil, BodyError(err)
			}
			if up.FileErr != nil {
				continue
			}
			if len(up.Files) == maxFiles {
				up.FileErr = apperr.Invalid("err.fix_fields").WithField(attach.Field, "field.attachment.count")
				continue
			}
			select {
			case us.cleaning <- struct{}{}:
			case <-r.Context().Done():
				return nil, apperr.New(apperr.KindInvalid, "unreadable_body", "err.unreadable_body")
			}
			f, err := attach.Clean(p.FileName(), data)
			<-us.cleaning
			if err != nil {
				up.FileErr = err
				continue
			}
			up.Files = append(up.Files, f)
			continue
		}
		if p.FileName() != "" {
			_, _ = io.Copy(io.Discard, io.LimitReader(p, attach.MaxBytes)) // an empty file input, or a file where none belongs
			continue
		}
		b, err := io.ReadAll(io.LimitReader(p, fieldMax+1))
		if err != nil {
			return nil, BodyError(err)
		}
		if len(b) > fieldMax {
			return nil, apperr.New(apperr.KindTooLarge, "body_too_large", "err.body_too_large")
		}
		if !utf8.Valid(b) || !utf8.ValidString(name) {
			return nil, apperr.New(apperr.KindInvalid, "invalid_utf8", "err.invalid_utf8")
		}
		up.Fields[name] = append(up.Fields[name], string(b))
	}
	return up, nil
}

// UploadPath reports whether a path takes uploads, so the body limit
// for it is UploadMax instead of the usual one.
func UploadPath(path string) bool {
	return strings.HasPrefix(path, "/messages") || strings.HasPrefix(path, "/api/v1/conversations")
}
