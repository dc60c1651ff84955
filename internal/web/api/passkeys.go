package api

import (
	"encoding/json"
	"net/http"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/web/httpx"
)

// ceremonyCookie carries the passkey ceremony's secret between begin and
// finish; the state itself stays on the server.
const ceremonyCookie = "reconnect_pk"

func (a *API) setCeremony(w http.ResponseWriter, secret string) {
	http.SetCookie(w, &http.Cookie{Name: ceremonyCookie, Value: secret, Path: "/api/v1/", MaxAge: 300, HttpOnly: true, // #nosec G124 -- Secure follows the base URL: set for https, unset only for a plain-http local server
		Secure: a.Cookie.Secure, SameSite: http.SameSiteStrictMode})
}

func (a *API) ceremony(w http.ResponseWriter, r *http.Request) string {
	http.SetCookie(w, &http.Cookie{Name: ceremonyCookie, Path: "/api/v1/", MaxAge: -1, HttpOnly: true, Secure: a.Cookie.Secure, SameSite: http.SameSiteStrictMode}) // #nosec G124 -- Secure follows the base URL: set for https, unset only for a plain-http local server
	c, err := r.Cookie(ceremonyCookie)
	if err != nil {
		return ""
	}
	return c.Value
}

// CeremonyOptions are the WebAuthn options for navigator.credentials;
// see the WebAuthn specification.
type CeremonyOptions struct {
	PublicKey json.RawMessage `json:"publicKey"`
}

func writeOptions(w http.ResponseWriter, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	_, err = w.Write(b)
	return err
}

// Passkey is one of my passkeys.
type Passkey struct {
	ID         ID         `json:"id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
}

// SignupBegin starts joining with a passkey.
type SignupBegin struct {
	Invitation string `json:"invitation"`
	Login      string `json:"login"`
}

func (a *API) beginAddPasskey(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	if a.Passkeys == nil {
		return apperr.NotFound()
	}
	opts, secret, err := a.Passkeys.BeginAdd(r.Context(), u)
	if err != nil {
		return err
	}
	a.setCeremony(w, secret)
	return writeOptions(w, opts)
}

func (a *API) finishAddPasskey(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	if a.Passkeys == nil {
		return apperr.NotFound()
	}
	if err := a.Passkeys.FinishAdd(r.Context(), u, a.ceremony(w, r), r.URL.Query().Get("name"), r); err != nil {
		return err
	}
	return a.listPasskeysStatus(w, r, u, http.StatusCreated)
}

func (a *API) listPasskeys(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	return a.listPasskeysStatus(w, r, u, http.StatusOK)
}

func (a *API) listPasskeysStatus(w http.ResponseWriter, r *http.Request, u *identity.User, status int) error {
	if a.Passkeys == nil {
		return apperr.NotFound()
	}
	ps, err := a.Passkeys.List(r.Context(), u)
	if err != nil {
		return err
	}
	out := List[Passkey]{Items: make([]Passkey, 0, len(ps))}
	for _, p := range ps {
		out.Items = append(out.Items, Passkey{ID: ID(p.ID), Name: p.Name, CreatedAt: p.CreatedAt, LastUsedAt: p.LastUsedAt})
	}
	httpx.WriteJSON(w, status, out)
	return nil
}

func (a *API) removePasskey(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	if a.Passkeys == nil {
		return apperr.NotFound()
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := a.Passkeys.Remove(r.Context(), u, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) beginSignup(w http.ResponseWriter, r *http.Request) error {
	if a.Passkeys == nil {
		return apperr.NotFound()
	}
	var in SignupBegin
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	opts, secret, err := a.Passkeys.BeginSignup(r.Context(), in.Invitation, in.Login, string(a.lang(r)))
	if err != nil {
		return err
	}
	a.setCeremony(w, secret)
	return writeOptions(w, opts)
}

func (a *API) finishSignup(w http.ResponseWriter, r *http.Request) error {
	if a.Passkeys == nil {
		return apperr.NotFound()
	}
	u, err := a.Passkeys.FinishSignup(r.Context(), a.ceremony(w, r), r)
	if err != nil {
		return err
	}
	if _, err := a.startSession(w, r, u.ID); err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, UserEnvelope{User: userJSON(&u)})
	return nil
}

func (a *API) beginPasskeyLogin(w http.ResponseWriter, r *http.Request) error {
	if a.Passkeys == nil {
		return apperr.NotFound()
	}
	opts, secret, err := a.Passkeys.BeginLogin(r.Context())
	if err != nil {
		return err
	}
	a.setCeremony(w, secret)
	return writeOptions(w, opts)
}

func (a *API) finishPasskeyLogin(w http.ResponseWriter, r *http.Request) error {
	if a.Passkeys == nil {
		return apperr.NotFound()
	}
	u, err := a.Passkeys.FinishLogin(r.Context(), a.ceremony(w, r), r)
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
