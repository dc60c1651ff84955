package web

import (
	"net/http"

	"reconnect/internal/identity"
	"reconnect/internal/web/httpx"
)

type homeData struct {
	UsesForum   bool
	Unread      int // threads with unread posts
	CanInvite   bool
	IsAdmin     bool
	Community   string
	Communities int
}

// showHome shows the public landing page, or the member's home with only
// the parts that exist for their role.
func (s *Server) showHome(w http.ResponseWriter, r *http.Request) {
	u := httpx.UserFrom(r.Context())
	if u == nil {
		s.render(w, r, http.StatusOK, "home", &Page{Title: "home.title"})
		return
	}
	cs, err := s.ids.Communities(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := &homeData{IsAdmin: u.Role == identity.Admin, Communities: len(cs)}
	d.CanInvite = d.IsAdmin || u.Role == identity.PeerModerator || u.Role == identity.Provider
	if u.Role.UsesForum() {
		d.UsesForum = true
		if ts, err := s.forum.UnreadThreads(r.Context(), u); err == nil {
			d.Unread = len(ts)
		}
	}
	for _, c := range cs {
		if c.ID == u.CommunityID {
			d.Community = c.Name
		}
	}
	s.render(w, r, http.StatusOK, "home", &Page{Title: "home.title", Data: d})
}
