package web

import (
	"net/http"

	"reconnect/internal/identity"
)

type route struct {
	pattern string
	handler http.Handler
}

// routes is the table of pages. The JSON API's table is api.Routes; both
// are registered in New, and nowhere else.
func (s *Server) routes() []route {
	h := func(f http.HandlerFunc) http.Handler { return f }
	return []route{
		{"GET /static/{file}", h(s.assets.serve)},
		{"GET /{$}", h(s.showHome)},
		{"GET /crisis", h(s.showCrisis)},
		{"GET /terms", h(s.showTerms)},
		{"POST /language", h(s.switchLanguage)},

		{"GET /login", h(s.showLogin)},
		{"POST /login", h(s.submitLogin)},
		{"POST /logout", s.signedIn(s.submitLogout)},
		{"POST /auth/eid/start", h(s.startEID)},
		{"GET /auth/eid/callback", h(s.eidCallback)},
		{"GET /auth/eid/logout", h(s.eidLogout)},
		{"GET /register", h(s.showRegister)},
		{"POST /register", h(s.submitRegister)},

		{"GET /consent", s.signedIn(s.showConsent)},
		{"POST /consent", s.signedIn(s.submitConsent)},
		{"GET /onboarding", s.signedIn(s.nextOnboarding)},
		{"GET /onboarding/pseudonym", s.signedIn(s.onboardingPage(identity.StepPseudonym, "onboarding_pseudonym", "onboarding.pseudonym.title"))},
		{"POST /onboarding/pseudonym", s.signedIn(s.submitPseudonym)},
		{"GET /onboarding/name", s.signedIn(s.onboardingPage(identity.StepName, "onboarding_name", "onboarding.name.title"))},
		{"POST /onboarding/name", s.signedIn(s.submitName)},
		{"GET /onboarding/welcome", s.signedIn(s.onboardingPage(identity.StepWelcome, "onboarding_welcome", "onboarding.welcome.title"))},
		{"POST /onboarding/welcome", s.signedIn(s.finishOnboarding)},

		{"GET /settings", s.signedIn(s.showSettings)},
		{"POST /settings/language", s.signedIn(s.saveLanguage)},
		{"POST /settings/password", s.signedIn(s.changePassword)},
		{"POST /settings/tokens", s.signedIn(s.createToken)},
		{"POST /settings/pseudonym", s.signedIn(s.changePseudonym)},
		{"POST /settings/study", s.signedIn(s.setStudy)},
		{"POST /settings/passkeys/{id}/remove", s.signedIn(s.removePasskey)},
		{"POST /settings/tokens/{id}/revoke", s.signedIn(s.revokeToken)},

		{"GET /notifications", s.signedIn(s.showNotices)},
		{"POST /notifications/read", s.signedIn(s.readNotices)},
		{"GET /people", s.only(forumRoles, s.showPeople)},
		{"POST /people/reveal", s.only(forumRoles, s.revealPerson)},
		{"POST /people/reveals/{id}/stop", s.only(forumRoles, s.stopReveal)},
		{"POST /people/ask", s.only(forumRoles, s.askToKnow)},
		{"POST /people/requests/{id}/answer", s.only(forumRoles, s.answerRequest)},
		{"POST /people/requests/{id}/withdraw", s.only(forumRoles, s.cancelRequest)},
		{"GET /forum", s.only(forumRoles, s.unlessOnBreak(s.showForum))},
		{"GET /forum/categories/{id}", s.only(forumRoles, s.unlessOnBreak(s.showCategory))},
		{"GET /forum/unread", s.only(forumRoles, s.unlessOnBreak(s.showUnread))},
		{"GET /forum/search", s.only(forumRoles, s.unlessOnBreak(s.showSearch))},
		{"GET /forum/new", s.only(forumRoles, s.unlessOnBreak(s.showNewThread))},
		{"POST /forum/new", s.only(forumRoles, s.createThread)},
		{"GET /forum/threads/{id}", s.only(forumRoles, s.unlessOnBreak(s.showThread))},
		{"POST /forum/threads/{id}/reply", s.only(forumRoles, s.reply)},
		{"POST /forum/threads/{id}/watch", s.only(forumRoles, s.watchThread)},
		{"GET /forum/posts/{id}/fragment", s.only(forumRoles, s.postFragment)},
		{"GET /forum/posts/{id}/edit", s.only(forumRoles, s.showEdit)},
		{"POST /forum/posts/{id}/edit", s.only(forumRoles, s.editPost)},
		{"POST /forum/posts/{id}/delete", s.only(forumRoles, s.deletePost)},
		{"POST /forum/posts/{id}/react", s.only(forumRoles, s.react)},
		{"GET /forum/posts/{id}/history", s.only(forumRoles, s.showHistory)},
		{"GET /forum/members/{pseudonym}", s.only(forumRoles, s.unlessOnBreak(s.showMember))},
		{"GET /privacy-check", s.only(forumRoles, s.showPrivacyCheck)},
		{"POST /privacy-check", s.only(forumRoles, s.runPrivacyCheck)},
		{"GET /circles", s.only(forumRoles, s.showCircles)},
		{"POST /circles", s.only(forumRoles, s.createCircle)},
		{"GET /circles/{id}", s.only(forumRoles, s.showCircle)},
		{"POST /circles/{id}/invite", s.only(forumRoles, s.inviteToCircle)},
		{"POST /circles/{id}/join", s.only(forumRoles, s.circleAction("join"))},
		{"POST /circles/{id}/decline", s.only(forumRoles, s.circleAction("decline"))},
		{"POST /circles/{id}/leave", s.only(forumRoles, s.circleAction("leave"))},
		{"POST /circles/{id}/remove", s.only(forumRoles, s.circleAction("remove"))},

		{"GET /invitations", s.only(inviters, s.showInvitations)},
		{"POST /invitations", s.only(inviters, s.createInvitation)},
		{"POST /invitations/{id}/revoke", s.only(inviters, s.revokeInvitation)},

		{"GET /admin/communities", s.only(adminOnly, s.showCommunities)},
		{"POST /admin/communities", s.only(adminOnly, s.createCommunity)},
		{"GET /admin/documents", s.only(adminOnly, s.showDocuments)},
		{"POST /admin/documents", s.only(adminOnly, s.publishDocument)},
		{"GET /admin/reserved-pseudonyms", s.only(adminOnly, s.showReservedWords)},
		{"POST /admin/reserved-pseudonyms", s.only(adminOnly, s.addReservedWord)},
		{"POST /admin/reserved-pseudonyms/{id}/remove", s.only(adminOnly, s.removeReservedWord)},
		{"GET /forum/posts/{id}/flag", s.only(forumRoles, s.showFlag)},
		{"GET /forum/settings", s.only(forumRoles, s.showProtection)},
		{"GET /forum/my-moderation", s.only(forumRoles, s.showMyModeration)},
		{"POST /forum/settings/{action}", s.only(forumRoles, s.saveProtection)},
		{"POST /forum/posts/{id}/flag", s.only(forumRoles, s.flagPost)},
		{"GET /moderation", s.only(moderators, s.showQueue)},
		{"GET /moderation/log", s.only(moderators, s.showModLog)},
		{"GET /moderation/unanswered", s.only(moderators, s.showUnanswered)},
		{"GET /moderation/quiet", s.only(moderators, s.showQuiet)},
		{"GET /care", s.only(careRoles, s.showCare)},
		{"POST /care/{action}", s.only(careRoles, s.careAction)},
		{"GET /messages", s.only(forumRoles, s.showMessages)},
		{"GET /messages/new", s.only([]identity.Role{identity.PeerModerator}, s.showNewMessage)},
		{"POST /messages/new", s.only([]identity.Role{identity.PeerModerator}, s.startMessage)},
		{"GET /messages/{id}", s.only(forumRoles, s.showConversation)},
		{"POST /messages/{id}", s.only(forumRoles, s.replyMessage)},
		{"GET /moderation/posts/{id}", s.only(moderators, s.showModPost)},
		{"POST /moderation/posts/{id}/{action}", s.only(moderators, s.modPostAction)},
		{"GET /moderation/threads/{id}", s.only(moderators, s.showModThread)},
		{"POST /moderation/threads/{id}/{action}", s.only(moderators, s.modThreadAction)},
		{"GET /moderation/members/{pseudonym}", s.only(moderators, s.showModMember)},
		{"POST /moderation/members/{pseudonym}/{action}", s.only(moderators, s.modSanction)},
		{"GET /admin/forum/categories", s.only(adminOnly, s.showCategories)},
		{"POST /admin/forum/categories", s.only(adminOnly, s.createCategoryPage)},
		{"GET /admin/forum/categories/{id}", s.only(adminOnly, s.showCategoryEdit)},
		{"POST /admin/forum/categories/{id}", s.only(adminOnly, s.updateCategoryPage)},
		{"GET /admin/places", s.only(adminOnly, s.showPlaces)},
		{"POST /admin/places", s.only(adminOnly, s.addPlace)},
		{"POST /admin/places/{id}/remove", s.only(adminOnly, s.removePlace)},
		{"GET /admin/identity-lookup", s.only(adminOnly, s.showLookup)},
		{"POST /admin/identity-lookup", s.only(adminOnly, s.lookupPseudonym)},
		{"GET /admin/accounts", s.only(adminOnly, s.showAccounts)},
		{"GET /admin/accounts/{id}", s.only(adminOnly, s.showAccount)},
		{"POST /admin/accounts/{id}", s.only(adminOnly, s.updateAccount)},
	}
}
