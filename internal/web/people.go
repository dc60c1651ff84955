package web

import (
	"net/http"
	"strconv"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
)

type peopleData struct {
	Given, Received    []identity.Reveal
	Incoming, Outgoing []identity.RevealRequest
	Mutual             []identity.Reveal
	Confirm            bool // show the "what happens" screen before revealing
}

var peopleFields = []string{"to_pseudonym", "shown_name", "note", "ask_pseudonym", "ask_shown_name", "ask_note", "answer_shown_name"}

var forumRoles = []identity.Role{identity.ServiceUser, identity.PeerModerator}

func (s *Server) showPeople(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm(peopleFields...)
	f.Values["to_pseudonym"] = r.URL.Query().Get("to")
	return s.renderPeople(w, r, u, http.StatusOK, f, false)
}

func (s *Server) renderPeople(w http.ResponseWriter, r *http.Request, u *identity.User, status int, f *Form, confirm bool) error {
	ctx := r.Context()
	d := &peopleData{Confirm: confirm}
	var err error
	if d.Given, d.Received, err = s.ids.Reveals(ctx, u); err != nil {
		return err
	}
	if d.Incoming, d.Outgoing, err = s.ids.RevealRequests(ctx, u); err != nil {
		return err
	}
	if d.Mutual, err = s.ids.KnowEachOther(ctx, u); err != nil {
		return err
	}
	s.render(w, r, status, "people", &Page{Title: "people.title", Form: f, Data: d})
	return nil
}

// peopleError shows the people page again with the problem in place.
func (s *Server) peopleError(w http.ResponseWriter, r *http.Request, u *identity.User, f *Form, err error, rename map[string]string) error {
	if e := apperr.From(err); len(rename) > 0 && e.Fields != nil {
		for from, to := range rename {
			if v, ok := e.Fields[from]; ok {
				delete(e.Fields, from)
				e.Fields[to] = v
			}
		}
	}
	status, other := f.setError(err)
	if other != nil {
		return other
	}
	return s.renderPeople(w, r, u, status, f, false)
}

// revealPerson shows the confirmation screen first; the reveal happens
// only when the member confirms on it.
func (s *Server) revealPerson(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm(peopleFields...)
	if err := readForm(r, f); err != nil {
		return err
	}
	if f.Get("confirmed") != "yes" {
		if err := s.ids.CheckRevealTarget(r.Context(), u, f.Get("to_pseudonym"), f.Get("shown_name"), f.Get("note")); err != nil {
			return s.peopleError(w, r, u, f, err, nil)
		}
		return s.renderPeople(w, r, u, http.StatusOK, f, true)
	}
	if _, err := s.ids.RevealTo(r.Context(), u, f.Get("to_pseudonym"), f.Get("shown_name"), f.Get("note")); err != nil {
		return s.peopleError(w, r, u, f, err, nil)
	}
	s.redirectWith(w, r, "/people", "flash.revealed")
	return nil
}

func (s *Server) stopReveal(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return apperr.NotFound()
	}
	if err := s.ids.StopReveal(r.Context(), u, id); err != nil {
		return err
	}
	s.redirectWith(w, r, "/people", "flash.reveal_stopped")
	return nil
}

func (s *Server) askToKnow(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm(peopleFields...)
	if err := readForm(r, f); err != nil {
		return err
	}
	if _, err := s.ids.AskToKnow(r.Context(), u, f.Get("ask_pseudonym"), f.Get("ask_shown_name"), f.Get("ask_note")); err != nil {
		return s.peopleError(w, r, u, f, err, map[string]string{"to_pseudonym": "ask_pseudonym", "shown_name": "ask_shown_name", "note": "ask_note"})
	}
	s.redirectWith(w, r, "/people", "flash.request_sent")
	return nil
}

func (s *Server) answerRequest(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return apperr.NotFound()
	}
	f := NewForm(peopleFields...)
	if err := readForm(r, f); err != nil {
		return err
	}
	accept := f.Get("answer") == "accept"
	if err := s.ids.AnswerRequest(r.Context(), u, id, accept, f.Get("answer_shown_name"), ""); err != nil {
		return s.peopleError(w, r, u, f, err, map[string]string{"shown_name": "answer_shown_name"})
	}
	flash := "flash.request_declined"
	if accept {
		flash = "flash.request_accepted"
	}
	s.redirectWith(w, r, "/people", flash)
	return nil
}

func (s *Server) cancelRequest(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return apperr.NotFound()
	}
	if err := s.ids.CancelRequest(r.Context(), u, id); err != nil {
		return err
	}
	s.redirectWith(w, r, "/people", "flash.request_withdrawn")
	return nil
}
