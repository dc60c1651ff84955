package export

import (
	"archive/zip"
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"sort"
	"strings"
	"time"

	"reconnect/internal/i18n"
)

//go:embed summary.html
var summarySource string

// JSON writes the export as one indented JSON document.
func JSON(w io.Writer, d Data) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	enc.SetEscapeHTML(false) // a download, never inlined in a page: keep the text as written
	return enc.Encode(d)
}

// Zip writes a ZIP holding data.json and summary.html, the readable
// summary in lang. Every text in the summary is escaped by html/template;
// it has no scripts and loads nothing.
func Zip(w io.Writer, d Data, cat *i18n.Catalog, lang i18n.Lang) error {
	var page bytes.Buffer
	if err := Summary(&page, d, cat, lang); err != nil {
		return err
	}
	z := zip.NewWriter(w)
	files := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"data.json", func(w io.Writer) error { return JSON(w, d) }},
		{"summary.html", func(w io.Writer) error { _, err := w.Write(page.Bytes()); return err }},
	}
	for _, f := range files {
		fw, err := z.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: d.MadeAt})
		if err != nil {
			return err
		}
		if err := f.write(fw); err != nil {
			return err
		}
	}
	return z.Close()
}

// Summary renders the readable HTML summary.
func Summary(w io.Writer, d Data, cat *i18n.Catalog, lang i18n.Lang) error {
	t, err := template.New("summary").Funcs(template.FuncMap{
		"t":     func(key string, args ...string) string { return cat.T(lang, key, args...) },
		"day":   day,
		"join":  func(s []string) string { return strings.Join(s, ", ") },
		"lines": lines,
	}).Parse(summarySource)
	if err != nil {
		return err
	}
	return t.Execute(w, struct {
		Lang i18n.Lang
		D    Data
	}{lang, d})
}

// day writes a time for people, in UTC like the JSON.
func day(v any) string {
	switch t := v.(type) {
	case time.Time:
		return t.UTC().Format("2006-01-02 15:04 UTC")
	case *time.Time:
		if t != nil {
			return t.UTC().Format("2006-01-02 15:04 UTC")
		}
	}
	return ""
}

// lines flattens a toolbox item's JSON into "name: value" lines,
// leaving out empty texts.
func lines(raw json.RawMessage) []string {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil
	}
	var out []string
	flatten("", v, &out)
	return out
}

func flatten(prefix string, v any, out *[]string) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			flatten(strings.TrimPrefix(prefix+"."+k, "."), x[k], out)
		}
	case []any:
		for i, e := range x {
			flatten(fmt.Sprintf("%s[%d]", prefix, i+1), e, out)
		}
	case nil:
	case string:
		if x != "" {
			*out = append(*out, prefix+": "+x)
		}
	default:
		*out = append(*out, fmt.Sprintf("%s: %v", prefix, x))
	}
}
