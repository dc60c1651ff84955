package web

import (
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"reconnect/internal/forum"
	"reconnect/internal/i18n"
	"reconnect/internal/identity"
	"reconnect/internal/privacy"
)

// postView is one post with what its partial needs to draw controls.
type postView struct {
	forum.Post
	ThreadID  int64
	CanWrite  bool
	Moderator bool
	L         *postLabels
}

// postLabels are the words every post on a page shares, looked up once
// per page rather than once per post: a thread page shows 50 posts, and
// each template function call costs reflection.
type postLabels struct {
	Reactions, Who, ReplyToThis, Edit, Delete, DeleteConfirm, Flag, Moderate string
	Edited, History, InReplyToLink, Deleted, Pending, Held, Hidden           string
	Kind                                                                     map[string]string // reaction kind → its word

	lang               i18n.Lang
	former, formerHTML string
	badgeHTML          string
	replyTo            func(pseudonym string) string
	folded             map[string]string // collapsed kind → its words
	other              func(key string) string
}

func (s *Server) postLabels(r *http.Request) *postLabels {
	lang := s.langOf(r)
	t := func(key string) string { return s.cat.T(lang, key) }
	l := &postLabels{Reactions: t("forum.reactions.label"), Who: t("forum.reactions.who"), ReplyToThis: t("forum.reply_to_this"),
		Edit: t("forum.edit"), Delete: t("forum.delete"), DeleteConfirm: t("forum.delete.confirm"), Flag: t("flag.link"),
		Moderate: t("moderation.post.link"), Edited: t("forum.edited"), History: t("forum.history.link"),
		InReplyToLink: t("forum.in_reply_to.link"), Deleted: t("forum.deleted_by_author"), Pending: t("forum.pending"),
		Held: t("forum.held"), Hidden: t("forum.hidden"), Kind: map[string]string{}}
	for _, k := range forum.ReactionKinds {
		l.Kind[k] = t("reaction." + k)
	}
	l.postWords(s.cat, lang)
	return l
}

type threadData struct {
	Thread    forum.Thread
	Category  *forum.Category
	Circle    string
	Posts     []postView
	Page      forum.PostPage
	CanWrite  bool
	Sanction  *forum.Sanction
	Findings  []privacy.Finding
	Moderator bool
}

var replyFields = []string{"body"}

// showThread shows a page of a thread; reading moves the member's read
// marker and counts a view (once a day).
func (s *Server) showThread(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm(replyFields...)
	if rt, err := strconv.ParseInt(r.URL.Query().Get("reply_to"), 10, 64); err == nil && rt > 0 {
		if p, err := s.forum.PostByID(r.Context(), u, rt); err == nil {
			f.Values["reply_to"] = strconv.FormatInt(rt, 10)
			f.Values["body"] = quote(p)
		}
	}
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	if f.Values["body"] == "" {
		d, err := s.forum.DraftFor(r.Context(), u, "reply:"+strconv.FormatInt(id, 10))
		if err != nil {
			return err
		}
		f.Values["body"] = d.Body
	}
	return s.renderThread(w, r, u, http.StatusOK, f, nil, true)
}

var tags = regexp.MustCompile(`<[^>]*>`)

// quote turns a post into a Markdown quote for a reply.
func quote(p forum.Post) string {
	text := strings.TrimSpace(html.UnescapeString(tags.ReplaceAllString(string(p.HTML), "")))
	if r := []rune(text); len(r) > 300 {
		text = string(r[:300]) + " …"
	}
	var b strings.Builder
	b.WriteString("> @" + strings.ReplaceAll(p.AuthorPseudonym, " ", "_") + ":\n")
	for _, line := range strings.Split(text, "\n") {
		b.WriteString("> " + line + "\n")
	}
	b.WriteString("\n")
	return b.String()
}

func (s *Server) renderThread(w http.ResponseWriter, r *http.Request, u *identity.User, status int, f *Form, findings []privacy.Finding, seen bool) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	t, err := s.forum.ThreadByID(ctx, u, id)
	if err != nil {
		return err
	}
	from, _ := strconv.ParseInt(r.URL.Query().Get("from"), 10, 64)
	pg, err := s.forum.Posts(ctx, u, id, from, forum.PostsPerPage)
	if err != nil {
		return err
	}
	d := &threadData{Thread: t, Page: pg, Findings: findings, Moderator: u.Role == identity.PeerModerator}
	if d.Sanction, err = s.forum.Sanction(ctx, u); err != nil {
		return err
	}
	d.CanWrite = d.Sanction == nil && !t.Locked && !t.Hidden
	if t.CategoryID != 0 {
		c, err := s.forum.CategoryByID(ctx, u, t.CategoryID)
		if err != nil {
			return err
		}
		d.Category = &c
	} else {
		c, err := s.ids.CircleByID(ctx, u, t.CircleID)
		if err != nil {
			return err
		}
		d.Circle = c.Name
	}
	var last int64
	labels := s.postLabels(r)
	for _, p := range pg.Posts {
		d.Posts = append(d.Posts, postView{Post: p, ThreadID: t.ID, CanWrite: d.CanWrite, Moderator: d.Moderator, L: labels})
		last = p.ID
	}
	if seen {
		if err := s.forum.Seen(ctx, u, id, last); err != nil {
			return err
		}
	}
	s.render(w, r, status, "forum_thread", &Page{Title: "forum.thread.title", Form: f, Data: d})
	return nil
}

// pathPost is the post named by the path's {id}, if the viewer may see it.
func (s *Server) pathPost(r *http.Request, u *identity.User) (forum.Post, error) {
	id, err := pathInt(r, "id")
	if err != nil {
		return forum.Post{}, err
	}
	return s.forum.PostByID(r.Context(), u, id)
}

// postFragment is one post's HTML, for live updates: the browser learns
// only an ID from the stream and fetches the post through here, where
// the same permissions hold as on the page.
func (s *Server) postFragment(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	p, err := s.pathPost(r, u)
	if err != nil {
		return err
	}
	t, err := s.forum.ThreadByID(r.Context(), u, p.ThreadID)
	if err != nil {
		return err
	}
	sn, err := s.forum.Sanction(r.Context(), u)
	if err != nil {
		return err
	}
	return s.renderPartial(w, r, "forum_thread", "post", postView{Post: p, ThreadID: p.ThreadID,
		CanWrite: sn == nil && !t.Locked && !t.Hidden, Moderator: u.Role == identity.PeerModerator, L: s.postLabels(r)})
}

type memberData struct {
	Pseudonym string
	ShownName string
	Moderator bool
	Threads   []forum.Thread
}

// showMember shows a forum member by pseudonym: what they revealed to
// the viewer, if anything, and threads they started that the viewer may
// see.
func (s *Server) showMember(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	m, threads, err := s.forum.Member(r.Context(), u, r.PathValue("pseudonym"))
	if err != nil {
		return err
	}
	shown, err := s.ids.ShownNames(r.Context(), u.ID, []int64{m.ID})
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "forum_member", &Page{Title: "forum.member.title", Data: &memberData{Pseudonym: m.Pseudonym,
		ShownName: shown[m.ID], Moderator: m.Role == identity.PeerModerator, Threads: threads}})
	return nil
}

func (s *Server) showHistory(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	p, err := s.pathPost(r, u)
	if err != nil {
		return err
	}
	revs, err := s.forum.Revisions(r.Context(), u, p.ID)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "forum_history", &Page{Title: "forum.history.title", Data: map[string]any{"Post": p, "Revisions": revs}})
	return nil
}
