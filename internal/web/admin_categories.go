package web

import (
	"net/http"
	"strconv"

	"reconnect/internal/apperr"
	"reconnect/internal/forum"
	"reconnect/internal/identity"
)

var categoryFields = []string{"slug", "name_nb", "name_en", "description_nb", "description_en", "position", "community_id", "requires_approval"}

type categoriesData struct {
	Categories  []forum.Category
	Communities []identity.Community
	Names       map[int64]string // community names by ID
	Editing     int64            // the category being edited, or 0 for a new one
}

// showCategories lists every forum category with a form for a new one.
func (s *Server) showCategories(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm(categoryFields...)
	f.Values["position"] = "0"
	return s.renderCategories(w, r, u, http.StatusOK, f, 0)
}

// showCategory shows one category's settings for editing.
func (s *Server) showCategoryEdit(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	c, err := s.adminCategory(r, u)
	if err != nil {
		return err
	}
	f := NewForm(categoryFields...)
	f.Values = map[string]string{"slug": c.Slug, "name_nb": c.NameNB, "name_en": c.NameEN, "description_nb": c.DescNB,
		"description_en": c.DescEN, "position": strconv.Itoa(c.Position), "community_id": "", "requires_approval": ""}
	if c.CommunityID != 0 {
		f.Values["community_id"] = strconv.FormatInt(c.CommunityID, 10)
	}
	if c.RequiresApproval {
		f.Values["requires_approval"] = "yes"
	}
	return s.renderCategories(w, r, u, http.StatusOK, f, c.ID)
}

// adminCategory is the category named in the path, for an administrator.
func (s *Server) adminCategory(r *http.Request, u *identity.User) (forum.Category, error) {
	id, err := pathInt(r, "id")
	if err != nil {
		return forum.Category{}, err
	}
	cs, err := s.forum.AllCategories(r.Context(), u)
	if err != nil {
		return forum.Category{}, err
	}
	for _, c := range cs {
		if c.ID == id {
			return c, nil
		}
	}
	return forum.Category{}, apperr.NotFound()
}

func (s *Server) renderCategories(w http.ResponseWriter, r *http.Request, u *identity.User, status int, f *Form, editing int64) error {
	cs, err := s.forum.AllCategories(r.Context(), u)
	if err != nil {
		return err
	}
	comms, err := s.ids.Communities(r.Context())
	if err != nil {
		return err
	}
	d := &categoriesData{Categories: cs, Communities: comms, Names: map[int64]string{}, Editing: editing}
	for _, c := range comms {
		d.Names[c.ID] = c.Name
	}
	title := "admin_categories.title"
	if editing != 0 {
		title = "admin_categories.edit_title"
	}
	s.render(w, r, status, "admin_categories", &Page{Title: title, Form: f, Data: d})
	return nil
}

// categoryInput reads the category form; a position that is not a
// number is refused like one out of range.
func categoryInput(f *Form) (forum.CategoryInput, error) {
	in := forum.CategoryInput{Slug: f.Get("slug"), NameNB: f.Get("name_nb"), NameEN: f.Get("name_en"), DescNB: f.Get("description_nb"),
		DescEN: f.Get("description_en"), RequiresApproval: f.Get("requires_approval") == "yes"}
	pos, err := strconv.Atoi(f.Get("position"))
	if f.Get("position") == "" {
		pos, err = 0, nil
	}
	if err != nil {
		return in, apperr.Invalid("err.fix_fields").WithField("position", "field.position.range")
	}
	in.Position = pos
	if c := f.Get("community_id"); c != "" {
		if in.CommunityID, err = strconv.ParseInt(c, 10, 64); err != nil || in.CommunityID <= 0 {
			return in, apperr.Invalid("err.fix_fields").WithField("community_id", "field.community.unknown")
		}
	}
	return in, nil
}

func (s *Server) createCategoryPage(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	return s.saveCategory(w, r, u, 0)
}

func (s *Server) updateCategoryPage(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	c, err := s.adminCategory(r, u)
	if err != nil {
		return err
	}
	return s.saveCategory(w, r, u, c.ID)
}

func (s *Server) saveCategory(w http.ResponseWriter, r *http.Request, u *identity.User, id int64) error {
	f := NewForm(categoryFields...)
	if err := readForm(r, f); err != nil {
		return err
	}
	in, err := categoryInput(f)
	if err == nil {
		if id == 0 {
			_, err = s.forum.CreateCategory(r.Context(), u, in)
		} else {
			err = s.forum.UpdateCategory(r.Context(), u, id, in)
		}
	}
	if err != nil {
		status, other := f.setError(err)
		if other != nil {
			return other
		}
		return s.renderCategories(w, r, u, status, f, id)
	}
	flash := "flash.category_created"
	if id != 0 {
		flash = "flash.category_saved"
	}
	s.redirectWith(w, r, "/admin/forum/categories", flash)
	return nil
}
