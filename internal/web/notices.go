package web

import (
	"net/http"
	"strconv"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/notify"
)

// noticeView is a notice with its text in the page's language.
type noticeView struct {
	notify.Notice
	Text string
	Link string // the page it leads to, "" for none
}

// noticesData is the notices page: one page of notices, the filter and
// the link to older ones.
type noticesData struct {
	Notices    []noticeView
	Unread     int
	Groups     []string
	Group      string // the filter's group, "" for all
	OnlyUnread bool
	Older      int64 // the next page starts before this ID; 0 when none
	Paged      bool  // not the first page
}

const noticesPerPage = 50

func (s *Server) showNotices(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	q := r.URL.Query()
	d := &noticesData{Groups: notify.Groups, Group: q.Get("group"), OnlyUnread: q.Get("unread") == "1"}
	f := notify.Filter{Unread: d.OnlyUnread}
	if d.Group != "" {
		if f.Kinds = notify.GroupKinds(d.Group); f.Kinds == nil {
			return apperr.Invalid("err.notify_filter")
		}
	}
	var before int64
	if b := q.Get("before"); b != "" {
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n <= 0 {
			return apperr.Invalid("err.fix_fields").WithField("before", "field.id.invalid")
		}
		before, d.Paged = n, true
	}
	ns, err := s.notes.Find(r.Context(), u.ID, f, noticesPerPage, before)
	if err != nil {
		return err
	}
	if d.Unread, err = s.notes.Unread(r.Context(), u.ID); err != nil {
		return err
	}
	lang := s.langOf(r)
	d.Notices = make([]noticeView, 0, len(ns))
	for _, n := range ns {
		args := make([]string, 0, 2*len(n.Args))
		for k, v := range n.Args {
			args = append(args, k, v)
		}
		d.Notices = append(d.Notices, noticeView{Notice: n, Text: s.cat.T(lang, "notice."+n.Kind, args...), Link: notify.Link(n.Kind, n.Args)})
	}
	if len(ns) == noticesPerPage {
		d.Older = ns[len(ns)-1].ID
	}
	s.render(w, r, http.StatusOK, "notices", &Page{Title: "notices.title", Data: d})
	return nil
}

func (s *Server) readNotices(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	if err := s.notes.MarkRead(r.Context(), u.ID, nil); err != nil {
		return err
	}
	http.Redirect(w, r, "/notifications", http.StatusSeeOther)
	return nil
}

// readNotice marks one of the member's notices read; another member's
// is not found.
func (s *Server) readNotice(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return apperr.NotFound()
	}
	if err := s.notes.MarkRead(r.Context(), u.ID, []int64{id}); err != nil {
		return err
	}
	http.Redirect(w, r, "/notifications", http.StatusSeeOther)
	return nil
}
