package api

import (
	"net/http"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/web/httpx"
)

// InvitationRequest creates an invitation.
type InvitationRequest struct {
	Role        string `json:"role"`
	CommunityID *ID    `json:"community_id,omitempty"`
	ValidDays   int    `json:"valid_days,omitempty"`
	// MemberName (providers): the person's name as you know them;
	// registering through the invitation puts you on their care team.
	MemberName string `json:"member_name,omitempty"`
}

func invitationJSON(inv identity.Invitation, now time.Time) Invitation {
	return Invitation{ID: ID(inv.ID), Code: inv.Code, Role: string(inv.Role), CommunityID: optionalID(inv.CommunityID),
		Status: inv.Status(now), CreatedAt: inv.CreatedAt, ExpiresAt: inv.ExpiresAt, UsedAt: inv.UsedAt, MemberName: inv.CareName}
}

func (a *API) createInvitation(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	if u.Role != identity.Admin && u.Role != identity.PeerModerator && u.Role != identity.Provider {
		return apperr.NotFound() // as for listing: the route does not exist for them
	}
	var in InvitationRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	var community int64
	if in.CommunityID != nil {
		community = int64(*in.CommunityID)
	}
	inv, err := a.Identity.CreateInvitation(r.Context(), u, identity.NewInvitation{
		Role: identity.Role(in.Role), CommunityID: community, ValidDays: in.ValidDays, CareName: in.MemberName})
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, invitationJSON(inv, inv.CreatedAt))
	return nil
}

func (a *API) listInvitations(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	if u.Role != identity.Admin && u.Role != identity.PeerModerator && u.Role != identity.Provider {
		return apperr.NotFound()
	}
	limit, before, err := page(r)
	if err != nil {
		return err
	}
	invs, err := a.Identity.Invitations(r.Context(), u, limit, before)
	if err != nil {
		return err
	}
	now := time.Now()
	out := List[Invitation]{Items: make([]Invitation, 0, len(invs))}
	for _, inv := range invs {
		out.Items = append(out.Items, invitationJSON(inv, now))
	}
	if len(invs) > 0 {
		out.NextCursor = nextCursor(len(invs), limit, invs[len(invs)-1].ID)
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (a *API) revokeInvitation(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := a.Identity.RevokeInvitation(r.Context(), u, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
