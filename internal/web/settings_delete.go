package web

import (
	"net/http"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
)

// requestDeletion asks for the member's account to be deleted after the
// cooling-off period. The box must be ticked; nothing is written
// otherwise.
func (s *Server) requestDeletion(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm(settingsFields...)
	if err := readForm(r, f); err != nil {
		return err
	}
	if f.Get("confirm_delete") != "yes" {
		e := apperr.Invalid("err.fix_fields").WithField("confirm_delete", "field.confirm_delete.required")
		if p := f.Get("forum_posts"); p != "keep_anonymous" && p != "delete" {
			e = e.WithField("forum_posts", "field.forum_posts.choice")
		}
		return s.settingsError(w, r, u, f, e)
	}
	if _, err := s.deletion.Request(r.Context(), u, f.Get("forum_posts")); err != nil {
		return s.settingsError(w, r, u, f, err)
	}
	s.redirectWith(w, r, "/settings#s-delete", "flash.deletion_requested")
	return nil
}

// cancelDeletion withdraws the request.
func (s *Server) cancelDeletion(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	if err := s.deletion.Cancel(r.Context(), u); err != nil && !apperr.Is(err, apperr.KindNotFound) {
		return err
	}
	s.redirectWith(w, r, "/settings#s-delete", "flash.deletion_cancelled")
	return nil
}
