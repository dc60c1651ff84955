package api

import (
	"encoding/base64"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"reconnect/internal/access"
	"reconnect/internal/apperr"
	"reconnect/internal/attach"
	"reconnect/internal/identity"
	"reconnect/internal/messages"
	"reconnect/internal/web/httpx"
)

// Conversation is a private conversation I take part in; messages are
// there when one conversation is asked for. In care conversations
// everyone is named by name; in moderator conversations by pseudonym.
type Conversation struct {
	ID       ID            `json:"id"`
	Kind     string        `json:"kind"`
	Subject  string        `json:"subject"`
	With     []string      `json:"with"`
	Former   []string      `json:"former,omitempty"`
	LastAt   time.Time     `json:"last_at"`
	Unread   bool          `json:"unread,omitempty"`
	Awaiting bool          `json:"awaiting_reply,omitempty"`
	Closed   bool          `json:"closed,omitempty"`
	ClosedAt *time.Time    `json:"closed_at,omitempty"`
	ClosedBy string        `json:"closed_by,omitempty"`
	CanWrite bool          `json:"can_write"`
	Messages []MessageJSON `json:"messages,omitempty"`
}

// MessageJSON is one message; html is sanitised. read_by is on my own
// messages only.
type MessageJSON struct {
	ID          ID               `json:"id"`
	Author      string           `json:"author"`
	Pseudonym   string           `json:"author_pseudonym,omitempty"`
	Mine        bool             `json:"mine"`
	HTML        string           `json:"html"`
	CreatedAt   time.Time        `json:"created_at"`
	ReadBy      []string         `json:"read_by,omitempty"`
	Attachments []AttachmentJSON `json:"attachments,omitempty"`
}

// AttachmentJSON describes an attachment; url fetches it.
type AttachmentJSON struct {
	ID   ID     `json:"id"`
	Name string `json:"name"`
	Type string `json:"type"`
	Size int64  `json:"size"`
	URL  string `json:"url"`
}

func conversationJSON(c messages.Conversation) Conversation {
	out := Conversation{ID: ID(c.ID), Kind: c.Kind, Subject: c.Subject, With: c.With, Former: c.Former, LastAt: c.LastAt, Unread: c.Unread,
		Awaiting: c.Awaiting, Closed: c.Closed, ClosedAt: c.ClosedAt, ClosedBy: c.ClosedBy, CanWrite: c.CanWrite}
	if out.With == nil {
		out.With = []string{}
	}
	for _, m := range c.Messages {
		mj := MessageJSON{ID: ID(m.ID), Author: m.Author, Pseudonym: m.AuthorPseudonym, Mine: m.Mine, HTML: string(m.HTML), CreatedAt: m.CreatedAt, ReadBy: m.ReadBy}
		for _, f := range m.Files {
			mj.Attachments = append(mj.Attachments, AttachmentJSON{ID: ID(f.ID), Name: f.Name, Type: f.Type, Size: f.Size,
				URL: fmt.Sprintf("/api/v1/conversations/%d/attachments/%d", c.ID, f.ID)})
		}
		out.Messages = append(out.Messages, mj)
	}
	return out
}

// InboxCursor reads ?cursor= for conversation lists: the last_at and ID
// of the last conversation on the page before.
func InboxCursor(r *http.Request) (messages.Cursor, error) {
	c := r.URL.Query().Get("cursor")
	if c == "" {
		return messages.Cursor{}, nil
	}
	bad := apperr.Invalid("err.fix_fields").WithField("cursor", "field.cursor.invalid")
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return messages.Cursor{}, bad
	}
	at, id, ok := strings.Cut(string(b), ".")
	us, err1 := strconv.ParseInt(at, 10, 64)
	n, err2 := strconv.ParseInt(id, 10, 64)
	if !ok || err1 != nil || err2 != nil || us <= 0 || n <= 0 {
		return messages.Cursor{}, bad
	}
	return messages.Cursor{At: time.UnixMicro(us).UTC(), ID: n}, nil
}

