package api

import (
	"mime"
	"net/http"
	"strconv"

	"reconnect/internal/export"
	"reconnect/internal/i18n"
	"reconnect/internal/identity"
)

// myExport sends everything about the caller: JSON by default, or with
// ?format=zip a ZIP of that JSON and a readable summary.
func (a *API) myExport(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	return ServeExport(w, r, a.Export, a.Catalog, u, r.URL.Query().Get("format"))
}

// ServeExport builds the caller's export and sends it as a download
// that is never cached nor run in a page. The settings page uses it too.
func ServeExport(w http.ResponseWriter, r *http.Request, ex *export.Service, cat *i18n.Catalog, u *identity.User, format string) error {
	d, err := ex.Build(r.Context(), u)
	if err != nil {
		return err
	}
	lang, ok := i18n.Parse(u.Language)
	if !ok {
		lang = i18n.NB
	}
	f, err := export.Download(d, format, cat, lang)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", f.ContentType)
	h.Set("Content-Length", strconv.Itoa(len(f.Body)))
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(f.Body)
	return nil
}
