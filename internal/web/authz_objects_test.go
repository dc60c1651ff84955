package web_test

// objectRows aim routes the matrix already has at more kinds of object:
// a lift conversation and a conversation with the moderator, a thread and
// a category of A's community seen from another, the café, a circle post.
// They add object cases, not routes.
func objectRows() []route {
	liftConv := ids(func(w *authzWorld) []string { return []string{w.liftConv} })
	localThread := ids(func(w *authzWorld) []string { return []string{w.localThread} })
	reply := ids(func(w *authzWorld) []string { return []string{w.reply} })
	convs := append([]caller{asModerator}, asMember)
	return []route{
		ap("GET", "/api/v1/conversations/{id}", "/api/v1/conversations/%s", liftConv, access(s200, asMember), nil),
		ap("POST", "/api/v1/conversations/{id}/messages", "/api/v1/conversations/%s/messages", liftConv, access(s400, asMember), empty),
		pg("GET /messages/{id}", "/messages/%s", liftConv, access(s200, asMember)),
		pg("GET /messages/{id}", "/messages/%s", modConv, access(s200, convs...)),
		ap("GET", "/api/v1/conversations/{id}", "/api/v1/conversations/%s", modConv, access(s200, convs...), nil),
		ap("POST", "/api/v1/conversations/{id}/messages", "/api/v1/conversations/%s/messages", modConv, access(s400, convs...), empty),
		pf("POST /messages/{id}", "/messages/%s", modConv, access(s400, convs...)),
		// A Fjordvik thread and category: Granlia's member B does not see them.
		ap("GET", "/api/v1/forum/threads/{id}", "/api/v1/forum/threads/%s", localThread, forum(s200, asMember, asModerator, asMuted, asOutsider), nil),
		pg("GET /forum/threads/{id}", "/forum/threads/%s", localThread, forum(s200, asMember, asModerator, asMuted, asOutsider)),
		ap("GET", "/api/v1/forum/threads", "/api/v1/forum/threads?category_id=%s", localCat, forum(s200, asMember, asModerator, asMuted, asOutsider), nil),
		ap("POST", "/api/v1/forum/threads/{id}/posts", "/api/v1/forum/threads/%s/posts", localThread, forumWrite(s400, asMember, asModerator, asOutsider), empty),
		// A's post in her circle, and B's reply to A.
		pg("GET /forum/posts/{id}/edit", "/forum/posts/%s/edit", circlePost, forum(s200, asMember)),
		ap("PATCH", "/api/v1/forum/posts/{id}", "/api/v1/forum/posts/%s", circlePost, forumWrite(s400, asMember), empty),
		ap("GET", "/api/v1/forum/posts/{id}/revisions", "/api/v1/forum/posts/%s/revisions", circlePost, forum(s200, asMember), nil),
		pg("GET /forum/posts/{id}/fragment", "/forum/posts/%s/fragment", reply, forum(s200)),
		// The moderator's café.
		ap("GET", "/api/v1/events/{id}", "/api/v1/events/%s", cafe, access(s200, fjordvik...), nil),
		pg("GET /events/{id}", "/events/%s", cafe, access(s200, fjordvik...)),
		ap("GET", "/api/v1/events/{id}/occurrence", "/api/v1/events/%s/occurrence", cafe, access(s200, fjordvik...), nil),
		ap("PATCH", "/api/v1/events/{id}", "/api/v1/events/%s", cafe, access(s400, asModerator, asAdmin), empty),
		pg("GET /events/{id}/edit", "/events/%s/edit", cafe, access(s200, asModerator, asAdmin)),
		// Toolbox pages for every tool's item.
		toolPage("goals"), toolPage("activities"), toolPage("network"), toolPage("medications"),
	}
}

func toolPage(tool string) route {
	return pg("GET /toolbox/{tool}/{id}", "/toolbox/"+tool+"/%s", item(tool), access(s200, asMember))
}

// badBodyRows send moderation actions with bodies that fail validation:
// the routes do not exist for anyone but moderators, whatever the body.
func badBodyRows() []route {
	mods := []caller{asModerator, asAdmin}
	return []route{
		ap("POST", "/api/v1/moderation/posts/{id}/hide", "/api/v1/moderation/posts/%s/hide", modPost, access(s400, mods...), empty),
		ap("POST", "/api/v1/moderation/threads/{id}/title", "/api/v1/moderation/threads/%s/title", modThread, access(s400, mods...), empty),
		ap("POST", "/api/v1/moderation/threads/{id}/move", "/api/v1/moderation/threads/%s/move", modThread, access(s400, mods...), empty),
		ap("POST", "/api/v1/moderation/members/{pseudonym}/mute", "/api/v1/moderation/members/%s/mute", target, access(s400, mods...), empty),
	}
}
