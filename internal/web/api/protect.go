package api

import (
	"net/http"
	"time"

	"reconnect/internal/identity"
	"reconnect/internal/web/httpx"
)

// Protection is what I chose to protect myself in the forum; nobody
// else sees it.
type Protection struct {
	MutedPseudonyms []string   `json:"muted_pseudonyms"`
	FilterWords     []string   `json:"filter_words"`
	BreakUntil      *time.Time `json:"break_until,omitempty"`
}

func (a *API) protection(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	p, err := a.Forum.Protection(r.Context(), u)
	if err != nil {
		return err
	}
	out := Protection{MutedPseudonyms: p.Muted, FilterWords: p.Words, BreakUntil: p.BreakUntil}
	if out.MutedPseudonyms == nil {
		out.MutedPseudonyms = []string{}
	}
	if out.FilterWords == nil {
		out.FilterWords = []string{}
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (a *API) muteMember(mute bool) handler {
	return func(w http.ResponseWriter, r *http.Request, u *identity.User) error {
		if err := a.Forum.MuteMember(r.Context(), u, r.PathValue("pseudonym"), mute); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
}

// WordFiltersRequest replaces my filtered words or phrases (at most 50).
type WordFiltersRequest struct {
	Words []string `json:"words"`
}

func (a *API) wordFilters(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	var in WordFiltersRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := a.Forum.SetWordFilters(r.Context(), u, in.Words); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// BreakRequest starts a break of 1–90 days; 0 ends one early.
type BreakRequest struct {
	Days int `json:"days"`
}

func (a *API) takeBreak(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	var in BreakRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := a.Forum.TakeBreak(r.Context(), u, in.Days); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
