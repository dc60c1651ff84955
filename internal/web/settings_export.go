package web

import (
	"net/http"

	"reconnect/internal/identity"
	"reconnect/internal/web/api"
)

// downloadMyData sends the member's "My data" ZIP: the settings page's
// download link, which works without JavaScript.
func (s *Server) downloadMyData(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	return api.ServeExport(w, r, s.export, s.cat, u, "zip")
}
