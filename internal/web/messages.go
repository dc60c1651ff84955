package web

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"time"

	"reconnect/internal/access"
	"reconnect/internal/apperr"
	"reconnect/internal/care"
	"reconnect/internal/identity"
	"reconnect/internal/messages"
	"reconnect/internal/web/api"
	"reconnect/internal/web/httpx"
)

// messageRoles may hold conversations: members and peer moderators
// (check-ins), members and providers (care).
var messageRoles = []identity.Role{identity.ServiceUser, identity.PeerModerator, identity.Provider}

// showQuiet lists members who have gone quiet, with a check-in link.
func (s *Server) showQuiet(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	qs, err := s.mod.QuietMembers(r.Context(), u)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "moderation_quiet", &Page{Title: "moderation.quiet.title", Data: qs})
	return nil
}

type inboxData struct {
	Filter  string
	Filters []string
	Items   []messages.Conversation
	Next    string // the next page's cursor
	CanCare bool   // may start a care conversation
}

var inboxFilters = []string{messages.FilterOpen, messages.FilterUnread, messages.FilterAwaiting, messages.FilterClosed, messages.FilterAll}

// showMessages is the inbox: a member's conversations, or a provider's
// across all their linked members, with filters.
func (s *Server) showMessages(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	q := r.URL.Query()
	filter := q.Get("filter")
	if !messages.ValidFilter(filter) {
		filter = messages.FilterOpen
	}
	after, err := api.InboxCursor(r)
	if err != nil {
		return err
	}
	cs, next, err := s.msgs.Inbox(r.Context(), u, filter, 50, after)
	if err != nil {
		return err
	}
	d := &inboxData{Filter: filter, Filters: inboxFilters, Items: cs, CanCare: u.Role != identity.PeerModerator}
	d.Next = api.FormatInboxCursor(next)
	s.render(w, r, http.StatusOK, "messages", &Page{Title: "messages.title", Data: d})
	return nil
}

type conversationData struct {
	messages.Conversation
	AnswerDays int
	Crisis     bool // the message just sent suggests a crisis
}

// showConversation shows one conversation with a reply form.
func (s *Server) showConversation(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	return s.renderConversation(w, r, u, http.StatusOK, NewForm("message", "attachment"))
}

func (s *Server) renderConversation(w http.ResponseWriter, r *http.Request, u *identity.User, status int, f *Form) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	c, err := s.msgs.Get(r.Context(), u, id)
	if err != nil {
		return err
	}
	d := &conversationData{Conversation: c, AnswerDays: s.cfg.AnswerDays, Crisis: r.URL.Query().Get("crisis") == "1"}
	s.render(w, r, status, "conversation", &Page{Title: "messages.conversation.title", Form: f, Data: d})
	return nil
}

// readMessageForm reads a message form, urlencoded or with files. It
// returns the files, a problem with them to show in the form, and an
// error that ends the request.
func (s *Server) readMessageForm(r *http.Request, f *Form) ([]messages.File, error, error) {
	if !httpx.IsMultipart(r) {
		return nil, nil, readForm(r, f)
	}
	up, err := s.uploads.Read(r, messages.MaxFiles)
	if err != nil {
		return nil, nil, err
	}
	for k, vs := range up.Fields {
		f.Values[k] = vs[0]
	}
	f.Values["participant_ids"] = strings.Join(up.Fields["participant_ids"], ",")
	return api.FileList(up.Files), up.FileErr, nil
}

func (s *Server) replyMessage(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	f := NewForm("message", "attachment")
	files, fileErr, err := s.readMessageForm(r, f)
	if err != nil {
		return err
	}
	if fileErr == nil {
		var sent messages.Sent
		if sent, err = s.msgs.Send(r.Context(), u, id, f.Get("message"), files); err == nil {
			s.redirectWith(w, r, conversationPath(id, sent.Crisis), "flash.message_sent")
			return nil
		}
	} else {
		err = fileErr
	}
	status, other := f.setError(err)
	if other != nil {
		return other
	}
	return s.renderConversation(w, r, u, status, f)
}

func conversationPath(id int64, crisis bool) string {
	p := "/messages/" + strconv.FormatInt(id, 10)
	if crisis {
		p += "?crisis=1#crisis"
	}
	return p
}

// closeConversation closes or reopens a conversation.
func (s *Server) closeConversation(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, f, err := idForm(r)
	if err != nil {
		return err
	}
	_ = f
	closed := r.PathValue("action") == "close"
	if !closed && r.PathValue("action") != "reopen" {
		return apperr.NotFound()
	}
	if err := s.msgs.SetClosed(r.Context(), u, id, closed); err != nil {
		return err
	}
	key := "flash.conversation_reopened"
	if closed {
		key = "flash.conversation_closed"
	}
	s.redirectWith(w, r, "/messages/"+strconv.FormatInt(id, 10), key)
	return nil
}

