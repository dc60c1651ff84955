package notify

import (
	"context"
	"net/url"
)

// KindMessage is the notice for a new private message (the messages
// package sends it).
const KindMessage = "message"

// KindCareMessage is the notice for a new message in a care
// conversation; it names nobody.
const KindCareMessage = "care_message"

// emailLinks are the pages some notice kinds' e-mails link to, built
// from the notice's arguments (IDs only). Every other kind links to the
// notices page. Whether a kind is e-mailed is the member's choice
// (Kinds gives the defaults).
var emailLinks = map[string]func(args map[string]string) string{
	KindMessage:         conversationLink,
	KindCareMessage:     conversationLink,
	KindEventReminder:   eventLink,
	KindEventChanged:    eventLink,
	"event_promoted":    eventLink,
	"lift_proposed":     func(a map[string]string) string { return eventLink(a) + "#lifts" },
	"lift_matched":      conversationLink,
	"gathering_new":     eventLink,
	"gathering_flagged": eventLink,
	KindAccountDeletion: func(map[string]string) string { return "/settings#s-delete" },
}

// eventLink is an event's page, at the occurrence when the notice names
// one.
func eventLink(args map[string]string) string {
	link := "/events/" + url.PathEscape(args["event_id"])
	if at := args["occurs"]; at != "" {
		link += "?at=" + url.QueryEscape(at)
	}
	return link
}

// Link is the page a notice leads to: its e-mail's link, or its thread,
// or "" when it has none of its own.
func Link(kind string, args map[string]string) string {
	if f := emailLinks[kind]; f != nil {
		return f(args)
	}
	if id := args["thread_id"]; id != "" {
		return "/forum/threads/" + url.PathEscape(id)
	}
	return ""
}

func conversationLink(args map[string]string) string {
	return "/messages/" + url.PathEscape(args["conversation_id"])
}

// EmailLink is the page an e-mail about a notice of kind links to.
func EmailLink(kind string, args map[string]string) string {
	if f := emailLinks[kind]; f != nil {
		return f(args)
	}
	return "/notifications"
}

type emailKey struct{}

// WithEmail marks ctx as belonging to a server that sends e-mail (an
// SMTP server is configured). Add writes the e-mail outbox only under
// such a context, so a deployment without e-mail never queues mail. The
// web server marks every request and App.Serve its background work.
func WithEmail(ctx context.Context) context.Context { return context.WithValue(ctx, emailKey{}, true) }

// EmailOn reports whether ctx was marked by WithEmail.
func EmailOn(ctx context.Context) bool {
	on, _ := ctx.Value(emailKey{}).(bool)
	return on
}
