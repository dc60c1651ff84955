package web

import (
	"net/http"
	"strconv"

	"reconnect/internal/apperr"
	"reconnect/internal/forum"
	"reconnect/internal/identity"
)

func pathInt(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.NotFound()
	}
	return id, nil
}

// showForum lists the categories with unread counts.
func (s *Server) showForum(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	cs, err := s.forum.Categories(r.Context(), u)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "forum", &Page{Title: "forum.title", Data: cs})
	return nil
}

type categoryData struct {
	Category forum.Category
	Page     forum.ThreadPage
}

// showCategory lists a category's threads: pinned first, unread marked.
func (s *Server) showCategory(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	c, err := s.forum.CategoryByID(r.Context(), u, id)
	if err != nil {
		return err
	}
	pg, err := s.forum.Threads(r.Context(), u, id, 0, r.URL.Query().Get("cursor"))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "forum_category", &Page{Title: "forum.category.title", Data: &categoryData{Category: c, Page: pg}})
	return nil
}

// showUnread lists threads with posts the member has not read.
func (s *Server) showUnread(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	ts, err := s.forum.UnreadThreads(r.Context(), u)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "forum_unread", &Page{Title: "forum.unread.title", Data: ts})
	return nil
}

type searchData struct {
	Query string
	Hits  []forum.Hit
	Page  int
	More  bool
	Done  bool
}

// showSearch searches what the member may see.
func (s *Server) showSearch(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	q := r.URL.Query()
	d := &searchData{Query: q.Get("q"), Page: 1}
	if p, err := strconv.Atoi(q.Get("page")); err == nil && p > 1 {
		d.Page = p
	}
	f := NewForm("q")
	f.Values["q"] = d.Query
	status := http.StatusOK
	if d.Query != "" {
		hits, more, err := s.forum.Search(r.Context(), u, d.Query, d.Page)
		if err != nil {
			st, other := f.setError(err)
			if other != nil {
				return other
			}
			status = st
		} else {
			d.Hits, d.More, d.Done = hits, more, true
		}
	}
	s.render(w, r, status, "forum_search", &Page{Title: "forum.search.title", Form: f, Data: d})
	return nil
}
