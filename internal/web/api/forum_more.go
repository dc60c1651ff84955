package api

import (
	"net/http"
	"strconv"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/web/httpx"
)

// ReactionRequest names a reaction kind: support, hug, brave, thanks or
// metoo.
type ReactionRequest struct {
	Kind string `json:"kind"`
}

func (a *API) react(on bool) handler {
	return func(w http.ResponseWriter, r *http.Request, u *identity.User) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		var in ReactionRequest
		if k := r.URL.Query().Get("kind"); k != "" && !on {
			in.Kind = k
		} else if err := httpx.DecodeJSON(r, &in); err != nil {
			return err
		}
		if on {
			err = a.Forum.React(r.Context(), u, id, in.Kind)
		} else {
			err = a.Forum.Unreact(r.Context(), u, id, in.Kind)
		}
		if err != nil {
			return err
		}
		p, err := a.Forum.PostByID(r.Context(), u, id)
		if err != nil {
			return err
		}
		status := http.StatusOK
		if on {
			status = http.StatusCreated
		}
		httpx.WriteJSON(w, status, PostEnvelope{Post: postJSON(p)})
		return nil
	}
}

// SearchHit is one search result; snippet is escaped HTML with <mark>.
type SearchHit struct {
	PostID      ID        `json:"post_id"`
	ThreadID    ID        `json:"thread_id"`
	ThreadTitle string    `json:"thread_title"`
	Author      Author    `json:"author"`
	CreatedAt   time.Time `json:"created_at"`
	Snippet     string    `json:"snippet"`
}

func (a *API) search(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	p := 1
	if c := r.URL.Query().Get("cursor"); c != "" {
		n, err := strconv.Atoi(c)
		if err != nil || n < 2 {
			return apperr.Invalid("err.fix_fields").WithField("cursor", "field.cursor.invalid")
		}
		p = n
	}
	hits, more, err := a.Forum.Search(r.Context(), u, r.URL.Query().Get("q"), p)
	if err != nil {
		return err
	}
	out := List[SearchHit]{Items: make([]SearchHit, 0, len(hits))}
	for _, h := range hits {
		out.Items = append(out.Items, SearchHit{PostID: ID(h.PostID), ThreadID: ID(h.ThreadID), ThreadTitle: h.ThreadTitle,
			Author: Author{Pseudonym: h.AuthorPseudonym, ShownName: h.AuthorShownName}, CreatedAt: h.CreatedAt, Snippet: string(h.Snippet)})
	}
	if more {
		out.NextCursor = strconv.Itoa(p + 1)
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (a *API) unread(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	ts, err := a.Forum.UnreadThreads(r.Context(), u)
	if err != nil {
		return err
	}
	out := List[Thread]{Items: make([]Thread, 0, len(ts))}
	for _, t := range ts {
		out.Items = append(out.Items, threadJSON(t))
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

// WatchRequest sets how the member follows a thread: "watch", "mute" or
// "" (normal).
type WatchRequest struct {
	Level string `json:"level"`
}

func (a *API) watch(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in WatchRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := a.Forum.SetWatch(r.Context(), u, id, in.Level); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// Draft is text saved while writing.
type Draft struct {
	Key       string     `json:"key"`
	Title     string     `json:"title,omitempty"`
	Body      string     `json:"body"`
	UpdatedAt *time.Time `json:"updated_at,omitempty"`
}

// DraftRequest saves a draft; empty title and body delete it.
type DraftRequest struct {
	Title string `json:"title,omitempty"`
	Body  string `json:"body"`
}

func (a *API) getDraft(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	if !u.Role.UsesForum() {
		return apperr.NotFound()
	}
	d, err := a.Forum.DraftFor(r.Context(), u, r.PathValue("key"))
	if err != nil {
		return err
	}
	out := Draft{Key: d.Key, Title: d.Title, Body: d.Body}
	if !d.UpdatedAt.IsZero() {
		out.UpdatedAt = &d.UpdatedAt
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (a *API) putDraft(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	var in DraftRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := a.Forum.SaveDraft(r.Context(), u, r.PathValue("key"), in.Title, in.Body); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// Revision is an earlier version of a post.
type Revision struct {
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
}

func (a *API) revisions(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rs, err := a.Forum.Revisions(r.Context(), u, id)
	if err != nil {
		return err
	}
	out := List[Revision]{Items: make([]Revision, 0, len(rs))}
	for _, x := range rs {
		out.Items = append(out.Items, Revision{Body: x.Body, CreatedAt: x.CreatedAt})
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}
