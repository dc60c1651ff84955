package web

import (
	"net/http"

	"reconnect/internal/identity"
)

type consentData struct {
	Documents  []identity.Document
	Onboarding bool
	Study      bool // the member currently takes part in the study
	HasStudy   bool // a study document is on the page
}

// showConsent shows the documents the member must answer: during
// onboarding all current ones, after a new version only what changed.
func (s *Server) showConsent(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm("accept_terms", "study_consent")
	f.Values["next"] = localPath(r.URL.Query().Get("next"))
	return s.renderConsent(w, r, u, http.StatusOK, f)
}

func (s *Server) renderConsent(w http.ResponseWriter, r *http.Request, u *identity.User, status int, f *Form) error {
	ctx := r.Context()
	d := &consentData{Onboarding: u.OnboardedAt == nil}
	var err error
	if d.Onboarding {
		d.Documents, err = s.ids.CurrentDocuments(ctx)
	} else {
		d.Documents, err = s.ids.PendingDocuments(ctx, u.ID)
	}
	if err != nil {
		return err
	}
	if d.Study, err = s.ids.HasStudyConsent(ctx, u.ID); err != nil {
		return err
	}
	for _, doc := range d.Documents {
		d.HasStudy = d.HasStudy || doc.Kind == identity.DocStudy
	}
	s.render(w, r, status, "consent", &Page{Title: "consent.title", Form: f, Data: d})
	return nil
}

// submitConsent records the answers and goes on: to the next onboarding
// step, or back where the member was going.
func (s *Server) submitConsent(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm("accept_terms", "study_consent")
	if err := readForm(r, f); err != nil {
		return err
	}
	study := f.Get("study_consent") == "yes"
	if f.Get("study_shown") != "yes" {
		// No study question on the page: leave the study answer as it is.
		var err error
		if study, err = s.ids.HasStudyConsent(r.Context(), u.ID); err != nil {
			return err
		}
	}
	if err := s.ids.AcceptDocuments(r.Context(), u, f.Get("accept_terms") == "yes", study); err != nil {
		status, other := f.setError(err)
		if other != nil {
			return other
		}
		return s.renderConsent(w, r, u, status, f)
	}
	if u.OnboardedAt == nil {
		http.Redirect(w, r, "/onboarding", http.StatusSeeOther)
		return nil
	}
	s.redirectWith(w, r, localPath(f.Get("next")), "flash.consent_saved")
	return nil
}

// showTerms shows the current documents to anyone.
func (s *Server) showTerms(w http.ResponseWriter, r *http.Request) {
	docs, err := s.ids.CurrentDocuments(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "terms", &Page{Title: "terms.title", Data: docs})
}
