package api

import (
	"net/http"
	"strings"

	"reconnect/internal/apperr"
)

// calendarFile serves a member's calendar feed, GET /calendar/{token}.ics
// ({file} is the token followed by ".ics"). The token in the path is the
// only credential a calendar app has; the access log names the route
// pattern only, never the path, so the token is never logged. A token
// that is unknown, replaced or turned off, or whose member's account is
// disabled, gets 404.
func (a *API) calendarFile(w http.ResponseWriter, r *http.Request) error {
	token, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok || a.Calendar == nil {
		return apperr.NotFound()
	}
	b, err := a.Calendar.Feed(r.Context(), token)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/calendar; charset=utf-8")
	h.Set("Content-Disposition", `inline; filename="reconnect.ics"`)
	h.Set("Cache-Control", "private, no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Robots-Tag", "noindex, nofollow")
	_, _ = w.Write(b) // #nosec G705 -- iCalendar text served as text/calendar with nosniff, not HTML
	return nil
}
