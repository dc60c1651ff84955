package api

import (
	"net/http"
	"time"

	"reconnect/internal/identity"
	"reconnect/internal/web/httpx"
)

// Document is a consent document's current version in the caller's
// language.
type Document struct {
	Kind        string    `json:"kind"`
	Version     string    `json:"version"`
	Title       string    `json:"title"`
	HTML        string    `json:"html"`
	Required    bool      `json:"required"`
	Pending     bool      `json:"pending"`
	PublishedAt time.Time `json:"published_at"`
}

// ConsentState lists the current documents and the member's study
// answer.
type ConsentState struct {
	Documents []Document `json:"documents"`
	Study     bool       `json:"study"`
}

// ConsentAnswer accepts the current required documents and answers the
// study question.
type ConsentAnswer struct {
	AcceptRequired bool `json:"accept_required"`
	Study          bool `json:"study"`
}

func (a *API) consents(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	ctx := r.Context()
	docs, err := a.Identity.CurrentDocuments(ctx)
	if err != nil {
		return err
	}
	pending, err := a.Identity.PendingDocuments(ctx, u.ID)
	if err != nil {
		return err
	}
	study, err := a.Identity.HasStudyConsent(ctx, u.ID)
	if err != nil {
		return err
	}
	due := map[string]bool{}
	for _, d := range pending {
		due[d.Kind] = true
	}
	lang := string(a.lang(r))
	out := ConsentState{Study: study, Documents: make([]Document, 0, len(docs))}
	for _, d := range docs {
		out.Documents = append(out.Documents, Document{Kind: d.Kind, Version: d.Version, Title: d.Title(lang), HTML: string(d.HTML(lang)),
			Required: identity.Required(d.Kind), Pending: due[d.Kind], PublishedAt: d.PublishedAt})
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (a *API) answerConsents(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	var in ConsentAnswer
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := a.Identity.AcceptDocuments(r.Context(), u, in.AcceptRequired, in.Study); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) withdrawStudy(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	if err := a.Identity.WithdrawStudy(r.Context(), u); err != nil {
		return err
	}
	if r.URL.Query().Get("forget") == "1" {
		if _, err := a.Identity.ForgetUsage(r.Context(), u); err != nil {
			return err
		}
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) forgetUsage(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	if _, err := a.Identity.ForgetUsage(r.Context(), u); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// DocumentRequest publishes a new version of a consent document.
type DocumentRequest struct {
	Kind    string `json:"kind"`
	TitleNB string `json:"title_nb"`
	TitleEN string `json:"title_en"`
	BodyNB  string `json:"body_nb"`
	BodyEN  string `json:"body_en"`
}

func (a *API) publishDocument(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	var in DocumentRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	d, err := a.Identity.PublishDocument(r.Context(), u, identity.DocumentInput{Kind: in.Kind, TitleNB: in.TitleNB, TitleEN: in.TitleEN, BodyNB: in.BodyNB, BodyEN: in.BodyEN})
	if err != nil {
		return err
	}
	lang := string(a.lang(r))
	httpx.WriteJSON(w, http.StatusCreated, Document{Kind: d.Kind, Version: d.Version, Title: d.Title(lang), HTML: string(d.HTML(lang)),
		Required: identity.Required(d.Kind), PublishedAt: d.PublishedAt})
	return nil
}

// Onboarding names the member's next onboarding step ("" when done).
type Onboarding struct {
	Step string `json:"step"`
}

// NameRequest sets the name staff are known by.
type NameRequest struct {
	Name string `json:"name"`
}

func (a *API) onboarding(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	step, err := a.Identity.OnboardingStep(r.Context(), u)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, Onboarding{Step: step})
	return nil
}

func (a *API) setName(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	var in NameRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := a.Identity.SetName(r.Context(), u, in.Name); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) finishOnboarding(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	if err := a.Identity.FinishOnboarding(r.Context(), u); err != nil {
		return err
	}
	return a.onboarding(w, r, u)
}
