package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
)

type invitationsData struct {
	Created        *identity.Invitation
	RegisterURL    string
	Roles          []identity.Role
	Communities    []identity.Community
	CommunityNames map[int64]string
	Invitations    []identity.Invitation
	Now            time.Time
}

var invitationFields = []string{"role", "community_id", "valid_days", "member_name"}

func (s *Server) showInvitations(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	return s.renderInvitations(w, r, u, http.StatusOK, NewForm(invitationFields...), nil)
}

func (s *Server) renderInvitations(w http.ResponseWriter, r *http.Request, u *identity.User, status int, f *Form, created *identity.Invitation) error {
	ctx := r.Context()
	cs, err := s.ids.Communities(ctx)
	if err != nil {
		return err
	}
	invs, err := s.ids.Invitations(ctx, u, 100, 0)
	if err != nil {
		return err
	}
	d := &invitationsData{Created: created, Communities: cs, CommunityNames: map[int64]string{}, Invitations: invs, Now: time.Now()}
	for _, c := range cs {
		d.CommunityNames[c.ID] = c.Name
	}
	d.Roles = []identity.Role{identity.ServiceUser}
	if u.Role == identity.Admin {
		d.Roles = identity.Roles
	}
	if created != nil {
		d.RegisterURL = s.cfg.BaseURL + "/register?code=" + created.Code
	}
	s.render(w, r, status, "invitations", &Page{Title: "invitations.title", Form: f, Data: d})
	return nil
}

// createInvitation makes an invitation and shows its code once.
func (s *Server) createInvitation(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm(invitationFields...)
	if err := readForm(r, f); err != nil {
		return err
	}
	in := identity.NewInvitation{Role: identity.Role(f.Get("role")), CareName: f.Get("member_name")}
	var bad *apperr.Error
	if c := f.Get("community_id"); c != "" {
		id, err := strconv.ParseInt(c, 10, 64)
		if err != nil {
			bad = apperr.Invalid("err.fix_fields").WithField("community_id", "field.community.unknown")
		}
		in.CommunityID = id
	}
	if d := strings.TrimSpace(f.Get("valid_days")); d != "" {
		n, err := strconv.Atoi(d)
		if err != nil {
			bad = apperr.Invalid("err.fix_fields").WithField("valid_days", "field.valid_days.range")
		}
		in.ValidDays = n
	}
	var err error
	var inv identity.Invitation
	if bad != nil {
		err = bad
	} else {
		inv, err = s.ids.CreateInvitation(r.Context(), u, in)
	}
	if err != nil {
		if apperr.Is(err, apperr.KindForbidden) {
			err = apperr.Invalid("err.fix_fields").WithField("role", "field.role.not_allowed")
		}
		status, other := f.setError(err)
		if other != nil {
			return other
		}
		return s.renderInvitations(w, r, u, status, f, nil)
	}
	return s.renderInvitations(w, r, u, http.StatusCreated, NewForm(invitationFields...), &inv)
}

func (s *Server) revokeInvitation(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return apperr.NotFound()
	}
	if err := s.ids.RevokeInvitation(r.Context(), u, id); err != nil {
		return err
	}
	s.redirectWith(w, r, "/invitations", "flash.invitation_revoked")
	return nil
}
