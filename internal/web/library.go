package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/library"
	"reconnect/internal/toolbox"
)

var libraryRoles = []identity.Role{identity.ServiceUser, identity.PeerModerator, identity.Admin}

var pageFields = []string{"category", "title_nb", "title_en", "body_nb", "body_en"}
var linkFields = []string{"community_id", "name", "description", "address", "phone", "web"}

type libraryData struct {
	Exercises   []library.Page
	Info        []library.Page
	Links       []library.Link
	Communities []identity.Community // a staff member's communities for new links
	Categories  []string
	Page        *library.Page
	Kind        string
	Responses   []toolbox.Item
	CanEdit     bool
	CanLinks    bool
}

// serves reports whether u may manage local links of a community.
func (s *Server) serves(ctx context.Context, u *identity.User) func(int64) bool {
	if u.Role == identity.Admin {
		return func(int64) bool { return true }
	}
	mine, _ := s.ids.ModeratorCommunities(ctx, u.ID)
	return func(c int64) bool { return c == u.CommunityID || slices.Contains(mine, c) }
}

// showLibrary lists exercises, information pages and local links.
func (s *Server) showLibrary(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	return s.renderLibrary(w, r, u, http.StatusOK, NewForm(linkFields...))
}

func (s *Server) renderLibrary(w http.ResponseWriter, r *http.Request, u *identity.User, status int, f *Form) error {
	ctx := r.Context()
	d := &libraryData{CanEdit: library.MayEdit(u, library.Exercise), Categories: library.Categories}
	var err error
	if d.Exercises, err = s.library.List(ctx, u, library.Exercise); err != nil {
		return err
	}
	if d.Info, err = s.library.List(ctx, u, library.Info); err != nil {
		return err
	}
	if u.CommunityID != 0 {
		if d.Links, err = s.library.Links(ctx, u.CommunityID); err != nil {
			return err
		}
	}
	if u.Role != identity.ServiceUser {
		cs, err := s.ids.Communities(ctx)
		if err != nil {
			return err
		}
		serves := s.serves(ctx, u)
		for _, c := range cs {
			if serves(c.ID) {
				d.Communities = append(d.Communities, c)
				if c.ID != u.CommunityID {
					ls, err := s.library.Links(ctx, c.ID)
					if err != nil {
						return err
					}
					d.Links = append(d.Links, ls...)
				}
			}
		}
		d.CanLinks = len(d.Communities) > 0
	}
	s.render(w, r, status, "library", &Page{Title: "library.title", Form: f, Data: d})
	return nil
}

func kindOf(r *http.Request) (string, error) {
	switch k := r.PathValue("kind"); k {
	case library.Exercise, library.Info:
		return k, nil
	}
	return "", apperr.NotFound()
}

// showLibraryPage shows an exercise (with the member's private
// responses and a form for a new one) or an information page.
func (s *Server) showLibraryPage(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	return s.renderLibraryPage(w, r, u, http.StatusOK, NewForm("text"))
}

func (s *Server) renderLibraryPage(w http.ResponseWriter, r *http.Request, u *identity.User, status int, f *Form) error {
	kind, err := kindOf(r)
	if err != nil {
		return err
	}
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	p, err := s.library.Get(r.Context(), u, kind, id)
	if err != nil {
		return err
	}
	d := &libraryData{Page: &p, Kind: kind, CanEdit: library.MayEdit(u, kind)}
	if kind == library.Exercise && u.Role == identity.ServiceUser {
		all, err := s.toolbox.Mine(r.Context(), u, toolbox.Exercises)
		if err != nil {
			return err
		}
		for _, it := range all {
			if it.Data.(*toolbox.Response).ExerciseID == id {
				d.Responses = append(d.Responses, it)
			}
		}
	}
	s.render(w, r, status, "library_page", &Page{Title: "library.title", Form: f, Data: d})
	return nil
}

