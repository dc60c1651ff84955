package export

import "time"

// Forum is what the member wrote and chose in the forum.
type Forum struct {
	Threads     []Thread   `json:"threads"`
	Posts       []Post     `json:"posts"`
	Reactions   []Reaction `json:"reactions"`
	Drafts      []Draft    `json:"drafts"`
	Watches     []Watch    `json:"watches"`
	Flags       []Flag     `json:"flags"`
	Sanctions   []Sanction `json:"sanctions"`
	Alerts      []Alert    `json:"crisis_alerts"`
	Muted       []string   `json:"muted_pseudonyms"`
	Words       []string   `json:"word_filters"`
	BreakUntil  *time.Time `json:"break_until,omitempty"`
	ThreadsRead int        `json:"threads_read"`
	ThreadViews int        `json:"thread_views"`
}

// Thread is a thread the member started.
type Thread struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	InCircle  bool      `json:"in_circle"`
	CreatedAt time.Time `json:"created_at"`
}

// Post is a post the member wrote, as Markdown, with earlier versions.
type Post struct {
	ID          string     `json:"id"`
	ThreadID    string     `json:"thread_id"`
	ThreadTitle string     `json:"thread_title"`
	ReplyTo     string     `json:"reply_to,omitempty"`
	Text        string     `json:"text"`
	CreatedAt   time.Time  `json:"created_at"`
	EditedAt    *time.Time `json:"edited_at,omitempty"`
	DeletedAt   *time.Time `json:"deleted_at,omitempty"`
	HiddenAt    *time.Time `json:"hidden_at,omitempty"`
	Revisions   []Revision `json:"revisions"`
}

// Revision is an earlier version of a post.
type Revision struct {
	Text      string    `json:"text"`
	CreatedAt time.Time `json:"created_at"`
}

// Reaction is a reaction the member gave.
type Reaction struct {
	PostID    string    `json:"post_id"`
	Kind      string    `json:"kind"`
	CreatedAt time.Time `json:"created_at"`
}

// Draft is an unsent draft.
type Draft struct {
	Key       string    `json:"key"`
	Title     string    `json:"title"`
	Text      string    `json:"text"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Watch is a thread the member watches or mutes.
type Watch struct {
	ThreadID    string `json:"thread_id"`
	ThreadTitle string `json:"thread_title"`
	Level       string `json:"level"`
}

// Flag is a post the member reported.
type Flag struct {
	PostID    string    `json:"post_id"`
	Reason    string    `json:"reason"`
	Note      string    `json:"note"`
	CreatedAt time.Time `json:"created_at"`
	Resolved  bool      `json:"resolved"`
}

// Alert is a crisis alert the moderators got about one of her posts.
type Alert struct {
	PostID    string    `json:"post_id"`
	CreatedAt time.Time `json:"created_at"`
	Handled   bool      `json:"handled"`
}

// Sanction is a mute or suspension of the member.
type Sanction struct {
	Kind      string     `json:"kind"`
	Reason    string     `json:"reason"`
	Until     *time.Time `json:"until,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	LiftedAt  *time.Time `json:"lifted_at,omitempty"`
}

// Conversation is a private conversation the member takes part in,
// people named as its page names them.
type Conversation struct {
	ID       string    `json:"id"`
	Kind     string    `json:"kind"`
	Subject  string    `json:"subject"`
	With     []string  `json:"with"`
	Former   []string  `json:"former,omitempty"`
	Closed   bool      `json:"closed"`
	LastAt   time.Time `json:"last_at"`
	Messages []Message `json:"messages"`
}

// Message is one message, its text as written.
type Message struct {
	ID        string       `json:"id"`
	Author    string       `json:"author"`
	Mine      bool         `json:"mine"`
	Text      string       `json:"text"`
	CreatedAt time.Time    `json:"created_at"`
	Files     []Attachment `json:"attachments,omitempty"`
}

// Attachment names a file; its bytes stay in the conversation.
type Attachment struct {
	Name string `json:"name"`
	Type string `json:"type"`
	Size int64  `json:"size"`
}

// Events are the member's cafés and gatherings.
type Events struct {
	Hosted   []Event     `json:"hosted"`
	RSVPs    []RSVP      `json:"rsvps"`
	Lifts    []Lift      `json:"lifts"`
	Attended []Attended  `json:"attendance"`
	Flags    []EventFlag `json:"flags"`
}

// Event is an event the member hosts.
type Event struct {
	ID          string     `json:"id"`
	Kind        string     `json:"kind"`
	Title       string     `json:"title"`
	Description string     `json:"description"`
	StartsAt    time.Time  `json:"starts_at"`
	Place       string     `json:"place"`
	CreatedAt   time.Time  `json:"created_at"`
	CancelledAt *time.Time `json:"cancelled_at,omitempty"`
}

// RSVP is the member's answer for one occurrence, with her note.
type RSVP struct {
	EventID   string    `json:"event_id"`
	Title     string    `json:"title"`
	OccursAt  time.Time `json:"occurs_at"`
	Status    string    `json:"status"`
	Waiting   bool      `json:"waiting"`
	Note      string    `json:"note"`
	Shown     string    `json:"shown"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Lift is a lift or buddy offer or ask of the member's.
type Lift struct {
	EventID     string     `json:"event_id"`
	Title       string     `json:"title"`
	OccursAt    time.Time  `json:"occurs_at"`
	Kind        string     `json:"kind"`
	Seats       int        `json:"seats"`
	Area        string     `json:"area"`
	Note        string     `json:"note"`
	CreatedAt   time.Time  `json:"created_at"`
	WithdrawnAt *time.Time `json:"withdrawn_at,omitempty"`
}

// Attended is an occurrence the host recorded the member at.
type Attended struct {
	EventID    string    `json:"event_id"`
	Title      string    `json:"title"`
	OccursAt   time.Time `json:"occurs_at"`
	RecordedAt time.Time `json:"recorded_at"`
}

// EventFlag is a gathering the member reported.
type EventFlag struct {
	EventID   string    `json:"event_id"`
	Title     string    `json:"title"`
	Reason    string    `json:"reason"`
	CreatedAt time.Time `json:"created_at"`
}
