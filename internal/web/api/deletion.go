package api

import (
	"net/http"
	"time"

	"reconnect/internal/identity"
	"reconnect/internal/web/httpx"
)

// DeletionRequest asks for my account to be deleted after the
// cooling-off period: forum_posts is keep_anonymous (the text stays,
// shown as by a former member) or delete.
type DeletionRequest struct {
	ForumPosts string `json:"forum_posts"`
}

// DeletionStatus is my pending account deletion, if any. Signing in
// before due_at cancels it.
type DeletionStatus struct {
	Pending     bool       `json:"pending"`
	ForumPosts  string     `json:"forum_posts,omitempty"`
	RequestedAt *time.Time `json:"requested_at,omitempty"`
	DueAt       *time.Time `json:"due_at,omitempty"`
}

func (a *API) deleteMe(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	var in DeletionRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	st, err := a.Deletion.Request(r.Context(), u, in.ForumPosts)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusAccepted, DeletionStatus{Pending: true, ForumPosts: st.ForumPosts, RequestedAt: &st.RequestedAt, DueAt: &st.DueAt})
	return nil
}

func (a *API) deletionStatus(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	st, err := a.Deletion.Status(r.Context(), u)
	if err != nil {
		return err
	}
	out := DeletionStatus{Pending: st.Pending, ForumPosts: st.ForumPosts}
	if st.Pending {
		out.RequestedAt, out.DueAt = &st.RequestedAt, &st.DueAt
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (a *API) cancelDeletion(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	if err := a.Deletion.Cancel(r.Context(), u); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