// saveResponse keeps a member's private response to an exercise.
func (s *Server) saveResponse(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathInt(r, "id")
	if err != nil || r.PathValue("kind") != library.Exercise || u.Role != identity.ServiceUser {
		return apperr.NotFound()
	}
	if _, err := s.library.Get(r.Context(), u, library.Exercise, id); err != nil {
		return err
	}
	f := NewForm("text")
	if err := readForm(r, f); err != nil {
		return err
	}
	if _, err := s.toolbox.Create(r.Context(), u, toolbox.Exercises, &toolbox.Response{ExerciseID: id, Text: f.Get("text")}); err != nil {
		status, other := f.setError(err)
		if other != nil {
			return other
		}
		return s.renderLibraryPage(w, r, u, status, f)
	}
	s.redirectWith(w, r, "/library/exercise/"+strconv.FormatInt(id, 10), "flash.toolbox_saved")
	return nil
}

// showLibraryEdit is the form for a new or changed page (staff).
func (s *Server) showLibraryEdit(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	kind, err := kindOf(r)
	if err != nil || !library.MayEdit(u, kind) {
		return apperr.NotFound()
	}
	f := NewForm(pageFields...)
	d := &libraryData{Kind: kind, Categories: library.Categories}
	if sid := r.PathValue("id"); sid != "" {
		id, err := pathInt(r, "id")
		if err != nil {
			return err
		}
		p, err := s.library.Get(r.Context(), u, kind, id)
		if err != nil {
			return err
		}
		d.Page = &p
		for k, v := range map[string]string{"category": p.Category, "title_nb": p.TitleNB, "title_en": p.TitleEN, "body_nb": p.BodyNB, "body_en": p.BodyEN} {
			f.Values[k] = v
		}
	}
	s.render(w, r, http.StatusOK, "library_edit", &Page{Title: "library.title", Form: f, Data: d})
	return nil
}

// saveLibraryPage creates or changes a page (staff).
func (s *Server) saveLibraryPage(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	kind, err := kindOf(r)
	if err != nil || !library.MayEdit(u, kind) {
		return apperr.NotFound()
	}
	f := NewForm(pageFields...)
	if err := readForm(r, f); err != nil {
		return err
	}
	p := library.Page{Kind: kind, Category: f.Get("category"), TitleNB: f.Get("title_nb"), TitleEN: f.Get("title_en"), BodyNB: f.Get("body_nb"), BodyEN: f.Get("body_en")}
	d := &libraryData{Kind: kind, Categories: library.Categories}
	if r.PathValue("id") != "" {
		if p.ID, err = pathInt(r, "id"); err != nil {
			return err
		}
		d.Page = &p
	}
	id, err := s.library.Save(r.Context(), u, p)
	if err != nil {
		status, other := f.setError(err)
		if other != nil {
			return other
		}
		s.render(w, r, status, "library_edit", &Page{Title: "library.title", Form: f, Data: d})
		return nil
	}
	s.redirectWith(w, r, "/library/"+kind+"/"+strconv.FormatInt(id, 10), "flash.toolbox_saved")
	return nil
}

// saveLink adds, changes or (with delete) removes a local link (staff).
func (s *Server) saveLink(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm(linkFields...)
	if err := readForm(r, f); err != nil {
		return err
	}
	serves := s.serves(r.Context(), u)
	var id int64
	if sid := r.PathValue("id"); sid != "" {
		var err error
		if id, err = pathInt(r, "id"); err != nil {
			return err
		}
		if r.PostForm.Get("delete") != "" {
			if err := s.library.DeleteLink(r.Context(), u, id, serves); err != nil {
				return err
			}
			s.redirectWith(w, r, "/library", "flash.toolbox_deleted")
			return nil
		}
	}
	community, _ := strconv.ParseInt(f.Get("community_id"), 10, 64)
	l := library.Link{ID: id, CommunityID: community, Name: f.Get("name"), Description: f.Get("description"), Address: f.Get("address"), Phone: f.Get("phone"), Web: f.Get("web")}
	if _, err := s.library.SaveLink(r.Context(), u, l, serves); err != nil {
		status, other := f.setError(err)
		if other != nil {
			return other
		}
		return s.renderLibrary(w, r, u, status, f)
	}
	s.redirectWith(w, r, "/library", "flash.toolbox_saved")
	return nil
}
