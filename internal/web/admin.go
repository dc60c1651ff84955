package web

import (
	"net/http"
	"net/url"
	"strconv"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
)

var communityFields = []string{"name", "slug", "timezone"}

func (s *Server) showCommunities(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm(communityFields...)
	f.Values["timezone"] = "Europe/Oslo"
	return s.renderCommunities(w, r, http.StatusOK, f)
}

func (s *Server) renderCommunities(w http.ResponseWriter, r *http.Request, status int, f *Form) error {
	cs, err := s.ids.Communities(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, status, "admin_communities", &Page{Title: "admin_communities.title", Form: f, Data: cs})
	return nil
}

func (s *Server) createCommunity(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm(communityFields...)
	if err := readForm(r, f); err != nil {
		return err
	}
	_, err := s.ids.CreateCommunity(r.Context(), u, identity.NewCommunity{Name: f.Get("name"), Slug: f.Get("slug"), Timezone: f.Get("timezone")})
	if err != nil {
		status, other := f.setError(err)
		if other != nil {
			return other
		}
		return s.renderCommunities(w, r, status, f)
	}
	s.redirectWith(w, r, "/admin/communities", "flash.community_created")
	return nil
}

type accountsData struct {
	Roles          []identity.Role
	Accounts       []identity.User
	CommunityNames map[int64]string
	Next           string
}

const accountsPage = 50

func (s *Server) showAccounts(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	q := r.URL.Query()
	f := NewForm("login", "role")
	f.Values["login"], f.Values["role"] = q.Get("login"), q.Get("role")
	role := identity.Role(q.Get("role"))
	if role != "" && !role.Valid() {
		role = ""
	}
	before, _ := strconv.ParseInt(q.Get("before"), 10, 64)
	accts, err := s.ids.Accounts(r.Context(), u, identity.AccountFilter{Role: role, Login: q.Get("login"), Limit: accountsPage, Before: before})
	if err != nil {
		return err
	}
	names, err := s.communityNames(r)
	if err != nil {
		return err
	}
	d := &accountsData{Roles: identity.Roles, Accounts: accts, CommunityNames: names}
	if len(accts) == accountsPage {
		next := url.Values{"login": {q.Get("login")}, "role": {string(role)}, "before": {strconv.FormatInt(accts[len(accts)-1].ID, 10)}}
		d.Next = "/admin/accounts?" + next.Encode()
	}
	s.render(w, r, http.StatusOK, "admin_accounts", &Page{Title: "admin_accounts.title", Form: f, Data: d})
	return nil
}

func (s *Server) communityNames(r *http.Request) (map[int64]string, error) {
	cs, err := s.ids.Communities(r.Context())
	if err != nil {
		return nil, err
	}
	names := make(map[int64]string, len(cs))
	for _, c := range cs {
		names[c.ID] = c.Name
	}
	return names, nil
}

type accountData struct {
	Account        identity.User
	Self           bool
	Roles          []identity.Role
	Communities    []identity.Community
	CommunityNames map[int64]string
	Serves         map[int64]bool
}

func (s *Server) showAccount(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	return s.renderAccount(w, r, u, http.StatusOK, NewForm("role", "moderator_community", "disabled"))
}

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, u *identity.User, status int, f *Form) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return apperr.NotFound()
	}
	ctx := r.Context()
	acct, err := s.ids.UserByID(ctx, id)
	if err != nil {
		return err
	}
	acct.Pseudonym = "" // administrators never see pseudonyms
	cs, err := s.ids.Communities(ctx)
	if err != nil {
		return err
	}
	d := &accountData{Account: acct, Self: acct.ID == u.ID, Communities: cs, CommunityNames: map[int64]string{}, Serves: map[int64]bool{}}
	for _, c := range cs {
		d.CommunityNames[c.ID] = c.Name
	}
	// An account's role stays on its side of the forum line.
	for _, role := range identity.Roles {
		if role.UsesForum() == acct.Role.UsesForum() {
			d.Roles = append(d.Roles, role)
		}
	}
	serves, err := s.ids.ModeratorCommunities(ctx, acct.ID)
	if err != nil {
		return err
	}
	for _, c := range serves {
		d.Serves[c] = true
	}
	d.Serves[acct.CommunityID] = acct.Role == identity.PeerModerator
	s.render(w, r, status, "admin_account", &Page{Title: "admin_account.title", Form: f, Data: d})
	return nil
}

func (s *Server) updateAccount(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return apperr.NotFound()
	}
	f := NewForm("role", "moderator_community", "disabled")
	if err := readForm(r, f); err != nil {
		return err
	}
	role := identity.Role(f.Get("role"))
	disabled := f.Get("disabled") == "yes"
	ch := identity.AccountChange{Role: &role, Disabled: &disabled}
	if role == identity.PeerModerator {
		ids := []int64{}
		for _, v := range r.PostForm["moderator_community"] {
			c, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return s.accountError(w, r, u, f, apperr.Invalid("err.fix_fields").WithField("moderator_community", "field.community.unknown"))
			}
			ids = append(ids, c)
		}
		ch.ModeratorCommunityIDs = &ids
	}
	if err := s.ids.UpdateAccount(r.Context(), u, id, ch); err != nil {
		return s.accountError(w, r, u, f, err)
	}
	s.redirectWith(w, r, "/admin/accounts/"+strconv.FormatInt(id, 10), "flash.account_saved")
	return nil
}

func (s *Server) accountError(w http.ResponseWriter, r *http.Request, u *identity.User, f *Form, err error) error {
	status, other := f.setError(err)
	if other != nil {
		return other
	}
	return s.renderAccount(w, r, u, status, f)
}
