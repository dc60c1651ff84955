package api

import (
	"net/http"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/notify"
	"reconnect/internal/web/httpx"
)

// NotificationPreferences are my notice settings: per kind, whether it
// shows in the app and goes by e-mail; quiet hours for e-mail; the daily
// digest (counts only).
type NotificationPreferences struct {
	Kinds      map[string]KindPreference `json:"kinds"`
	QuietHours QuietHours                `json:"quiet_hours"`
	Digest     Digest                    `json:"digest"`
}

// KindPreference is the choice for one kind. Fixed kinds always show in
// the app.
type KindPreference struct {
	Group string `json:"group"`
	InApp bool   `json:"in_app"`
	Email bool   `json:"email"`
	Fixed bool   `json:"fixed,omitempty"`
}

// QuietHours are "HH:MM" on the community's wall clock; no notice
// e-mail goes out from start until end. Equal times: none.
type QuietHours struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

// Digest is the daily summary e-mail; hour 0 to 23.
type Digest struct {
	On   bool `json:"on"`
	Hour int  `json:"hour"`
}

// PreferencesRequest changes what it names and keeps the rest.
type PreferencesRequest struct {
	Kinds      map[string]KindChoice `json:"kinds,omitempty"`
	QuietHours *QuietHours           `json:"quiet_hours,omitempty"`
	Digest     *DigestChoice         `json:"digest,omitempty"`
}

// KindChoice changes one kind's channels (an omitted channel is kept).
type KindChoice struct {
	InApp *bool `json:"in_app,omitempty"`
	Email *bool `json:"email,omitempty"`
}

// DigestChoice changes the digest (an omitted field is kept).
type DigestChoice struct {
	On   *bool `json:"on,omitempty"`
	Hour *int  `json:"hour,omitempty"`
}

func (a *API) getPreferences(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	st, err := a.Notify.Settings(r.Context(), u.ID)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, preferencesOut(st))
	return nil
}

func preferencesOut(st notify.Settings) NotificationPreferences {
	out := NotificationPreferences{Kinds: map[string]KindPreference{}, QuietHours: QuietHours{notify.Clock(st.QuietStart), notify.Clock(st.QuietEnd)},
		Digest: Digest{On: st.Digest, Hour: st.DigestHour}}
	for _, k := range notify.Kinds {
		c := st.Kinds[k.Name]
		out.Kinds[k.Name] = KindPreference{Group: k.Group, InApp: c.InApp, Email: c.Email, Fixed: k.Fixed}
	}
	return out
}

func (a *API) putPreferences(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	var in PreferencesRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	st, err := a.Notify.Settings(r.Context(), u.ID)
	if err != nil {
		return err
	}
	bad := apperr.Invalid("err.fix_fields")
	for name, c := range in.Kinds {
		cur := st.Kinds[name] // unknown kinds are refused by Save
		if c.InApp != nil {
			cur.InApp = *c.InApp
		}
		if c.Email != nil {
			cur.Email = *c.Email
		}
		st.Kinds[name] = cur
	}
	if q := in.QuietHours; q != nil {
		var ok bool
		if st.QuietStart, ok = notify.ParseClock(q.Start); !ok {
			bad.WithField("quiet_hours.start", "field.notify.time")
		}
		if st.QuietEnd, ok = notify.ParseClock(q.End); !ok {
			bad.WithField("quiet_hours.end", "field.notify.time")
		}
	}
	if d := in.Digest; d != nil {
		if d.On != nil {
			st.Digest = *d.On
		}
		if d.Hour != nil {
			st.DigestHour = *d.Hour
		}
	}
	if len(bad.Fields) > 0 {
		return bad
	}
	if err := a.Notify.Save(r.Context(), u.ID, st); err != nil {
		return err
	}
	return a.getPreferences(w, r, u)
}