func (a *API) conversations(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	limit, err := pageLimit(r)
	if err != nil {
		return err
	}
	after, err := InboxCursor(r)
	if err != nil {
		return err
	}
	cs, next, err := a.Messages.Inbox(r.Context(), u, r.URL.Query().Get("filter"), limit, after)
	if err != nil {
		return err
	}
	out := List[Conversation]{Items: make([]Conversation, 0, len(cs))}
	for _, c := range cs {
		out.Items = append(out.Items, conversationJSON(c))
	}
	out.NextCursor = FormatInboxCursor(next)
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

// FormatInboxCursor is the cursor for the page after c ("" for none).
func FormatInboxCursor(c messages.Cursor) string {
	if c.ID == 0 {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf("%d.%d", c.At.UnixMicro(), c.ID)))
}

// NewConversationRequest starts a conversation. A service user names
// providers on their care team (participant_ids); a provider names one
// linked service user and any colleagues linked to the same member; a
// peer moderator names one member of their communities, by ID or by
// pseudonym (participant_pseudonyms). Also accepted as
// multipart/form-data with files in "attachment" (care conversations).
type NewConversationRequest struct {
	ParticipantIDs []ID     `json:"participant_ids,omitempty"`
	Participants   []string `json:"participant_pseudonyms,omitempty"`
	Subject        string   `json:"subject"`
	Body           string   `json:"body"`
}

// SentJSON is a message just written (id) and, when crisis is true,
// the crisis numbers to show its writer.
type SentJSON struct {
	ID             ID           `json:"id"`
	ConversationID ID           `json:"conversation_id"`
	Crisis         bool         `json:"crisis,omitempty"`
	CrisisLines    []CrisisLine `json:"crisis_lines,omitempty"`
}

// StartedJSON is a conversation just started (id) with its first
// message, and the crisis numbers when crisis is true.
type StartedJSON struct {
	ID          ID           `json:"id"`
	MessageID   ID           `json:"message_id,omitempty"`
	Crisis      bool         `json:"crisis,omitempty"`
	CrisisLines []CrisisLine `json:"crisis_lines,omitempty"`
}

// CrisisLine is one crisis number.
type CrisisLine struct {
	Name   string `json:"name"`
	Number string `json:"number"`
}

func (a *API) crisisLines(r *http.Request) []CrisisLine {
	var out []CrisisLine
	for _, l := range a.Crisis {
		out = append(out, CrisisLine{Name: l.Name[string(a.lang(r))], Number: l.Number})
	}
	return out
}

func (a *API) startConversation(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	var in NewConversationRequest
	var files []messages.File
	if httpx.IsMultipart(r) {
		up, err := a.Uploads.Read(r, messages.MaxFiles)
		if err != nil {
			return err
		}
		if up.FileErr != nil {
			return up.FileErr
		}
		in.Subject, in.Body = up.Get("subject"), up.Get("body")
		for _, v := range up.Fields["participant_ids"] {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n <= 0 {
				return apperr.Invalid("err.fix_fields").WithField("participant_ids", "field.participants.care")
			}
			in.ParticipantIDs = append(in.ParticipantIDs, ID(n))
		}
		files = FileList(up.Files)
	} else if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if u.Role == identity.PeerModerator {
		return a.startCheckIn(w, r, u, in)
	}
	if len(in.Participants) > 0 {
		return apperr.Invalid("err.fix_fields").WithField("participant_pseudonyms", "field.participants.care")
	}
	ids := make([]int64, len(in.ParticipantIDs))
	for i, id := range in.ParticipantIDs {
		ids[i] = int64(id)
	}
	sent, err := a.Messages.StartCare(r.Context(), u, ids, in.Subject, in.Body, files)
	if err != nil {
		return err
	}
	out := StartedJSON{ID: ID(sent.ConversationID), MessageID: ID(sent.MessageID), Crisis: sent.Crisis}
	if sent.Crisis {
		out.CrisisLines = a.crisisLines(r)
	}
	httpx.WriteJSON(w, http.StatusCreated, out)
	return nil
}

func (a *API) startCheckIn(w http.ResponseWriter, r *http.Request, u *identity.User, in NewConversationRequest) error {
	if len(in.ParticipantIDs) == 1 && len(in.Participants) == 0 {
		m, err := a.Identity.UserByID(r.Context(), int64(in.ParticipantIDs[0]))
		if err != nil || !m.Role.UsesForum() {
			return apperr.Invalid("err.fix_fields").WithField("participant_ids", "field.pseudonym.unknown")
		}
		in.Participants = []string{m.Pseudonym}
	}
	if len(in.Participants) != 1 || len(in.ParticipantIDs) > 1 {
		return apperr.Invalid("err.fix_fields").WithField("participant_ids", "field.participants.one")
	}
	id, err := a.Messages.Start(r.Context(), u, in.Participants[0], in.Subject, in.Body)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, StartedJSON{ID: ID(id)})
	return nil
}

