// Package forum is the peer-support forum: categories, threads and
// replies, reactions, reading state, watching, drafts, mentions, search,
// circle threads and live updates.
//
// Only service users and peer moderators take part; for everyone else,
// and for anything they may not see (a circle they are not in, a
// community-only category of another community, a hidden post), the
// answer is not_found. Every method that changes something takes the
// acting member and checks permission itself.
package forum

import (
	"context"
	"database/sql"
	"html/template"
	"time"

	"reconnect/internal/identity"
	"reconnect/internal/privacy"
	"reconnect/internal/sqldb"
)

// Length limits, in characters.
const (
	TitleMin, TitleMax = 3, 140
	BodyMin, BodyMax   = 1, 20000
)

// Options configure a Service.
type Options struct {
	Now    func() time.Time
	Markup func(string) template.HTML
	// Check runs the identifying-details check on text written by u.
	Check func(ctx context.Context, u *identity.User, text string) ([]privacy.Finding, error)
	// Publish tells live readers about a change; called after commit.
	// On PostgreSQL it is called inside the transaction (NOTIFY is
	// delivered at commit).
	Publish func(ctx context.Context, q sqldb.Querier, ev Event) error
	// Crisis looks for suicide or self-harm language in a post being
	// published or edited, inside its transaction, raises the alert it
	// calls for and returns the level ("concern", "intent", or "" for
	// none). It never stops the post.
	Crisis func(ctx context.Context, tx *sql.Tx, postID int64, text string) (string, error)
}

// Event is what live readers learn: IDs only, never content.
type Event struct {
	Kind     string `json:"kind"` // "post", "post_edited", "post_deleted"
	ThreadID int64  `json:"thread_id"`
	PostID   int64  `json:"post_id"`
}

// Service is the forum. Safe for concurrent use.
type Service struct {
	db   *sqldb.DB
	ids  *identity.Service
	opts Options
}

// New returns the forum service.
func New(db *sqldb.DB, ids *identity.Service, opts Options) *Service {
	if opts.Now == nil {
		opts.Now = func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }
	}
	return &Service{db: db, ids: ids, opts: opts}
}

func (s *Service) now() time.Time { return s.opts.Now() }
