package api

import (
	"context"
	"net/http"

	"reconnect/internal/export"
	"reconnect/internal/identity"
)

// Route is one API route and its documentation. The route table below is
// the only place routes are registered, and the OpenAPI document is built
// from it; a test checks the two against the router.
type Route struct {
	Method  string
	Path    string
	Handler http.Handler
	Doc     Doc
}

// Pattern is the ServeMux pattern for the route.
func (r Route) Pattern() string { return r.Method + " " + r.Path }

// Doc documents a route for the OpenAPI document.
type Doc struct {
	Summary  string
	Access   string // who may call it
	Request  any    // zero value of the request body type, or nil
	Response any    // zero value of the response body type, or nil for none
	Status   int    // status on success
	Query    []Param
	Raw      string // content type of a non-JSON response
}

// Param is a documented query parameter.
type Param struct {
	Name, Description string
}

var listParams = []Param{{"limit", "page size, 1 to 200 (default 50)"}, {"cursor", "next_cursor from the previous page"}}

// Routes returns every API and meta route.
func (a *API) Routes() []Route {
	signedIn := "signed in (session cookie or bearer token)"
	forumAccess := "service users and peer moderators who are not suspended"
	forumWrite := "service users and peer moderators who are neither muted nor suspended"
	moderates := "peer moderators (posts and threads in their communities and shared categories) and administrators"
	sanctions := "peer moderators (members of their own communities, not other moderators) and administrators"
	return append([]Route{
		{"GET", "/healthz", http.HandlerFunc(a.healthz), Doc{Summary: "The process is up", Access: "anyone", Response: Health{}, Status: 200}},
		{"GET", "/readyz", http.HandlerFunc(a.readyz), Doc{Summary: "The database answers", Access: "anyone", Response: Health{}, Status: 200}},
		{"GET", "/metrics", a.metrics(), Doc{Summary: "Prometheus metrics (404 here when served on a separate address)", Access: "anyone on the metrics address", Status: 200, Raw: "text/plain"}},
		{"GET", "/api/v1/openapi.json", http.HandlerFunc(a.openapi), Doc{Summary: "This document", Access: "anyone", Status: 200, Raw: "application/json"}},

		{"POST", "/api/v1/auth/login", a.anon(a.login), Doc{Summary: "Sign in with login and password; sets the session cookie", Access: "anyone", Request: LoginRequest{}, Response: UserEnvelope{User: User{}}, Status: 200}},
		{"POST", "/api/v1/auth/logout", a.authed(a.logout), Doc{Summary: "End the session on the server", Access: signedIn, Status: 204}},
		{"POST", "/api/v1/auth/register", a.anon(a.register), Doc{Summary: "Accept an invitation and create an account; signs in", Access: "anyone with an open invitation", Request: RegisterRequest{}, Response: UserEnvelope{User: User{}}, Status: 201}},
		{"POST", "/api/v1/auth/tokens", a.authed(a.createToken), Doc{Summary: "Create a personal access token (shown once)", Access: signedIn, Request: TokenRequest{}, Response: TokenCreated{}, Status: 201}},
		{"GET", "/api/v1/auth/tokens", a.authed(a.listTokens), Doc{Summary: "List my access tokens", Access: signedIn, Response: List[Token]{}, Status: 200}},
		{"DELETE", "/api/v1/auth/tokens/{id}", a.authed(a.revokeToken), Doc{Summary: "Revoke one of my access tokens", Access: signedIn, Status: 204}},

		{"POST", "/api/v1/auth/passkey/login/begin", a.anon(a.beginPasskeyLogin), Doc{Summary: "Start signing in with a passkey: options for navigator.credentials.get", Access: "anyone", Response: CeremonyOptions{}, Status: 200}},
		{"POST", "/api/v1/auth/passkey/login/finish", a.anon(a.finishPasskeyLogin), Doc{Summary: "Finish signing in with a passkey (body: the credential as the browser's toJSON gives it); sets the session cookie", Access: "anyone with a passkey", Response: UserEnvelope{User: User{}}, Status: 200}},
		{"POST", "/api/v1/auth/passkey/signup/begin", a.anon(a.beginSignup), Doc{Summary: "Start joining with a passkey from an invitation: options for navigator.credentials.create", Access: "anyone with an open invitation", Request: SignupBegin{}, Response: CeremonyOptions{}, Status: 200}},
		{"POST", "/api/v1/auth/passkey/signup/finish", a.anon(a.finishSignup), Doc{Summary: "Finish joining: the account and its passkey are created together; signs in", Access: "anyone who began", Response: UserEnvelope{User: User{}}, Status: 201}},
		{"POST", "/api/v1/passkeys/begin", a.authed(a.beginAddPasskey), Doc{Summary: "Start adding a passkey to my account", Access: signedIn, Response: CeremonyOptions{}, Status: 200}},
		{"POST", "/api/v1/passkeys", a.authed(a.finishAddPasskey), Doc{Summary: "Finish adding a passkey (body: the credential; ?name= names it)", Access: signedIn, Response: List[Passkey]{}, Status: 201, Query: []Param{{"name", "a name for the passkey"}}}},
		{"GET", "/api/v1/passkeys", a.authed(a.listPasskeys), Doc{Summary: "My passkeys", Access: signedIn, Response: List[Passkey]{}, Status: 200}},
		{"DELETE", "/api/v1/passkeys/{id}", a.authed(a.removePasskey), Doc{Summary: "Remove one of my passkeys (not my last way to sign in)", Access: signedIn, Status: 204}},

		{"GET", "/api/v1/me", a.authed(a.me), Doc{Summary: "My account; the real name only ever to its owner", Access: signedIn, Response: Me{}, Status: 200}},
		{"GET", "/api/v1/me/export", a.authed(a.myExport), Doc{Summary: "All my data: profile, consents, pseudonyms, reveals, circles, forum, conversations, toolbox, events, notices and the access log; JSON, or with format=zip a ZIP of data.json and a readable summary.html. Never anyone else's data, never secrets", Access: signedIn, Response: export.Data{}, Status: 200, Query: []Param{{"format", "json (default) or zip"}}}},
		{"DELETE", "/api/v1/me", a.authed(a.deleteMe), Doc{Summary: "Ask for my account to be deleted after the cooling-off period (default 7 days; signing in cancels it); forum_posts keep_anonymous or delete. 409 staff_account for providers, researchers and administrators (an administrator closes those), 409 deletion_pending when already asked", Access: "service users and peer moderators", Request: DeletionRequest{}, Response: DeletionStatus{}, Status: 202}},
		{"GET", "/api/v1/me/deletion", a.authed(a.deletionStatus), Doc{Summary: "My pending account deletion, if any", Access: signedIn, Response: DeletionStatus{}, Status: 200}},
		{"POST", "/api/v1/me/deletion/cancel", a.authed(a.cancelDeletion), Doc{Summary: "Cancel my pending account deletion (404 when none is pending)", Access: signedIn, Status: 204}},
		{"GET", "/api/v1/me/preferences", a.authed(a.preferences), Doc{Summary: "My preferences", Access: signedIn, Response: Preferences{}, Status: 200}},
		{"PATCH", "/api/v1/me/preferences", a.authed(a.patchPreferences), Doc{Summary: "Change my preferences; a new email gets a verification link (valid 48 h), \"\" removes it", Access: signedIn, Request: PreferencesPatch{}, Response: Preferences{}, Status: 200}},
		{"POST", "/api/v1/me/email/verify", a.authed(a.verifyEmail), Doc{Summary: "Verify my e-mail address with the code from the link sent to it (once, within 48 hours)", Access: signedIn, Request: EmailVerification{}, Status: 204}},
		{"POST", "/api/v1/me/password", a.authed(a.changePassword), Doc{Summary: "Change my password; signs out my other sessions", Access: signedIn, Request: PasswordChange{}, Status: 204}},

		{"GET", "/api/v1/consents", a.authed(a.consents), Doc{Summary: "The current consent documents, which await my answer, and my study answer", Access: signedIn, Response: ConsentState{}, Status: 200}},
		{"POST", "/api/v1/consents", a.authed(a.answerConsents), Doc{Summary: "Accept the current required documents and answer the study question", Access: signedIn, Request: ConsentAnswer{}, Status: 204}},
		{"DELETE", "/api/v1/consents/study", a.authed(a.withdrawStudy), Doc{Summary: "Withdraw my study consent from now on (?forget=1 also deletes what was recorded about my use)", Access: signedIn, Status: 204,
			Query: []Param{{"forget", "1 to delete my past usage events too"}}}},
		{"DELETE", "/api/v1/me/usage", a.authed(a.forgetUsage), Doc{Summary: "Delete the usage events recorded about me for research", Access: signedIn, Status: 204}},
		{"POST", "/api/v1/admin/consent-documents", a.authed(a.publishDocument), Doc{Summary: "Publish a new version of a consent document (members are asked again at next sign-in)", Access: "admin", Request: DocumentRequest{}, Response: Document{}, Status: 201}},
		{"GET", "/api/v1/onboarding", a.authed(a.onboarding), Doc{Summary: "My next onboarding step: consent, pseudonym, name, welcome, or empty when done", Access: signedIn, Response: Onboarding{}, Status: 200}},
		{"POST", "/api/v1/onboarding/finish", a.authed(a.finishOnboarding), Doc{Summary: "Finish onboarding after the welcome", Access: signedIn, Response: Onboarding{}, Status: 200}},
		{"PUT", "/api/v1/me/name", a.authed(a.setName), Doc{Summary: "Set the name I am known by (providers, administrators, researchers)", Access: "staff roles", Request: NameRequest{}, Status: 204}},
		{"POST", "/api/v1/pseudonyms/check", a.authed(a.checkPseudonym), Doc{Summary: "May I take this pseudonym? (for checking as one types)", Access: signedIn, Request: PseudonymRequest{}, Response: PseudonymCheck{}, Status: 200}},
		{"PUT", "/api/v1/me/pseudonym", a.authed(a.changePseudonym), Doc{Summary: "Change my pseudonym (at most once per 30 days; the old one is held for me for a year)", Access: "service users and peer moderators", Request: PseudonymRequest{}, Response: User{}, Status: 200}},
		{"GET", "/api/v1/admin/reserved-pseudonyms", a.authed(a.listReservedWords), Doc{Summary: "Words no new pseudonym may be or pose as, added by administrators", Access: "admin", Response: List[ReservedWord]{}, Status: 200}},
		{"POST", "/api/v1/admin/reserved-pseudonyms", a.authed(a.addReservedWord), Doc{Summary: "Reserve a word", Access: "admin", Request: ReservedWordRequest{}, Response: ReservedWord{}, Status: 201}},
		{"DELETE", "/api/v1/admin/reserved-pseudonyms/{id}", a.authed(a.removeReservedWord), Doc{Summary: "Release a reserved word", Access: "admin", Status: 204}},

		{"POST", "/api/v1/reveals", a.authed(a.reveal), Doc{Summary: "Show one member who I am (a shown name and a note); nobody else sees it", Access: "service users and peer moderators", Request: RevealRequest{}, Response: Reveal{}, Status: 201}},
		{"GET", "/api/v1/reveals", a.authed(a.listReveals), Doc{Summary: "What I show others, and what others show me", Access: signedIn, Response: Reveals{}, Status: 200}},
		{"DELETE", "/api/v1/reveals/{id}", a.authed(a.stopReveal), Doc{Summary: "Stop showing my name to that member from now on", Access: "the member who revealed", Status: 204}},
		{"POST", "/api/v1/reveal-requests", a.authed(a.askToKnow), Doc{Summary: "Ask a member: would you like to know each other?", Access: "service users and peer moderators", Request: RevealRequest{}, Response: KnowRequest{}, Status: 201}},
		{"GET", "/api/v1/reveal-requests", a.authed(a.listKnowRequests), Doc{Summary: "Requests to me awaiting an answer, and mine (sent or accepted; a decline is never told)", Access: signedIn, Response: KnowRequests{}, Status: 200}},
		{"POST", "/api/v1/reveal-requests/{id}/answer", a.authed(a.answerKnowRequest), Doc{Summary: "Accept (both reveal) or decline a request to me", Access: "the asked member", Request: KnowAnswer{}, Status: 204}},
		{"DELETE", "/api/v1/reveal-requests/{id}", a.authed(a.cancelKnowRequest), Doc{Summary: "Withdraw my request", Access: "the asker", Status: 204}},

		{"POST", "/api/v1/privacy/check", a.authed(a.privacyCheck), Doc{Summary: "Check a draft for details that may identify me or others, and for crisis language (crisis: concern or intent; the draft is not stored or sent); advises, never blocks", Access: "service users and peer moderators", Request: PrivacyCheckRequest{}, Response: PrivacyCheck{}, Status: 200}},

		{"GET", "/api/v1/admin/places", a.authed(a.listPlaces), Doc{Summary: "A community's local places, which the identifying-details check looks for", Access: "admin", Response: List[Place]{}, Status: 200, Query: []Param{{"community_id", "the community"}}}},
		{"POST", "/api/v1/admin/places", a.authed(a.addPlace), Doc{Summary: "Add a local place", Access: "admin", Request: PlaceRequest{}, Response: Place{}, Status: 201}},
		{"DELETE", "/api/v1/admin/places/{id}", a.authed(a.removePlace), Doc{Summary: "Remove a local place", Access: "admin", Status: 204}},

		{"POST", "/api/v1/circles", a.authed(a.createCircle), Doc{Summary: "Create a circle and invite members by pseudonym (they must accept)", Access: "service users and peer moderators", Request: CircleRequest{}, Response: Circle{}, Status: 201}},
		{"GET", "/api/v1/circles", a.authed(a.listCircles), Doc{Summary: "Circles I belong to or am invited to", Access: signedIn, Response: List[Circle]{}, Status: 200}},
		{"GET", "/api/v1/circles/{id}", a.authed(a.getCircle), Doc{Summary: "A circle and its people", Access: "its members and invitees", Response: Circle{}, Status: 200}},
		{"POST", "/api/v1/circles/{id}/members", a.authed(a.inviteToCircle), Doc{Summary: "Invite more members", Access: "the circle's creator", Request: CircleMembersRequest{}, Response: Circle{}, Status: 200}},
		{"DELETE", "/api/v1/circles/{id}/members/{pseudonym}", a.authed(a.removeFromCircle), Doc{Summary: "Remove a member or withdraw an invitation", Access: "the circle's creator", Status: 204}},
		{"POST", "/api/v1/circles/{id}/join", a.authed(a.circleAction(func(r *http.Request, u *identity.User, id int64) error {
			return a.Identity.AnswerCircleInvite(r.Context(), u, id, true)
		})), Doc{Summary: "Accept an invitation to a circle", Access: "invitees", Status: 204}},
		{"POST", "/api/v1/circles/{id}/decline", a.authed(a.circleAction(func(r *http.Request, u *identity.User, id int64) error {
			return a.Identity.AnswerCircleInvite(r.Context(), u, id, false)
		})), Doc{Summary: "Decline an invitation to a circle", Access: "invitees", Status: 204}},
		{"POST", "/api/v1/circles/{id}/leave", a.authed(a.circleAction(func(r *http.Request, u *identity.User, id int64) error {
			return a.Identity.LeaveCircle(r.Context(), u, id)
		})), Doc{Summary: "Leave a circle", Access: "its members", Status: 204}},

		{"POST", "/api/v1/admin/identity-lookups", a.authed(a.lookupPseudonym), Doc{Summary: "Who is behind a pseudonym: needs a written reason, is audited, and the member is told", Access: "admin", Request: LookupRequest{}, Response: Lookup{}, Status: 200}},
		{"GET", "/api/v1/notifications", a.authed(a.listNotifications), Doc{Summary: "My notices, newest first (never any post, message or toolbox text)", Access: signedIn, Response: List[Notification]{}, Status: 200,
			Query: append([]Param{{"unread", "1: only unread"}, {"kind", "only this kind"}, {"group", "only this group of kinds"}}, listParams...)}},
		{"POST", "/api/v1/notifications/read", a.authed(a.markRead), Doc{Summary: "Mark notices read (all when ids is empty)", Access: signedIn, Request: ReadRequest{}, Status: 204}},
		{"GET", "/api/v1/notifications/unread", a.authed(a.unreadNotifications), Doc{Summary: "How many of my notices are unread (the badge)", Access: signedIn, Response: UnreadNotifications{}, Status: 200}},
		{"GET", "/api/v1/notifications/preferences", a.authed(a.getPreferences), Doc{Summary: "My notice settings: per kind in the app and by e-mail, quiet hours, daily digest", Access: signedIn, Response: NotificationPreferences{}, Status: 200}},
		{"PUT", "/api/v1/notifications/preferences", a.authed(a.putPreferences), Doc{Summary: "Change my notice settings (what is named; the rest is kept); 400 with fields for an unknown kind, a safety kind off in the app, a bad time or hour", Access: signedIn, Request: PreferencesRequest{}, Response: NotificationPreferences{}, Status: 200}},

		{"GET", "/api/v1/forum/categories", a.authed(a.forumCategories), Doc{Summary: "Forum categories I may see, with thread and unread counts", Access: forumAccess, Response: List[Category]{}, Status: 200}},
		{"GET", "/api/v1/forum/threads", a.authed(a.forumThreads), Doc{Summary: "Threads of a category or a circle: pinned first, then by last activity", Access: forumAccess, Response: List[Thread]{}, Status: 200,
			Query: []Param{{"category_id", "the category"}, {"circle_id", "or the circle"}, {"cursor", "next_cursor from the previous page"}}}},
		{"POST", "/api/v1/forum/threads", a.authed(a.createThread), Doc{Summary: "Start a thread; 422 privacy_findings (with findings) when the check finds something and it was not acknowledged", Access: forumWrite, Request: NewThreadRequest{}, Response: ThreadCreated{}, Status: 201}},
		{"GET", "/api/v1/forum/threads/{id}", a.authed(a.getThread), Doc{Summary: "A thread and a page of its posts; counts one view per member per day and moves my read marker", Access: forumAccess, Response: ThreadView{}, Status: 200,
			Query: []Param{{"from", "first post ID to show"}, {"limit", "posts per page, 1 to 200 (default 50)"}, {"cursor", "next_cursor from the previous page"}}}},
		{"POST", "/api/v1/forum/threads/{id}/posts", a.authed(a.createPost), Doc{Summary: "Reply; reply_to must be a post in the same thread; 422 privacy_findings as above", Access: forumWrite, Request: NewPostRequest{}, Response: PostEnvelope{}, Status: 201}},
		{"PUT", "/api/v1/forum/threads/{id}/watch", a.authed(a.watch), Doc{Summary: "Watch (told of replies), mute, or follow normally", Access: forumAccess, Request: WatchRequest{}, Status: 204}},
		{"PATCH", "/api/v1/forum/posts/{id}", a.authed(a.editPost), Doc{Summary: "Edit my post (earlier versions kept for moderators); 422 privacy_findings as above", Access: "its author", Request: EditRequest{}, Response: PostEnvelope{}, Status: 200}},
		{"DELETE", "/api/v1/forum/posts/{id}", a.authed(a.deletePost), Doc{Summary: "Delete my post (it shows as deleted by the author)", Access: "its author", Status: 204}},
		{"GET", "/api/v1/forum/posts/{id}/revisions", a.authed(a.revisions), Doc{Summary: "Earlier versions of an edited post", Access: "peer moderators and the author", Response: List[Revision]{}, Status: 200}},
		{"POST", "/api/v1/forum/posts/{id}/reactions", a.authed(a.react(true)), Doc{Summary: "Give a supportive reaction (one of each kind per member per post)", Access: forumWrite, Request: ReactionRequest{}, Response: PostEnvelope{}, Status: 201}},
		{"DELETE", "/api/v1/forum/posts/{id}/reactions", a.authed(a.react(false)), Doc{Summary: "Take a reaction back (body {kind} or ?kind=)", Access: forumWrite, Response: PostEnvelope{}, Status: 200, Query: []Param{{"kind", "the reaction kind"}}}},
		{"GET", "/api/v1/forum/search", a.authed(a.search), Doc{Summary: "Search posts I may see, in Norwegian and English; ranked, highlighted", Access: forumAccess, Response: List[SearchHit]{}, Status: 200,
			Query: []Param{{"q", "what to look for"}, {"cursor", "next_cursor from the previous page"}}}},
		{"GET", "/api/v1/forum/unread", a.authed(a.unread), Doc{Summary: "Threads with posts I have not read (not muted ones)", Access: forumAccess, Response: List[Thread]{}, Status: 200}},
		{"GET", "/api/v1/forum/drafts/{key}", a.authed(a.getDraft), Doc{Summary: "My draft for thread:<category>, circle:<circle>, reply:<thread> or edit:<post>", Access: forumAccess, Response: Draft{}, Status: 200}},
		{"PUT", "/api/v1/forum/drafts/{key}", a.authed(a.putDraft), Doc{Summary: "Save my draft (empty deletes it)", Access: forumAccess, Request: DraftRequest{}, Status: 204}},
		{"POST", "/api/v1/forum/posts/{id}/flags", a.authed(a.flag), Doc{Summary: "Flag a post for the moderators (201; 200 with duplicate when I already had); the author never learns who flagged", Access: forumWrite, Request: FlagRequest{}, Response: FlagResponse{}, Status: 201}},
		{"GET", "/api/v1/forum/protection", a.authed(a.protection), Doc{Summary: "My muted members, filtered words and break (nobody else sees them)", Access: forumAccess, Response: Protection{}, Status: 200}},
		{"PUT", "/api/v1/forum/protection/muted/{pseudonym}", a.authed(a.muteMember(true)), Doc{Summary: "Fold a member's posts away for me (they are never told)", Access: forumAccess, Status: 204}},
		{"DELETE", "/api/v1/forum/protection/muted/{pseudonym}", a.authed(a.muteMember(false)), Doc{Summary: "Show a member's posts to me again", Access: forumAccess, Status: 204}},
		{"PUT", "/api/v1/forum/protection/words", a.authed(a.wordFilters), Doc{Summary: "Replace my filtered words or phrases: posts holding one fold away for me", Access: forumAccess, Request: WordFiltersRequest{}, Status: 204}},
		{"PUT", "/api/v1/forum/protection/break", a.authed(a.takeBreak), Doc{Summary: "Take a break from the forum for 1–90 days (pages hidden, forum notices paused); 0 ends it", Access: "service users and peer moderators", Request: BreakRequest{}, Status: 204}},
		{"GET", "/api/v1/forum/my-moderation", a.authed(a.myModeration), Doc{Summary: "What moderators did to my posts and why (not who flagged, not which moderator)", Access: forumAccess, Response: List[LogEntry]{}, Status: 200}},
		{"GET", "/api/v1/moderation/queue", a.authed(a.queue), Doc{Summary: "Crisis alerts (intent first), flagged posts (most flags first) and first posts waiting for approval, with who flagged and two earlier posts", Access: moderates, Response: List[QueueItem]{}, Status: 200}},
		{"POST", "/api/v1/moderation/posts/{id}/hide", a.authed(a.postAction("hide")), Doc{Summary: "Hide a post with a reason its author sees; closes its flags", Access: moderates, Request: ReasonRequest{}, Status: 204}},
		{"POST", "/api/v1/moderation/posts/{id}/restore", a.authed(a.postAction("restore")), Doc{Summary: "Show a hidden post again; closes its flags", Access: moderates, Status: 204}},
		{"POST", "/api/v1/moderation/posts/{id}/dismiss", a.authed(a.postAction("dismiss")), Doc{Summary: "Dismiss a post's flags (a post the flags hid is shown again)", Access: moderates, Status: 204}},
		{"POST", "/api/v1/moderation/posts/{id}/approve", a.authed(a.postAction("approve")), Doc{Summary: "Approve a first post that waits for approval", Access: moderates, Status: 204}},
		{"GET", "/api/v1/moderation/quiet-members", a.authed(a.quietMembers), Doc{Summary: "Members of my communities who took part and have not signed in for --quiet-after (21 days), longest quiet first; not those on a break", Access: moderates, Response: List[QuietMember]{}, Status: 200}},
		{"GET", "/api/v1/care-team", a.authed(a.careTeam), Doc{Summary: "My care team: a service user's linked providers, or a provider's linked service users by real name and open codes", Access: "service users and providers", Response: List[CareLink]{}, Status: 200}},
		{"POST", "/api/v1/care-team/links", a.authed(a.createCareLink), Doc{Summary: "An administrator links a provider and a service user; a provider gets a one-time code (14 days) for a service user to accept", Access: "administrators and providers", Request: CareLinkRequest{}, Response: CareLinkCreated{}, Status: 201}},
		{"POST", "/api/v1/care-team/links/answer", a.authed(a.answerCareLink), Doc{Summary: "Accept or decline a provider's code", Access: "service users", Request: CareAnswer{}, Status: 204}},
		{"DELETE", "/api/v1/care-team/links/{id}", a.authed(a.endCareLink), Doc{Summary: "End a link at once (the service user, the provider or an administrator)", Access: "the link's two sides and administrators", Status: 204}},
		{"GET", "/api/v1/conversations", a.authed(a.conversations), Doc{Summary: "My conversations, latest first: with my peer moderator, or care conversations (for a provider: the inbox across all linked service users). ?filter= unread, awaiting, closed or all (default: open)", Access: "service users, peer moderators and providers", Response: List[Conversation]{}, Status: 200}},
		{"POST", "/api/v1/conversations", a.authed(a.startConversation), Doc{Summary: "Start a conversation: a service user with providers on their care team, a provider with a linked service user (and colleagues linked to them), or a peer moderator with one member of their communities. JSON, or multipart/form-data with files in attachment", Access: "service users, providers and peer moderators", Request: NewConversationRequest{}, Response: StartedJSON{}, Status: 201}},
		{"GET", "/api/v1/conversations/unread", a.authed(a.unreadConversations), Doc{Summary: "How many of my conversations have messages I have not read", Access: signedIn, Response: UnreadConversations{}, Status: 200}},
		{"GET", "/api/v1/conversations/{id}", a.authed(a.getConversation), Doc{Summary: "A conversation I take part in, with its messages; marks them read (a provider's view is written to the service user's access log)", Access: "its participants (providers while linked)", Response: Conversation{}, Status: 200}},
		{"POST", "/api/v1/conversations/{id}/messages", a.authed(a.addMessage), Doc{Summary: "Add a message (JSON, or multipart/form-data with files in attachment: PDF, JPEG, PNG, at most 10 MB each, images re-encoded without metadata)", Access: "its participants (providers while linked)", Request: MessageRequest{}, Response: SentJSON{}, Status: 201}},
		{"POST", "/api/v1/conversations/{id}/close", a.authed(a.closeConversation), Doc{Summary: "Close a conversation: no new messages until someone reopens it", Access: "its participants", Status: 204}},
		{"POST", "/api/v1/conversations/{id}/reopen", a.authed(a.reopenConversation), Doc{Summary: "Reopen a closed conversation", Access: "its participants", Status: 204}},
		{"GET", "/api/v1/conversations/{id}/attachments/{file}", a.authed(a.attachment), Doc{Summary: "Download an attachment (a provider's download is written to the service user's access log)", Access: "its participants (providers while linked)", Status: 200}},
		{"GET", "/api/v1/access-log", a.authed(a.accessLog), Doc{Summary: "Who has opened my information, and when (providers opening care conversations and attachments)", Access: "service users (their own log)", Response: List[AccessEntry]{}, Status: 200}},
		{"GET", "/api/v1/moderation/unanswered", a.authed(a.unanswered), Doc{Summary: "Threads whose latest post, by a member, nobody has answered or acknowledged for --unanswered-after (12 h); oldest first", Access: moderates, Response: List[Unanswered]{}, Status: 200}},
		{"POST", "/api/v1/moderation/posts/{id}/acknowledge", a.authed(a.postAction("acknowledge")), Doc{Summary: "Mark an unanswered post as seen, taking it off the unanswered view", Access: moderates, Status: 204}},
		{"POST", "/api/v1/moderation/posts/{id}/followed-up", a.authed(a.postAction("followed-up")), Doc{Summary: "Close a post's crisis alert once it has been followed up", Access: moderates, Status: 204}},
		{"POST", "/api/v1/moderation/threads/{id}/lock", a.authed(a.threadAction("lock")), Doc{Summary: "Lock a thread (no more replies)", Access: moderates, Status: 204}},
		{"POST", "/api/v1/moderation/threads/{id}/unlock", a.authed(a.threadAction("unlock")), Doc{Summary: "Unlock a thread", Access: moderates, Status: 204}},
		{"POST", "/api/v1/moderation/threads/{id}/pin", a.authed(a.threadAction("pin")), Doc{Summary: "Pin a thread to the top of its category", Access: moderates, Status: 204}},
		{"POST", "/api/v1/moderation/threads/{id}/unpin", a.authed(a.threadAction("unpin")), Doc{Summary: "Unpin a thread", Access: moderates, Status: 204}},
		{"POST", "/api/v1/moderation/threads/{id}/move", a.authed(a.threadAction("move")), Doc{Summary: "Move a thread to another category I moderate", Access: moderates, Request: MoveRequest{}, Status: 204}},
		{"POST", "/api/v1/moderation/threads/{id}/title", a.authed(a.threadAction("title")), Doc{Summary: "Give a thread a new title", Access: moderates, Request: TitleRequest{}, Status: 204}},
		{"POST", "/api/v1/moderation/members/{pseudonym}/mute", a.authed(a.sanction("mute", false)), Doc{Summary: "Mute a member (reads, cannot write) until a time, with a reason they are shown", Access: sanctions, Request: SanctionRequest{}, Status: 204}},
		{"POST", "/api/v1/moderation/members/{pseudonym}/suspend", a.authed(a.sanction("suspend", false)), Doc{Summary: "Suspend a member from the forum until a time, with a reason they are shown", Access: sanctions, Request: SanctionRequest{}, Status: 204}},
		{"POST", "/api/v1/moderation/members/{pseudonym}/mute/lift", a.authed(a.sanction("mute", true)), Doc{Summary: "Lift a member's mute early", Access: sanctions, Status: 204}},
		{"POST", "/api/v1/moderation/members/{pseudonym}/suspend/lift", a.authed(a.sanction("suspend", true)), Doc{Summary: "Lift a member's suspension early", Access: sanctions, Status: 204}},
		{"GET", "/api/v1/moderation/log", a.authed(a.moderationLog), Doc{Summary: "The moderation log, newest first", Access: moderates, Response: List[LogEntry]{}, Status: 200,
			Query: []Param{{"action", "an action (post.hide) or its kind (post, thread, member)"}, {"actor", "a moderator's pseudonym"}, {"member", "the member acted on"}, {"cursor", "next_cursor from the previous page"}}}},
		{"GET", "/api/v1/stream", a.authed(a.stream), Doc{Summary: "Server-Sent Events: with ?thread=ID that thread's new, edited and deleted posts (IDs only)", Access: signedIn, Status: 200, Raw: "text/event-stream",
			Query: []Param{{"thread", "a thread I may see"}}}},
		{"GET", "/api/v1/admin/forum/categories", a.authed(a.adminCategories), Doc{Summary: "Every forum category", Access: "admin", Response: List[Category]{}, Status: 200}},
		{"POST", "/api/v1/admin/forum/categories", a.authed(a.createCategory), Doc{Summary: "Create a forum category (shared, or one community's)", Access: "admin", Request: CategoryRequest{}, Response: Category{}, Status: 201}},
		{"PATCH", "/api/v1/admin/forum/categories/{id}", a.authed(a.updateCategory), Doc{Summary: "Replace a forum category's settings", Access: "admin", Request: CategoryRequest{}, Status: 204}},

		{"POST", "/api/v1/invitations", a.authed(a.createInvitation), Doc{Summary: "Create a single-use invitation (the code is shown once)", Access: "admin; peer moderators and providers for service users", Request: InvitationRequest{}, Response: Invitation{}, Status: 201}},
		{"GET", "/api/v1/invitations", a.authed(a.listInvitations), Doc{Summary: "List invitations: all for admins, my own otherwise", Access: "admin, peer moderator, provider", Response: List[Invitation]{}, Status: 200, Query: listParams}},
		{"DELETE", "/api/v1/invitations/{id}", a.authed(a.revokeInvitation), Doc{Summary: "Revoke an unused invitation", Access: "its creator or an admin", Status: 204}},

		{"GET", "/api/v1/communities", a.authed(a.listCommunities), Doc{Summary: "List communities", Access: signedIn, Response: List[Community]{}, Status: 200}},
		{"POST", "/api/v1/communities", a.authed(a.createCommunity), Doc{Summary: "Create a community", Access: "admin", Request: CommunityRequest{}, Response: Community{}, Status: 201}},

		{"GET", "/api/v1/admin/accounts", a.authed(a.listAccounts), Doc{Summary: "List accounts (logins and roles; never pseudonyms)", Access: "admin", Response: List[Account]{}, Status: 200,
			Query: append([]Param{{"role", "only this role"}, {"login", "login starts with"}}, listParams...)}},
		{"PATCH", "/api/v1/admin/accounts/{id}", a.authed(a.patchAccount), Doc{Summary: "Change an account's role, disable it, or set a moderator's communities, all at once or not at all", Access: "admin", Request: AccountPatch{}, Response: Account{}, Status: 200}},
	}, append(append(append(a.toolRoutes(), a.libraryRoutes()...), append(append(a.eventRoutes(), a.eventMoreRoutes()...), a.liftRoutes()...)...), append(a.calendarRoutes(), a.researchRoutes()...)...)...)
}

// Health is the body of /healthz and /readyz.
type Health struct {
	Status string `json:"status"`
}

func (a *API) healthz(w http.ResponseWriter, _ *http.Request) {
	writeHealth(w, http.StatusOK, "ok")
}

func (a *API) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2e9)
	defer cancel()
	if err := a.Ready(ctx); err != nil {
		a.Log.Warn("not ready", "err", err)
		writeHealth(w, http.StatusServiceUnavailable, "database unavailable")
		return
	}
	writeHealth(w, http.StatusOK, "ok")
}

func (a *API) metrics() http.Handler {
	if a.Metrics == nil {
		return http.NotFoundHandler()
	}
	return a.Metrics
}
