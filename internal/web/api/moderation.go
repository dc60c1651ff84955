package api

import (
	"net/http"
	"strconv"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/moderation"
	"reconnect/internal/web/httpx"
)

// FlagRequest flags a post: reason is hurtful, identity, spam, worried
// or other (other needs a note).
type FlagRequest struct {
	Reason string `json:"reason"`
	Note   string `json:"note,omitempty"`
}

// FlagResponse says whether the flag was new. It never says who else
// flagged or how many did.
type FlagResponse struct {
	Duplicate bool `json:"duplicate"`
}

func (a *API) flag(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in FlagRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	res, err := a.Moderation.Flag(r.Context(), u, id, in.Reason, in.Note)
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if res.Duplicate {
		status = http.StatusOK
	}
	httpx.WriteJSON(w, status, FlagResponse{Duplicate: res.Duplicate})
	return nil
}

// QueuePost is a post in the moderation queue.
type QueuePost struct {
	ID          ID        `json:"id"`
	ThreadID    ID        `json:"thread_id"`
	ThreadTitle string    `json:"thread_title,omitempty"`
	Author      string    `json:"author_pseudonym"`
	HTML        string    `json:"html"`
	CreatedAt   time.Time `json:"created_at"`
	Hidden      bool      `json:"hidden,omitempty"`
	Held        bool      `json:"held,omitempty"`
	Pending     bool      `json:"pending,omitempty"`
}

// QueueFlag is one member's flag; moderators see who flagged.
type QueueFlag struct {
	Reason    string    `json:"reason"`
	Note      string    `json:"note,omitempty"`
	Flagger   string    `json:"flagger_pseudonym"`
	CreatedAt time.Time `json:"created_at"`
}

// QueueItem is one thing waiting for a moderator: kind is crisis (with
// level intent or concern), flagged or pending; context holds up to two earlier posts of the thread.
type QueueItem struct {
	Kind    string      `json:"kind"`
	Level   string      `json:"level,omitempty"`
	Post    QueuePost   `json:"post"`
	Flags   []QueueFlag `json:"flags"`
	Context []QueuePost `json:"context"`
}

func queuePostJSON(p moderation.QueuePost) QueuePost {
	return QueuePost{ID: ID(p.ID), ThreadID: ID(p.ThreadID), ThreadTitle: p.ThreadTitle, Author: p.AuthorPseudonym, HTML: string(p.HTML),
		CreatedAt: p.CreatedAt, Hidden: p.Hidden, Held: p.HiddenAuto, Pending: p.Pending}
}

