package web

import (
	"net/http"
	"strconv"
	"strings"

	"reconnect/internal/apperr"
	"reconnect/internal/forum"
	"reconnect/internal/identity"
)

// unlessOnBreak shows a member on a break from the forum a calm page
// instead of the forum, with a way back; the first forum page after a
// break welcomes them back.
func (s *Server) unlessOnBreak(h pageHandler) pageHandler {
	return func(w http.ResponseWriter, r *http.Request, u *identity.User) error {
		until, err := s.forum.OnBreak(r.Context(), u)
		if err != nil {
			return err
		}
		if until != nil {
			s.render(w, r, http.StatusOK, "forum_break", &Page{Title: "forum_break.title", Data: until})
			return nil
		}
		back, err := s.forum.WelcomeBack(r.Context(), u)
		if err != nil {
			return err
		}
		if back {
			s.flash(w, "flash.welcome_back")
			http.Redirect(w, r, localPath(r.URL.RequestURI()), http.StatusSeeOther) // #nosec G710 -- the request's own path, kept on this site by localPath
			return nil
		}
		return h(w, r, u)
	}
}

type protectionData struct {
	Protection forum.Protection
	Days       []int
}

// showProtection is where a member mutes members, filters words and
// takes a break.
func (s *Server) showProtection(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	return s.renderProtection(w, r, u, http.StatusOK, nil)
}

func (s *Server) renderProtection(w http.ResponseWriter, r *http.Request, u *identity.User, status int, f *Form) error {
	p, err := s.forum.Protection(r.Context(), u)
	if err != nil {
		return err
	}
	if f == nil {
		f = NewForm("pseudonym", "words", "days")
		f.Values["words"] = strings.Join(p.Words, "\n")
		f.Values["days"] = "7"
	}
	s.render(w, r, status, "forum_settings", &Page{Title: "forum_settings.title", Form: f, Data: &protectionData{Protection: p, Days: []int{1, 3, 7, 14, 30}}})
	return nil
}

func (s *Server) saveProtection(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm("pseudonym", "words", "days")
	if err := readForm(r, f); err != nil {
		return err
	}
	ctx := r.Context()
	var err error
	action := r.PathValue("action")
	switch action {
	case "mute", "unmute":
		err = s.forum.MuteMember(ctx, u, f.Get("pseudonym"), action == "mute")
		if apperr.Is(err, apperr.KindNotFound) {
			err = apperr.Invalid("err.fix_fields").WithField("pseudonym", "field.pseudonym.unknown")
		}
	case "words":
		err = s.forum.SetWordFilters(ctx, u, strings.FieldsFunc(f.Get("words"), func(r rune) bool { return r == '\n' || r == ',' }))
	case "break", "end-break":
		days := 0
		if action == "break" {
			if days, err = strconv.Atoi(f.Get("days")); err != nil || days < 1 {
				err = apperr.Invalid("err.fix_fields").WithField("days", "field.break_days.range")
			}
		}
		if err == nil {
			err = s.forum.TakeBreak(ctx, u, days)
		}
		if err == nil && action == "break" {
			s.redirectWith(w, r, "/forum", "flash.break_started")
			return nil
		}
		if err == nil {
			s.redirectWith(w, r, "/forum", "flash.welcome_back")
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
		return s.renderProtection(w, r, u, status, f)
	}
	s.redirectWith(w, r, "/forum/settings", "flash.protection_saved")
	return nil
}

// showMyModeration lists what moderators did to the member's own posts
// and why; never who flagged, nor which moderator.
func (s *Server) showMyModeration(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	es, err := s.mod.OnMyPosts(r.Context(), u)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "forum_my_moderation", &Page{Title: "my_moderation.title", Data: es})
	return nil
}
