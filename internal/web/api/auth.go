package api

import (
	"net/http"
	"time"

	"reconnect/internal/identity"
	"reconnect/internal/web/httpx"
)

// LoginRequest signs in with a local password.
type LoginRequest struct {
	Login    string `json:"login"`
	Password string `json:"password"`
}

func (a *API) login(w http.ResponseWriter, r *http.Request) error {
	var in LoginRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	u, err := a.Identity.Login(r.Context(), in.Login, in.Password, httpx.ClientIP(r, a.TrustProxy))
	if err != nil {
		return err
	}
	cancelled, err := a.startSession(w, r, u.ID)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, UserEnvelope{User: userJSON(&u), DeletionCancelled: cancelled})
	return nil
}

// startSession replaces any session the browser had with a new one.
//
// It reports whether signing in cancelled a pending account deletion.
func (a *API) startSession(w http.ResponseWriter, r *http.Request, userID int64) (bool, error) {
	st, err := a.Identity.SignIn(r.Context(), a.Cookie.Read(r), userID)
	if err != nil {
		return false, err
	}
	a.Cookie.Set(w, st.Token)
	if st.DeletionCancelled {
		// The page the browser opens next says so (passkey sign-in
		// goes through here).
		http.SetCookie(w, &http.Cookie{Name: "flash", Value: "flash.deletion_cancelled", Path: "/", HttpOnly: true, // #nosec G124 -- Secure follows the base URL: set for https, unset only for a plain-http local server
			Secure: a.Cookie.Secure, SameSite: http.SameSiteLaxMode, MaxAge: 60})
	}
	return st.DeletionCancelled, nil
}

func (a *API) logout(w http.ResponseWriter, r *http.Request, _ *identity.User) error {
	if t := httpx.AuthFrom(r.Context()).SessionToken; t != "" {
		if err := a.Identity.EndSession(r.Context(), t); err != nil {
			return err
		}
		a.Cookie.Clear(w)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// RegisterRequest accepts an invitation. Forum roles give a pseudonym;
// staff roles give the name patients and colleagues will see.
type RegisterRequest struct {
	Invitation   string `json:"invitation"`
	Login        string `json:"login"`
	Password     string `json:"password"`
	Pseudonym    string `json:"pseudonym,omitempty"`
	Name         string `json:"name,omitempty"`
	AcceptTerms  bool   `json:"accept_terms"`
	StudyConsent bool   `json:"study_consent,omitempty"`
}

func (a *API) register(w http.ResponseWriter, r *http.Request) error {
	var in RegisterRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	u, err := a.Identity.Register(r.Context(), identity.Registration{
		Invitation: in.Invitation, Login: in.Login, Password: in.Password, Pseudonym: in.Pseudonym, Name: in.Name,
		AcceptTerms: in.AcceptTerms, StudyConsent: in.StudyConsent, Language: string(a.lang(r)),
	})
	if err != nil {
		return err
	}
	if _, err := a.startSession(w, r, u.ID); err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, UserEnvelope{User: userJSON(&u)})
	return nil
}

// TokenRequest names a new personal access token.
type TokenRequest struct {
	Name string `json:"name"`
}

// TokenCreated carries the secret, shown this once.
type TokenCreated struct {
	Token     string    `json:"token"`
	ID        ID        `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
}

func (a *API) createToken(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	var in TokenRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	t, secret, err := a.Identity.CreateToken(r.Context(), u, in.Name)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, TokenCreated{Token: secret, ID: ID(t.ID), Name: t.Name, CreatedAt: t.CreatedAt})
	return nil
}

func tokenJSON(t identity.Token) Token {
	return Token{ID: ID(t.ID), Name: t.Name, CreatedAt: t.CreatedAt, LastUsedAt: t.LastUsedAt}
}

func (a *API) listTokens(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	ts, err := a.Identity.Tokens(r.Context(), u)
	if err != nil {
		return err
	}
	out := List[Token]{Items: make([]Token, 0, len(ts))}
	for _, t := range ts {
		out.Items = append(out.Items, tokenJSON(t))
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (a *API) revokeToken(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := a.Identity.RevokeToken(r.Context(), u, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
