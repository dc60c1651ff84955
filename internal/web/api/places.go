package api

import (
	"net/http"
	"strconv"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/web/httpx"
)

// Place is a local place name the identifying-details check looks for.
type Place struct {
	ID          ID     `json:"id"`
	CommunityID ID     `json:"community_id"`
	Name        string `json:"name"`
}

// PlaceRequest adds a place to a community.
type PlaceRequest struct {
	CommunityID ID     `json:"community_id"`
	Name        string `json:"name"`
}

func (a *API) listPlaces(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	if u.Role != identity.Admin {
		return apperr.NotFound()
	}
	cid, err := strconv.ParseInt(r.URL.Query().Get("community_id"), 10, 64)
	if err != nil {
		return apperr.Invalid("err.fix_fields").WithField("community_id", "field.community.required")
	}
	ps, err := a.Identity.Places(r.Context(), cid)
	if err != nil {
		return err
	}
	out := List[Place]{Items: make([]Place, 0, len(ps))}
	for _, p := range ps {
		out.Items = append(out.Items, Place{ID: ID(p.ID), CommunityID: ID(p.CommunityID), Name: p.Name})
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (a *API) addPlace(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	if u.Role != identity.Admin {
		return apperr.NotFound()
	}
	var in PlaceRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	p, err := a.Identity.AddPlace(r.Context(), u, int64(in.CommunityID), in.Name)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, Place{ID: ID(p.ID), CommunityID: ID(p.CommunityID), Name: p.Name})
	return nil
}

func (a *API) removePlace(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := a.Identity.RemovePlace(r.Context(), u, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
