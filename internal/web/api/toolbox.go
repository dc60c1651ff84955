package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/library"
	"reconnect/internal/sqldb"
	"reconnect/internal/toolbox"
	"reconnect/internal/web/httpx"
)

// ToolItem is one item of a toolbox tool; data's shape is the tool's
// (Goal, Plan, Medication, Entry).
type ToolItem struct {
	ID        ID        `json:"id"`
	Tool      string    `json:"tool"`
	Data      any       `json:"data"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// ToolVersion is an earlier version of an item.
type ToolVersion struct {
	Data      any       `json:"data"`
	ChangedAt time.Time `json:"changed_at"`
}

func toolItemJSON(it toolbox.Item) ToolItem {
	return ToolItem{ID: ID(it.ID), Tool: it.Tool, Data: it.Data, CreatedAt: it.CreatedAt, UpdatedAt: it.UpdatedAt}
}

// toolRoutes are the CRUD routes of every tool.
func (a *API) toolRoutes() []Route {
	owner := "the service user who owns it"
	var out []Route
	for _, t := range []struct {
		tool string
		body any
	}{{toolbox.Goals, toolbox.Goal{}}, {toolbox.CrisisPlan, toolbox.Plan{}}, {toolbox.Medications, toolbox.Medication{}}, {toolbox.Journal, toolbox.Entry{}}, {toolbox.Network, toolbox.Person{}}, {toolbox.Exercises, toolbox.Response{}}, {toolbox.Activities, toolbox.Activity{}}} {
		tool, base := t.tool, "/api/v1/toolbox/"+t.tool
		out = append(out,
			Route{"GET", base, a.authed(a.toolList(tool)), Doc{Summary: "My " + tool + "; a provider adds ?member_id= to read what that member shares with them (each item read is in the member's access log)",
				Access: owner + "; linked providers for shared items", Response: List[ToolItem]{}, Status: 200, Query: []Param{{"member_id", "providers: the member whose shared items to read"}}}},
			Route{"POST", base, a.authed(a.toolCreate(tool)), Doc{Summary: "Add to my " + tool, Access: "service users", Request: t.body, Response: ToolItem{}, Status: 201}},
			Route{"GET", base + "/{id}", a.authed(a.toolGet(tool)), Doc{Summary: "One item (a provider's read of a shared item is in the member's access log)", Access: owner + "; a linked provider it is shared with", Response: ToolItem{}, Status: 200}},
			Route{"PATCH", base + "/{id}", a.authed(a.toolPatch(tool)), Doc{Summary: "Change fields of an item; the version before is kept in its history", Access: owner, Request: t.body, Response: ToolItem{}, Status: 200}},
			Route{"DELETE", base + "/{id}", a.authed(a.toolDelete(tool)), Doc{Summary: "Delete an item, its history and its shares", Access: owner, Status: 204}},
			Route{"GET", base + "/{id}/history", a.authed(a.toolHistory(tool)), Doc{Summary: "An item's earlier versions, newest first", Access: owner, Response: List[ToolVersion]{}, Status: 200}},
		)
	}
	return append(out,
		Route{"GET", "/api/v1/toolbox/shares", a.authed(a.toolShares), Doc{Summary: "What I share, with whom", Access: "service users", Response: List[ToolShare]{}, Status: 200}},
		Route{"POST", "/api/v1/toolbox/shares", a.authed(a.toolShare), Doc{Summary: "Share one item (item_id) or a whole tool (no item_id) with a provider on my care team, read-only; the provider is told without content", Access: "service users", Request: ShareRequest{}, Response: ToolShare{}, Status: 201}},
		Route{"DELETE", "/api/v1/toolbox/shares/{id}", a.authed(a.toolUnshare), Doc{Summary: "Stop sharing, effective on the provider's next request", Access: "the service user who shared", Status: 204}},
		Route{"GET", "/api/v1/toolbox/shared-with-me", a.authed(a.sharedWithMe), Doc{Summary: "What linked service users share with me: who (by real name), which tool or item; no content", Access: "providers", Response: List[ToolShare]{}, Status: 200}},
	)
}

func (a *API) toolList(tool string) handler {
	return func(w http.ResponseWriter, r *http.Request, u *identity.User) error {
		var its []toolbox.Item
		var err error
		if m := r.URL.Query().Get("member_id"); m != "" || u.Role == identity.Provider {
			id, perr := strconv.ParseInt(m, 10, 64)
			if perr != nil || id <= 0 {
				return apperr.Invalid("err.fix_fields").WithField("member_id", "field.id.invalid")
			}
			its, err = a.Toolbox.SharedTool(r.Context(), u, tool, id)
		} else {
			its, err = a.Toolbox.Mine(r.Context(), u, tool)
		}
		if err != nil {
			return err
		}
		out := List[ToolItem]{Items: make([]ToolItem, 0, len(its))}
		for _, it := range its {
			out.Items = append(out.Items, toolItemJSON(it))
		}
		httpx.WriteJSON(w, http.StatusOK, out)
		return nil
	}
}

func (a *API) toolCreate(tool string) handler {
	return func(w http.ResponseWriter, r *http.Request, u *identity.User) error {
		if u.Role != identity.ServiceUser {
			return apperr.NotFound()
		}
		c := toolbox.New(tool)
		if tool == toolbox.CrisisPlan {
			c = &toolbox.Plan{Professionals: a.crisisContacts(r)}
		}
		if err := httpx.DecodeJSON(r, c); err != nil {
			return err
		}
		if err := samePeer(0, c); err != nil {
			return err
		}
		if err := a.prepare(r, u, c); err != nil {
			return err
		}
		it, err := a.Toolbox.Create(r.Context(), u, tool, c)
		if err != nil {
			return err
		}
		httpx.WriteJSON(w, http.StatusCreated, toolItemJSON(it))
		return nil
	}
}

// crisisContacts are the deployment's crisis numbers, to prefill a new
// crisis plan.
func (a *API) crisisContacts(r *http.Request) []toolbox.Contact {
	var out []toolbox.Contact
	for _, l := range a.Crisis {
		out = append(out, toolbox.Contact{Name: l.Name[string(a.lang(r))], Phone: l.Number})
	}
	return out
}

func (a *API) toolGet(tool string) handler {
	return func(w http.ResponseWriter, r *http.Request, u *identity.User) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		it, err := a.Toolbox.Get(r.Context(), u, tool, id)
		if err != nil {
			return err
		}
		httpx.WriteJSON(w, http.StatusOK, toolItemJSON(it))
		return nil
	}
}

func (a *API) toolPatch(tool string) handler {
	return func(w http.ResponseWriter, r *http.Request, u *identity.User) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		if u.Role != identity.ServiceUser {
			return apperr.NotFound()
		}
		it, err := a.Toolbox.Get(r.Context(), u, tool, id)
		if err != nil {
			return err
		}
		// Fields present replace the stored ones; absent ones stay.
		var peer int64
		if p, ok := it.Data.(*toolbox.Person); ok {
			peer = p.PeerID
		}
		if err := httpx.DecodeJSON(r, it.Data); err != nil {
			return err
		}
		if err := samePeer(peer, it.Data); err != nil {
			return err
		}
		if err := a.prepare(r, u, it.Data); err != nil {
			return err
		}
		if it, err = a.Toolbox.Update(r.Context(), u, tool, id, it.Data); err != nil {
			return err
		}
		httpx.WriteJSON(w, http.StatusOK, toolItemJSON(it))
		return nil
	}
}

func (a *API) toolDelete(tool string) handler {
	return func(w http.ResponseWriter, r *http.Request, u *identity.User) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		if err := a.Toolbox.Delete(r.Context(), u, tool, id); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
}

func (a *API) toolHistory(tool string) handler {
	return func(w http.ResponseWriter, r *http.Request, u *identity.User) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		vs, err := a.Toolbox.History(r.Context(), u, tool, id)
		if err != nil {
			return err
		}
		out := List[ToolVersion]{Items: make([]ToolVersion, 0, len(vs))}
		for _, v := range vs {
			out.Items = append(out.Items, ToolVersion{Data: v.Data, ChangedAt: v.ChangedAt})
		}
		httpx.WriteJSON(w, http.StatusOK, out)
		return nil
	}
}

// ShareRequest shares an item (item_kind is the tool: goals,
// crisis-plan, medications, journal; item_id empty for the whole tool)
// with a provider on my care team.
type ShareRequest struct {
	ItemKind   string `json:"item_kind"`
	ItemID     *ID    `json:"item_id,omitempty"`
	ProviderID ID     `json:"provider_id"`
}

// ToolShare is a live share: for the member the provider's name, for
// the provider the member's real name and ID.
type ToolShare struct {
	ID         ID        `json:"id"`
	ItemKind   string    `json:"item_kind"`
	ItemID     *ID       `json:"item_id,omitempty"`
	ProviderID ID        `json:"provider_id,omitempty"`
	Provider   string    `json:"provider,omitempty"`
	MemberID   ID        `json:"member_id,omitempty"`
	Member     string    `json:"member,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
}

