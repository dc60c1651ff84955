package api

import (
	"net/http"
	"strconv"

	"reconnect/internal/identity"
	"reconnect/internal/web/httpx"
)

func (a *API) me(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	ctx := r.Context()
	name, err := a.Identity.RealName(ctx, u, u.ID)
	if err != nil {
		return err
	}
	cs, err := a.Identity.Consents(ctx, u)
	if err != nil {
		return err
	}
	out := Me{User: userJSON(u), Login: u.Login, RealName: name, Consents: make([]Consent, 0, len(cs))}
	for _, c := range cs {
		out.Consents = append(out.Consents, Consent{Kind: c.Kind, Version: c.Version, AcceptedAt: c.AcceptedAt, WithdrawnAt: c.WithdrawnAt})
	}
	if u.Role == identity.PeerModerator {
		ids, err := a.Identity.ModeratorCommunities(ctx, u.ID)
		if err != nil {
			return err
		}
		for _, id := range ids {
			out.ModeratorCommunityIDs = append(out.ModeratorCommunityIDs, strconv.FormatInt(id, 10))
		}
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

// Preferences are the member's settings. Later issues add notification
// preferences here.
type Preferences struct {
	Language string `json:"language"`
}

// PreferencesPatch changes some preferences; absent fields stay.
type PreferencesPatch struct {
	Language *string `json:"language,omitempty"`
}

func (a *API) preferences(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	httpx.WriteJSON(w, http.StatusOK, Preferences{Language: u.Language})
	return nil
}

func (a *API) patchPreferences(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	var in PreferencesPatch
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if in.Language != nil {
		if err := a.Identity.SetLanguage(r.Context(), u, *in.Language); err != nil {
			return err
		}
	}
	httpx.WriteJSON(w, http.StatusOK, Preferences{Language: u.Language})
	return nil
}

// PasswordChange sets a new password.
type PasswordChange struct {
	CurrentPassword string `json:"current_password"`
	NewPassword     string `json:"new_password"`
}

func (a *API) changePassword(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	var in PasswordChange
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	keep := httpx.AuthFrom(r.Context()).SessionToken
	if err := a.Identity.ChangePassword(r.Context(), u, in.CurrentPassword, in.NewPassword, keep); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
