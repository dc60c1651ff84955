package api

import (
	"net/http"

	"reconnect/internal/forum"
	"reconnect/internal/identity"
	"reconnect/internal/web/httpx"
)

// CategoryRequest creates or replaces a category; community_id empty
// shares it with every community.
type CategoryRequest struct {
	Slug             string `json:"slug"`
	NameNB           string `json:"name_nb"`
	NameEN           string `json:"name_en"`
	DescriptionNB    string `json:"description_nb,omitempty"`
	DescriptionEN    string `json:"description_en,omitempty"`
	Position         int    `json:"position,omitempty"`
	CommunityID      *ID    `json:"community_id,omitempty"`
	RequiresApproval bool   `json:"requires_approval,omitempty"`
}

func (in CategoryRequest) input() forum.CategoryInput {
	return forum.CategoryInput{Slug: in.Slug, NameNB: in.NameNB, NameEN: in.NameEN, DescNB: in.DescriptionNB, DescEN: in.DescriptionEN,
		Position: in.Position, CommunityID: idOf(in.CommunityID), RequiresApproval: in.RequiresApproval}
}

func (a *API) adminCategories(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	if u.Role != identity.Admin {
		return forumNotFound()
	}
	cs, err := a.Forum.AllCategories(r.Context(), u)
	return a.writeCategories(w, r, cs, err)
}

func (a *API) createCategory(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	if u.Role != identity.Admin {
		return forumNotFound()
	}
	var in CategoryRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	c, err := a.Forum.CreateCategory(r.Context(), u, in.input())
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, categoryJSON(c, a.lang(r)))
	return nil
}

func (a *API) updateCategory(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	if u.Role != identity.Admin {
		return forumNotFound()
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in CategoryRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := a.Forum.UpdateCategory(r.Context(), u, id, in.input()); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
