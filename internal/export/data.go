package export

import (
	"encoding/json"
	"time"
)

// Data is the whole export. Field names are stable; times are RFC 3339
// UTC; IDs are strings, as everywhere in the API.
type Data struct {
	Format        string         `json:"format"`
	MadeAt        time.Time      `json:"made_at"`
	Profile       Profile        `json:"profile"`
	Consents      []Consent      `json:"consents"`
	Study         Study          `json:"study"`
	Pseudonyms    Pseudonyms     `json:"pseudonym_history"`
	SignIns       SignIns        `json:"sign_ins"`
	Reveals       Reveals        `json:"reveals"`
	Circles       []Circle       `json:"circles"`
	Forum         Forum          `json:"forum"`
	CareTeam      []CareLink     `json:"care_team"`
	Conversations []Conversation `json:"conversations"`
	Toolbox       Toolbox        `json:"toolbox"`
	AccessLog     []Access       `json:"access_log"`
	Events        Events         `json:"events"`
	Calendar      *Calendar      `json:"calendar_feed"`
	Notifications []Notice       `json:"notifications"`
	NoticePrefs   *NoticePrefs   `json:"notification_preferences"`
}

// empty returns a Data whose lists encode as [] rather than null.
func empty() Data {
	return Data{Consents: []Consent{}, Circles: []Circle{}, CareTeam: []CareLink{}, Conversations: []Conversation{},
		AccessLog: []Access{}, Notifications: []Notice{},
		Pseudonyms: Pseudonyms{Released: []Released{}, Changes: []time.Time{}},
		SignIns:    SignIns{Sessions: []Session{}, Passkeys: []Credential{}, Tokens: []Credential{}},
		Reveals:    Reveals{Given: []Reveal{}, Received: []Reveal{}, AskedByMe: []KnowRequest{}, AskedOfMe: []KnowRequest{}},
		Forum: Forum{Threads: []Thread{}, Posts: []Post{}, Reactions: []Reaction{}, Drafts: []Draft{}, Watches: []Watch{},
			Flags: []Flag{}, Sanctions: []Sanction{}, Alerts: []Alert{}, Muted: []string{}, Words: []string{}},
		Toolbox: Toolbox{Items: []Item{}, Shares: []Share{}},
		Events:  Events{Hosted: []Event{}, RSVPs: []RSVP{}, Lifts: []Lift{}, Attended: []Attended{}, Flags: []EventFlag{}},
	}
}

// Profile is the account itself.
type Profile struct {
	ID             string     `json:"id"`
	Login          string     `json:"login"`
	Role           string     `json:"role"`
	Pseudonym      string     `json:"pseudonym,omitempty"`
	CommunityID    string     `json:"community_id,omitempty"`
	Community      string     `json:"community,omitempty"`
	Moderates      []string   `json:"moderates_communities,omitempty"` // peer moderators: communities served besides home
	Language       string     `json:"language"`
	RealName       string     `json:"real_name,omitempty"`
	Email          string     `json:"email,omitempty"`
	EmailVerified  bool       `json:"email_verified"`
	EmailNotices   bool       `json:"email_notices"`
	CreatedAt      time.Time  `json:"created_at"`
	OnboardedAt    *time.Time `json:"onboarded_at,omitempty"`
	LastSignedInAt *time.Time `json:"last_signed_in_at,omitempty"`
	DisabledAt     *time.Time `json:"disabled_at,omitempty"`
}

// Consent is one consent given, and when it was withdrawn.
type Consent struct {
	Kind        string     `json:"kind"`
	Version     string     `json:"version"`
	GivenAt     time.Time  `json:"given_at"`
	WithdrawnAt *time.Time `json:"withdrawn_at,omitempty"`
}

// Study is the member's part in the research study: counts only.
type Study struct {
	Consent     bool `json:"consent"`
	UsageEvents int  `json:"usage_events"`
}

// Pseudonyms is the pseudonym history. Former pseudonyms are kept only
// in the normalised form used to hold them for the member for a year.
type Pseudonyms struct {
	Current   string      `json:"current,omitempty"`
	ChangedAt *time.Time  `json:"changed_at,omitempty"`
	Released  []Released  `json:"released"`
	Changes   []time.Time `json:"changes"`
}

// Released is a former pseudonym held for its owner.
type Released struct {
	Key        string    `json:"key"`
	ReleasedAt time.Time `json:"released_at"`
	HeldUntil  time.Time `json:"held_until"`
}

