package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/forum"
	"reconnect/internal/identity"
	"reconnect/internal/moderation"
)

// moderators reach the moderation pages: peer moderators and
// administrators. Everyone else gets 404.
var moderators = []identity.Role{identity.PeerModerator, identity.Admin}

// showQueue is the moderators' queue: crisis alerts, flags, approvals.
func (s *Server) showQueue(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	items, err := s.mod.Queue(r.Context(), u)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "moderation_queue", &Page{Title: "moderation.queue.title", Data: items})
	return nil
}

// showUnanswered lists threads waiting for an answer.
func (s *Server) showUnanswered(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	ws, err := s.mod.Unanswered(r.Context(), u)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "moderation_unanswered", &Page{Title: "moderation.unanswered.title", Data: ws})
	return nil
}

type modPostData struct {
	Item    moderation.QueueItem
	Reasons []string
}

// showModPost is one post with its flags and context, and the actions.
func (s *Server) showModPost(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	return s.renderModPost(w, r, u, http.StatusOK, NewForm("reason"))
}

func (s *Server) renderModPost(w http.ResponseWriter, r *http.Request, u *identity.User, status int, f *Form) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	it, err := s.mod.Item(r.Context(), u, id)
	if err != nil {
		return err
	}
	s.render(w, r, status, "moderation_post", &Page{Title: "moderation.post.title", Form: f, Data: &modPostData{Item: it}})
	return nil
}

// modPostAction hides, restores, dismisses flags, approves or closes a
// crisis alert, then goes back to the queue.
func (s *Server) modPostAction(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, f, err := idForm(r, "reason")
	if err != nil {
		return err
	}
	ctx := r.Context()
	action := r.PathValue("action")
	switch action {
	case "hide":
		err = s.mod.Hide(ctx, u, id, f.Get("reason"))
	case "restore":
		err = s.mod.Restore(ctx, u, id)
	case "dismiss":
		err = s.mod.Dismiss(ctx, u, id)
	case "approve":
		err = s.mod.Approve(ctx, u, id)
	case "followed-up":
		err = s.mod.FollowedUp(ctx, u, id)
	case "acknowledge":
		if err = s.mod.Acknowledge(ctx, u, id); err == nil {
			s.redirectWith(w, r, "/moderation/unanswered", "flash.moderation.acknowledge")
			return nil
		}
	default:
		return apperr.NotFound()
	}
	if err != nil {
		status, other := f.setError(err)
		if other != nil {
			return other
		}
		return s.renderModPost(w, r, u, status, f)
	}
	s.redirectWith(w, r, "/moderation", "flash.moderation."+action)
	return nil
}

type modThreadData struct {
	Thread     forum.Thread
	Categories []forum.Category
}

// showModThread offers the thread actions: lock, pin, move, retitle.
func (s *Server) showModThread(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	return s.renderModThread(w, r, u, http.StatusOK, nil)
}

func (s *Server) renderModThread(w http.ResponseWriter, r *http.Request, u *identity.User, status int, f *Form) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	t, err := s.mod.Thread(r.Context(), u, id)
	if err != nil {
		return err
	}
	var cs []forum.Category
	if u.Role == identity.Admin {
		cs, err = s.forum.AllCategories(r.Context(), u)
	} else {
		cs, err = s.forum.Categories(r.Context(), u)
	}
	if err != nil {
		return err
	}
	if f == nil {
		f = NewForm("title", "category_id")
		f.Values["title"], f.Values["category_id"] = t.Title, strconv.FormatInt(t.CategoryID, 10)
	}
	s.render(w, r, status, "moderation_thread", &Page{Title: "moderation.thread.title", Form: f, Data: &modThreadData{Thread: t, Categories: cs}})
	return nil
}

