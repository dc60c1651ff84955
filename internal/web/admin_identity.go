package web

import (
	"net/http"
	"strconv"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
)

type documentsData struct {
	Documents []identity.Document
	Kinds     []string
}

var documentFields = []string{"kind", "title_nb", "title_en", "body_nb", "body_en"}

// showDocuments lists the current consent documents and a form for a
// new version.
func (s *Server) showDocuments(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm(documentFields...)
	kind := r.URL.Query().Get("kind")
	docs, err := s.ids.CurrentDocuments(r.Context())
	if err != nil {
		return err
	}
	for _, d := range docs {
		if d.Kind == kind || kind == "" && d.Kind == identity.DocTerms {
			f.Values = map[string]string{"kind": d.Kind, "title_nb": d.TitleNB, "title_en": d.TitleEN, "body_nb": d.BodyNB, "body_en": d.BodyEN}
		}
	}
	return s.renderDocuments(w, r, http.StatusOK, f, docs)
}

func (s *Server) renderDocuments(w http.ResponseWriter, r *http.Request, status int, f *Form, docs []identity.Document) error {
	if docs == nil {
		var err error
		if docs, err = s.ids.CurrentDocuments(r.Context()); err != nil {
			return err
		}
	}
	s.render(w, r, status, "admin_documents", &Page{Title: "admin_documents.title", Form: f, Data: &documentsData{Documents: docs, Kinds: identity.DocumentKinds}})
	return nil
}

func (s *Server) publishDocument(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm(documentFields...)
	if err := readForm(r, f); err != nil {
		return err
	}
	_, err := s.ids.PublishDocument(r.Context(), u, identity.DocumentInput{Kind: f.Get("kind"), TitleNB: f.Get("title_nb"),
		TitleEN: f.Get("title_en"), BodyNB: f.Get("body_nb"), BodyEN: f.Get("body_en")})
	if err != nil {
		status, other := f.setError(err)
		if other != nil {
			return other
		}
		return s.renderDocuments(w, r, status, f, nil)
	}
	s.redirectWith(w, r, "/admin/documents", "flash.document_published")
	return nil
}

func (s *Server) showReservedWords(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	return s.renderReservedWords(w, r, u, http.StatusOK, NewForm("word"))
}

func (s *Server) renderReservedWords(w http.ResponseWriter, r *http.Request, u *identity.User, status int, f *Form) error {
	words, err := s.ids.ReservedWords(r.Context(), u)
	if err != nil {
		return err
	}
	s.render(w, r, status, "admin_reserved", &Page{Title: "admin_reserved.title", Form: f, Data: words})
	return nil
}

func (s *Server) addReservedWord(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm("word")
	if err := readForm(r, f); err != nil {
		return err
	}
	if _, err := s.ids.AddReservedWord(r.Context(), u, f.Get("word")); err != nil {
		status, other := f.setError(err)
		if other != nil {
			return other
		}
		return s.renderReservedWords(w, r, u, status, f)
	}
	s.redirectWith(w, r, "/admin/reserved-pseudonyms", "flash.reserved_added")
	return nil
}

func (s *Server) removeReservedWord(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return apperr.NotFound()
	}
	if err := s.ids.RemoveReservedWord(r.Context(), u, id); err != nil {
		return err
	}
	s.redirectWith(w, r, "/admin/reserved-pseudonyms", "flash.reserved_removed")
	return nil
}
