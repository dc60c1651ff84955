package web

import (
	"net/http"
	"strconv"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/notify"
)

// notifySettingsData is the notice settings page: a row per kind,
// grouped, and the e-mail timing.
type notifySettingsData struct {
	Groups     []notifyGroup
	QuietStart string
	QuietEnd   string
	Digest     bool
	DigestHour string
	EmailReady bool // a confirmed address with e-mail notices on
}

type notifyGroup struct {
	Name  string
	Kinds []notifyRow
}

type notifyRow struct {
	Name  string
	Fixed bool
	On    notify.Channels // the member's choice
}

var notifyFields = []string{"quiet_start", "quiet_end", "digest_hour"}

func (s *Server) showNotifySettings(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	st, err := s.notes.Settings(r.Context(), u.ID)
	if err != nil {
		return err
	}
	f := NewForm(notifyFields...)
	f.Values["quiet_start"], f.Values["quiet_end"] = notify.Clock(st.QuietStart), notify.Clock(st.QuietEnd)
	f.Values["digest_hour"] = strconv.Itoa(st.DigestHour)
	return s.renderNotifySettings(w, r, u, http.StatusOK, f, st)
}

func (s *Server) renderNotifySettings(w http.ResponseWriter, r *http.Request, u *identity.User, status int, f *Form, st notify.Settings) error {
	email, err := s.mail.Get(r.Context(), u)
	if err != nil {
		return err
	}
	d := &notifySettingsData{QuietStart: f.Get("quiet_start"), QuietEnd: f.Get("quiet_end"), Digest: st.Digest, DigestHour: f.Get("digest_hour"),
		EmailReady: email.Verified && email.Notices}
	for _, g := range notify.Groups {
		ng := notifyGroup{Name: g}
		for _, k := range notify.Kinds {
			if k.Group == g {
				ng.Kinds = append(ng.Kinds, notifyRow{Name: k.Name, Fixed: k.Fixed, On: st.Kinds[k.Name]})
			}
		}
		d.Groups = append(d.Groups, ng)
	}
	s.render(w, r, status, "notify_settings", &Page{Title: "notify_settings.title", Form: f, Data: d})
	return nil
}

// saveNotifySettings reads the whole table: a checkbox not sent is off
// (fixed kinds stay on in the app).
func (s *Server) saveNotifySettings(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm(notifyFields...)
	if err := readForm(r, f); err != nil {
		return err
	}
	st := notify.Settings{Kinds: map[string]notify.Channels{}, Digest: f.Get("digest") == "on"}
	for _, k := range notify.Kinds {
		st.Kinds[k.Name] = notify.Channels{InApp: k.Fixed || f.Get("in_app."+k.Name) == "on", Email: f.Get("email."+k.Name) == "on"}
	}
	bad := apperr.Invalid("err.fix_fields")
	var ok bool
	if st.QuietStart, ok = notify.ParseClock(f.Get("quiet_start")); !ok {
		bad.WithField("quiet_start", "field.notify.time")
	}
	if st.QuietEnd, ok = notify.ParseClock(f.Get("quiet_end")); !ok {
		bad.WithField("quiet_end", "field.notify.time")
	}
	h, err := strconv.Atoi(f.Get("digest_hour"))
	if err != nil || h < 0 || h > 23 {
		bad.WithField("digest_hour", "field.notify.digest_hour")
	}
	st.DigestHour = h
	if len(bad.Fields) > 0 {
		err = bad
	} else {
		err = s.notes.Save(r.Context(), u.ID, st)
	}
	if err != nil {
		status, other := f.setError(err)
		if other != nil {
			return other
		}
		return s.renderNotifySettings(w, r, u, status, f, st)
	}
	s.redirectWith(w, r, "/settings/notifications", "flash.notify_saved")
	return nil
}