func shareJSON(sh toolbox.Share, forProvider bool) ToolShare {
	out := ToolShare{ID: ID(sh.ID), ItemKind: sh.Tool, CreatedAt: sh.CreatedAt}
	if sh.ItemID != 0 {
		id := ID(sh.ItemID)
		out.ItemID = &id
	}
	if forProvider {
		out.MemberID, out.Member = ID(sh.MemberID), sh.Member
	} else {
		out.ProviderID, out.Provider = ID(sh.ProviderID), sh.Provider
	}
	return out
}

func (a *API) toolShares(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	shs, err := a.Toolbox.Shares(r.Context(), u)
	if err != nil {
		return err
	}
	return writeShares(w, shs, false)
}

func (a *API) sharedWithMe(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	shs, err := a.Toolbox.SharedWithMe(r.Context(), u)
	if err != nil {
		return err
	}
	return writeShares(w, shs, true)
}

func writeShares(w http.ResponseWriter, shs []toolbox.Share, forProvider bool) error {
	out := List[ToolShare]{Items: make([]ToolShare, 0, len(shs))}
	for _, sh := range shs {
		out.Items = append(out.Items, shareJSON(sh, forProvider))
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (a *API) toolShare(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	var in ShareRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	var item int64
	if in.ItemID != nil {
		item = int64(*in.ItemID)
	}
	id, err := a.Toolbox.Share(r.Context(), u, in.ItemKind, item, int64(in.ProviderID))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, ToolShare{ID: ID(id), ItemKind: in.ItemKind, ItemID: in.ItemID, ProviderID: in.ProviderID, CreatedAt: time.Now().UTC()})
	return nil
}

func (a *API) toolUnshare(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := a.Toolbox.Unshare(r.Context(), u, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// samePeer refuses a network-map person whose peer_id the caller set: a
// peer is named by pseudonym (see Prepare), never by account ID, which
// would store any number and show whichever account it names.
func samePeer(stored int64, c toolbox.Content) error {
	if p, ok := c.(*toolbox.Person); ok && p.PeerID != stored {
		return apperr.Invalid("err.fix_fields").WithField("peer_id", "field.item.unknown")
	}
	return nil
}

// prepare is Prepare, plus: an exercise response must answer an
// exercise in the library.
func (a *API) prepare(r *http.Request, u *identity.User, c toolbox.Content) error {
	if resp, ok := c.(*toolbox.Response); ok {
		if _, err := a.Library.Get(r.Context(), u, library.Exercise, resp.ExerciseID); err != nil {
			return apperr.Invalid("err.fix_fields").WithField("exercise_id", "field.item.unknown")
		}
	}
	return Prepare(r.Context(), a.Identity, a.Toolbox, a.DB, u, c)
}

// Prepare checks what content refers to before it is saved: an
// activity's goal must be the member's own, and a network-map person's
// pseudonym becomes the peer's account (never oneself). Problems are 400s.
func Prepare(ctx context.Context, ids *identity.Service, tb *toolbox.Service, db sqldb.Querier, u *identity.User, c toolbox.Content) error {
	if a, ok := c.(*toolbox.Activity); ok && a.GoalID != 0 {
		if _, err := tb.Get(ctx, u, toolbox.Goals, a.GoalID); err != nil || u.Role != identity.ServiceUser {
			return apperr.Invalid("err.fix_fields").WithField("goal_id", "field.item.unknown")
		}
	}
	p, ok := c.(*toolbox.Person)
	if !ok || strings.TrimSpace(p.Pseudonym) == "" {
		if ok {
			p.Pseudonym = ""
		}
		return nil
	}
	peer, err := ids.PeerByMention(ctx, db, strings.TrimPrefix(strings.TrimSpace(p.Pseudonym), "@"))
	if err != nil || peer.ID == u.ID {
		return apperr.Invalid("err.fix_fields").WithField("pseudonym", "field.pseudonym.unknown")
	}
	p.PeerID, p.Pseudonym = peer.ID, ""
	if p.Kind == "" {
		p.Kind = "peer"
	}
	return nil
}
