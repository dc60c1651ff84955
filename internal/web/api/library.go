package api

import (
	"net/http"
	"strconv"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/library"
	"reconnect/internal/web/httpx"
)

// LibraryPage is an exercise or information page in both languages;
// html is sanitised.
type LibraryPage struct {
	ID        ID        `json:"id"`
	Slug      string    `json:"slug"`
	Category  string    `json:"category"`
	TitleNB   string    `json:"title_nb"`
	TitleEN   string    `json:"title_en"`
	BodyNB    string    `json:"body_nb"`
	BodyEN    string    `json:"body_en"`
	HTMLNB    string    `json:"html_nb"`
	HTMLEN    string    `json:"html_en"`
	UpdatedAt time.Time `json:"updated_at"`
}

// LibraryPageRequest writes a page (staff).
type LibraryPageRequest struct {
	Category string `json:"category,omitempty"`
	TitleNB  string `json:"title_nb"`
	TitleEN  string `json:"title_en"`
	BodyNB   string `json:"body_nb"`
	BodyEN   string `json:"body_en"`
}

// LocalLink is a local activity or service-user organisation.
type LocalLink struct {
	ID          ID     `json:"id"`
	CommunityID ID     `json:"community_id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Address     string `json:"address"`
	Phone       string `json:"phone"`
	Web         string `json:"web"`
}

func pageJSON(p library.Page) LibraryPage {
	return LibraryPage{ID: ID(p.ID), Slug: p.Slug, Category: p.Category, TitleNB: p.TitleNB, TitleEN: p.TitleEN, BodyNB: p.BodyNB, BodyEN: p.BodyEN,
		HTMLNB: string(p.HTMLNB), HTMLEN: string(p.HTMLEN), UpdatedAt: p.Updated}
}

func (a *API) libraryRoutes() []Route {
	readers := "service users, peer moderators and administrators"
	var out []Route
	for _, k := range []struct{ path, kind, editors string }{{"exercises", library.Exercise, "administrators and peer moderators"}, {"info", library.Info, "administrators"}} {
		kind, base := k.kind, "/api/v1/library/"+k.path
		out = append(out,
			Route{"GET", base, a.authed(a.libraryList(kind)), Doc{Summary: "The library's " + k.path, Access: readers, Response: List[LibraryPage]{}, Status: 200}},
			Route{"POST", base, a.authed(a.librarySave(kind)), Doc{Summary: "Add to the library's " + k.path + " (Markdown in both languages)", Access: k.editors, Request: LibraryPageRequest{}, Response: LibraryPage{}, Status: 201}},
			Route{"GET", base + "/{id}", a.authed(a.libraryGet(kind)), Doc{Summary: "One page", Access: readers, Response: LibraryPage{}, Status: 200}},
			Route{"PATCH", base + "/{id}", a.authed(a.librarySave(kind)), Doc{Summary: "Change a page (all fields)", Access: k.editors, Request: LibraryPageRequest{}, Response: LibraryPage{}, Status: 200}},
		)
	}
	return append(out, Route{"GET", "/api/v1/library/links", a.authed(a.localLinks), Doc{Summary: "Local links of my community (or ?community_id= for staff)", Access: readers,
		Response: List[LocalLink]{}, Status: 200, Query: []Param{{"community_id", "a community other than my own"}}}})
}

func (a *API) libraryList(kind string) handler {
	return func(w http.ResponseWriter, r *http.Request, u *identity.User) error {
		ps, err := a.Library.List(r.Context(), u, kind)
		if err != nil {
			return err
		}
		out := List[LibraryPage]{Items: make([]LibraryPage, 0, len(ps))}
		for _, p := range ps {
			out.Items = append(out.Items, pageJSON(p))
		}
		httpx.WriteJSON(w, http.StatusOK, out)
		return nil
	}
}

func (a *API) libraryGet(kind string) handler {
	return func(w http.ResponseWriter, r *http.Request, u *identity.User) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		p, err := a.Library.Get(r.Context(), u, kind, id)
		if err != nil {
			return err
		}
		httpx.WriteJSON(w, http.StatusOK, pageJSON(p))
		return nil
	}
}

func (a *API) librarySave(kind string) handler {
	return func(w http.ResponseWriter, r *http.Request, u *identity.User) error {
		if !library.MayEdit(u, kind) {
			return apperr.NotFound()
		}
		var in LibraryPageRequest
		if err := httpx.DecodeJSON(r, &in); err != nil {
			return err
		}
		p := library.Page{Kind: kind, Category: in.Category, TitleNB: in.TitleNB, TitleEN: in.TitleEN, BodyNB: in.BodyNB, BodyEN: in.BodyEN}
		status := http.StatusCreated
		if r.Method == http.MethodPatch {
			id, err := pathID(r)
			if err != nil {
				return err
			}
			p.ID, status = id, http.StatusOK
		}
		id, err := a.Library.Save(r.Context(), u, p)
		if err != nil {
			return err
		}
		saved, err := a.Library.Get(r.Context(), u, kind, id)
		if err != nil {
			return err
		}
		httpx.WriteJSON(w, status, pageJSON(saved))
		return nil
	}
}

func (a *API) localLinks(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	if u.Role != identity.ServiceUser && u.Role != identity.PeerModerator && u.Role != identity.Admin {
		return apperr.NotFound()
	}
	community := u.CommunityID
	if c := r.URL.Query().Get("community_id"); c != "" {
		n, err := strconv.ParseInt(c, 10, 64)
		if err != nil || n <= 0 {
			return apperr.Invalid("err.fix_fields").WithField("community_id", "field.id.invalid")
		}
		community = n
	}
	ls, err := a.Library.Links(r.Context(), community)
	if err != nil {
		return err
	}
	out := List[LocalLink]{Items: make([]LocalLink, 0, len(ls))}
	for _, l := range ls {
		out.Items = append(out.Items, LocalLink{ID: ID(l.ID), CommunityID: ID(l.CommunityID), Name: l.Name, Description: l.Description, Address: l.Address, Phone: l.Phone, Web: l.Web})
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}
