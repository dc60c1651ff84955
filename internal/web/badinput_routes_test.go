package web_test

import "strings"

// jsonRoutes are the JSON routes that take a body, with a valid body to
// mutate and who calls them. TestBadJSONIsRefusedAndChangesNothing fails
// when a route of the API table that takes a body is missing here.
// {name} in a path is an object the test makes first. Callers are
// fixture logins; spare accounts (see badInputWorld) take the calls whose
// success would change who the caller is: language, pseudonym, a break,
// a deletion, a role.
//
// They run in this order. A new consent document makes every member's
// consent due, so publishing one comes last.
var jsonRoutes = []struct {
	method, path, as string
	valid            map[string]any
}{
	{"POST", "/api/v1/auth/login", "", map[string]any{"login": "nobody.here", "password": "wrong but well-formed"}},
	{"POST", "/api/v1/auth/register", "", map[string]any{"invitation": "0000-0000-0000-0000-0000", "login": "x1234", "password": "long enough password", "pseudonym": "Ny", "accept_terms": true}},
	{"POST", "/api/v1/auth/tokens", "member", map[string]any{"name": "t"}},
	{"POST", "/api/v1/auth/passkey/signup/begin", "", map[string]any{"invitation": "x", "login": "ny.bruker"}},
	{"POST", "/api/v1/auth/passkey/signup/finish", "", passkeyCredential},
	{"POST", "/api/v1/auth/passkey/login/finish", "", passkeyCredential},
	{"POST", "/api/v1/passkeys", "member", passkeyCredential},
	{"DELETE", "/api/v1/me", "spare.delete", map[string]any{"forum_posts": "keep_anonymous"}},
	{"PATCH", "/api/v1/me/preferences", "spare.prefs", map[string]any{"language": "nb", "email": "havbris@example.no", "email_notices": true}},
	{"POST", "/api/v1/me/email/verify", "member", map[string]any{"token": "AAAA-BBBB-CCCC-DDDD-EEEE"}},
	{"POST", "/api/v1/me/password", "member", map[string]any{"current_password": "x", "new_password": "y"}},
	{"PUT", "/api/v1/me/name", "provider", map[string]any{"name": "Per Provider"}},
	{"POST", "/api/v1/invitations", "admin", map[string]any{"role": "service_user"}},
	{"POST", "/api/v1/communities", "admin", map[string]any{"name": "N", "slug": "n"}},
	{"PATCH", "/api/v1/admin/accounts/{spare.role}", "admin", map[string]any{"role": "service_user"}},
	{"POST", "/api/v1/reveals", "member", map[string]any{"to_pseudonym": "Morgengry", "shown_name": "Kari", "note": "n"}},
	{"POST", "/api/v1/reveal-requests", "member", map[string]any{"to_pseudonym": "Morgengry", "shown_name": "Kari"}},
	{"POST", "/api/v1/reveal-requests/{request}/answer", "member", map[string]any{"accept": false}},
	{"POST", "/api/v1/circles", "member", map[string]any{"name": "Kafégjengen", "member_pseudonyms": []string{"Morgengry"}}},
	{"POST", "/api/v1/circles/{circle}/members", "member", map[string]any{"pseudonyms": []string{"Morgengry"}}},
	{"POST", "/api/v1/privacy/check", "member", map[string]any{"text": "hei"}},
	{"POST", "/api/v1/consents", "member", map[string]any{"accept_required": true, "study": false}},
	{"POST", "/api/v1/pseudonyms/check", "member", map[string]any{"pseudonym": "Ny Her"}},
	{"PUT", "/api/v1/me/pseudonym", "spare.name", map[string]any{"pseudonym": "Ny Her"}},
	{"POST", "/api/v1/admin/places", "admin", map[string]any{"community_id": "{fjordvik}", "name": "Et sted"}},
	{"POST", "/api/v1/admin/reserved-pseudonyms", "admin", map[string]any{"word": "Ordet"}},
	{"POST", "/api/v1/admin/identity-lookups", "admin", map[string]any{"pseudonym": "Havbris", "reason": "en lang nok grunn"}},
	{"POST", "/api/v1/notifications/read", "member", map[string]any{"ids": []string{}}},
	{"PUT", "/api/v1/notifications/preferences", "member", map[string]any{"kinds": map[string]any{"mention": map[string]any{"email": true}},
		"quiet_hours": map[string]any{"start": "22:00", "end": "07:00"}, "digest": map[string]any{"on": true, "hour": 8}}},
	{"POST", "/api/v1/forum/threads", "member", map[string]any{"category_id": "{category}", "title": "Tittel", "body": "Hei"}},
	{"POST", "/api/v1/forum/threads/{thread}/posts", "member", map[string]any{"body": "Hei"}},
	{"PUT", "/api/v1/forum/threads/{thread}/watch", "member", map[string]any{"level": "watch"}},
	{"PATCH", "/api/v1/forum/posts/{post}", "member", map[string]any{"body": "Hei"}},
	{"POST", "/api/v1/forum/posts/{post}/reactions", "member2", map[string]any{"kind": "support"}},
	{"DELETE", "/api/v1/forum/posts/{post}/reactions", "member2", map[string]any{"kind": "support"}},
	{"PUT", "/api/v1/forum/drafts/reply:{thread}", "member", map[string]any{"body": "Hei"}},
	{"POST", "/api/v1/forum/posts/{post}/flags", "member2", map[string]any{"reason": "spam", "note": "n"}},
	{"PUT", "/api/v1/forum/protection/words", "member", map[string]any{"words": []string{"ord"}}},
	{"PUT", "/api/v1/forum/protection/break", "spare.break", map[string]any{"days": 3}},
	{"POST", "/api/v1/moderation/posts/{post}/hide", "moderator", map[string]any{"reason": "Ikke greit"}},
	{"POST", "/api/v1/moderation/threads/{thread}/move", "moderator", map[string]any{"category_id": "{category2}"}},
	{"POST", "/api/v1/moderation/threads/{thread}/title", "moderator", map[string]any{"title": "Ny tittel"}},
	{"POST", "/api/v1/moderation/members/{spare.sanction}/mute", "moderator", map[string]any{"reason": "Ro ned", "until": "2026-12-24T00:00:00Z"}},
	{"POST", "/api/v1/moderation/members/{spare.sanction}/suspend", "moderator", map[string]any{"reason": "Ro ned", "until": "2026-12-24T00:00:00Z"}},
	{"POST", "/api/v1/admin/forum/categories", "admin", map[string]any{"slug": "ny", "name_nb": "Ny", "name_en": "New"}},
	{"PATCH", "/api/v1/admin/forum/categories/{category}", "admin", map[string]any{"slug": "generelt", "name_nb": "Generelt", "name_en": "General"}},
	{"POST", "/api/v1/care-team/links", "admin", map[string]any{"provider_id": "{provider}", "member_id": "{member}", "member_name": "Kari Nordmann"}},
	{"POST", "/api/v1/care-team/links/answer", "member", map[string]any{"code": "AAAA-BBBB-CCCC-DDDD-EEEE", "accept": true}},
	{"POST", "/api/v1/conversations", "member", map[string]any{"participant_ids": []string{"{provider}"}, "subject": "Hei", "body": "Hei"}},
	{"POST", "/api/v1/conversations/{conversation}/messages", "member", map[string]any{"body": "Hei"}},
	{"POST", "/api/v1/toolbox/goals", "member", map[string]any{"title": "Mål", "area": "hope"}},
	{"PATCH", "/api/v1/toolbox/goals/{goal}", "member", map[string]any{"title": "Mål", "area": "hope", "steps": []map[string]any{{"text": "a"}}, "target_date": "2027-01-01"}},
	{"POST", "/api/v1/toolbox/crisis-plan", "member", map[string]any{"warning_signs": "x"}},
	{"PATCH", "/api/v1/toolbox/crisis-plan/{plan}", "member", map[string]any{"warning_signs": "x", "professionals": []map[string]any{{"name": "Legevakt", "phone": "116 117"}}}},
	{"POST", "/api/v1/toolbox/medications", "member", map[string]any{"name": "X", "started": "2026-01-01"}},
	{"PATCH", "/api/v1/toolbox/medications/{medication}", "member", map[string]any{"name": "X", "started": "2026-01-01", "stopped": "2026-02-01"}},
	{"POST", "/api/v1/toolbox/journal", "member", map[string]any{"text": "x", "mood": 3}},
	{"PATCH", "/api/v1/toolbox/journal/{journal}", "member", map[string]any{"text": "x", "mood": 3}},
	{"POST", "/api/v1/toolbox/network", "member", map[string]any{"name": "X", "kind": "friend", "closeness": "inner"}},
	{"PATCH", "/api/v1/toolbox/network/{network}", "member", map[string]any{"name": "X", "kind": "friend", "closeness": "inner"}},
	{"POST", "/api/v1/toolbox/activities", "member", map[string]any{"what": "Tur", "day": "2026-11-30"}},
	{"PATCH", "/api/v1/toolbox/activities/{activity}", "member", map[string]any{"what": "Tur", "day": "2026-11-30"}},
	{"POST", "/api/v1/toolbox/exercises", "member", map[string]any{"exercise_id": "{exercise}", "text": "x"}},
	{"PATCH", "/api/v1/toolbox/exercises/{response}", "member", map[string]any{"exercise_id": "{exercise}", "text": "x"}},
	{"POST", "/api/v1/toolbox/shares", "member", map[string]any{"item_kind": "goals", "provider_id": "{provider}"}},
	{"POST", "/api/v1/library/exercises", "admin", map[string]any{"category": "coping", "title_nb": "a", "title_en": "b", "body_nb": "c", "body_en": "d"}},
	{"PATCH", "/api/v1/library/exercises/{exercise}", "admin", map[string]any{"category": "coping", "title_nb": "a", "title_en": "b", "body_nb": "c", "body_en": "d"}},
	{"POST", "/api/v1/library/info", "admin", map[string]any{"title_nb": "a", "title_en": "b", "body_nb": "c", "body_en": "d"}},
	{"PATCH", "/api/v1/library/info/{info}", "admin", map[string]any{"title_nb": "a", "title_en": "b", "body_nb": "c", "body_en": "d"}},
	{"POST", "/api/v1/events", "admin", map[string]any{"community_id": "{fjordvik}", "kind": "cafe", "title": "Kafé", "starts_at": "2026-12-01T17:00:00Z", "ends_at": "2026-12-01T19:00:00Z",
		"place": map[string]any{"name": "Biblioteket"}, "recurrence": map[string]any{}, "capacity": 10}},
	{"POST", "/api/v1/events/{event}/rsvp", "member", map[string]any{"status": "going", "note": "n", "shown": "count"}},
	{"PATCH", "/api/v1/events/{event}", "admin", map[string]any{"title": "Kafé", "place": map[string]any{"name": "B"}, "capacity": 5}},
	{"POST", "/api/v1/events/{event}/occurrences", "admin", map[string]any{"occurs_at": "2026-11-28T09:00:00Z", "cancel": true}},
	{"POST", "/api/v1/events/{event}/attendance", "admin", map[string]any{"pseudonyms": []string{"a"}}},
	{"POST", "/api/v1/events/{event}/lifts", "member", map[string]any{"kind": "offer", "seats": 2, "area": "Sentrum"}},
	{"POST", "/api/v1/events/{event}/buddies", "member", map[string]any{"area": "Sentrum", "note": "n"}},
	{"POST", "/api/v1/lifts/{lift}/propose", "member", map[string]any{"my_lift_id": "{mylift}"}},
	{"POST", "/api/v1/events/{event}/flag", "member", map[string]any{"reason": "spam"}},
	{"POST", "/api/v1/lift-matches/{match}", "member", map[string]any{"agree": false}},
	{"PUT", "/api/v1/me/reminders", "member", map[string]any{"minutes_before": []int{60}, "email_shows_event": true}},
	{"POST", "/api/v1/calendar-feed", "member", map[string]any{"show_titles": false}},
	{"PATCH", "/api/v1/calendar-feed", "member", map[string]any{"show_titles": true}},
	{"POST", "/api/v1/admin/consent-documents", "admin", map[string]any{"kind": "terms", "title_nb": "a", "title_en": "b", "body_nb": "c", "body_en": "d"}},
}

