package web

import (
	"net/http"
	"strconv"
	"strings"

	"reconnect/internal/apperr"
	"reconnect/internal/care"
	"reconnect/internal/identity"
)

type adminCareData struct {
	Links     []care.AdminLink
	Providers []identity.User
}

// showAdminCare lists care-team links by login and links a provider to
// a service user.
func (s *Server) showAdminCare(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	return s.renderAdminCare(w, r, u, http.StatusOK, NewForm("provider_id", "member_login", "member_name"))
}

func (s *Server) renderAdminCare(w http.ResponseWriter, r *http.Request, u *identity.User, status int, f *Form) error {
	ls, err := s.care.All(r.Context(), u)
	if err != nil {
		return err
	}
	ps, err := s.ids.Accounts(r.Context(), u, identity.AccountFilter{Role: identity.Provider, Limit: 500})
	if err != nil {
		return err
	}
	s.render(w, r, status, "admin_care", &Page{Title: "admin_care.title", Form: f, Data: &adminCareData{Links: ls, Providers: ps}})
	return nil
}

func (s *Server) linkCare(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm("provider_id", "member_login", "member_name")
	if err := readForm(r, f); err != nil {
		return err
	}
	provider, _ := strconv.ParseInt(f.Get("provider_id"), 10, 64)
	var member int64
	login := strings.TrimSpace(f.Get("member_login"))
	if login != "" {
		ms, err := s.ids.Accounts(r.Context(), u, identity.AccountFilter{Role: identity.ServiceUser, Login: login, Limit: 50})
		if err != nil {
			return err
		}
		for _, m := range ms {
			if strings.EqualFold(m.Login, login) {
				member = m.ID
			}
		}
	}
	var err error
	if member == 0 {
		err = apperr.Invalid("err.fix_fields").WithField("member_login", "field.member.unknown")
	} else {
		_, err = s.care.Link(r.Context(), u, provider, member, f.Get("member_name"))
		if e := apperr.From(err); err != nil && e != nil && e.Fields["member_id"] != "" {
			e.Fields["member_login"] = e.Fields["member_id"]
			delete(e.Fields, "member_id")
		}
	}
	if err != nil {
		status, other := f.setError(err)
		if other != nil {
			return other
		}
		return s.renderAdminCare(w, r, u, status, f)
	}
	s.redirectWith(w, r, "/admin/care", "flash.care_saved")
	return nil
}

func (s *Server) endCareAdmin(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	if err := s.care.End(r.Context(), u, id); err != nil {
		f := NewForm("provider_id", "member_login", "member_name")
		status, other := f.setError(err)
		if other != nil {
			return other
		}
		return s.renderAdminCare(w, r, u, status, f)
	}
	s.redirectWith(w, r, "/admin/care", "flash.care_saved")
	return nil
}
