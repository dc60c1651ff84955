package web

import (
	"net/http"
	"strconv"

	"reconnect/internal/apperr"
	"reconnect/internal/deletion"
	"reconnect/internal/identity"
	"reconnect/internal/mail"
	"reconnect/internal/passkey"
	"reconnect/internal/web/httpx"
)

type settingsData struct {
	Tokens      []identity.Token
	NewToken    string
	UsesForum   bool
	Study       bool
	UsageEvents int // recorded about her for research
	Passkeys    []passkey.Passkey
	Email       mail.Address // the member's own address, shown only to them
	EmailOn     bool         // this deployment sends e-mail
	Feed        *feedData    // nil for roles without a calendar feed
	MayDelete   bool         // may delete her own account (forum roles)
	Deletion    deletion.Status
	CareDays    int // how long care conversations are kept after deletion
}

var settingsFields = []string{"language", "pseudonym", "email", "email_notices", "current_password", "new_password", "token_name", "forum_posts", "confirm_delete"}

func (s *Server) showSettings(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	return s.renderSettings(w, r, u, http.StatusOK, NewForm(settingsFields...), "")
}

func (s *Server) renderSettings(w http.ResponseWriter, r *http.Request, u *identity.User, status int, f *Form, newToken string) error {
	d, err := s.loadSettings(r, u)
	if err != nil {
		return err
	}
	d.NewToken = newToken
	s.render(w, r, status, "settings", &Page{Title: "settings.title", Form: f, Data: d})
	return nil
}

// loadSettings gathers what the settings page shows.
func (s *Server) loadSettings(r *http.Request, u *identity.User) (*settingsData, error) {
	ts, err := s.ids.Tokens(r.Context(), u)
	if err != nil {
		return nil, err
	}
	study, err := s.ids.HasStudyConsent(r.Context(), u.ID)
	if err != nil {
		return nil, err
	}
	var keys []passkey.Passkey
	if s.passkeys != nil {
		if keys, err = s.passkeys.List(r.Context(), u); err != nil {
			return nil, err
		}
	}
	email, err := s.mail.Get(r.Context(), u)
	if err != nil {
		return nil, err
	}
	feed, err := s.feedSettings(r, u)
	if err != nil {
		return nil, err
	}
	n, err := s.ids.UsageCount(r.Context(), u.ID)
	if err != nil {
		return nil, err
	}
	del, err := s.deletion.Status(r.Context(), u)
	if err != nil {
		return nil, err
	}
	return &settingsData{Tokens: ts, UsesForum: u.Role.UsesForum(), Study: study, UsageEvents: n, Passkeys: keys, Email: email, EmailOn: s.mail.On(), Feed: feed,
		MayDelete: deletion.MayDelete(u), Deletion: del, CareDays: s.cfg.Retention.CareDays}, nil
}

// settingsError shows the settings page again with the problem in place.
func (s *Server) settingsError(w http.ResponseWriter, r *http.Request, u *identity.User, f *Form, err error) error {
	status, other := f.setError(err)
	if other != nil {
		return other
	}
	return s.renderSettings(w, r, u, status, f, "")
}

func (s *Server) saveLanguage(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm(settingsFields...)
	if err := readForm(r, f); err != nil {
		return err
	}
	if err := s.ids.SetLanguage(r.Context(), u, f.Get("language")); err != nil {
		return s.settingsError(w, r, u, f, err)
	}
	s.redirectWith(w, r, "/settings", "flash.language_saved")
	return nil
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm(settingsFields...)
	if err := readForm(r, f); err != nil {
		return err
	}
	keep := httpx.AuthFrom(r.Context()).SessionToken
	if err := s.ids.ChangePassword(r.Context(), u, f.Get("current_password"), f.Get("new_password"), keep); err != nil {
		return s.settingsError(w, r, u, f, err)
	}
	s.redirectWith(w, r, "/settings", "flash.password_changed")
	return nil
}

// createToken shows the new token's secret once, on this response only.
func (s *Server) createToken(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm(settingsFields...)
	if err := readForm(r, f); err != nil {
		return err
	}
	_, secret, err := s.ids.CreateToken(r.Context(), u, f.Get("token_name"))
	if err != nil {
		if e := apperr.From(err); e.Fields["name"] != "" {
			e.Fields = map[string]string{"token_name": e.Fields["name"]}
		}
		return s.settingsError(w, r, u, f, err)
	}
	return s.renderSettings(w, r, u, http.StatusCreated, NewForm(settingsFields...), secret)
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return apperr.NotFound()
	}
	if err := s.ids.RevokeToken(r.Context(), u, id); err != nil {
		return err
	}
	s.redirectWith(w, r, "/settings", "flash.token_revoked")
	return nil
}

func (s *Server) changePseudonym(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm(settingsFields...)
	if err := readForm(r, f); err != nil {
		return err
	}
	if err := s.ids.ChangePseudonym(r.Context(), u, f.Get("pseudonym")); err != nil {
		return s.settingsError(w, r, u, f, err)
	}
	s.redirectWith(w, r, "/settings", "flash.pseudonym_changed")
	return nil
}

// setStudy gives or withdraws study consent.
func (s *Server) setStudy(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm()
	if err := readForm(r, f); err != nil {
		return err
	}
	var err error
	flash := "flash.study_withdrawn"
	if f.Get("study") == "yes" {
		err, flash = s.ids.GiveStudyConsent(r.Context(), u), "flash.study_given"
	} else if f.Get("study") == "forget" {
		_, err = s.ids.ForgetUsage(r.Context(), u)
		flash = "flash.usage_forgotten"
	} else {
		err = s.ids.WithdrawStudy(r.Context(), u)
		if err == nil && f.Get("forget") == "yes" {
			_, err = s.ids.ForgetUsage(r.Context(), u)
		}
	}
	if err != nil {
		return err
	}
	s.redirectWith(w, r, "/settings", flash)
	return nil
}

func (s *Server) removePasskey(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return apperr.NotFound()
	}
	if s.passkeys == nil {
		return apperr.NotFound()
	}
	if err := s.passkeys.Remove(r.Context(), u, id); err != nil {
		f := NewForm(settingsFields...)
		return s.settingsError(w, r, u, f, err)
	}
	s.redirectWith(w, r, "/settings", "flash.passkey_removed")
	return nil
}
