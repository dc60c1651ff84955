package web_test

import (
	"testing"

	"reconnect/internal/testkit"
)

// ap is a route for an API route whose request is the same for every
// caller; body nil sends no body.
func ap(method, path, format string, ids func(*authzWorld) []string, wt *want, body any) route {
	return route{pattern: method + " " + path, want: wt, req: func(_ *testing.T, w *authzWorld, _ caller) rq {
		r := at(method, format, ids(w)...)
		r.body = body
		return r
	}}
}

// fresh is a route aimed at an object made for that route by make.
func fresh(method, path, format string, make func(*testing.T, *authzWorld) []string, wt *want, body any) route {
	return route{pattern: method + " " + path, want: wt, req: perRow(func(t *testing.T, w *authzWorld) rq {
		r := at(method, format, make(t, w)...)
		r.body = body
		return r
	})}
}

var (
	empty      = map[string]any{}
	comers     = []caller{asMember, asModerator, asSuspended, asMuted, asOutsider} // see Fjordvik events and may answer
	fjordvik   = append([]caller{asAdmin}, comers...)
	conversers = append([]caller{asModerator, asProvider, asUnlinked}, members...)
	target     = ids(func(*authzWorld) []string { return []string{"Maalskive"} })
	item       = func(tool string) func(*authzWorld) []string {
		return func(w *authzWorld) []string { return []string{w.items[tool]} }
	}
)

// toolRows are the routes of one toolbox tool, aimed at A's item.
func toolRows(tool string) []route {
	base := "/api/v1/toolbox/" + tool
	wt := func(ok []int) *want { return access(ok, asMember) }
	postTool := access(s400, members...)
	if tool == "crisis-plan" { // the plan page gave each member one
		postTool = access([]int{409}, members...)
	}
	shared := wt(s200)
	if tool == "journal" || tool == "network" { // an item and a whole tool shared with the linked provider
		shared.set(s200, asProvider)
	}
	return []route{
		ap("GET", base, base, none, access(s200, members...).set(s400, asProvider, asUnlinked), nil),
		ap("POST", base, base, none, postTool, empty),
		ap("GET", base+"/{id}", base+"/%s", item(tool), shared, nil),
		ap("PATCH", base+"/{id}", base+"/%s", item(tool), wt(s200), empty),
		ap("GET", base+"/{id}/history", base+"/%s/history", item(tool), wt(s200), nil),
		fresh("DELETE", base+"/{id}", base+"/%s", func(t *testing.T, w *authzWorld) []string {
			if tool == "crisis-plan" { // one plan per member: delete hers, last
				return []string{w.items[tool]}
			}
			return []string{w.tool(t, tool)}
		}, wt(s204), nil),
	}
}

