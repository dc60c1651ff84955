package export

import (
	"bytes"

	"reconnect/internal/apperr"
	"reconnect/internal/i18n"
)

// File is an export ready to download.
type File struct {
	Name        string // reconnect-my-data-YYYY-MM-DD.json or .zip
	ContentType string
	Body        []byte
}

// Download encodes d as format: "json" (or "") or "zip", the ZIP's
// summary in lang. Any other format is apperr invalid on field format.
func Download(d Data, format string, cat *i18n.Catalog, lang i18n.Lang) (File, error) {
	var f File
	var buf bytes.Buffer
	name := "reconnect-my-data-" + d.MadeAt.UTC().Format("2006-01-02")
	switch format {
	case "", "json":
		f.Name, f.ContentType = name+".json", "application/json; charset=utf-8"
		if err := JSON(&buf, d); err != nil {
			return f, err
		}
	case "zip":
		f.Name, f.ContentType = name+".zip", "application/zip"
		if err := Zip(&buf, d, cat, lang); err != nil {
			return f, err
		}
	default:
		return f, apperr.Invalid("err.fix_fields").WithField("format", "field.export_format.unknown")
	}
	f.Body = buf.Bytes()
	return f, nil
}
