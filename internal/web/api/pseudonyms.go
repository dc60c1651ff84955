package api

import (
	"net/http"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/web/httpx"
)

// PseudonymRequest names a pseudonym to check or take.
type PseudonymRequest struct {
	Pseudonym string `json:"pseudonym"`
}

// PseudonymCheck says whether the caller may take a pseudonym, and if
// not, why, in the caller's language.
type PseudonymCheck struct {
	Available bool   `json:"available"`
	Problem   string `json:"problem,omitempty"`
}

func (a *API) checkPseudonym(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	// Staff never learn anything about pseudonyms, not even which exist.
	if !u.Role.UsesForum() {
		return apperr.NotFound()
	}
	var in PseudonymRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	out := PseudonymCheck{Available: true}
	if err := a.Identity.CheckPseudonym(r.Context(), u, in.Pseudonym); err != nil {
		e := apperr.From(err)
		if e.Kind == apperr.KindInternal {
			return err
		}
		out = PseudonymCheck{Problem: a.Catalog.T(a.lang(r), e.Fields["pseudonym"])}
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (a *API) changePseudonym(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	var in PseudonymRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	// The first pseudonym (during onboarding) is chosen; later ones are
	// changes, limited to one per 30 days.
	if err := a.Identity.ChoosePseudonym(r.Context(), u, in.Pseudonym); err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, userJSON(u))
	return nil
}

// ReservedWord is an administrator-added reserved pseudonym word.
type ReservedWord struct {
	ID        ID        `json:"id"`
	Word      string    `json:"word"`
	CreatedAt time.Time `json:"created_at"`
}

// ReservedWordRequest adds a reserved word.
type ReservedWordRequest struct {
	Word string `json:"word"`
}

func (a *API) listReservedWords(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	ws, err := a.Identity.ReservedWords(r.Context(), u)
	if err != nil {
		return err
	}
	out := List[ReservedWord]{Items: make([]ReservedWord, 0, len(ws))}
	for _, x := range ws {
		out.Items = append(out.Items, ReservedWord{ID: ID(x.ID), Word: x.Word, CreatedAt: x.CreatedAt})
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (a *API) addReservedWord(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	if u.Role != identity.Admin {
		return apperr.NotFound()
	}
	var in ReservedWordRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	x, err := a.Identity.AddReservedWord(r.Context(), u, in.Word)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, ReservedWord{ID: ID(x.ID), Word: x.Word, CreatedAt: x.CreatedAt})
	return nil
}

func (a *API) removeReservedWord(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := a.Identity.RemoveReservedWord(r.Context(), u, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
