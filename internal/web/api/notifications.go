package api

import (
	"net/http"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/notify"
	"reconnect/internal/web/httpx"
)

// Notification is one notice, its text in the caller's language. Notices
// never contain post, message or toolbox text.
type Notification struct {
	ID        ID                `json:"id"`
	Kind      string            `json:"kind"`
	Text      string            `json:"text"`
	Args      map[string]string `json:"args,omitempty"`
	CreatedAt time.Time         `json:"created_at"`
	ReadAt    *time.Time        `json:"read_at,omitempty"`
}

// ReadRequest marks notices read: the given IDs, or all when empty.
type ReadRequest struct {
	IDs []ID `json:"ids,omitempty"`
}

func (a *API) listNotifications(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	limit, before, err := page(r)
	if err != nil {
		return err
	}
	f, err := noticeFilter(r)
	if err != nil {
		return err
	}
	ns, err := a.Notify.Find(r.Context(), u.ID, f, limit, before)
	if err != nil {
		return err
	}
	out := List[Notification]{Items: make([]Notification, 0, len(ns))}
	for _, n := range ns {
		args := make([]string, 0, 2*len(n.Args))
		for k, v := range n.Args {
			args = append(args, k, v)
		}
		out.Items = append(out.Items, Notification{ID: ID(n.ID), Kind: n.Kind, Text: a.Catalog.T(a.lang(r), "notice."+n.Kind, args...),
			Args: n.Args, CreatedAt: n.CreatedAt, ReadAt: n.ReadAt})
	}
	if len(ns) > 0 {
		out.NextCursor = nextCursor(len(ns), limit, ns[len(ns)-1].ID)
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (a *API) markRead(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	var in ReadRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	ids := make([]int64, 0, len(in.IDs))
	for _, id := range in.IDs {
		ids = append(ids, int64(id))
	}
	if err := a.Notify.MarkRead(r.Context(), u.ID, ids); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// noticeFilter reads ?unread=1, ?kind= and ?group=.
func noticeFilter(r *http.Request) (notify.Filter, error) {
	q := r.URL.Query()
	var f notify.Filter
	switch q.Get("unread") {
	case "", "0", "false":
	case "1", "true":
		f.Unread = true
	default:
		return f, apperr.Invalid("err.fix_fields").WithField("unread", "field.notify.unread")
	}
	if k := q.Get("kind"); k != "" {
		if _, ok := notify.KindOf(k); !ok {
			return f, apperr.Invalid("err.fix_fields").WithField("kind", "field.notify.unknown_kind")
		}
		f.Kinds = []string{k}
	}
	if g := q.Get("group"); g != "" {
		kinds := notify.GroupKinds(g)
		if kinds == nil || f.Kinds != nil {
			return f, apperr.Invalid("err.fix_fields").WithField("group", "field.notify.unknown_group")
		}
		f.Kinds = kinds
	}
	return f, nil
}

// UnreadNotifications is the number on the Notices badge.
type UnreadNotifications struct {
	Count int `json:"count"`
}

func (a *API) unreadNotifications(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	n, err := a.Notify.Unread(r.Context(), u.ID)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, UnreadNotifications{Count: n})
	return nil
}
