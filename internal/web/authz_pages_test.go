package web_test

import (
	"net/url"
	"regexp"
	"testing"

	"reconnect/internal/testkit"
)

// Shorthands for rows whose request is the same for every caller.
func pg(pattern, format string, ids func(*authzWorld) []string, wt *want) route {
	return route{pattern: pattern, want: wt, req: func(_ *testing.T, w *authzWorld, _ caller) rq { return at("GET", format, ids(w)...) }}
}

func pf(pattern, format string, ids func(*authzWorld) []string, wt *want, kv ...string) route {
	return route{pattern: pattern, want: wt, req: func(_ *testing.T, w *authzWorld, _ caller) rq { return at("POST", format, ids(w)...).with(kv...) }}
}

func none(*authzWorld) []string { return nil }

func ids(f func(w *authzWorld) []string) func(*authzWorld) []string { return f }

var (
	circleThread = ids(func(w *authzWorld) []string { return []string{w.circleThread} })
	post         = ids(func(w *authzWorld) []string { return []string{w.post} })
	circlePost   = ids(func(w *authzWorld) []string { return []string{w.circlePost} })
	circle       = ids(func(w *authzWorld) []string { return []string{w.circle} })
	localCat     = ids(func(w *authzWorld) []string { return []string{w.local} })
	careConv     = ids(func(w *authzWorld) []string { return []string{w.careConv} })
	modConv      = ids(func(w *authzWorld) []string { return []string{w.modConv} })
	attachment   = ids(func(w *authzWorld) []string { return []string{w.careConv, w.attachment} })
	cafe         = ids(func(w *authzWorld) []string { return []string{w.cafe} })
	gathering    = ids(func(w *authzWorld) []string { return []string{w.gathering} })
	modPost      = ids(func(w *authzWorld) []string { return []string{w.modPost} })
	modThread    = ids(func(w *authzWorld) []string { return []string{w.modThread} })
	notice       = ids(func(w *authzWorld) []string { return []string{w.notice} })
	exercise     = ids(func(w *authzWorld) []string { return []string{w.exercise} })
	info         = ids(func(w *authzWorld) []string { return []string{w.info} })
	place        = ids(func(w *authzWorld) []string { return []string{w.place} })
	reserved     = ids(func(w *authzWorld) []string { return []string{w.reserved} })
	memberAcct   = ids(func(w *authzWorld) []string { return []string{w.memberID} })
	reveal       = ids(func(w *authzWorld) []string { return []string{w.reveal} })
	journal      = ids(func(w *authzWorld) []string { return []string{w.items["journal"]} })
	activity     = ids(func(w *authzWorld) []string { return []string{w.items["activities"]} })
	sharedCat    = ids(func(w *authzWorld) []string { return []string{w.shared} })
)

