package web

import (
	"net/http"

	"reconnect/internal/identity"
	"reconnect/internal/notify"
)

// noticeView is a notice with its text in the page's language.
type noticeView struct {
	notify.Notice
	Text string
}

func (s *Server) showNotices(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	ns, err := s.notes.List(r.Context(), u.ID, 100, 0)
	if err != nil {
		return err
	}
	lang := s.langOf(r)
	views := make([]noticeView, 0, len(ns))
	for _, n := range ns {
		args := make([]string, 0, 2*len(n.Args))
		for k, v := range n.Args {
			args = append(args, k, v)
		}
		views = append(views, noticeView{Notice: n, Text: s.cat.T(lang, "notice."+n.Kind, args...)})
	}
	s.render(w, r, http.StatusOK, "notices", &Page{Title: "notices.title", Data: views})
	return nil
}

func (s *Server) readNotices(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	if err := s.notes.MarkRead(r.Context(), u.ID, nil); err != nil {
		return err
	}
	http.Redirect(w, r, "/notifications", http.StatusSeeOther)
	return nil
}
