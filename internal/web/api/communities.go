package api

import (
	"net/http"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/web/httpx"
)

// CommunityRequest creates a community.
type CommunityRequest struct {
	Name     string `json:"name"`
	Slug     string `json:"slug"`
	Timezone string `json:"timezone,omitempty"`
}

func communityJSON(c identity.Community) Community {
	return Community{ID: ID(c.ID), Slug: c.Slug, Name: c.Name, Timezone: c.Timezone, CreatedAt: c.CreatedAt}
}

func (a *API) listCommunities(w http.ResponseWriter, r *http.Request, _ *identity.User) error {
	cs, err := a.Identity.Communities(r.Context())
	if err != nil {
		return err
	}
	out := List[Community]{Items: make([]Community, 0, len(cs))}
	for _, c := range cs {
		out.Items = append(out.Items, communityJSON(c))
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (a *API) createCommunity(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	if u.Role != identity.Admin {
		return apperr.NotFound() // like every other administrators' route
	}
	var in CommunityRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	c, err := a.Identity.CreateCommunity(r.Context(), u, identity.NewCommunity{Name: in.Name, Slug: in.Slug, Timezone: in.Timezone})
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, communityJSON(c))
	return nil
}
