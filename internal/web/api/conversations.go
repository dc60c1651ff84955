package api

import (
	"net/http"
	"time"

	"reconnect/internal/identity"
	"reconnect/internal/web/httpx"
)

// QuietMember is a member who took part and has not signed in for a
// while (--quiet-after).
type QuietMember struct {
	ID           ID         `json:"id"`
	Pseudonym    string     `json:"pseudonym"`
	LastSignedIn *time.Time `json:"last_signed_in_at,omitempty"`
	Posts        int        `json:"posts"`
	LastPostAt   time.Time  `json:"last_post_at"`
	LastCheckIn  *time.Time `json:"last_check_in_at,omitempty"`
}

func (a *API) quietMembers(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	qs, err := a.Moderation.QuietMembers(r.Context(), u)
	if err != nil {
		return err
	}
	out := List[QuietMember]{Items: make([]QuietMember, 0, len(qs))}
	for _, q := range qs {
		out.Items = append(out.Items, QuietMember{ID: ID(q.ID), Pseudonym: q.Pseudonym, LastSignedIn: q.LastSignedIn, Posts: q.Posts, LastPostAt: q.LastPostAt, LastCheckIn: q.LastCheckIn})
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}
