package web

import (
	"net/http"

	"reconnect/internal/identity"
)

// onboardingPaths maps each step to its page.
var onboardingPaths = map[string]string{
	identity.StepConsent:   "/consent",
	identity.StepPseudonym: "/onboarding/pseudonym",
	identity.StepName:      "/onboarding/name",
	identity.StepWelcome:   "/onboarding/welcome",
	"":                     "/",
}

// nextOnboarding sends the member to their next onboarding step.
func (s *Server) nextOnboarding(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	step, err := s.ids.OnboardingStep(r.Context(), u)
	if err != nil {
		return err
	}
	http.Redirect(w, r, onboardingPaths[step], http.StatusSeeOther)
	return nil
}

// onboardingPage renders a step page, or moves on when the member is not
// at that step (a bookmark, the back button).
func (s *Server) onboardingPage(step, name, title string) pageHandler {
	return func(w http.ResponseWriter, r *http.Request, u *identity.User) error {
		cur, err := s.ids.OnboardingStep(r.Context(), u)
		if err != nil {
			return err
		}
		if cur != step {
			http.Redirect(w, r, onboardingPaths[cur], http.StatusSeeOther)
			return nil
		}
		return s.renderOnboarding(w, r, u, http.StatusOK, name, title, NewForm("pseudonym", "name"))
	}
}

type welcomeData struct {
	Community string
	UsesForum bool
}

func (s *Server) renderOnboarding(w http.ResponseWriter, r *http.Request, u *identity.User, status int, name, title string, f *Form) error {
	d := &welcomeData{UsesForum: u.Role.UsesForum()}
	if u.CommunityID != 0 {
		names, err := s.communityNames(r)
		if err != nil {
			return err
		}
		d.Community = names[u.CommunityID]
	}
	s.render(w, r, status, name, &Page{Title: title, Form: f, Data: d})
	return nil
}

// submitPseudonym stores the chosen pseudonym.
func (s *Server) submitPseudonym(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm("pseudonym")
	if err := readForm(r, f); err != nil {
		return err
	}
	if err := s.ids.ChoosePseudonym(r.Context(), u, f.Get("pseudonym")); err != nil {
		status, other := f.setError(err)
		if other != nil {
			return other
		}
		return s.renderOnboarding(w, r, u, status, "onboarding_pseudonym", "onboarding.pseudonym.title", f)
	}
	return s.nextOnboarding(w, r, u)
}

// submitName stores the name staff are known by.
func (s *Server) submitName(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm("name")
	if err := readForm(r, f); err != nil {
		return err
	}
	if err := s.ids.SetName(r.Context(), u, f.Get("name")); err != nil {
		status, other := f.setError(err)
		if other != nil {
			return other
		}
		return s.renderOnboarding(w, r, u, status, "onboarding_name", "onboarding.name.title", f)
	}
	return s.nextOnboarding(w, r, u)
}

// finishOnboarding ends onboarding after the welcome.
func (s *Server) finishOnboarding(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	if err := s.ids.FinishOnboarding(r.Context(), u); err != nil {
		return err
	}
	s.redirectWith(w, r, "/", "flash.welcome")
	return nil
}
