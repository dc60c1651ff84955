// Package messages keeps private conversations of two kinds:
//
//   - "moderator": a peer moderator and a member of their communities (a
//     check-in, a follow-up after a crisis alert), pseudonymous on both
//     sides;
//   - "care": a service user and one or more of their linked providers.
//     Everyone is shown by name (providers see the member's real name),
//     never by pseudonym. A provider takes part only while linked: the
//     link is checked on every request, and when it ends the provider
//     leaves the member's conversations for good; the member keeps the
//     history.
//
// Only participants read a conversation; everyone else gets not_found.
// Notices name the conversation, never what anyone wrote. Subjects,
// messages and attachments are sealed at rest (internal/seal), bound to
// their rows. Every time a provider opens a care conversation or an
// attachment, the member's access log records it.
package messages

import (
	"context"
	"database/sql"
	"errors"
	"html/template"
	"time"
	"unicode/utf8"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/notify"
	"reconnect/internal/seal"
	"reconnect/internal/sqldb"
)

var errNoKey = errors.New("messages: no data key configured")

// Conversation kinds.
const (
	KindModerator = "moderator"
	KindCare      = "care"
)

// Notice kinds: a moderator conversation's notice names the writer's
// pseudonym; a care notice names nobody (a provider must never learn a
// pseudonym, and the member's providers are named in the conversation).
const (
	KindNotice     = notify.KindMessage
	KindCareNotice = notify.KindCareMessage
)

// Limits.
const (
	SubjectMax     = 140
	BodyMax        = 10000
	MaxFiles       = 5
	FileMax        = 10 << 20
	MaxCareParties = 10
)

// Conversation is one conversation as a participant sees it.
type Conversation struct {
	ID        int64
	Kind      string
	Subject   string
	With      []string // the other participants still in it: names (care) or pseudonyms
	Former    []string // providers who have left (care, shown to the member)
	LastAt    time.Time
	Unread    bool
	Awaiting  bool // the last message is for the caller to answer
	Closed    bool
	ClosedAt  *time.Time
	ClosedBy  string
	CanWrite  bool      // the caller may add a message now
	Messages  []Message // filled by Get
	CreatedBy int64
}

// Message is one message.
type Message struct {
	ID              int64
	Author          string // name (care) or pseudonym (moderator)
	AuthorPseudonym string // moderator conversations only
	Mine            bool
	HTML            template.HTML
	Text            string // the Markdown as written; filled by Copy only
	CreatedAt       time.Time
	ReadBy          []string // on the caller's own messages: who has read it
	Files           []FileInfo
}

// FileInfo describes an attachment without its content.
type FileInfo struct {
	ID   int64
	Name string
	Type string
	Size int64
}

// File is an attachment to store or one read back. Callers check and
// clean files first (internal/attach); the service refuses types and
// sizes outside the rules all the same.
type File struct {
	Name string
	Type string
	Data []byte
}

// Sent says what happened to a message just written.
type Sent struct {
	ConversationID int64
	MessageID      int64
	Crisis         bool // the writer's words suggest a crisis: show the crisis numbers
}

// Options are the service's collaborators.
type Options struct {
	Keys   *seal.Keyring
	Markup func(string) template.HTML
	Now    func() time.Time
	// MayStart decides whether a peer moderator may start a conversation
	// with member (moderation: members of the moderator's communities).
	MayStart func(ctx context.Context, q sqldb.Querier, actor *identity.User, member identity.User) error
	// Crisis reports crisis language in a service user's message; nil
	// never does. Nothing is sent to anyone: the writer sees the numbers.
	Crisis func(text string) bool
	// Publish sends a live event (IDs only) once the change commits.
	Publish func(ctx context.Context, q sqldb.Querier, topic, event string, data any) error
	// FormerMember names a deleted account in the viewer's language
	// ("former member"); nil gives a dash.
	FormerMember func(lang string) string
}

// Service keeps conversations.
type Service struct {
	db   *sqldb.DB
	ids  *identity.Service
	opts Options
}

// New returns the service.
func New(db *sqldb.DB, ids *identity.Service, opts Options) *Service {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Service{db: db, ids: ids, opts: opts}
}

// seal fills a sealed column of a row just written.
func (s *Service) seal(ctx context.Context, tx *sql.Tx, table, column string, id int64, text string) error {
	if s.opts.Keys == nil {
		return errNoKey
	}
	v, err := s.opts.Keys.Seal(table, column, id, text)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE `+table+` SET `+column+` = $1 WHERE id = $2`, v, id) // #nosec G202 -- table and column are constants at every call site; values are bound
	return err
}

// open reads a sealed column; a value that does not open is an error,
// never shown.
func (s *Service) open(table, column string, id int64, sealed string) (string, error) {
	if s.opts.Keys == nil {
		return "", errNoKey
	}
	return s.opts.Keys.Open(table, column, id, sealed)
}

func checkText(fe *apperr.Error, field, s string, lo, hi int, oneLine bool) string {
	return fe.Text(field, "field."+field+".length", s, lo, hi, oneLine)
}

// checkFiles refuses more files than allowed, or any of a type or size
// the rules do not allow.
func checkFiles(fe *apperr.Error, files []File) {
	if len(files) > MaxFiles {
		fe.WithField("attachment", "field.attachment.count")
		return
	}
	for _, f := range files {
		switch f.Type {
		case "application/pdf", "image/jpeg", "image/png":
		default:
			fe.WithField("attachment", "field.attachment.type")
			return
		}
		if len(f.Data) == 0 || len(f.Data) > FileMax || f.Name == "" || utf8.RuneCountInString(f.Name) > 120 {
			fe.WithField("attachment", "field.attachment.type")
			return
		}
	}
}

func (s *Service) publish(ctx context.Context, q sqldb.Querier, topic, event string, data any) error {
	if s.opts.Publish == nil {
		return nil
	}
	return s.opts.Publish(ctx, q, topic, event, data)
}

// formerMember is how a deleted account appears to the viewer.
func (s *Service) formerMember(lang string) string {
	if s.opts.FormerMember == nil {
		return "—"
	}
	return s.opts.FormerMember(lang)
}
