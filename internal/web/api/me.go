package api

import (
	"net/http"
	"strconv"

	"reconnect/internal/apperr"
	"reconnect/internal/i18n"
	"reconnect/internal/identity"
	"reconnect/internal/mail"
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

// Preferences are the member's settings. The e-mail address is shown
// only to its owner (this route answers only for the caller).
type Preferences struct {
	Language      string `json:"language"`
	Email         string `json:"email"`          // "" when none
	EmailVerified bool   `json:"email_verified"` // the member opened the link sent to it
	EmailNotices  bool   `json:"email_notices"`  // content-free e-mail for new messages
}

// PreferencesPatch changes some preferences; absent fields stay. A new
// email is unverified until the link sent to it is opened; "" removes it.
type PreferencesPatch struct {
	Language     *string `json:"language,omitempty"`
	Email        *string `json:"email,omitempty"`
	EmailNotices *bool   `json:"email_notices,omitempty"`
}

func (a *API) preferences(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	return a.writePreferences(w, r, u)
}

func (a *API) writePreferences(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	e, err := a.Mail.Get(r.Context(), u)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, Preferences{Language: u.Language, Email: e.Address, EmailVerified: e.Verified, EmailNotices: e.Address != "" && e.Notices})
	return nil
}

// patchPreferences checks every field before it changes any, so bad
// input changes nothing.
func (a *API) patchPreferences(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	var in PreferencesPatch
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	ctx := r.Context()
	if in.Language != nil {
		if _, ok := i18n.Parse(*in.Language); !ok {
			return apperr.Invalid("err.fix_fields").WithField("language", "field.language.invalid")
		}
	}
	if in.Email != nil && *in.Email != "" {
		if _, err := mail.CheckAddress(*in.Email); err != nil {
			return err
		}
	}
	switch {
	case in.Email != nil && *in.Email == "":
		if err := a.Mail.Remove(ctx, u); err != nil {
			return err
		}
	case in.Email != nil:
		if err := a.Mail.Set(ctx, u, *in.Email); err != nil {
			return err
		}
	}
	if in.EmailNotices != nil {
		if err := a.Mail.SetNotices(ctx, u, *in.EmailNotices); err != nil {
			return err
		}
	}
	if in.Language != nil {
		if err := a.Identity.SetLanguage(ctx, u, *in.Language); err != nil {
			return err
		}
	}
	return a.writePreferences(w, r, u)
}

// EmailVerification is the code from the link in the verification e-mail.
type EmailVerification struct {
	Token string `json:"token"`
}

func (a *API) verifyEmail(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	var in EmailVerification
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := a.Mail.Verify(r.Context(), u, in.Token); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
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