// SignIns lists the ways into the account, never their secrets.
type SignIns struct {
	EIDLinkedAt *time.Time   `json:"eid_linked_at,omitempty"`
	Sessions    []Session    `json:"sessions"`
	Passkeys    []Credential `json:"passkeys"`
	Tokens      []Credential `json:"tokens"`
}

// Session is one signed-in session.
type Session struct {
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	ExpiresAt  time.Time `json:"expires_at"`
}

// Credential is a passkey or an access token by name.
type Credential struct {
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
}

// Reveals are who the member has shown herself to, who shows themselves
// to her, and requests to know each other.
type Reveals struct {
	Given     []Reveal      `json:"given"`
	Received  []Reveal      `json:"received"`
	AskedByMe []KnowRequest `json:"requests_sent"`
	AskedOfMe []KnowRequest `json:"requests_received"`
}

// Reveal is one reveal; Pseudonym is the other member's.
type Reveal struct {
	ID        string     `json:"id"`
	Pseudonym string     `json:"pseudonym"`
	ShownName string     `json:"shown_name"`
	Note      string     `json:"note"`
	CreatedAt time.Time  `json:"created_at"`
	StoppedAt *time.Time `json:"stopped_at,omitempty"`
}

// KnowRequest is one "would you like to know each other?". ShownName is
// only ever the member's own.
type KnowRequest struct {
	ID        string    `json:"id"`
	Pseudonym string    `json:"pseudonym"`
	ShownName string    `json:"shown_name,omitempty"`
	Note      string    `json:"note"`
	CreatedAt time.Time `json:"created_at"`
	Accepted  bool      `json:"accepted"`
}

// Circle is a circle the member is in or invited to.
type Circle struct {
	ID        string         `json:"id"`
	Name      string         `json:"name"`
	MyStatus  string         `json:"my_status"`
	Mine      bool           `json:"created_by_me"`
	CreatedAt time.Time      `json:"created_at"`
	Members   []CircleMember `json:"members"`
}

// CircleMember is another person in a circle, as the circle page shows.
type CircleMember struct {
	Pseudonym string `json:"pseudonym"`
	ShownName string `json:"shown_name,omitempty"`
	Status    string `json:"status"`
}

// CareLink is a provider on the member's care team.
type CareLink struct {
	Name      string    `json:"name"`
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"created_at"`
}

// Item is one toolbox item with its earlier versions.
type Item struct {
	ID        string          `json:"id"`
	Tool      string          `json:"tool"`
	Content   json.RawMessage `json:"content"`
	CreatedAt time.Time       `json:"created_at"`
	UpdatedAt time.Time       `json:"updated_at"`
	History   []Version       `json:"history"`
}

// Version is an earlier version of an item.
type Version struct {
	Content   json.RawMessage `json:"content"`
	ChangedAt time.Time       `json:"changed_at"`
}

// Toolbox is the member's toolbox and what she shares.
type Toolbox struct {
	Items  []Item  `json:"items"`
	Shares []Share `json:"shares"`
}

// Share is a live share with a provider.
type Share struct {
	ID        string    `json:"id"`
	Tool      string    `json:"tool"`
	ItemID    string    `json:"item_id,omitempty"`
	Provider  string    `json:"provider"`
	CreatedAt time.Time `json:"created_at"`
}

// Access is one time somebody opened the member's information.
type Access struct {
	Viewer     string    `json:"viewer"`
	ViewerRole string    `json:"viewer_role"`
	Kind       string    `json:"kind"`
	ObjectID   string    `json:"object_id"`
	At         time.Time `json:"at"`
}

// Calendar is the personal calendar feed's state; never its address.
type Calendar struct {
	Enabled    bool       `json:"enabled"`
	ShowTitles bool       `json:"show_titles"`
	CreatedAt  *time.Time `json:"created_at,omitempty"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
}

// Notice is one in-app notice.
type Notice struct {
	Kind      string            `json:"kind"`
	Args      map[string]string `json:"args"`
	CreatedAt time.Time         `json:"created_at"`
	ReadAt    *time.Time        `json:"read_at,omitempty"`
}

// NoticePrefs are the member's notice choices.
type NoticePrefs struct {
	Kinds      map[string]Channels `json:"kinds"`
	QuietStart string              `json:"quiet_start"`
	QuietEnd   string              `json:"quiet_end"`
	Digest     bool                `json:"digest"`
	DigestHour int                 `json:"digest_hour"`
	Reminders  []int               `json:"reminder_minutes"`
	EmailEvent bool                `json:"reminder_email_names_event"`
}

// Channels says where a kind of notice goes.
type Channels struct {
	InApp bool `json:"in_app"`
	Email bool `json:"email"`
}