// FileList turns cleaned uploads into files to store.
func FileList(fs []attach.File) []messages.File {
	out := make([]messages.File, len(fs))
	for i, f := range fs {
		out[i] = messages.File{Name: f.Name, Type: f.Type, Data: f.Data}
	}
	return out
}

func (a *API) getConversation(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := a.Messages.Get(r.Context(), u, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, conversationJSON(c))
	return nil
}

// MessageRequest is a message to add (or multipart/form-data with
// "body" and files in "attachment").
type MessageRequest struct {
	Body string `json:"body"`
}

func (a *API) addMessage(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in MessageRequest
	var files []messages.File
	if httpx.IsMultipart(r) {
		up, err := a.Uploads.Read(r, messages.MaxFiles)
		if err != nil {
			return err
		}
		if up.FileErr != nil {
			return up.FileErr
		}
		in.Body, files = up.Get("body"), FileList(up.Files)
	} else if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	sent, err := a.Messages.Send(r.Context(), u, id, in.Body, files)
	if err != nil {
		return err
	}
	out := SentJSON{ID: ID(sent.MessageID), ConversationID: ID(sent.ConversationID), Crisis: sent.Crisis}
	if sent.Crisis {
		out.CrisisLines = a.crisisLines(r)
	}
	httpx.WriteJSON(w, http.StatusCreated, out)
	return nil
}

func (a *API) closeConversation(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	return a.setClosed(w, r, u, true)
}

func (a *API) reopenConversation(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	return a.setClosed(w, r, u, false)
}

func (a *API) setClosed(w http.ResponseWriter, r *http.Request, u *identity.User, closed bool) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := a.Messages.SetClosed(r.Context(), u, id, closed); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// ServeAttachment sends one attachment of a conversation the caller
// takes part in, as a download that never runs in the page.
func ServeAttachment(w http.ResponseWriter, f messages.File) {
	h := w.Header()
	h.Set("Content-Type", f.Type)
	h.Set("Content-Length", strconv.Itoa(len(f.Data)))
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(f.Data)
}

func (a *API) attachment(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	fid, err := strconv.ParseInt(r.PathValue("file"), 10, 64)
	if err != nil || fid <= 0 {
		return apperr.NotFound()
	}
	f, err := a.Messages.Attachment(r.Context(), u, id, fid)
	if err != nil {
		return err
	}
	ServeAttachment(w, f)
	return nil
}

// UnreadConversations is the Messages badge.
type UnreadConversations struct {
	Count int `json:"count"`
}

func (a *API) unreadConversations(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	if u.Role != identity.ServiceUser && u.Role != identity.PeerModerator && u.Role != identity.Provider {
		return apperr.NotFound() // administrators and researchers have no conversations
	}
	n, err := a.Messages.Unread(r.Context(), u)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, UnreadConversations{Count: n})
	return nil
}

// AccessEntry is one line of my access log: who opened what, when.
type AccessEntry struct {
	ID         ID        `json:"id"`
	Viewer     string    `json:"viewer"`
	ViewerRole string    `json:"viewer_role"`
	Kind       string    `json:"object_kind"`
	ObjectID   ID        `json:"object_id"`
	At         time.Time `json:"at"`
}

func (a *API) accessLog(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	if u.Role != identity.ServiceUser {
		return apperr.NotFound()
	}
	limit, before, err := page(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	p, err := access.ParsePeriod(q.Get("from"), q.Get("to"), oslo)
	if err != nil {
		return err
	}
	es, err := access.List(r.Context(), a.DB, u.ID, p, limit, before)
	if err != nil {
		return err
	}
	out := List[AccessEntry]{Items: make([]AccessEntry, 0, len(es))}
	for _, e := range es {
		out.Items = append(out.Items, AccessEntry{ID: ID(e.ID), Viewer: e.Viewer, ViewerRole: e.ViewerRole, Kind: e.Kind, ObjectID: ID(e.ObjectID), At: e.At})
	}
	if len(es) > 0 {
		out.NextCursor = nextCursor(len(es), limit, es[len(es)-1].ID)
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

// oslo is the day boundary for periods until communities bring their
// own time zones.
var oslo = func() *time.Location {
	l, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		return time.UTC
	}
	return l
}()
