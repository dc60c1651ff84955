package api

import (
	"net/http"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/web/httpx"
)

// RevealRequest shows one's name to one member.
type RevealRequest struct {
	ToPseudonym string `json:"to_pseudonym"`
	ShownName   string `json:"shown_name"`
	Note        string `json:"note,omitempty"`
}

// Reveal is one reveal, given or received.
type Reveal struct {
	ID            ID         `json:"id"`
	FromPseudonym string     `json:"from_pseudonym"`
	ToPseudonym   string     `json:"to_pseudonym"`
	ShownName     string     `json:"shown_name"`
	Note          string     `json:"note,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
	StoppedAt     *time.Time `json:"stopped_at,omitempty"`
}

// Reveals lists what I show others and what others show me.
type Reveals struct {
	Given    []Reveal `json:"given"`
	Received []Reveal `json:"received"`
}

func revealJSON(r identity.Reveal) Reveal {
	return Reveal{ID: ID(r.ID), FromPseudonym: r.FromPseudonym, ToPseudonym: r.ToPseudonym, ShownName: r.ShownName,
		Note: r.Note, CreatedAt: r.CreatedAt, StoppedAt: r.StoppedAt}
}

func (a *API) reveal(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	var in RevealRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	rv, err := a.Identity.RevealTo(r.Context(), u, in.ToPseudonym, in.ShownName, in.Note)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, revealJSON(rv))
	return nil
}

func (a *API) listReveals(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	if !u.Role.UsesForum() {
		return apperr.NotFound()
	}
	given, received, err := a.Identity.Reveals(r.Context(), u)
	if err != nil {
		return err
	}
	out := Reveals{Given: []Reveal{}, Received: []Reveal{}}
	for _, x := range given {
		out.Given = append(out.Given, revealJSON(x))
	}
	for _, x := range received {
		out.Received = append(out.Received, revealJSON(x))
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (a *API) stopReveal(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := a.Identity.StopReveal(r.Context(), u, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// KnowRequest is a "would you like to know each other?" request. For the
// asker, status is "sent" until accepted: a decline is never told.
type KnowRequest struct {
	ID            ID        `json:"id"`
	FromPseudonym string    `json:"from_pseudonym"`
	ToPseudonym   string    `json:"to_pseudonym"`
	Note          string    `json:"note,omitempty"`
	Status        string    `json:"status"`
	CreatedAt     time.Time `json:"created_at"`
}

// KnowRequests lists requests to me awaiting an answer and my own.
type KnowRequests struct {
	Incoming []KnowRequest `json:"incoming"`
	Outgoing []KnowRequest `json:"outgoing"`
}

// KnowAnswer answers a request; accepting needs the name I show.
type KnowAnswer struct {
	Accept    bool   `json:"accept"`
	ShownName string `json:"shown_name,omitempty"`
	Note      string `json:"note,omitempty"`
}

func knowJSON(q identity.RevealRequest, status string) KnowRequest {
	return KnowRequest{ID: ID(q.ID), FromPseudonym: q.FromPseudonym, ToPseudonym: q.ToPseudonym, Note: q.Note, Status: status, CreatedAt: q.CreatedAt}
}

func (a *API) askToKnow(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	var in RevealRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	q, err := a.Identity.AskToKnow(r.Context(), u, in.ToPseudonym, in.ShownName, in.Note)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, knowJSON(q, "sent"))
	return nil
}

func (a *API) listKnowRequests(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	if !u.Role.UsesForum() {
		return apperr.NotFound()
	}
	in, out, err := a.Identity.RevealRequests(r.Context(), u)
	if err != nil {
		return err
	}
	res := KnowRequests{Incoming: []KnowRequest{}, Outgoing: []KnowRequest{}}
	for _, q := range in {
		res.Incoming = append(res.Incoming, knowJSON(q, "waiting"))
	}
	for _, q := range out {
		status := "sent"
		if q.Accepted {
			status = "accepted"
		}
		q.Note = ""
		res.Outgoing = append(res.Outgoing, knowJSON(q, status))
	}
	httpx.WriteJSON(w, http.StatusOK, res)
	return nil
}

func (a *API) answerKnowRequest(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in KnowAnswer
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := a.Identity.AnswerRequest(r.Context(), u, id, in.Accept, in.ShownName, in.Note); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) cancelKnowRequest(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := a.Identity.CancelRequest(r.Context(), u, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
