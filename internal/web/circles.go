package web

import (
	"net/http"
	"strconv"
	"strings"

	"reconnect/internal/apperr"
	"reconnect/internal/forum"
	"reconnect/internal/identity"
)

type circlesData struct {
	Circles []identity.Circle
}

// splitPseudonyms reads pseudonyms typed one per line or separated by
// commas.
func splitPseudonyms(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '\n' || r == ';' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (s *Server) showCircles(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm("name", "member_pseudonyms")
	if r.URL.Query().Get("suggest") != "" {
		mutual, err := s.ids.KnowEachOther(r.Context(), u)
		if err != nil {
			return err
		}
		var ps []string
		for _, m := range mutual {
			ps = append(ps, m.FromPseudonym)
		}
		f.Values["member_pseudonyms"] = strings.Join(ps, ", ")
	}
	return s.renderCircles(w, r, u, http.StatusOK, f)
}

func (s *Server) renderCircles(w http.ResponseWriter, r *http.Request, u *identity.User, status int, f *Form) error {
	cs, err := s.ids.Circles(r.Context(), u)
	if err != nil {
		return err
	}
	s.render(w, r, status, "circles", &Page{Title: "circles.title", Form: f, Data: &circlesData{Circles: cs}})
	return nil
}

func (s *Server) createCircle(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm("name", "member_pseudonyms")
	if err := readForm(r, f); err != nil {
		return err
	}
	c, err := s.ids.CreateCircle(r.Context(), u, f.Get("name"), splitPseudonyms(f.Get("member_pseudonyms")))
	if err != nil {
		status, other := f.setError(err)
		if other != nil {
			return other
		}
		return s.renderCircles(w, r, u, status, f)
	}
	s.redirectWith(w, r, "/circles/"+strconv.FormatInt(c.ID, 10), "flash.circle_created")
	return nil
}

type circleData struct {
	Circle       identity.Circle
	IsCreator    bool
	ShowReminder bool
	Threads      []forum.Thread
}

func circleID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, apperr.NotFound()
	}
	return id, nil
}

// showCircle shows a circle; a member's first visit shows the
// confidentiality reminder.
func (s *Server) showCircle(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	return s.renderCircle(w, r, u, http.StatusOK, NewForm("pseudonyms"))
}

func (s *Server) renderCircle(w http.ResponseWriter, r *http.Request, u *identity.User, status int, f *Form) error {
	id, err := circleID(r)
	if err != nil {
		return err
	}
	c, err := s.ids.CircleByID(r.Context(), u, id)
	if err != nil {
		return err
	}
	d := &circleData{Circle: c, IsCreator: c.CreatorID == u.ID, ShowReminder: c.MyStatus == identity.CircleJoined && !c.Reminded}
	if d.ShowReminder {
		if err := s.ids.MarkCircleReminded(r.Context(), u, id); err != nil {
			return err
		}
	}
	if c.MyStatus == identity.CircleJoined {
		pg, err := s.forum.Threads(r.Context(), u, 0, id, "")
		if err != nil && !apperr.Is(err, apperr.KindNotFound) {
			return err
		}
		d.Threads = pg.Threads
	}
	s.render(w, r, status, "circle", &Page{Title: "circle.title", Form: f, Data: d})
	return nil
}

func (s *Server) inviteToCircle(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := circleID(r)
	if err != nil {
		return err
	}
	f := NewForm("pseudonyms")
	if err := readForm(r, f); err != nil {
		return err
	}
	if err := s.ids.InviteToCircle(r.Context(), u, id, splitPseudonyms(f.Get("pseudonyms"))); err != nil {
		if e := apperr.From(err); e.Fields["member_pseudonyms"] != "" {
			e.Fields = map[string]string{"pseudonyms": e.Fields["member_pseudonyms"]}
		}
		status, other := f.setError(err)
		if other != nil {
			return other
		}
		return s.renderCircle(w, r, u, status, f)
	}
	s.redirectWith(w, r, "/circles/"+strconv.FormatInt(id, 10), "flash.circle_invited")
	return nil
}

// circleAction runs join, decline, leave or remove and goes on.
func (s *Server) circleAction(act string) pageHandler {
	return func(w http.ResponseWriter, r *http.Request, u *identity.User) error {
		id, err := circleID(r)
		if err != nil {
			return err
		}
		f := NewForm()
		if err := readForm(r, f); err != nil {
			return err
		}
		ctx := r.Context()
		target := "/circles"
		switch act {
		case "join":
			err, target = s.ids.AnswerCircleInvite(ctx, u, id, true), "/circles/"+strconv.FormatInt(id, 10)
		case "decline":
			err = s.ids.AnswerCircleInvite(ctx, u, id, false)
		case "leave":
			err = s.ids.LeaveCircle(ctx, u, id)
		case "remove":
			err, target = s.ids.RemoveFromCircle(ctx, u, id, f.Get("pseudonym")), "/circles/"+strconv.FormatInt(id, 10)
		}
		if err != nil {
			return err
		}
		s.redirectWith(w, r, target, "flash.circle_"+act)
		return nil
	}
}
