package api

import (
	"net/http"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/web/httpx"
)

func accountJSON(u identity.User) Account {
	return Account{ID: ID(u.ID), Login: u.Login, Role: string(u.Role), CommunityID: optionalID(u.CommunityID),
		CreatedAt: u.CreatedAt, DisabledAt: u.DisabledAt}
}

func (a *API) listAccounts(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	limit, before, err := page(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	role := identity.Role(q.Get("role"))
	if role != "" && !role.Valid() {
		return apperr.Invalid("err.fix_fields").WithField("role", "field.role.invalid")
	}
	us, err := a.Identity.Accounts(r.Context(), u, identity.AccountFilter{Role: role, Login: q.Get("login"), Limit: limit, Before: before})
	if err != nil {
		return asNotFound(err)
	}
	out := List[Account]{Items: make([]Account, 0, len(us))}
	for _, x := range us {
		out.Items = append(out.Items, accountJSON(x))
	}
	if len(us) > 0 {
		out.NextCursor = nextCursor(len(us), limit, us[len(us)-1].ID)
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

// AccountPatch changes an account; absent fields stay.
type AccountPatch struct {
	Role                  *string `json:"role,omitempty"`
	Disabled              *bool   `json:"disabled,omitempty"`
	ModeratorCommunityIDs *[]ID   `json:"moderator_community_ids,omitempty"`
}

func (a *API) patchAccount(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	if u.Role != identity.Admin {
		return apperr.NotFound()
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in AccountPatch
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	ctx := r.Context()
	var ch identity.AccountChange
	if in.Role != nil {
		role := identity.Role(*in.Role)
		ch.Role = &role
	}
	ch.Disabled = in.Disabled
	if in.ModeratorCommunityIDs != nil {
		ids := make([]int64, 0, len(*in.ModeratorCommunityIDs))
		for _, c := range *in.ModeratorCommunityIDs {
			ids = append(ids, int64(c))
		}
		ch.ModeratorCommunityIDs = &ids
	}
	if err := a.Identity.UpdateAccount(ctx, u, id, ch); err != nil {
		return err
	}
	x, err := a.Identity.UserByID(ctx, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, accountJSON(x))
	return nil
}

// asNotFound hides administrator-only resources from everyone else.
func asNotFound(err error) error {
	if apperr.Is(err, apperr.KindForbidden) {
		return apperr.NotFound()
	}
	return err
}
