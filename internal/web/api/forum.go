package api

import (
	"net/http"
	"strconv"

	"reconnect/internal/apperr"
	"reconnect/internal/forum"
	"reconnect/internal/identity"
	"reconnect/internal/web/httpx"
)

func (a *API) forumCategories(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	cs, err := a.Forum.Categories(r.Context(), u)
	return a.writeCategories(w, r, cs, err)
}

// writeCategories answers with a list of categories in the caller's
// language, or the error.
func (a *API) writeCategories(w http.ResponseWriter, r *http.Request, cs []forum.Category, err error) error {
	if err != nil {
		return err
	}
	out := List[Category]{Items: make([]Category, 0, len(cs))}
	for _, c := range cs {
		out.Items = append(out.Items, categoryJSON(c, a.lang(r)))
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

// queryID reads an optional ID from the query; a malformed one is 400.
func queryID(r *http.Request, name string) (int64, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return 0, apperr.Invalid("err.fix_fields").WithField(name, "field.id.invalid")
	}
	return n, nil
}

func (a *API) forumThreads(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	if !u.Role.UsesForum() {
		return apperr.NotFound()
	}
	cat, err := queryID(r, "category_id")
	if err != nil {
		return err
	}
	circle, err := queryID(r, "circle_id")
	if err != nil {
		return err
	}
	if (cat == 0) == (circle == 0) {
		return apperr.Invalid("err.fix_fields").WithField("category_id", "field.category.required")
	}
	page, err := a.Forum.Threads(r.Context(), u, cat, circle, r.URL.Query().Get("cursor"))
	if err != nil {
		return err
	}
	out := List[Thread]{Items: make([]Thread, 0, len(page.Threads)), NextCursor: page.Next}
	for _, t := range page.Threads {
		out.Items = append(out.Items, threadJSON(t))
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

// NewThreadRequest starts a thread in a category or a circle.
type NewThreadRequest struct {
	CategoryID          *ID    `json:"category_id,omitempty"`
	CircleID            *ID    `json:"circle_id,omitempty"`
	Title               string `json:"title"`
	Body                string `json:"body"`
	AcknowledgeFindings bool   `json:"acknowledge_findings,omitempty"`
}

// ThreadCreated is the new thread and its first post.
type ThreadCreated struct {
	Thread Thread `json:"thread"`
	Post   Post   `json:"post"`
}

func idOf(p *ID) int64 {
	if p == nil {
		return 0
	}
	return int64(*p)
}

func (a *API) createThread(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	var in NewThreadRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	t, p, err := a.Forum.CreateThread(r.Context(), u, forum.NewThread{CategoryID: idOf(in.CategoryID), CircleID: idOf(in.CircleID),
		Title: in.Title, Body: in.Body, Acknowledge: in.AcknowledgeFindings})
	if err != nil {
		return a.withFindings(r, err)
	}
	httpx.WriteJSON(w, http.StatusCreated, ThreadCreated{Thread: threadJSON(t), Post: postJSON(p)})
	return nil
}

// withFindings translates the advice in a privacy_findings error, which
// goes out beside the error as "findings".
func (a *API) withFindings(r *http.Request, err error) error {
	fs := forum.Findings(err)
	if fs == nil {
		return err
	}
	e := apperr.From(err)
	out := make([]PrivacyFinding, 0, len(fs))
	for _, f := range fs {
		out = append(out, PrivacyFinding{Kind: string(f.Kind), Excerpt: f.Excerpt, Start: f.Start, End: f.End, Advice: a.Catalog.T(a.lang(r), f.Advice), Strong: f.Strong})
	}
	e.Extra = map[string]any{"findings": out}
	return e
}

// ThreadView is a thread with a page of its posts.
type ThreadView struct {
	Thread Thread     `json:"thread"`
	Posts  List[Post] `json:"posts"`
}

func (a *API) getThread(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	from, err := queryID(r, "from")
	if err != nil {
		return err
	}
	limit, _, err := page(r)
	if err != nil {
		return err
	}
	if c := r.URL.Query().Get("cursor"); c != "" {
		if from, err = strconv.ParseInt(c, 10, 64); err != nil || from <= 0 {
			return apperr.Invalid("err.fix_fields").WithField("cursor", "field.cursor.invalid")
		}
	}
	ctx := r.Context()
	t, err := a.Forum.ThreadByID(ctx, u, id)
	if err != nil {
		return err
	}
	pg, err := a.Forum.Posts(ctx, u, id, from, limit)
	if err != nil {
		return err
	}
	var last int64
	out := ThreadView{Thread: threadJSON(t), Posts: List[Post]{Items: make([]Post, 0, len(pg.Posts))}}
	for _, p := range pg.Posts {
		out.Posts.Items = append(out.Posts.Items, postJSON(p))
		last = p.ID
	}
	if pg.Next != 0 {
		out.Posts.NextCursor = strconv.FormatInt(pg.Next, 10)
	}
	// Reading counts one view per member per day and moves the marker.
	if err := a.Forum.Seen(ctx, u, id, last); err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

// NewPostRequest is a reply.
type NewPostRequest struct {
	Body                string `json:"body"`
	ReplyTo             *ID    `json:"reply_to,omitempty"`
	AcknowledgeFindings bool   `json:"acknowledge_findings,omitempty"`
}

// PostEnvelope wraps a post.
type PostEnvelope struct {
	Post Post `json:"post"`
}

func (a *API) createPost(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in NewPostRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	p, err := a.Forum.Reply(r.Context(), u, id, forum.NewPost{Body: in.Body, ReplyTo: idOf(in.ReplyTo), Acknowledge: in.AcknowledgeFindings})
	if err != nil {
		return a.withFindings(r, err)
	}
	_ = a.Forum.DropDraft(r.Context(), u, "reply:"+strconv.FormatInt(id, 10))
	httpx.WriteJSON(w, http.StatusCreated, PostEnvelope{Post: postJSON(p)})
	return nil
}

// EditRequest changes a post's text.
type EditRequest struct {
	Body                string `json:"body"`
	AcknowledgeFindings bool   `json:"acknowledge_findings,omitempty"`
}

func (a *API) editPost(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in EditRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	p, err := a.Forum.Edit(r.Context(), u, id, in.Body, in.AcknowledgeFindings)
	if err != nil {
		return a.withFindings(r, err)
	}
	httpx.WriteJSON(w, http.StatusOK, PostEnvelope{Post: postJSON(p)})
	return nil
}

func (a *API) deletePost(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := a.Forum.Delete(r.Context(), u, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
