package api

import (
	"net/http"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/care"
	"reconnect/internal/identity"
	"reconnect/internal/web/httpx"
)

// CareLink is one link on my care team: for a service user a provider,
// for a provider a service user by real name (never a pseudonym).
type CareLink struct {
	ID        ID        `json:"id"`
	Status    string    `json:"status"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
}

func (a *API) careTeam(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	ls, err := a.Care.Team(r.Context(), u)
	if err != nil {
		return err
	}
	out := List[CareLink]{Items: make([]CareLink, 0, len(ls))}
	for _, l := range ls {
		out.Items = append(out.Items, CareLink{ID: ID(l.ID), Status: l.Status, Name: l.Name, CreatedAt: l.CreatedAt})
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

// CareLinkRequest: an administrator links provider_id and member_id
// (member_name: the member's real name as the provider knows it); a
// provider sends only member_name and gets a one-time code for the
// member to accept.
type CareLinkRequest struct {
	ProviderID ID     `json:"provider_id,omitempty"`
	MemberID   ID     `json:"member_id,omitempty"`
	MemberName string `json:"member_name"`
}

// CareLinkCreated is the new link, or the provider's code (shown once).
type CareLinkCreated struct {
	ID        ID         `json:"id,omitempty"`
	Code      string     `json:"code,omitempty"`
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
}

func (a *API) createCareLink(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	if u.Role != identity.Admin && u.Role != identity.Provider {
		return apperr.NotFound()
	}
	var in CareLinkRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if u.Role == identity.Provider {
		code, err := a.Care.Ask(r.Context(), u, in.MemberName)
		if err != nil {
			return err
		}
		exp := time.Now().UTC().Add(care.CodeValid).Truncate(time.Second)
		httpx.WriteJSON(w, http.StatusCreated, CareLinkCreated{Code: code, ExpiresAt: &exp})
		return nil
	}
	id, err := a.Care.Link(r.Context(), u, int64(in.ProviderID), int64(in.MemberID), in.MemberName)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, CareLinkCreated{ID: ID(id)})
	return nil
}

// CareAnswer accepts or declines a provider's code.
type CareAnswer struct {
	Code   string `json:"code"`
	Accept bool   `json:"accept"`
}

func (a *API) answerCareLink(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	var in CareAnswer
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := a.Care.Answer(r.Context(), u, in.Code, in.Accept); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) endCareLink(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := a.Care.End(r.Context(), u, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
