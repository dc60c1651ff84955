package web

import (
	"net/http"
	"strconv"

	"reconnect/internal/apperr"
	"reconnect/internal/forum"
	"reconnect/internal/identity"
	"reconnect/internal/privacy"
)

type newThreadData struct {
	Categories []forum.Category
	CircleID   int64
	Circle     string
	Findings   []privacy.Finding
	DraftKey   string
}

var threadFields = []string{"category_id", "title", "body"}

// showNewThread shows the form for a thread in a category or a circle,
// with the member's draft if there is one.
func (s *Server) showNewThread(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm(threadFields...)
	q := r.URL.Query()
	f.Values["category_id"], f.Values["circle_id"] = q.Get("category"), q.Get("circle")
	if key := draftKey(f); forum.ValidDraftKey(key) {
		d, err := s.forum.DraftFor(r.Context(), u, key)
		if err != nil {
			return err
		}
		f.Values["title"], f.Values["body"] = d.Title, d.Body
	}
	return s.renderNewThread(w, r, u, http.StatusOK, f, nil)
}

func draftKey(f *Form) string {
	if c := f.Get("circle_id"); c != "" {
		return "circle:" + c
	}
	return "thread:" + f.Get("category_id")
}

func (s *Server) renderNewThread(w http.ResponseWriter, r *http.Request, u *identity.User, status int, f *Form, findings []privacy.Finding) error {
	d := &newThreadData{Findings: findings, DraftKey: draftKey(f)}
	if c, err := strconv.ParseInt(f.Get("circle_id"), 10, 64); err == nil && c > 0 {
		circle, err := s.ids.CircleByID(r.Context(), u, c)
		if err != nil {
			return err
		}
		d.CircleID, d.Circle = c, circle.Name
	} else {
		cs, err := s.forum.Categories(r.Context(), u)
		if err != nil {
			return err
		}
		d.Categories = cs
	}
	s.render(w, r, status, "forum_new", &Page{Title: "forum.new.title", Form: f, Data: d})
	return nil
}

// writeError shows a refused post in place: privacy findings with
// "Post anyway", or field problems; anything else fails the request.
func writeError(f *Form, err error) (int, []privacy.Finding, error) {
	if fs := forum.Findings(err); fs != nil {
		return http.StatusUnprocessableEntity, fs, nil
	}
	status, other := f.setError(err)
	return status, nil, other
}

func formID(f *Form, name string) int64 {
	n, _ := strconv.ParseInt(f.Get(name), 10, 64)
	return n
}

// createThread publishes a new thread, or saves it as a draft.
func (s *Server) createThread(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm(threadFields...)
	if err := readForm(r, f); err != nil {
		return err
	}
	if f.Get("save_draft") != "" {
		if err := s.forum.SaveDraft(r.Context(), u, draftKey(f), f.Get("title"), f.Get("body")); err != nil {
			status, _, other := writeError(f, err)
			if other != nil {
				return other
			}
			return s.renderNewThread(w, r, u, status, f, nil)
		}
		f.Message = "flash.draft_saved"
		return s.renderNewThread(w, r, u, http.StatusOK, f, nil)
	}
	t, first, err := s.forum.CreateThread(r.Context(), u, forum.NewThread{CategoryID: formID(f, "category_id"), CircleID: formID(f, "circle_id"),
		Title: f.Get("title"), Body: f.Get("body"), Acknowledge: f.Get("acknowledge") == "yes"})
	if err != nil {
		status, findings, other := writeError(f, err)
		if other != nil {
			return other
		}
		return s.renderNewThread(w, r, u, status, f, findings)
	}
	_ = s.forum.DropDraft(r.Context(), u, draftKey(f))
	s.redirectWith(w, r, "/forum/threads/"+strconv.FormatInt(t.ID, 10), crisisFlash(first, "flash.thread_created"))
	return nil
}

