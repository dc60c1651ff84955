package api

import (
	"net/http"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/messages"
	"reconnect/internal/web/httpx"
)

// QuietMember is a member who took part and has not signed in for a
// while (--quiet-after).
type QuietMember struct {
	ID           ID         `json:"id"`
	Pseudonym    string     `json:"pseudonym"`
	LastSignedIn *time.Time `json:"last_signed_in_at,omitempty"`
	Posts        int        `json:"posts"`
	LastPostAt   time.Time  `json:"last_post_at"`
	LastCheckIn  *time.Time `json:"last_check_in_at,omitempty"`
}

func (a *API) quietMembers(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	qs, err := a.Moderation.QuietMembers(r.Context(), u)
	if err != nil {
		return err
	}
	out := List[QuietMember]{Items: make([]QuietMember, 0, len(qs))}
	for _, q := range qs {
		out.Items = append(out.Items, QuietMember{ID: ID(q.ID), Pseudonym: q.Pseudonym, LastSignedIn: q.LastSignedIn, Posts: q.Posts, LastPostAt: q.LastPostAt, LastCheckIn: q.LastCheckIn})
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

// Conversation is a private conversation I take part in; messages are
// there when one conversation is asked for.
type Conversation struct {
	ID       ID            `json:"id"`
	Kind     string        `json:"kind"`
	Subject  string        `json:"subject"`
	With     []string      `json:"with"`
	LastAt   time.Time     `json:"last_at"`
	Unread   bool          `json:"unread,omitempty"`
	Messages []MessageJSON `json:"messages,omitempty"`
}

// MessageJSON is one message; html is sanitised.
type MessageJSON struct {
	ID        ID        `json:"id"`
	Author    string    `json:"author_pseudonym"`
	Mine      bool      `json:"mine"`
	HTML      string    `json:"html"`
	CreatedAt time.Time `json:"created_at"`
}

func conversationJSON(c messages.Conversation) Conversation {
	out := Conversation{ID: ID(c.ID), Kind: c.Kind, Subject: c.Subject, With: c.With, LastAt: c.LastAt, Unread: c.Unread}
	if out.With == nil {
		out.With = []string{}
	}
	for _, m := range c.Messages {
		out.Messages = append(out.Messages, MessageJSON{ID: ID(m.ID), Author: m.AuthorPseudonym, Mine: m.Mine, HTML: string(m.HTML), CreatedAt: m.CreatedAt})
	}
	return out
}

func (a *API) conversations(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	if !u.Role.UsesForum() {
		return apperr.NotFound()
	}
	cs, err := a.Messages.List(r.Context(), u)
	if err != nil {
		return err
	}
	out := List[Conversation]{Items: make([]Conversation, 0, len(cs))}
	for _, c := range cs {
		out.Items = append(out.Items, conversationJSON(c))
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

// NewConversationRequest starts a conversation. Now only a peer
// moderator with one member of their communities, named by ID
// (participant_ids) or by pseudonym (participant_pseudonyms).
type NewConversationRequest struct {
	ParticipantIDs []ID     `json:"participant_ids,omitempty"`
	Participants   []string `json:"participant_pseudonyms,omitempty"`
	Subject        string   `json:"subject"`
	Body           string   `json:"body"`
}

func (a *API) startConversation(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	var in NewConversationRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
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
	c, err := a.Messages.Get(r.Context(), u, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, conversationJSON(c))
	return nil
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

// MessageRequest is a message to add.
type MessageRequest struct {
	Body string `json:"body"`
}

func (a *API) addMessage(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in MessageRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := a.Messages.Reply(r.Context(), u, id, in.Body); err != nil {
		return err
	}
	w.WriteHeader(http.StatusCreated)
	return nil
}