// showAttachment sends an attachment as a download.
func (s *Server) showAttachment(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	fid, err := pathInt(r, "file")
	if err != nil {
		return err
	}
	f, err := s.msgs.Attachment(r.Context(), u, id, fid)
	if err != nil {
		return err
	}
	api.ServeAttachment(w, f)
	return nil
}

type newMessageData struct {
	Team []care.Link // whom a member or provider may write to
}

// showNewMessage is the form for a new conversation: a peer
// moderator's check-in note, or a care message to people on one's
// care team.
func (s *Server) showNewMessage(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm("pseudonym", "participant_ids", "subject", "message", "attachment")
	if u.Role == identity.PeerModerator {
		f.Values["pseudonym"] = r.URL.Query().Get("to")
		f.Values["subject"] = s.cat.T(s.langOf(r), "messages.checkin.subject")
	} else {
		f.Values["participant_ids"] = r.URL.Query().Get("to")
	}
	return s.renderNewMessage(w, r, u, http.StatusOK, f)
}

func (s *Server) renderNewMessage(w http.ResponseWriter, r *http.Request, u *identity.User, status int, f *Form) error {
	d := &newMessageData{}
	if u.Role != identity.PeerModerator {
		ls, err := s.care.Team(r.Context(), u)
		if err != nil {
			return err
		}
		for _, l := range ls {
			if l.Status == care.Active {
				d.Team = append(d.Team, l)
			}
		}
	}
	s.render(w, r, status, "message_new", &Page{Title: "messages.new.title", Form: f, Data: d})
	return nil
}

func (s *Server) startMessage(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm("pseudonym", "participant_ids", "subject", "message", "attachment")
	var id int64
	var err error
	var crisis bool
	if u.Role == identity.PeerModerator {
		if err = readForm(r, f); err != nil {
			return err
		}
		id, err = s.msgs.Start(r.Context(), u, f.Get("pseudonym"), f.Get("subject"), f.Get("message"))
	} else {
		files, fileErr, rerr := s.readMessageForm(r, f)
		if rerr != nil {
			return rerr
		}
		if !httpx.IsMultipart(r) {
			f.Values["participant_ids"] = strings.Join(r.PostForm["participant_ids"], ",")
		}
		err = fileErr
		if err == nil {
			var sent messages.Sent
			sent, err = s.msgs.StartCare(r.Context(), u, splitIDs(f.Get("participant_ids")), f.Get("subject"), f.Get("message"), files)
			id, crisis = sent.ConversationID, sent.Crisis
		}
	}
	if err != nil {
		status, other := f.setError(err)
		if other != nil {
			return other
		}
		return s.renderNewMessage(w, r, u, status, f)
	}
	s.redirectWith(w, r, conversationPath(id, crisis), "flash.message_sent")
	return nil
}

func splitIDs(s string) []int64 {
	var out []int64
	for _, p := range strings.Split(s, ",") {
		if n, err := strconv.ParseInt(strings.TrimSpace(p), 10, 64); err == nil && n > 0 {
			out = append(out, n)
		}
	}
	return out
}

// showAccessLog is a member's own access log: who opened their
// information, and when, for a period; ?format=csv downloads it.
func (s *Server) showAccessLog(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	q := r.URL.Query()
	f := NewForm("from", "to")
	f.Values["from"], f.Values["to"] = q.Get("from"), q.Get("to")
	p, err := access.ParsePeriod(f.Get("from"), f.Get("to"), oslo)
	status := http.StatusOK
	if err != nil {
		if status, err = f.setError(err); err != nil {
			return err
		}
		p = access.Period{}
	}
	es, err := access.List(r.Context(), s.db, u.ID, p, 1000, 0)
	if err != nil {
		return err
	}
	if q.Get("format") == "csv" && status == http.StatusOK {
		return s.accessLogCSV(w, r, es)
	}
	s.render(w, r, status, "access_log", &Page{Title: "access_log.title", Form: f, Data: es})
	return nil
}

func (s *Server) accessLogCSV(w http.ResponseWriter, r *http.Request, es []access.Entry) error {
	lang := s.langOf(r)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="access-log.csv"`)
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{s.cat.T(lang, "access_log.when"), s.cat.T(lang, "access_log.who"), s.cat.T(lang, "access_log.role"), s.cat.T(lang, "access_log.what"), "id"})
	for _, e := range es {
		_ = cw.Write([]string{e.At.In(oslo).Format(time.RFC3339), csvSafe(e.Viewer), s.cat.T(lang, "role."+e.ViewerRole),
			s.cat.T(lang, "access_log.kind."+e.Kind), strconv.FormatInt(e.ObjectID, 10)})
	}
	cw.Flush()
	return cw.Error()
}

// csvSafe keeps a spreadsheet from reading a cell as a formula.
func csvSafe(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}