// reply publishes a reply (or saves it as a draft) and shows it on its page.
func (s *Server) reply(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(replyFields...)
	if err := readForm(r, f); err != nil {
		return err
	}
	key := "reply:" + strconv.FormatInt(id, 10)
	if f.Get("save_draft") != "" {
		if err := s.forum.SaveDraft(r.Context(), u, key, "", f.Get("body")); err != nil {
			status, _, other := writeError(f, err)
			if other != nil {
				return other
			}
			return s.renderThread(w, r, u, status, f, nil, false)
		}
		f.Message = "flash.draft_saved"
		return s.renderThread(w, r, u, http.StatusOK, f, nil, false)
	}
	p, err := s.forum.Reply(r.Context(), u, id, forum.NewPost{Body: f.Get("body"), ReplyTo: formID(f, "reply_to"), Acknowledge: f.Get("acknowledge") == "yes"})
	if err != nil {
		status, findings, other := writeError(f, err)
		if other != nil {
			return other
		}
		return s.renderThread(w, r, u, status, f, findings, false)
	}
	_ = s.forum.DropDraft(r.Context(), u, key)
	start, err := s.forum.PageStart(r.Context(), u, id, p.ID)
	if err != nil {
		return err
	}
	target := "/forum/threads/" + strconv.FormatInt(id, 10) + "?from=" + strconv.FormatInt(start, 10) + "#post-" + strconv.FormatInt(p.ID, 10)
	s.redirectWith(w, r, target, crisisFlash(p, "flash.reply_posted"))
	return nil
}

type editData struct {
	Post     forum.Post
	Findings []privacy.Finding
}

func (s *Server) showEdit(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	p, err := s.pathPost(r, u)
	if err != nil {
		return err
	}
	if !p.Mine || p.Deleted {
		return apperr.NotFound()
	}
	f := NewForm("body")
	f.Values["body"] = p.Body
	s.render(w, r, http.StatusOK, "forum_edit", &Page{Title: "forum.edit.title", Form: f, Data: &editData{Post: p}})
	return nil
}

func (s *Server) editPost(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	f := NewForm("body")
	if err := readForm(r, f); err != nil {
		return err
	}
	p, err := s.forum.Edit(r.Context(), u, id, f.Get("body"), f.Get("acknowledge") == "yes")
	if err != nil {
		status, findings, other := writeError(f, err)
		if other != nil {
			return other
		}
		old, err := s.forum.PostByID(r.Context(), u, id)
		if err != nil {
			return err
		}
		if !old.Mine { // someone else's post: as if it did not exist, like the edit page
			return apperr.NotFound()
		}
		s.render(w, r, status, "forum_edit", &Page{Title: "forum.edit.title", Form: f, Data: &editData{Post: old, Findings: findings}})
		return nil
	}
	s.redirectWith(w, r, s.postURL(r, u, p), crisisFlash(p, "flash.post_edited"))
	return nil
}

// postURL is where a post is shown on its thread's pages.
func (s *Server) postURL(r *http.Request, u *identity.User, p forum.Post) string {
	start, _ := s.forum.PageStart(r.Context(), u, p.ThreadID, p.ID)
	return "/forum/threads/" + strconv.FormatInt(p.ThreadID, 10) + "?from=" + strconv.FormatInt(start, 10) + "#post-" + strconv.FormatInt(p.ID, 10)
}

func (s *Server) deletePost(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	p, err := s.pathPost(r, u)
	if err != nil {
		return err
	}
	if err := s.forum.Delete(r.Context(), u, p.ID); err != nil {
		return err
	}
	s.redirectWith(w, r, s.postURL(r, u, p), "flash.post_deleted")
	return nil
}

// react gives or takes back a reaction and returns to the post.
func (s *Server) react(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	f := NewForm()
	if err := readForm(r, f); err != nil {
		return err
	}
	// One form per post: a button names a kind and toggles it.
	kind := f.Get("toggle")
	cur, err := s.forum.PostByID(r.Context(), u, id)
	if err != nil {
		return err
	}
	mine := false
	for _, x := range cur.Reactions {
		mine = mine || x.Kind == kind && x.Mine
	}
	if mine {
		err = s.forum.Unreact(r.Context(), u, id, kind)
	} else {
		err = s.forum.React(r.Context(), u, id, kind)
	}
	if err != nil && !apperr.Is(err, apperr.KindConflict) {
		return err
	}
	p, err := s.forum.PostByID(r.Context(), u, id)
	if err != nil {
		return err
	}
	http.Redirect(w, r, s.postURL(r, u, p), http.StatusSeeOther) // #nosec G710 -- a path on this site built from numeric IDs
	return nil
}

func (s *Server) watchThread(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	f := NewForm()
	if err := readForm(r, f); err != nil {
		return err
	}
	if err := s.forum.SetWatch(r.Context(), u, id, f.Get("level")); err != nil {
		return err
	}
	s.redirectWith(w, r, "/forum/threads/"+strconv.FormatInt(id, 10), "flash.watch_saved")
	return nil
}

// crisisFlash is the notice after publishing: when the text has crisis
// language, a kind word and the crisis numbers (the layout shows them
// with these keys) instead of the plain confirmation.
func crisisFlash(p forum.Post, plain string) string {
	if p.Crisis != "" {
		return "flash.crisis_" + p.Crisis
	}
	return plain
}
