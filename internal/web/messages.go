package web

import (
	"net/http"
	"strconv"

	"reconnect/internal/identity"
)

// showQuiet lists members who have gone quiet, with a check-in link.
func (s *Server) showQuiet(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	qs, err := s.mod.QuietMembers(r.Context(), u)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "moderation_quiet", &Page{Title: "moderation.quiet.title", Data: qs})
	return nil
}

// showMessages lists the member's conversations.
func (s *Server) showMessages(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	cs, err := s.msgs.List(r.Context(), u)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "messages", &Page{Title: "messages.title", Data: cs})
	return nil
}

// showConversation shows one conversation with a reply form.
func (s *Server) showConversation(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	return s.renderConversation(w, r, u, http.StatusOK, NewForm("message"))
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
	s.render(w, r, status, "conversation", &Page{Title: "messages.conversation.title", Form: f, Data: c})
	return nil
}

func (s *Server) replyMessage(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, f, err := idForm(r, "message")
	if err != nil {
		return err
	}
	if err := s.msgs.Reply(r.Context(), u, id, f.Get("message")); err != nil {
		status, other := f.setError(err)
		if other != nil {
			return other
		}
		return s.renderConversation(w, r, u, status, f)
	}
	s.redirectWith(w, r, "/messages/"+strconv.FormatInt(id, 10), "flash.message_sent")
	return nil
}

// showNewMessage is a peer moderator's form for a check-in note.
func (s *Server) showNewMessage(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm("pseudonym", "subject", "message")
	f.Values["pseudonym"] = r.URL.Query().Get("to")
	f.Values["subject"] = s.cat.T(s.langOf(r), "messages.checkin.subject")
	s.render(w, r, http.StatusOK, "message_new", &Page{Title: "messages.new.title", Form: f})
	return nil
}

func (s *Server) startMessage(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm("pseudonym", "subject", "message")
	if err := readForm(r, f); err != nil {
		return err
	}
	id, err := s.msgs.Start(r.Context(), u, f.Get("pseudonym"), f.Get("subject"), f.Get("message"))
	if err != nil {
		status, other := f.setError(err)
		if other != nil {
			return other
		}
		s.render(w, r, status, "message_new", &Page{Title: "messages.new.title", Form: f})
		return nil
	}
	s.redirectWith(w, r, "/messages/"+strconv.FormatInt(id, 10), "flash.message_sent")
	return nil
}
