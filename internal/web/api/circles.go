package api

import (
	"net/http"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/web/httpx"
)

// CircleRequest creates a circle and invites members by pseudonym.
type CircleRequest struct {
	Name             string   `json:"name"`
	MemberPseudonyms []string `json:"member_pseudonyms"`
}

// CircleMembersRequest invites more members.
type CircleMembersRequest struct {
	Pseudonyms []string `json:"pseudonyms"`
}

// Circle is a circle as the caller sees it. shown_name appears only where
// that member has revealed themselves to the caller.
type Circle struct {
	ID        ID             `json:"id"`
	Name      string         `json:"name"`
	MyStatus  string         `json:"my_status"`
	IsCreator bool           `json:"is_creator"`
	CreatedAt time.Time      `json:"created_at"`
	Members   []CircleMember `json:"members,omitempty"`
}

// CircleMember is a member or invitee.
type CircleMember struct {
	Pseudonym string `json:"pseudonym"`
	ShownName string `json:"shown_name,omitempty"`
	Status    string `json:"status"`
	Creator   bool   `json:"creator"`
}

func circleJSON(c identity.Circle, viewer int64) Circle {
	out := Circle{ID: ID(c.ID), Name: c.Name, MyStatus: c.MyStatus, IsCreator: c.CreatorID == viewer, CreatedAt: c.CreatedAt}
	for _, m := range c.Members {
		out.Members = append(out.Members, CircleMember{Pseudonym: m.Pseudonym, ShownName: m.ShownName, Status: m.Status, Creator: m.Creator})
	}
	return out
}

func (a *API) createCircle(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	var in CircleRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	c, err := a.Identity.CreateCircle(r.Context(), u, in.Name, in.MemberPseudonyms)
	if err != nil {
		return err
	}
	full, err := a.Identity.CircleByID(r.Context(), u, c.ID)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, circleJSON(full, u.ID))
	return nil
}

func (a *API) listCircles(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	if !u.Role.UsesForum() {
		return apperr.NotFound()
	}
	cs, err := a.Identity.Circles(r.Context(), u)
	if err != nil {
		return err
	}
	out := List[Circle]{Items: make([]Circle, 0, len(cs))}
	for _, c := range cs {
		out.Items = append(out.Items, circleJSON(c, u.ID))
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (a *API) getCircle(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := a.Identity.CircleByID(r.Context(), u, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, circleJSON(c, u.ID))
	return nil
}

func (a *API) inviteToCircle(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in CircleMembersRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := a.Identity.InviteToCircle(r.Context(), u, id, in.Pseudonyms); err != nil {
		return err
	}
	return a.getCircle(w, r, u)
}

// circleAction runs one of join, decline and leave.
func (a *API) circleAction(act func(*http.Request, *identity.User, int64) error) handler {
	return func(w http.ResponseWriter, r *http.Request, u *identity.User) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		if err := act(r, u, id); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
}

func (a *API) removeFromCircle(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p := r.PathValue("pseudonym")
	if p == "" {
		return apperr.NotFound()
	}
	if err := a.Identity.RemoveFromCircle(r.Context(), u, id, p); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