func (s *Server) modThreadAction(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, f, err := idForm(r, "title", "category_id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	action := r.PathValue("action")
	switch action {
	case moderation.Lock, moderation.Unlock, moderation.Pin, moderation.Unpin:
		err = s.mod.SetThread(ctx, u, id, action)
	case "move":
		cat, perr := strconv.ParseInt(f.Get("category_id"), 10, 64)
		if perr != nil {
			err = apperr.Invalid("err.fix_fields").WithField("category_id", "field.category.unknown")
		} else {
			err = s.mod.Move(ctx, u, id, cat)
		}
	case "title":
		err = s.mod.Retitle(ctx, u, id, f.Get("title"))
	default:
		return apperr.NotFound()
	}
	if err != nil {
		status, other := f.setError(err)
		if other != nil {
			return other
		}
		return s.renderModThread(w, r, u, status, f)
	}
	back := "/forum/threads/" + strconv.FormatInt(id, 10)
	if u.Role == identity.Admin {
		back = "/moderation/threads/" + strconv.FormatInt(id, 10) // administrators do not read the forum
	}
	s.redirectWith(w, r, back, "flash.moderation.thread_saved")
	return nil
}

type modMemberData struct {
	Member   identity.User
	Sanction *forum.Sanction
	Log      []moderation.Entry
}

// showModMember offers muting and suspending a member, and lifting it.
func (s *Server) showModMember(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm("kind", "reason", "until")
	f.Values["kind"] = forum.Mute
	f.Values["until"] = time.Now().In(oslo).AddDate(0, 0, 7).Format("2006-01-02")
	return s.renderModMember(w, r, u, http.StatusOK, f)
}

func (s *Server) renderModMember(w http.ResponseWriter, r *http.Request, u *identity.User, status int, f *Form) error {
	m, sn, err := s.mod.Member(r.Context(), u, r.PathValue("pseudonym"))
	if err != nil {
		return err
	}
	es, _, err := s.mod.Log(r.Context(), u, moderation.LogFilter{Member: m.Pseudonym})
	if err != nil {
		return err
	}
	s.render(w, r, status, "moderation_member", &Page{Title: "moderation.member.title", Form: f, Data: &modMemberData{Member: m, Sanction: sn, Log: es}})
	return nil
}

// modSanction mutes or suspends until the end of the chosen day (Oslo
// time), or lifts the member's sanction.
func (s *Server) modSanction(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm("kind", "reason", "until")
	if err := readForm(r, f); err != nil {
		return err
	}
	p := r.PathValue("pseudonym")
	var err error
	if r.PathValue("action") == "lift" {
		err = s.mod.Lift(r.Context(), u, p, f.Get("kind"))
	} else if r.PathValue("action") != "sanction" {
		return apperr.NotFound()
	} else {
		var until time.Time
		if v := f.Get("until"); v != "" {
			d, perr := time.ParseInLocation("2006-01-02", v, oslo)
			if perr != nil {
				return s.renderModMemberError(w, r, u, f, apperr.Invalid("err.fix_fields").WithField("until", "field.until.required"))
			}
			until = d.AddDate(0, 0, 1)
		}
		err = s.mod.Sanction(r.Context(), u, p, f.Get("kind"), f.Get("reason"), until)
	}
	if err != nil {
		return s.renderModMemberError(w, r, u, f, err)
	}
	s.redirectWith(w, r, "/moderation/members/"+url.PathEscape(p), "flash.moderation.member_saved")
	return nil
}

func (s *Server) renderModMemberError(w http.ResponseWriter, r *http.Request, u *identity.User, f *Form, err error) error {
	status, other := f.setError(err)
	if other != nil {
		return other
	}
	return s.renderModMember(w, r, u, status, f)
}

type modLogData struct {
	Entries []moderation.Entry
	Next    int64
}

// showModLog is the moderation log, filtered by the query string.
func (s *Server) showModLog(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	q := r.URL.Query()
	f := NewForm("action", "actor", "member")
	for _, k := range []string{"action", "actor", "member"} {
		f.Values[k] = q.Get(k)
	}
	filter := moderation.LogFilter{Action: f.Get("action"), Actor: f.Get("actor"), Member: f.Get("member")}
	if c := q.Get("before"); c != "" {
		filter.Before, _ = strconv.ParseInt(c, 10, 64)
	}
	es, more, err := s.mod.Log(r.Context(), u, filter)
	status := http.StatusOK
	if err != nil {
		if status, err = f.setError(err); err != nil {
			return err
		}
	}
	d := &modLogData{Entries: es}
	if more {
		d.Next = es[len(es)-1].Seq
	}
	s.render(w, r, status, "moderation_log", &Page{Title: "moderation.log.title", Form: f, Data: d})
	return nil
}

type flagData struct {
	Post    forum.Post
	Reasons []string
}

// showFlag is the form for flagging a post to the moderators.
func (s *Server) showFlag(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	return s.renderFlag(w, r, u, http.StatusOK, NewForm("reason", "note"))
}

func (s *Server) renderFlag(w http.ResponseWriter, r *http.Request, u *identity.User, status int, f *Form) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	p, err := s.forum.PostByID(r.Context(), u, id)
	if err != nil {
		return err
	}
	if p.Mine {
		return apperr.NotFound()
	}
	s.render(w, r, status, "forum_flag", &Page{Title: "flag.title", Form: f, Data: &flagData{Post: p, Reasons: moderation.Reasons}})
	return nil
}

// flagPost takes a member's flag and goes back to the post.
func (s *Server) flagPost(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, f, err := idForm(r, "reason", "note")
	if err != nil {
		return err
	}
	p, err := s.forum.PostByID(r.Context(), u, id)
	if err != nil {
		return err
	}
	if _, err := s.mod.Flag(r.Context(), u, id, f.Get("reason"), f.Get("note")); err != nil {
		status, other := f.setError(err)
		if other != nil {
			return other
		}
		return s.renderFlag(w, r, u, status, f)
	}
	s.redirectWith(w, r, "/forum/threads/"+strconv.FormatInt(p.ThreadID, 10)+"#post-"+strconv.FormatInt(id, 10), "flash.flagged")
	return nil
}

// idForm reads the ID in the path and the posted form.
func idForm(r *http.Request, fields ...string) (int64, *Form, error) {
	id, err := pathInt(r, "id")
	if err != nil {
		return 0, nil, err
	}
	f := NewForm(fields...)
	return id, f, readForm(r, f)
}