func (a *API) queue(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	items, err := a.Moderation.Queue(r.Context(), u)
	if err != nil {
		return err
	}
	out := List[QueueItem]{Items: make([]QueueItem, 0, len(items))}
	for _, it := range items {
		q := QueueItem{Kind: it.Kind, Level: it.Level, Post: queuePostJSON(it.Post), Flags: make([]QueueFlag, 0, len(it.Flags)), Context: make([]QueuePost, 0, len(it.Context))}
		for _, f := range it.Flags {
			q.Flags = append(q.Flags, QueueFlag{Reason: f.Reason, Note: f.Note, Flagger: f.FlaggerPseudonym, CreatedAt: f.CreatedAt})
		}
		for _, c := range it.Context {
			q.Context = append(q.Context, queuePostJSON(c))
		}
		out.Items = append(out.Items, q)
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

// ReasonRequest carries a moderator's reason, shown to the member.
type ReasonRequest struct {
	Reason string `json:"reason"`
}

func (a *API) postAction(action string) handler {
	return func(w http.ResponseWriter, r *http.Request, u *identity.User) error {
		if !moderates(u) {
			return apperr.NotFound()
		}
		id, err := pathID(r)
		if err != nil {
			return err
		}
		switch action {
		case "hide":
			var in ReasonRequest
			if err := httpx.DecodeJSON(r, &in); err != nil {
				return err
			}
			err = a.Moderation.Hide(r.Context(), u, id, in.Reason)
		case "restore":
			err = a.Moderation.Restore(r.Context(), u, id)
		case "dismiss":
			err = a.Moderation.Dismiss(r.Context(), u, id)
		case "approve":
			err = a.Moderation.Approve(r.Context(), u, id)
		case "followed-up":
			err = a.Moderation.FollowedUp(r.Context(), u, id)
		case "acknowledge":
			err = a.Moderation.Acknowledge(r.Context(), u, id)
		}
		if err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
}

// MoveRequest names the category a thread moves to.
type MoveRequest struct {
	CategoryID ID `json:"category_id"`
}

// TitleRequest gives a thread a new title.
type TitleRequest struct {
	Title string `json:"title"`
}

func (a *API) threadAction(action string) handler {
	return func(w http.ResponseWriter, r *http.Request, u *identity.User) error {
		if !moderates(u) {
			return apperr.NotFound()
		}
		id, err := pathID(r)
		if err != nil {
			return err
		}
		switch action {
		case "move":
			var in MoveRequest
			if err := httpx.DecodeJSON(r, &in); err != nil {
				return err
			}
			err = a.Moderation.Move(r.Context(), u, id, int64(in.CategoryID))
		case "title":
			var in TitleRequest
			if err := httpx.DecodeJSON(r, &in); err != nil {
				return err
			}
			err = a.Moderation.Retitle(r.Context(), u, id, in.Title)
		default:
			err = a.Moderation.SetThread(r.Context(), u, id, action)
		}
		if err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
}

// SanctionRequest mutes or suspends a member until a time (at most a
// year ahead) with a reason the member is shown.
type SanctionRequest struct {
	Reason string    `json:"reason"`
	Until  time.Time `json:"until"`
}

func (a *API) sanction(kind string, lift bool) handler {
	return func(w http.ResponseWriter, r *http.Request, u *identity.User) error {
		if !moderates(u) {
			return apperr.NotFound()
		}
		var err error
		if lift {
			err = a.Moderation.Lift(r.Context(), u, r.PathValue("pseudonym"), kind)
		} else {
			var in SanctionRequest
			if err := httpx.DecodeJSON(r, &in); err != nil {
				return err
			}
			err = a.Moderation.Sanction(r.Context(), u, r.PathValue("pseudonym"), kind, in.Reason, in.Until)
		}
		if err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
}

// LogEntry is one moderator action. actor is empty for the system
// (posts held by flags) and for administrators (actor_role says so).
type LogEntry struct {
	Seq         int64             `json:"seq"`
	At          time.Time         `json:"at"`
	Actor       string            `json:"actor_pseudonym,omitempty"`
	ActorRole   string            `json:"actor_role,omitempty"`
	Action      string            `json:"action"`
	TargetKind  string            `json:"target_kind"`
	TargetID    ID                `json:"target_id"`
	TargetLabel string            `json:"target_label,omitempty"`
	Reason      string            `json:"reason,omitempty"`
	Details     map[string]string `json:"details,omitempty"`
}

func logJSON(es []moderation.Entry) []LogEntry {
	out := make([]LogEntry, 0, len(es))
	for _, e := range es {
		out = append(out, LogEntry{Seq: e.Seq, At: e.At, Actor: e.ActorPseudonym, ActorRole: e.ActorRole, Action: e.Action,
			TargetKind: e.TargetKind, TargetID: ID(e.TargetID), TargetLabel: e.TargetLabel, Reason: e.Reason, Details: e.Details})
	}
	return out
}

func (a *API) moderationLog(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	q := r.URL.Query()
	f := moderation.LogFilter{Action: q.Get("action"), Actor: q.Get("actor"), Member: q.Get("member")}
	if c := q.Get("cursor"); c != "" {
		n, err := strconv.ParseInt(c, 10, 64)
		if err != nil || n <= 0 {
			return apperr.Invalid("err.fix_fields").WithField("cursor", "field.cursor.invalid")
		}
		f.Before = n
	}
	es, more, err := a.Moderation.Log(r.Context(), u, f)
	if err != nil {
		return err
	}
	out := List[LogEntry]{Items: logJSON(es)}
	if more {
		out.NextCursor = strconv.FormatInt(es[len(es)-1].Seq, 10)
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (a *API) myModeration(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	es, err := a.Moderation.OnMyPosts(r.Context(), u)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, List[LogEntry]{Items: logJSON(es)})
	return nil
}

// Unanswered is a thread whose latest post, by a member, nobody has
// answered yet.
type Unanswered struct {
	ThreadID    ID        `json:"thread_id"`
	ThreadTitle string    `json:"thread_title"`
	PostID      ID        `json:"post_id"`
	Author      string    `json:"author_pseudonym"`
	CreatedAt   time.Time `json:"created_at"`
	Opening     bool      `json:"opening"`
}

func (a *API) unanswered(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	ws, err := a.Moderation.Unanswered(r.Context(), u)
	if err != nil {
		return err
	}
	out := List[Unanswered]{Items: make([]Unanswered, 0, len(ws))}
	for _, x := range ws {
		out.Items = append(out.Items, Unanswered{ThreadID: ID(x.ThreadID), ThreadTitle: x.ThreadTitle, PostID: ID(x.PostID), Author: x.AuthorPseudonym,
			CreatedAt: x.CreatedAt, Opening: x.Opening})
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

// moderates reports whether the moderation routes exist for u at all;
// for everyone else they are 404 whatever the body, as the pages are.
// The services decide which posts, threads and members u may act on.
func moderates(u *identity.User) bool {
	return u.Role == identity.PeerModerator || u.Role == identity.Admin
}