// passkeyCredential is the shape of a credential as the browser's
// toJSON gives it; no ceremony was begun, so it is never accepted.
var passkeyCredential = map[string]any{"id": "AAAA", "rawId": "AAAA", "type": "public-key",
	"response": map[string]any{"clientDataJSON": "AAAA", "authenticatorData": "AAAA", "signature": "AAAA"}}

// bodyWithoutDoc are routes that read a body their documentation has
// no request type for.
var bodyWithoutDoc = map[string]bool{
	"POST /api/v1/auth/passkey/login/finish":    true,
	"POST /api/v1/auth/passkey/signup/finish":   true,
	"POST /api/v1/passkeys":                     true,
	"DELETE /api/v1/forum/posts/{id}/reactions": true,
}

// readsBodyLater are routes that refuse a request (no ceremony begun)
// before reading its body, so a body over the limit is not a 413 there.
var readsBodyLater = map[string]bool{
	"/api/v1/auth/passkey/login/finish":  true,
	"/api/v1/auth/passkey/signup/finish": true,
	"/api/v1/passkeys":                   true,
}

// mayBeGone are routes whose object an accepted input may use up (a
// request answered, an event flagged), so the valid body sent last may
// find it gone.
var mayBeGone = map[string]bool{
	"/api/v1/reveal-requests/{request}/answer": true,
	"/api/v1/events/{event}/flag":              true,
	"/api/v1/lift-matches/{match}":             true,
}

// lenientInput reports inputs a route may accept although the generator
// would refuse them: an information page has no category (it is always
// "info" and what is sent is ignored), and checking a pseudonym answers
// 200 with the problem.
func lenientInput(path string, in badInput) bool {
	switch path {
	case "/api/v1/library/info", "/api/v1/library/info/{info}":
		return strings.HasSuffix(in.name, " in category")
	case "/api/v1/pseudonyms/check":
		return strings.HasPrefix(in.name, "over the limit")
	}
	return false
}
