package notify

// Kinds of notice sent from other packages; their constants live there
// (forum, moderation, toolbox, events), and are repeated here as plain
// strings so this package need not import them.
const (
	KindThreadReply    = "thread_reply"
	KindMention        = "mention"
	KindPostHeld       = "post_held"
	KindPostHidden     = "post_hidden"
	KindPostRestored   = "post_restored"
	KindPostApproved   = "post_approved"
	KindSanction       = "sanction"
	KindSanctionLifted = "sanction_lifted"
	KindCrisisAlert    = "crisis_alert"
	KindToolboxShared  = "toolbox_shared"
	KindEventReminder  = "event_reminder"
	KindEventPromoted  = "event_promoted"
	KindEventChanged   = "event_changed"
	KindLiftProposed   = "lift_proposed"
	KindLiftMatched    = "lift_matched"
	KindGatheringNew   = "gathering_new"
	KindGatheringFlag  = "gathering_flagged"
	// KindAccountDeletion: the member asked to delete her account; the
	// notice and its e-mail say only that, and how to cancel.
	KindAccountDeletion = "account_deletion"
)

// Kind describes one kind of notice for the member's preferences.
type Kind struct {
	Name  string
	Group string // the heading it is shown under and filtered by
	InApp bool   // shown in the app unless the member turns it off
	Email bool   // e-mailed unless the member turns it off
	// Fixed kinds cannot be silenced in the app: the member's right to
	// know that someone looked up who they are, that a restriction was
	// placed on them, and a moderator's crisis alerts.
	Fixed bool
}

// Kinds lists every kind of notice in the product, grouped, in the
// order the preferences page shows them. E-mail is on by default only
// where it was before the preferences existed (messages, care messages)
// and for event reminders.
var Kinds = []Kind{
	{Name: KindThreadReply, Group: "forum", InApp: true},
	{Name: KindMention, Group: "forum", InApp: true},
	{Name: KindPostApproved, Group: "moderation", InApp: true},
	{Name: KindPostHeld, Group: "moderation", InApp: true},
	{Name: KindPostHidden, Group: "moderation", InApp: true},
	{Name: KindPostRestored, Group: "moderation", InApp: true},
	{Name: KindSanction, Group: "moderation", InApp: true, Fixed: true},
	{Name: KindSanctionLifted, Group: "moderation", InApp: true},
	{Name: KindCrisisAlert, Group: "moderation", InApp: true, Fixed: true},
	{Name: KindMessage, Group: "messages", InApp: true, Email: true},
	{Name: KindCareMessage, Group: "care", InApp: true, Email: true},
	{Name: KindToolboxShared, Group: "sharing", InApp: true},
	{Name: KindRevealReceived, Group: "people", InApp: true},
	{Name: KindRevealRequest, Group: "people", InApp: true},
	{Name: KindCircleInvite, Group: "people", InApp: true},
	{Name: KindEventReminder, Group: "events", InApp: true, Email: true},
	{Name: KindEventPromoted, Group: "events", InApp: true},
	{Name: KindEventChanged, Group: "events", InApp: true},
	{Name: KindLiftProposed, Group: "events", InApp: true},
	{Name: KindLiftMatched, Group: "events", InApp: true, Email: true},
	{Name: KindGatheringNew, Group: "moderation", InApp: true},
	{Name: KindGatheringFlag, Group: "moderation", InApp: true},
	{Name: KindIdentityLookup, Group: "safety", InApp: true, Fixed: true},
	{Name: KindAccountDeletion, Group: "safety", InApp: true, Email: true, Fixed: true},
}

// Groups are the kind groups in page order.
var Groups = []string{"forum", "moderation", "messages", "care", "sharing", "people", "events", "safety"}

var kindByName = func() map[string]Kind {
	m := make(map[string]Kind, len(Kinds))
	for _, k := range Kinds {
		m[k.Name] = k
	}
	return m
}()

// KindOf returns the kind's description; ok is false for a kind not in
// Kinds.
func KindOf(name string) (Kind, bool) {
	k, ok := kindByName[name]
	return k, ok
}

// GroupKinds returns the names of the kinds in group (nil when there is
// no such group).
func GroupKinds(group string) []string {
	var out []string
	for _, k := range Kinds {
		if k.Group == group {
			out = append(out, k.Name)
		}
	}
	return out
}