// apiRows is the API half of the matrix, in the order of Routes().
func apiRows() []route {
	out := []route{
		{pattern: "GET /healthz", req: fixed(at("GET", "/healthz")), want: signed(s200), anyone: true},
		{pattern: "GET /readyz", req: fixed(at("GET", "/readyz")), want: signed(s200), anyone: true},
		{pattern: "GET /metrics", req: fixed(at("GET", "/metrics")), want: signed(s200), anyone: true},
		{pattern: "GET /api/v1/openapi.json", req: fixed(at("GET", "/api/v1/openapi.json")), want: signed(s200), anyone: true},

		{pattern: "POST /api/v1/auth/login", req: fixed(rq{method: "POST", path: "/api/v1/auth/login", body: map[string]any{"login": "target", "password": testkit.Password}, fresh: true}), want: signed(s200), anyone: true},
		{pattern: "POST /api/v1/auth/logout", req: fixed(rq{method: "POST", path: "/api/v1/auth/logout", fresh: true}), want: signed(s204)},
		{pattern: "POST /api/v1/auth/register", req: fixed(at("POST", "/api/v1/auth/register").json(empty)), want: signed(s400), anyone: true},
		ap("POST", "/api/v1/auth/tokens", "/api/v1/auth/tokens", none, signed(s201), map[string]any{"name": "matrise"}),
		ap("GET", "/api/v1/auth/tokens", "/api/v1/auth/tokens", none, signed(s200), nil),
		fresh("DELETE", "/api/v1/auth/tokens/{id}", "/api/v1/auth/tokens/%s", func(t *testing.T, w *authzWorld) []string { return []string{w.token(t)} }, access(s204, asMember), nil),

		{pattern: "POST /api/v1/auth/passkey/login/begin", req: fixed(at("POST", "/api/v1/auth/passkey/login/begin")), want: signed(s200), anyone: true},
		{pattern: "POST /api/v1/auth/passkey/login/finish", req: fixed(at("POST", "/api/v1/auth/passkey/login/finish").json(empty)), want: signed(s400), anyone: true},
		{pattern: "POST /api/v1/auth/passkey/signup/begin", req: fixed(at("POST", "/api/v1/auth/passkey/signup/begin").json(empty)), want: signed(s400), anyone: true},
		{pattern: "POST /api/v1/auth/passkey/signup/finish", req: fixed(at("POST", "/api/v1/auth/passkey/signup/finish").json(empty)), want: signed(s400), anyone: true},
		ap("POST", "/api/v1/passkeys/begin", "/api/v1/passkeys/begin", none, signed(s200), nil),
		ap("POST", "/api/v1/passkeys", "/api/v1/passkeys", none, signed(s400), empty),
		ap("GET", "/api/v1/passkeys", "/api/v1/passkeys", none, signed(s200), nil),
		fresh("DELETE", "/api/v1/passkeys/{id}", "/api/v1/passkeys/%s", func(t *testing.T, w *authzWorld) []string { return []string{w.passkey(t)} }, access(s204, asMember), nil),

		ap("GET", "/api/v1/me", "/api/v1/me", none, signed(s200), nil),
		ap("GET", "/api/v1/me/export", "/api/v1/me/export", none, signed(s200), nil),
		ap("DELETE", "/api/v1/me", "/api/v1/me", none, signed(s400).set([]int{409}, staff...), empty),
		ap("GET", "/api/v1/me/deletion", "/api/v1/me/deletion", none, signed(s200), nil),
		ap("POST", "/api/v1/me/deletion/cancel", "/api/v1/me/deletion/cancel", none, signed(s404), nil),
		ap("GET", "/api/v1/me/preferences", "/api/v1/me/preferences", none, signed(s200), nil),
		ap("PATCH", "/api/v1/me/preferences", "/api/v1/me/preferences", none, signed(s200), empty),
		ap("POST", "/api/v1/me/email/verify", "/api/v1/me/email/verify", none, signed(s400), empty),
		ap("POST", "/api/v1/me/password", "/api/v1/me/password", none, signed(s400), map[string]any{"current": "wrong", "new": "another long password"}),

		ap("GET", "/api/v1/consents", "/api/v1/consents", none, signed(s200), nil),
		ap("POST", "/api/v1/consents", "/api/v1/consents", none, signed(s400), empty),
		ap("DELETE", "/api/v1/consents/study", "/api/v1/consents/study", none, signed(s204), nil),
		ap("DELETE", "/api/v1/me/usage", "/api/v1/me/usage", none, signed(s204), nil),
		ap("POST", "/api/v1/admin/consent-documents", "/api/v1/admin/consent-documents", none, access(s400, asAdmin), empty),
		ap("GET", "/api/v1/onboarding", "/api/v1/onboarding", none, signed(s200), nil),
		ap("POST", "/api/v1/onboarding/finish", "/api/v1/onboarding/finish", none, signed(s200), nil),
		ap("PUT", "/api/v1/me/name", "/api/v1/me/name", none, access(s400, staff...), empty),
		ap("POST", "/api/v1/pseudonyms/check", "/api/v1/pseudonyms/check", none, access(s200, forumers...).set(s200, asSuspended), map[string]any{"pseudonym": "Ledigfugl"}),
		ap("PUT", "/api/v1/me/pseudonym", "/api/v1/me/pseudonym", none, access(s400, members...).set(s400, asModerator), empty),
		ap("GET", "/api/v1/admin/reserved-pseudonyms", "/api/v1/admin/reserved-pseudonyms", none, access(s200, asAdmin), nil),
		ap("POST", "/api/v1/admin/reserved-pseudonyms", "/api/v1/admin/reserved-pseudonyms", none, access(s400, asAdmin), empty),
		fresh("DELETE", "/api/v1/admin/reserved-pseudonyms/{id}", "/api/v1/admin/reserved-pseudonyms/%s", func(t *testing.T, w *authzWorld) []string {
			return []string{created(t, w.admin.Do("POST", "/api/v1/admin/reserved-pseudonyms", map[string]any{"word": "Matriseord" + w.next()}), "id")}
		}, access(s204, asAdmin), nil),

		ap("POST", "/api/v1/reveals", "/api/v1/reveals", none, access(s400, members...).set(s400, asModerator), empty),
		ap("GET", "/api/v1/reveals", "/api/v1/reveals", none, access(s200, forumers...).set(s200, asSuspended), nil),
		fresh("DELETE", "/api/v1/reveals/{id}", "/api/v1/reveals/%s", func(t *testing.T, w *authzWorld) []string {
			return []string{created(t, w.kari.Do("POST", "/api/v1/reveals", map[string]any{"to_pseudonym": "Utenforbla", "shown_name": "Kari"}), "id")}
		}, access(s204, asMember), nil),
		ap("POST", "/api/v1/reveal-requests", "/api/v1/reveal-requests", none, access(s400, members...).set(s400, asModerator), empty),
		ap("GET", "/api/v1/reveal-requests", "/api/v1/reveal-requests", none, access(s200, forumers...).set(s200, asSuspended), nil),
		fresh("POST", "/api/v1/reveal-requests/{id}/answer", "/api/v1/reveal-requests/%s/answer", func(t *testing.T, w *authzWorld) []string {
			return []string{w.ask(t, w.kari, "Morgengry")}
		}, access(s204, asOther), map[string]any{"accept": false}),
		fresh("DELETE", "/api/v1/reveal-requests/{id}", "/api/v1/reveal-requests/%s", func(t *testing.T, w *authzWorld) []string {
			return []string{w.ask(t, w.kari, "Naboskogen")}
		}, access(s204, asMember), nil),

		ap("POST", "/api/v1/privacy/check", "/api/v1/privacy/check", none, access(s200, members...).set(s200, asModerator), map[string]any{"text": "Hei"}),

		ap("GET", "/api/v1/admin/places", "/api/v1/admin/places", none, access(s400, asAdmin), nil),
		ap("POST", "/api/v1/admin/places", "/api/v1/admin/places", none, access(s400, asAdmin), empty),
		fresh("DELETE", "/api/v1/admin/places/{id}", "/api/v1/admin/places/%s", func(t *testing.T, w *authzWorld) []string {
			return []string{created(t, w.admin.Do("POST", "/api/v1/admin/places", map[string]any{"community_id": id(w.Fjordvik.ID), "name": "Matrisegata" + w.next()}), "id")}
		}, access(s204, asAdmin), nil),

		ap("POST", "/api/v1/circles", "/api/v1/circles", none, access(s400, members...).set(s400, asModerator), empty),
		ap("GET", "/api/v1/circles", "/api/v1/circles", none, access(s200, forumers...).set(s200, asSuspended), nil),
		ap("GET", "/api/v1/circles/{id}", "/api/v1/circles/%s", circle, access(s200, asMember, asOther), nil),
		{pattern: "POST /api/v1/circles/{id}/members", want: access(s400, asMember).set(s403, asOther), visible: []caller{asOther}, req: func(_ *testing.T, w *authzWorld, _ caller) rq {
			return at("POST", "/api/v1/circles/%s/members", w.circle).json(empty)
		}},
		{pattern: "DELETE /api/v1/circles/{id}/members/{pseudonym}", want: access(s204, asMember).set(s403, asOther), visible: []caller{asOther}, req: perRow(func(t *testing.T, w *authzWorld) rq {
			return at("DELETE", "/api/v1/circles/%s/members/%s", w.newCircle(t), "Morgengry")
		})},
		ap("POST", "/api/v1/circles/{id}/join", "/api/v1/circles/%s/join", circle, access(s404), nil),
		ap("POST", "/api/v1/circles/{id}/decline", "/api/v1/circles/%s/decline", circle, access(s404), nil),
		route{pattern: "POST /api/v1/circles/{id}/leave", want: access(s204, asMember, asOther), req: perCaller(func(t *testing.T, w *authzWorld) rq {
			return at("POST", "/api/v1/circles/%s/leave", w.newCircle(t))
		})},

		ap("POST", "/api/v1/admin/identity-lookups", "/api/v1/admin/identity-lookups", none, access(s400, asAdmin), empty),
		ap("GET", "/api/v1/notifications", "/api/v1/notifications", none, signed(s200), nil),
		ap("POST", "/api/v1/notifications/read", "/api/v1/notifications/read", none, signed(s204), map[string]any{"ids": []string{}}),
		ap("GET", "/api/v1/notifications/unread", "/api/v1/notifications/unread", none, signed(s200), nil),
		ap("GET", "/api/v1/notifications/preferences", "/api/v1/notifications/preferences", none, signed(s200), nil),
		ap("PUT", "/api/v1/notifications/preferences", "/api/v1/notifications/preferences", none, signed(s200), empty),

		ap("GET", "/api/v1/forum/categories", "/api/v1/forum/categories", none, forum(s200), nil),
		ap("GET", "/api/v1/forum/threads", "/api/v1/forum/threads?circle_id=%s", circle, forum(s200, asMember, asOther), nil),
		ap("POST", "/api/v1/forum/threads", "/api/v1/forum/threads", none, forumWrite(s400), empty),
		ap("GET", "/api/v1/forum/threads/{id}", "/api/v1/forum/threads/%s", circleThread, forum(s200, asMember, asOther), nil),
		ap("POST", "/api/v1/forum/threads/{id}/posts", "/api/v1/forum/threads/%s/posts", circleThread, forumWrite(s400, asMember, asOther), empty),
		ap("PUT", "/api/v1/forum/threads/{id}/watch", "/api/v1/forum/threads/%s/watch", circleThread, forum(s204, asMember, asOther), map[string]any{"level": "watch"}),
		ap("PATCH", "/api/v1/forum/posts/{id}", "/api/v1/forum/posts/%s", post, forumWrite(s400, asMember), empty),
		fresh("DELETE", "/api/v1/forum/posts/{id}", "/api/v1/forum/posts/%s", func(t *testing.T, w *authzWorld) []string { return []string{w.newPost(t)} }, forum(s204, asMember), nil),
		ap("GET", "/api/v1/forum/posts/{id}/revisions", "/api/v1/forum/posts/%s/revisions", post, forum(s200, asMember, asModerator), nil),
		ap("POST", "/api/v1/forum/posts/{id}/reactions", "/api/v1/forum/posts/%s/reactions", circlePost, forumWrite(s201, asMember, asOther), map[string]any{"kind": "hug"}),
		ap("DELETE", "/api/v1/forum/posts/{id}/reactions", "/api/v1/forum/posts/%s/reactions?kind=hug", circlePost, forumWrite(s200, asMember, asOther), nil),
		ap("GET", "/api/v1/forum/search", "/api/v1/forum/search?q=dager", none, forum(s200), nil),
		ap("GET", "/api/v1/forum/unread", "/api/v1/forum/unread", none, forum(s200), nil),
		ap("GET", "/api/v1/forum/drafts/{key}", "/api/v1/forum/drafts/reply:%s", circleThread, forum(s200, asMember, asOther), nil),
		ap("PUT", "/api/v1/forum/drafts/{key}", "/api/v1/forum/drafts/reply:%s", circleThread, forum(s204, asMember, asOther), map[string]any{"body": ""}),
		{pattern: "POST /api/v1/forum/posts/{id}/flags", want: forumWrite(s201, asModerator, asMuted, asOutsider, asOther).set([]int{409}, asMember), visible: []caller{asMember, asMuted},
			req: fixed(at("POST", "/api/v1/forum/posts/%s/flags", "1").json(map[string]any{"reason": "spam"}))},
		ap("GET", "/api/v1/forum/protection", "/api/v1/forum/protection", none, forum(s200).set(s200, asSuspended), nil),
		ap("PUT", "/api/v1/forum/protection/muted/{pseudonym}", "/api/v1/forum/protection/muted/%s", target, forum(s204), nil),
		ap("DELETE", "/api/v1/forum/protection/muted/{pseudonym}", "/api/v1/forum/protection/muted/%s", target, forum(s204), nil),
		ap("PUT", "/api/v1/forum/protection/words", "/api/v1/forum/protection/words", none, forum(s204), map[string]any{"words": []string{}}),
		ap("PUT", "/api/v1/forum/protection/break", "/api/v1/forum/protection/break", none, forum(s204).set(s204, asSuspended), map[string]any{"days": 0}),
		ap("GET", "/api/v1/forum/my-moderation", "/api/v1/forum/my-moderation", none, forum(s200).set(s200, asSuspended), nil),
		ap("GET", "/api/v1/moderation/queue", "/api/v1/moderation/queue", none, access(s200, asModerator, asAdmin), nil),
		ap("POST", "/api/v1/moderation/posts/{id}/hide", "/api/v1/moderation/posts/%s/hide", modPost, access(s204, asModerator, asAdmin), map[string]any{"reason": "Matrise"}),
		ap("POST", "/api/v1/moderation/posts/{id}/restore", "/api/v1/moderation/posts/%s/restore", modPost, access(s204, asModerator).set([]int{409}, asAdmin), nil),
		ap("POST", "/api/v1/moderation/posts/{id}/dismiss", "/api/v1/moderation/posts/%s/dismiss", modPost, access([]int{409}, asModerator, asAdmin), nil),
		ap("POST", "/api/v1/moderation/posts/{id}/approve", "/api/v1/moderation/posts/%s/approve", modPost, access([]int{409}, asModerator, asAdmin), nil),
		ap("GET", "/api/v1/moderation/quiet-members", "/api/v1/moderation/quiet-members", none, access(s200, asModerator, asAdmin), nil),
		ap("GET", "/api/v1/care-team", "/api/v1/care-team", none, access(s200, members...).set(s200, asProvider, asUnlinked), nil),
		ap("POST", "/api/v1/care-team/links", "/api/v1/care-team/links", none, access(s400, asAdmin, asProvider, asUnlinked), empty),
		ap("POST", "/api/v1/care-team/links/answer", "/api/v1/care-team/links/answer", none, access(s400, members...), empty),
		{pattern: "DELETE /api/v1/care-team/links/{id}", want: access(s204, asAdmin), req: perRow(func(t *testing.T, w *authzWorld) rq {
			return at("DELETE", "/api/v1/care-team/links/%s", w.spareLink(t))
		})},
		ap("GET", "/api/v1/conversations", "/api/v1/conversations", none, access(s200, conversers...), nil),
		ap("POST", "/api/v1/conversations", "/api/v1/conversations", none, access(s400, conversers...), empty),
		ap("GET", "/api/v1/conversations/unread", "/api/v1/conversations/unread", none, access(s200, conversers...), nil),
		ap("GET", "/api/v1/conversations/{id}", "/api/v1/conversations/%s", careConv, access(s200, asMember, asProvider), nil),
		ap("POST", "/api/v1/conversations/{id}/messages", "/api/v1/conversations/%s/messages", careConv, access(s400, asMember, asProvider), empty),
		ap("POST", "/api/v1/conversations/{id}/close", "/api/v1/conversations/%s/close", modConv, access(s204, asMember, asModerator), nil),
		ap("POST", "/api/v1/conversations/{id}/reopen", "/api/v1/conversations/%s/reopen", modConv, access(s204, asMember, asModerator), nil),
		ap("GET", "/api/v1/conversations/{id}/attachments/{file}", "/api/v1/conversations/%s/attachments/%s", attachment, access(s200, asMember, asProvider), nil),
		ap("GET", "/api/v1/access-log", "/api/v1/access-log", none, access(s200, members...), nil),
		ap("GET", "/api/v1/moderation/unanswered", "/api/v1/moderation/unanswered", none, access(s200, asModerator, asAdmin), nil),
		ap("POST", "/api/v1/moderation/posts/{id}/acknowledge", "/api/v1/moderation/posts/%s/acknowledge", modPost, access(s204, asModerator, asAdmin).set([]int{204, 409}, asAdmin), nil),
		ap("POST", "/api/v1/moderation/posts/{id}/followed-up", "/api/v1/moderation/posts/%s/followed-up", modPost, access([]int{409}, asModerator, asAdmin), nil),
		ap("POST", "/api/v1/moderation/threads/{id}/lock", "/api/v1/moderation/threads/%s/lock", modThread, access(s204, asModerator, asAdmin), nil),
		ap("POST", "/api/v1/moderation/threads/{id}/unlock", "/api/v1/moderation/threads/%s/unlock", modThread, access(s204, asModerator, asAdmin), nil),
		ap("POST", "/api/v1/moderation/threads/{id}/pin", "/api/v1/moderation/threads/%s/pin", modThread, access(s204, asModerator, asAdmin), nil),
		ap("POST", "/api/v1/moderation/threads/{id}/unpin", "/api/v1/moderation/threads/%s/unpin", modThread, access(s204, asModerator, asAdmin), nil),
		ap("POST", "/api/v1/moderation/threads/{id}/move", "/api/v1/moderation/threads/%s/move", modThread, access(s204, asModerator, asAdmin), map[string]any{"category_id": "1"}),
		ap("POST", "/api/v1/moderation/threads/{id}/title", "/api/v1/moderation/threads/%s/title", modThread, access(s204, asModerator, asAdmin), map[string]any{"title": "Ny tittel"}),
		ap("POST", "/api/v1/moderation/members/{pseudonym}/mute", "/api/v1/moderation/members/%s/mute", target, access(s204, asModerator, asAdmin), map[string]any{"reason": "Matrise", "until": "2027-01-01T00:00:00Z"}),
		ap("POST", "/api/v1/moderation/members/{pseudonym}/suspend", "/api/v1/moderation/members/%s/suspend", target, access(s204, asModerator, asAdmin), map[string]any{"reason": "Matrise", "until": "2027-01-01T00:00:00Z"}),
		ap("POST", "/api/v1/moderation/members/{pseudonym}/mute/lift", "/api/v1/moderation/members/%s/mute/lift", target, access(s204, asModerator).set([]int{409}, asAdmin), nil),
		ap("POST", "/api/v1/moderation/members/{pseudonym}/suspend/lift", "/api/v1/moderation/members/%s/suspend/lift", target, access(s204, asModerator).set([]int{409}, asAdmin), nil),
		ap("GET", "/api/v1/moderation/log", "/api/v1/moderation/log", none, access(s200, asModerator, asAdmin), nil),
		route{pattern: "GET /api/v1/stream", want: forum(s200, asMember, asOther), req: func(_ *testing.T, w *authzWorld, _ caller) rq {
			r := at("GET", "/api/v1/stream?thread=%s", w.circleThread)
			r.stream = w.URL
			return r
		}},
		ap("GET", "/api/v1/admin/forum/categories", "/api/v1/admin/forum/categories", none, access(s200, asAdmin), nil),
		ap("POST", "/api/v1/admin/forum/categories", "/api/v1/admin/forum/categories", none, access(s400, asAdmin), empty),
		ap("PATCH", "/api/v1/admin/forum/categories/{id}", "/api/v1/admin/forum/categories/%s", sharedCat, access(s400, asAdmin), empty),

		route{pattern: "POST /api/v1/invitations", want: access(s201, asAdmin, asModerator, asProvider, asUnlinked), req: fixed(at("POST", "/api/v1/invitations").json(map[string]any{"role": "service_user", "community_id": "1"}))},
		ap("GET", "/api/v1/invitations", "/api/v1/invitations", none, access(s200, asAdmin, asModerator, asProvider, asUnlinked), nil),
		route{pattern: "DELETE /api/v1/invitations/{id}", want: access(s204, asModerator, asAdmin), req: perCaller(func(t *testing.T, w *authzWorld) rq {
			return at("DELETE", "/api/v1/invitations/%s", w.invite(t))
		})},

		ap("GET", "/api/v1/communities", "/api/v1/communities", none, signed(s200), nil),
		ap("POST", "/api/v1/communities", "/api/v1/communities", none, access(s400, asAdmin), map[string]any{"name": "Matrisebyen"}),
		ap("GET", "/api/v1/admin/accounts", "/api/v1/admin/accounts", none, access(s200, asAdmin), nil),
		ap("PATCH", "/api/v1/admin/accounts/{id}", "/api/v1/admin/accounts/%s", memberAcct, access(s200, asAdmin), empty),
	}
	for _, tool := range []string{"goals", "crisis-plan", "medications", "journal", "network", "exercises", "activities"} {
		out = append(out, toolRows(tool)...)
	}
	out = append(out,
		ap("GET", "/api/v1/toolbox/shares", "/api/v1/toolbox/shares", none, access(s200, members...), nil),
		ap("POST", "/api/v1/toolbox/shares", "/api/v1/toolbox/shares", none, access(s400, members...), empty),
		fresh("DELETE", "/api/v1/toolbox/shares/{id}", "/api/v1/toolbox/shares/%s", func(t *testing.T, w *authzWorld) []string {
			return []string{created(t, w.kari.Do("POST", "/api/v1/toolbox/shares", map[string]any{"item_kind": "goals", "item_id": w.items["goals"], "provider_id": id(w.Provider.ID)}), "id")}
		}, access(s204, asMember), nil),
		ap("GET", "/api/v1/toolbox/shared-with-me", "/api/v1/toolbox/shared-with-me", none, access(s200, asProvider, asUnlinked), nil),
	)
	for _, k := range []struct {
		path string
		ids  func(*authzWorld) []string
		edit []caller
	}{{"exercises", exercise, []caller{asAdmin, asModerator}}, {"info", info, []caller{asAdmin}}} {
		base := "/api/v1/library/" + k.path
		readers := append([]caller{asModerator, asAdmin}, members...)
		out = append(out,
			ap("GET", base, base, none, access(s200, readers...), nil),
			ap("POST", base, base, none, access(s400, k.edit...), empty),
			ap("GET", base+"/{id}", base+"/%s", k.ids, access(s200, readers...), nil),
			ap("PATCH", base+"/{id}", base+"/%s", k.ids, access(s400, k.edit...), empty),
		)
	}
	return append(out,
		ap("GET", "/api/v1/library/links", "/api/v1/library/links", none, access(s200, append([]caller{asModerator, asAdmin}, members...)...), nil),
		ap("GET", "/api/v1/events", "/api/v1/events", none, access(s200, fjordvik...).set(s200, asOther), nil),
		ap("POST", "/api/v1/events", "/api/v1/events", none, access(s400, comers...).set(s404, asModerator), map[string]any{"community_id": "1", "kind": "gathering"}),
		ap("GET", "/api/v1/events/{id}", "/api/v1/events/%s", gathering, access(s200, fjordvik...), nil),
		ap("POST", "/api/v1/events/{id}/rsvp", "/api/v1/events/%s/rsvp", gathering, access(s400, comers...), empty),
		ap("GET", "/api/v1/events/{id}/occurrence", "/api/v1/events/%s/occurrence", gathering, access(s200, fjordvik...), nil),
		ap("PATCH", "/api/v1/events/{id}", "/api/v1/events/%s", gathering, access(s400, asMember, asModerator, asAdmin), empty),
		fresh("DELETE", "/api/v1/events/{id}", "/api/v1/events/%s", func(t *testing.T, w *authzWorld) []string { return []string{w.event(t)} }, access(s204, asMember, asModerator, asAdmin), nil),
		ap("POST", "/api/v1/events/{id}/occurrences", "/api/v1/events/%s/occurrences", gathering, access(s400, asMember, asModerator, asAdmin), empty),
		route{pattern: "POST /api/v1/events/{id}/attendance", want: access(s400, asMember),
			req: func(_ *testing.T, w *authzWorld, _ caller) rq {
				return at("POST", "/api/v1/events/%s/attendance", w.gathering).json(map[string]any{"occurs_at": w.cafeAt, "pseudonyms": []string{"Utenforbla"}})
			}},
		ap("POST", "/api/v1/events/{id}/flag", "/api/v1/events/%s/flag", gathering, access(s204, asMember, asModerator, asSuspended, asMuted, asOutsider), map[string]any{"reason": "other"}),
		ap("GET", "/api/v1/me/reminders", "/api/v1/me/reminders", none, access(s200, members...).set(s200, asModerator), nil),
		ap("PUT", "/api/v1/me/reminders", "/api/v1/me/reminders", none, access(s400, members...).set(s400, asModerator), map[string]any{"minutes_before": []int{1}}),
		liftRow("POST /api/v1/events/{id}/lifts", "/api/v1/events/%s/lifts", map[string]any{"kind": "offer", "seats": 1, "area": "Sentrum"}),
		liftRow("POST /api/v1/events/{id}/buddies", "/api/v1/events/%s/buddies", map[string]any{"area": "Sentrum"}),
		ap("GET", "/api/v1/events/{id}/lifts", "/api/v1/events/%s/lifts", cafe, access(s200, asMember, asModerator), nil),
		fresh("DELETE", "/api/v1/lifts/{id}", "/api/v1/lifts/%s", func(t *testing.T, w *authzWorld) []string {
			return []string{created(t, w.kari.Do("POST", "/api/v1/events/"+w.cafe+"/buddies", map[string]any{"area": "Sentrum"}), "id")}
		}, access(s204, asMember), nil),
		route{pattern: "POST /api/v1/lifts/{id}/propose", want: access([]int{409}, asMember), req: func(_ *testing.T, w *authzWorld, _ caller) rq {
			return at("POST", "/api/v1/lifts/%s/propose", w.neighbourAsk).json(map[string]any{"my_lift_id": w.lift})
		}},
		ap("POST", "/api/v1/lift-matches/{id}", "/api/v1/lift-matches/%s", ids(func(w *authzWorld) []string { return []string{w.liftMatch} }), access(s200, asMember), map[string]any{"agree": false}),
		route{pattern: "GET /calendar/{file}", want: signed(s200), anyone: true, req: perRow(func(t *testing.T, w *authzWorld) rq {
			return at("GET", "/calendar/"+w.feedFile(t))
		})},
		ap("GET", "/api/v1/calendar-feed", "/api/v1/calendar-feed", none, access(s200, comers...).set(s200, asOther), nil),
		ap("POST", "/api/v1/calendar-feed", "/api/v1/calendar-feed", none, access(s201, comers...).set(s201, asOther), empty),
		ap("PATCH", "/api/v1/calendar-feed", "/api/v1/calendar-feed", none, access(s200, comers...).set(s200, asOther), empty),
		ap("DELETE", "/api/v1/calendar-feed", "/api/v1/calendar-feed", none, access(s204, comers...).set(s204, asOther), nil),
		ap("GET", "/api/v1/research/report", "/api/v1/research/report", none, access(s200, asResearcher), nil),
		ap("GET", "/api/v1/research/export.csv", "/api/v1/research/export.csv", none, access(s200, asResearcher), nil),
	)
}

// liftRow is a row offering or asking on the café: A, who is going, may;
// those who see the café but have not answered are told to answer first
// (409); everyone else gets 404.
func liftRow(pattern, format string, body any) route {
	seeing := []caller{asModerator, asAdmin, asSuspended, asMuted, asOutsider}
	return route{pattern: pattern, want: access(s201, asMember).set([]int{409}, seeing...), visible: seeing, req: func(_ *testing.T, w *authzWorld, _ caller) rq {
		return at("POST", format, w.cafe).json(body)
	}}
}
