package api

import (
	"net/http"

	"reconnect/internal/identity"
	"reconnect/internal/web/httpx"
)

// LookupRequest asks who is behind a pseudonym, with a written reason.
type LookupRequest struct {
	Pseudonym string `json:"pseudonym"`
	Reason    string `json:"reason"`
}

// Lookup is the answer: the account and its real name, if known. The
// look-up is in the audit log and the member has been told.
type Lookup struct {
	UserID      ID     `json:"user_id"`
	Login       string `json:"login"`
	RealName    string `json:"real_name,omitempty"`
	Role        string `json:"role"`
	CommunityID string `json:"community_id,omitempty"`
}

func (a *API) lookupPseudonym(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	var in LookupRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	l, err := a.Identity.LookupPseudonym(r.Context(), u, in.Pseudonym, in.Reason)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, Lookup{UserID: ID(l.UserID), Login: l.Login, RealName: l.RealName, Role: string(l.Role), CommunityID: optionalID(l.CommunityID)})
	return nil
}