// pageRows is the page half of the matrix, in the order of routes().
func pageRows() []route {
	home := signed(s200)
	return []route{
		{pattern: "GET /static/{file}", want: signed(s200), anyone: true, req: perRow(func(t *testing.T, w *authzWorld) rq {
			css := regexp.MustCompile(`/static/[^"]+\.css`).FindString(w.Client(t).Get("/login").Text())
			if css == "" {
				t.Fatal("no stylesheet on the sign-in page")
			}
			return at("GET", css)
		})},
		{pattern: "GET /{$}", req: fixed(at("GET", "/")), want: home, anyone: true},
		{pattern: "GET /crisis", req: fixed(at("GET", "/crisis")), want: signed(s200), anyone: true},
		{pattern: "GET /terms", req: fixed(at("GET", "/terms")), want: signed(s200), anyone: true},
		{pattern: "POST /language", req: fixed(at("POST", "/language").with("lang", "nb")), want: signed(s303), anyone: true},

		{pattern: "GET /login", req: fixed(at("GET", "/login")), want: signed(s303), anonOK: s200},
		{pattern: "POST /login", req: fixed(rq{method: "POST", path: "/login", form: url.Values{"login": {"target"}, "password": {testkit.Password}}, fresh: true}), want: signed(s303), anyone: true},
		{pattern: "POST /logout", req: fixed(rq{method: "POST", path: "/logout", fresh: true}), want: signed(s303)},
		{pattern: "POST /auth/eid/start", req: fixed(at("POST", "/auth/eid/start")), want: signed(s404), anyone: true},
		{pattern: "GET /auth/eid/callback", req: fixed(at("GET", "/auth/eid/callback")), want: signed(s404), anyone: true},
		{pattern: "GET /auth/eid/logout", req: fixed(at("GET", "/auth/eid/logout")), want: signed(s404), anyone: true},
		{pattern: "GET /register", req: fixed(at("GET", "/register")), want: signed(s200), anyone: true},
		{pattern: "POST /register", req: fixed(at("POST", "/register")), want: signed(s400), anonOK: s400},

		pg("GET /consent", "/consent", none, signed(s200)),
		pf("POST /consent", "/consent", none, signed(s400)),
		pg("GET /onboarding", "/onboarding", none, signed(s303)),
		pg("GET /onboarding/pseudonym", "/onboarding/pseudonym", none, signed(s303)),
		pf("POST /onboarding/pseudonym", "/onboarding/pseudonym", none, access(s400, forumers...).set(s400, asSuspended)),
		pg("GET /onboarding/name", "/onboarding/name", none, signed(s303)),
		pf("POST /onboarding/name", "/onboarding/name", none, access(s400, staff...)),
		pg("GET /onboarding/welcome", "/onboarding/welcome", none, signed(s303)),
		pf("POST /onboarding/welcome", "/onboarding/welcome", none, signed(s303)),

		pg("GET /settings", "/settings", none, signed(s200)),
		pf("POST /settings/language", "/settings/language", none, signed(s303), "language", "nb"),
		pf("POST /settings/password", "/settings/password", none, signed(s400), "current", "wrong", "new", "another long password"),
		pf("POST /settings/tokens", "/settings/tokens", none, signed(s201), "token_name", "matrise"),
		pf("POST /settings/pseudonym", "/settings/pseudonym", none, access(s400, forumers...).set(s400, asSuspended)),
		pf("POST /settings/study", "/settings/study", none, signed(s303), "study", "no"),
		{pattern: "POST /settings/passkeys/{id}/remove", want: access(s303, asMember), req: perRow(func(t *testing.T, w *authzWorld) rq {
			return at("POST", "/settings/passkeys/%s/remove", w.passkey(t))
		})},
		{pattern: "POST /settings/tokens/{id}/revoke", want: access(s303, asMember), req: perRow(func(t *testing.T, w *authzWorld) rq {
			return at("POST", "/settings/tokens/%s/revoke", w.token(t))
		})},
		pf("POST /settings/email", "/settings/email", none, signed(s400), "email", "not an address"),
		pf("POST /settings/email/notices", "/settings/email/notices", none, signed(s400)),
		pg("GET /settings/my-data", "/settings/my-data", none, signed(s200)),
		pf("POST /settings/email/remove", "/settings/email/remove", none, signed(s303)),
		pg("GET /settings/email/verify", "/settings/email/verify", none, signed(s200)),
		pf("POST /settings/calendar", "/settings/calendar", none, access(s201, asMember, asModerator, asSuspended, asMuted, asOutsider, asOther)),
		pf("POST /settings/calendar/new-link", "/settings/calendar/new-link", none, access(s201, asMember, asModerator, asSuspended, asMuted, asOutsider, asOther)),
		pf("POST /settings/calendar/titles", "/settings/calendar/titles", none, access(s303, asMember, asModerator, asSuspended, asMuted, asOutsider, asOther)),
		pf("POST /settings/calendar/off", "/settings/calendar/off", none, access(s303, asMember, asModerator, asSuspended, asMuted, asOutsider, asOther)),
		pf("POST /settings/email/verify", "/settings/email/verify", none, signed(s400), "code", "wrong"),
		pf("POST /settings/delete", "/settings/delete", none, signed(s400)),
		pf("POST /settings/delete/cancel", "/settings/delete/cancel", none, signed(s303)),

		pg("GET /settings/notifications", "/settings/notifications", none, signed(s200)),
		pf("POST /settings/notifications", "/settings/notifications", none, signed(s400)),
		pf("POST /notifications/{id}/read", "/notifications/%s/read", notice, access(s303, asMember)),
		pg("GET /notifications", "/notifications", none, signed(s200)),
		pf("POST /notifications/read", "/notifications/read", none, signed(s303)),
		pg("GET /people", "/people", none, access(s200, members...).set(s200, asModerator)),
		pf("POST /people/reveal", "/people/reveal", none, access(s400, members...).set(s400, asModerator)),
		pf("POST /people/reveals/{id}/stop", "/people/reveals/%s/stop", reveal, access(s303, asMember)),
		pf("POST /people/ask", "/people/ask", none, access(s400, members...).set(s400, asModerator)),
		{pattern: "POST /people/requests/{id}/answer", want: access(s303, asOther), req: perRow(func(t *testing.T, w *authzWorld) rq {
			return at("POST", "/people/requests/%s/answer", w.ask(t, w.neighbour, "Morgengry")).with("answer", "decline")
		})},
		{pattern: "POST /people/requests/{id}/withdraw", want: access(s303, asMember), req: perRow(func(t *testing.T, w *authzWorld) rq {
			return at("POST", "/people/requests/%s/withdraw", w.ask(t, w.kari, "Naboskogen"))
		})},
		pg("GET /forum", "/forum", none, forum(s200)),
		pg("GET /forum/categories/{id}", "/forum/categories/%s", localCat, forum(s200, asMember, asModerator, asMuted, asOutsider)),
		pg("GET /forum/unread", "/forum/unread", none, forum(s200)),
		pg("GET /forum/search", "/forum/search?q=dager", none, forum(s200)),
		pg("GET /forum/new", "/forum/new", none, forum(s200)),
		pf("POST /forum/new", "/forum/new", none, forumWrite(s400)),
		pg("GET /forum/threads/{id}", "/forum/threads/%s", circleThread, forum(s200, asMember, asOther)),
		pf("POST /forum/threads/{id}/reply", "/forum/threads/%s/reply", circleThread, forumWrite(s400, asMember, asOther).set(s404, asMuted)),
		pf("POST /forum/threads/{id}/watch", "/forum/threads/%s/watch", circleThread, forum(s303, asMember, asOther), "level", "watch"),
		pg("GET /forum/posts/{id}/fragment", "/forum/posts/%s/fragment", circlePost, forum(s200, asMember, asOther)),
		pg("GET /forum/posts/{id}/edit", "/forum/posts/%s/edit", post, forum(s200, asMember)),
		pf("POST /forum/posts/{id}/edit", "/forum/posts/%s/edit", post, forumWrite(s400, asMember).set(s404, asMuted)),
		{pattern: "POST /forum/posts/{id}/delete", want: forumWrite(s303, asMember).set(s404, asMuted), req: perRow(func(t *testing.T, w *authzWorld) rq {
			return at("POST", "/forum/posts/%s/delete", w.newPost(t))
		})},
		pf("POST /forum/posts/{id}/react", "/forum/posts/%s/react", circlePost, forumWrite(s303, asMember, asOther).set(s404, asMuted), "toggle", "support"),
		pg("GET /forum/posts/{id}/history", "/forum/posts/%s/history", post, forum(s200, asMember, asModerator)),
		{pattern: "GET /forum/members/{pseudonym}", want: forum(s200), echo: "Havbris", req: fixed(at("GET", "/forum/members/%s", "Havbris"))},
		pg("GET /privacy-check", "/privacy-check", none, access(s200, members...).set(s200, asModerator)),
		pf("POST /privacy-check", "/privacy-check", none, access(s200, members...).set(s200, asModerator), "text", "Hei"),
		pg("GET /circles", "/circles", none, access(s200, members...).set(s200, asModerator)),
		pf("POST /circles", "/circles", none, access(s400, members...).set(s400, asModerator)),
		pg("GET /circles/{id}", "/circles/%s", circle, access(s200, asMember, asOther)),
		{pattern: "POST /circles/{id}/invite", want: access(s400, asMember).set(s403, asOther), visible: []caller{asOther}, req: func(_ *testing.T, w *authzWorld, _ caller) rq {
			return at("POST", "/circles/%s/invite", w.circle)
		}},
		pf("POST /circles/{id}/join", "/circles/%s/join", circle, access(s404)),
		pf("POST /circles/{id}/decline", "/circles/%s/decline", circle, access(s404)),
		{pattern: "POST /circles/{id}/leave", want: access(s303, asMember, asOther), req: perCaller(func(t *testing.T, w *authzWorld) rq {
			return at("POST", "/circles/%s/leave", w.newCircle(t))
		})},
		{pattern: "POST /circles/{id}/remove", want: access(s303, asMember).set(s403, asOther), visible: []caller{asOther}, req: perRow(func(t *testing.T, w *authzWorld) rq {
			return at("POST", "/circles/%s/remove", w.newCircle(t)).with("pseudonym", "Morgengry")
		})},

		pg("GET /invitations", "/invitations", none, access(s200, asAdmin, asModerator, asProvider, asUnlinked)),
		pf("POST /invitations", "/invitations", none, access(s400, asAdmin, asModerator, asProvider, asUnlinked)),
		{pattern: "POST /invitations/{id}/revoke", want: access(s303, asModerator, asAdmin), req: perCaller(func(t *testing.T, w *authzWorld) rq {
			return at("POST", "/invitations/%s/revoke", w.invite(t))
		})},

		pg("GET /admin/communities", "/admin/communities", none, access(s200, asAdmin)),
		pf("POST /admin/communities", "/admin/communities", none, access(s400, asAdmin)),
		pg("GET /admin/documents", "/admin/documents", none, access(s200, asAdmin)),
		pf("POST /admin/documents", "/admin/documents", none, access(s400, asAdmin)),
		pg("GET /admin/reserved-pseudonyms", "/admin/reserved-pseudonyms", none, access(s200, asAdmin)),
		pf("POST /admin/reserved-pseudonyms", "/admin/reserved-pseudonyms", none, access(s400, asAdmin)),
		pf("POST /admin/reserved-pseudonyms/{id}/remove", "/admin/reserved-pseudonyms/%s/remove", reserved, access(s303, asAdmin)),
		pg("GET /forum/posts/{id}/flag", "/forum/posts/%s/flag", post, forum(s200, asModerator, asMuted, asOutsider, asOther)),
		pg("GET /forum/settings", "/forum/settings", none, forum(s200).set(s200, asSuspended)),
		pg("GET /forum/my-moderation", "/forum/my-moderation", none, forum(s200).set(s200, asSuspended)),
		pf("POST /forum/settings/{action}", "/forum/settings/words", none, forum(s303), "words", ""),
		{pattern: "POST /forum/posts/{id}/flag", want: forumWrite(s400, asModerator, asMuted, asOutsider, asOther), visible: []caller{asMuted}, req: fixed(at("POST", "/forum/posts/%s/flag", "1"))},
		pg("GET /moderation", "/moderation", none, access(s200, asModerator, asAdmin)),
		pg("GET /moderation/log", "/moderation/log", none, access(s200, asModerator, asAdmin)),
		pg("GET /moderation/unanswered", "/moderation/unanswered", none, access(s200, asModerator, asAdmin)),
		pg("GET /moderation/quiet", "/moderation/quiet", none, access(s200, asModerator, asAdmin)),
		pg("GET /care", "/care", none, access(s200, members...).set(s200, asProvider, asUnlinked)),
		pf("POST /care/{action}", "/care/accept", none, access(s400, members...), "code", "wrong"),
		pg("GET /messages", "/messages", none, access(s200, members...).set(s200, asModerator, asProvider, asUnlinked)),
		pg("GET /messages/new", "/messages/new", none, access(s200, members...).set(s200, asModerator, asProvider, asUnlinked)),
		pf("POST /messages/new", "/messages/new", none, access(s400, members...).set(s400, asModerator, asProvider, asUnlinked)),
		pg("GET /messages/{id}", "/messages/%s", careConv, access(s200, asMember, asProvider)),
		pf("POST /messages/{id}", "/messages/%s", careConv, access(s400, asMember, asProvider)),
		pf("POST /messages/{id}/{action}", "/messages/%s/reopen", careConv, access(s303, asMember, asProvider)),
		pg("GET /messages/{id}/attachments/{file}", "/messages/%s/attachments/%s", attachment, access(s200, asMember, asProvider)),
		pg("GET /care/access-log", "/care/access-log", none, access(s200, members...)),
		pg("GET /toolbox", "/toolbox", none, access(s200, members...)),
		pg("GET /toolbox/crisis-plan", "/toolbox/crisis-plan", none, access(s200, members...)),
		pf("POST /toolbox/crisis-plan", "/toolbox/crisis-plan", none, access(s303, members...)),
		pg("GET /toolbox/crisis-plan/print", "/toolbox/crisis-plan/print", none, access(s200, members...)),
		pf("POST /toolbox/shares", "/toolbox/shares", none, access(s400, members...)),
		{pattern: "POST /toolbox/shares/{id}", want: access(s303, asMember), req: perRow(func(t *testing.T, w *authzWorld) rq {
			return at("POST", "/toolbox/shares/%s", w.newShare(t))
		})},
		pf("POST /toolbox/activities/{id}/done", "/toolbox/activities/%s/done", activity, access(s303, asMember), "date", "2026-11-30"),
		pg("GET /toolbox/calendar", "/toolbox/calendar", none, access(s200, members...)),
		pg("GET /research", "/research", none, access(s200, asResearcher)),
		pg("GET /events", "/events", none, access(s200, members...).set(s200, asModerator, asAdmin)),
		pg("GET /events/new", "/events/new", none, access(s200, members...).set(s200, asModerator, asAdmin)),
		pf("POST /events/new", "/events/new", none, access(s400, members...).set(s400, asModerator, asAdmin)),
		pg("GET /events/guide", "/events/guide", none, access(s200, members...).set(s200, asModerator, asAdmin)),
		pf("POST /events/reminders", "/events/reminders", none, access(s303, members...).set(s303, asModerator)),
		pg("GET /events/{id}", "/events/%s", gathering, access(s200, asMember, asModerator, asAdmin, asSuspended, asMuted, asOutsider)),
		{pattern: "POST /events/{id}/rsvp", want: access(s400, asMember, asModerator, asSuspended, asMuted, asOutsider), req: func(_ *testing.T, w *authzWorld, _ caller) rq {
			return at("POST", "/events/%s/rsvp", gathering(w)...).with("at", w.at())
		}},
		pg("GET /events/{id}/edit", "/events/%s/edit", gathering, access(s200, asMember, asModerator, asAdmin)),
		pf("POST /events/{id}/edit", "/events/%s/edit", gathering, access(s400, asMember, asModerator, asAdmin)),
		{pattern: "POST /events/{id}/occurrence", want: access(s303, asMember, asModerator, asAdmin), req: func(_ *testing.T, w *authzWorld, _ caller) rq {
			return at("POST", "/events/%s/occurrence", gathering(w)...).with("at", w.at(), "action", "restore")
		}},
		{pattern: "POST /events/{id}/attendance", want: access(s400, asMember), req: func(_ *testing.T, w *authzWorld, _ caller) rq {
			return at("POST", "/events/%s/attendance", gathering(w)...).with("at", w.at())
		}},
		{pattern: "POST /events/{id}/lifts", want: access(s303, asMember).set([]int{409}, asModerator, asSuspended, asMuted, asOutsider), visible: []caller{asModerator, asSuspended, asMuted, asOutsider}, req: func(_ *testing.T, w *authzWorld, _ caller) rq {
			return at("POST", "/events/%s/lifts", cafe(w)...).with("at", w.at(), "action", "add", "kind", "offer", "seats", "1", "area", "Sentrum")
		}},
		{pattern: "POST /events/{id}/flag", want: access(s303, asMember, asModerator, asSuspended, asMuted, asOutsider), req: func(_ *testing.T, w *authzWorld, _ caller) rq {
			return at("POST", "/events/%s/flag", gathering(w)...).with("at", w.at(), "reason", "other", "note", "Matrise")
		}},
		{pattern: "POST /events/{id}/reflection", want: access(s400, asModerator), req: func(_ *testing.T, w *authzWorld, _ caller) rq {
			return at("POST", "/events/%s/reflection", cafe(w)...).with("at", w.at())
		}},
		pg("GET /toolbox/{tool}", "/toolbox/journal", none, access(s200, members...)),
		pf("POST /toolbox/{tool}", "/toolbox/journal", none, access(s400, members...)),
		pg("GET /toolbox/{tool}/{id}", "/toolbox/journal/%s", journal, access(s200, asMember)),
		pf("POST /toolbox/{tool}/{id}", "/toolbox/journal/%s", journal, access(s400, asMember)),
		pg("GET /library", "/library", none, access(s200, members...).set(s200, asModerator, asAdmin)),
		{pattern: "POST /local-links", want: access(s400, asModerator, asAdmin), req: perRow(func(t *testing.T, w *authzWorld) rq {
			return at("POST", "/local-links").with("community_id", id(w.Fjordvik.ID))
		})},
		{pattern: "POST /local-links/{id}", want: access(s400, asModerator, asAdmin), req: perRow(func(t *testing.T, w *authzWorld) rq {
			return at("POST", "/local-links/%s", w.localLink).with("community_id", id(w.Fjordvik.ID))
		})},
		pg("GET /library/{kind}/new", "/library/exercise/new", none, access(s200, asModerator, asAdmin)),
		pf("POST /library/{kind}/new", "/library/exercise/new", none, access(s400, asModerator, asAdmin)),
		pg("GET /library/{kind}/{id}", "/library/exercise/%s", exercise, access(s200, members...).set(s200, asModerator, asAdmin)),
		pf("POST /library/{kind}/{id}", "/library/exercise/%s", exercise, access(s400, members...)),
		pg("GET /library/{kind}/{id}/edit", "/library/exercise/%s/edit", exercise, access(s200, asModerator, asAdmin)),
		pf("POST /library/{kind}/{id}/edit", "/library/exercise/%s/edit", exercise, access(s400, asModerator, asAdmin)),
		pg("GET /shared", "/shared", none, access(s200, asProvider, asUnlinked)),
		pg("GET /shared/{member}/{tool}", "/shared/%s/network", memberAcct, access(s200, asProvider)),
		pg("GET /moderation/posts/{id}", "/moderation/posts/%s", modPost, access(s200, asModerator, asAdmin)),
		pf("POST /moderation/posts/{id}/{action}", "/moderation/posts/%s/dismiss", modPost, access([]int{409}, asModerator, asAdmin)),
		pg("GET /moderation/threads/{id}", "/moderation/threads/%s", modThread, access(s200, asModerator, asAdmin)),
		pf("POST /moderation/threads/{id}/{action}", "/moderation/threads/%s/unpin", modThread, access(s303, asModerator, asAdmin)),
		pg("GET /moderation/members/{pseudonym}", "/moderation/members/%s", ids(func(*authzWorld) []string { return []string{"Maalskive"} }), access(s200, asModerator, asAdmin)),
		pf("POST /moderation/members/{pseudonym}/{action}", "/moderation/members/%s/lift", ids(func(*authzWorld) []string { return []string{"Maalskive"} }), access([]int{409}, asModerator, asAdmin), "kind", "mute"),
		pg("GET /admin/care", "/admin/care", none, access(s200, asAdmin)),
		pf("POST /admin/care", "/admin/care", none, access(s400, asAdmin)),
		{pattern: "POST /admin/care/{id}/end", want: access(s303, asAdmin), req: perRow(func(t *testing.T, w *authzWorld) rq {
			return at("POST", "/admin/care/%s/end", w.spareLink(t))
		})},
		pg("GET /admin/forum/categories", "/admin/forum/categories", none, access(s200, asAdmin)),
		pf("POST /admin/forum/categories", "/admin/forum/categories", none, access(s400, asAdmin)),
		pg("GET /admin/forum/categories/{id}", "/admin/forum/categories/%s", sharedCat, access(s200, asAdmin)),
		pf("POST /admin/forum/categories/{id}", "/admin/forum/categories/%s", sharedCat, access(s400, asAdmin)),
		pg("GET /admin/places", "/admin/places", none, access(s200, asAdmin)),
		pf("POST /admin/places", "/admin/places", none, access(s400, asAdmin)),
		pf("POST /admin/places/{id}/remove", "/admin/places/%s/remove", place, access(s303, asAdmin)),
		pg("GET /admin/identity-lookup", "/admin/identity-lookup", none, access(s200, asAdmin)),
		pf("POST /admin/identity-lookup", "/admin/identity-lookup", none, access(s400, asAdmin)),
		pg("GET /admin/accounts", "/admin/accounts", none, access(s200, asAdmin)),
		pg("GET /admin/accounts/{id}", "/admin/accounts/%s", memberAcct, access(s200, asAdmin)),
		pf("POST /admin/accounts/{id}", "/admin/accounts/%s", memberAcct, access(s400, asAdmin)),
	}
}
