// Package moderation gives peer moderators and administrators what they
// need to look after the forum: members' flags, the review queue,
// actions on posts, threads and members, and the moderation log.
//
// Every action is recorded in the "moderation" audit chain. Flaggers
// are shown to moderators, never to the author of the flagged post.
// Routes and pages answer not_found to everyone who does not moderate.
package moderation

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/audit"
	"reconnect/internal/crisis"
	"reconnect/internal/forum"
	"reconnect/internal/identity"
	"reconnect/internal/sqldb"
)

// Options tune the service.
type Options struct {
	Now func() time.Time
	// FlagThreshold is how many different members must flag a post for
	// it to be hidden until a moderator has looked (default 3).
	FlagThreshold int
	// UnansweredAfter is how long a member's post may wait for an
	// answer before the unanswered view shows it (default 12 hours).
	UnansweredAfter time.Duration
	// QuietAfter is how long without signing in makes a member who
	// took part quiet (default 21 days).
	QuietAfter time.Duration
	// Detector finds crisis language (default crisis.Default()).
	Detector *crisis.Detector
	// Publish pushes an event to a live topic ("user:<id>"); nil skips.
	Publish func(ctx context.Context, q sqldb.Querier, topic, kind string, v any) error
}

// Service runs moderation.
type Service struct {
	db    *sqldb.DB
	ids   *identity.Service
	forum *forum.Service
	opts  Options
}

// New returns the moderation service.
func New(db *sqldb.DB, ids *identity.Service, fs *forum.Service, opts Options) *Service {
	if opts.Now == nil {
		opts.Now = func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }
	}
	if opts.FlagThreshold <= 0 {
		opts.FlagThreshold = 3
	}
	if opts.UnansweredAfter <= 0 {
		opts.UnansweredAfter = 12 * time.Hour
	}
	if opts.QuietAfter <= 0 {
		opts.QuietAfter = 21 * 24 * time.Hour
	}
	if opts.Detector == nil {
		opts.Detector = crisis.Default()
	}
	return &Service{db: db, ids: ids, forum: fs, opts: opts}
}

func (s *Service) now() time.Time { return s.opts.Now() }

// Limits on what moderators and flaggers write.
const (
	ReasonMax = 500
	NoteMax   = 500
)

// scope is where a moderator may act: every community for an
// administrator, else the moderator's communities.
type scope struct {
	all         bool
	communities map[int64]bool
}

func (sc scope) has(community sql.NullInt64) bool {
	return sc.all || (community.Valid && sc.communities[community.Int64])
}

// scopeOf returns the actor's scope, or not_found for everyone who does
// not moderate.
func (s *Service) scopeOf(ctx context.Context, q sqldb.Querier, actor *identity.User) (scope, error) {
	if !forum.Moderates(actor) {
		return scope{}, apperr.NotFound()
	}
	if actor.Role == identity.Admin {
		return scope{all: true}, nil
	}
	sc := scope{communities: map[int64]bool{}}
	if actor.CommunityID != 0 {
		sc.communities[actor.CommunityID] = true
	}
	rows, err := q.QueryContext(ctx, `SELECT community_id FROM moderator_communities WHERE user_id = $1`, actor.ID)
	if err != nil {
		return sc, err
	}
	defer rows.Close()
	for rows.Next() {
		var c int64
		if err := rows.Scan(&c); err != nil {
			return sc, err
		}
		sc.communities[c] = true
	}
	return sc, rows.Err()
}

// reachRule is the scope condition in SQL, written once: a thread t
// (with category c and author ta left-joined) is within a moderator's
// reach when its category is shared, or is in the moderator's home
// community ($HOME) or one they also serve (moderator_communities of
// $MOD); a circle's thread when its author's community is one of those.
const reachRule = `((t.category_id IS NOT NULL AND (c.community_id IS NULL OR c.community_id = $HOME
		OR c.community_id IN (SELECT community_id FROM moderator_communities WHERE user_id = $MOD)))
	OR (t.circle_id IS NOT NULL AND (ta.community_id = $HOME
		OR ta.community_id IN (SELECT community_id FROM moderator_communities WHERE user_id = $MOD))))`

// reachSQL is reachRule for a bound actor: $1 is the actor, $2 is 1 for
// administrators (who reach everything).
var reachSQL = `($2 = 1 OR ` + strings.NewReplacer("$HOME", "(SELECT community_id FROM users WHERE id = $1)", "$MOD", "$1").Replace(reachRule) + `)`

// reachOf is reachRule for the peer moderator in table alias m of the
// query rather than a bound actor, for finding every moderator who
// reaches a post at once.
func reachOf(m string) string {
	return strings.NewReplacer("$HOME", m+".community_id", "$MOD", m+".id").Replace(reachRule)
}

const reachJoins = ` JOIN threads t ON t.id = p.thread_id LEFT JOIN categories c ON c.id = t.category_id LEFT JOIN users ta ON ta.id = t.author_id`

func isAdmin(u *identity.User) int {
	if u.Role == identity.Admin {
		return 1
	}
	return 0
}

// record appends a moderator's action to the moderation chain.
func record(ctx context.Context, tx *sql.Tx, at time.Time, actor *identity.User, action, kind string, id int64, details map[string]string) error {
	var actorID int64
	if actor != nil {
		actorID = actor.ID
	}
	return audit.Append(ctx, tx, &audit.Record{Chain: forum.ChainModeration, At: at, ActorID: actorID,
		Action: action, TargetKind: kind, TargetID: strconv.FormatInt(id, 10), Details: details})
}
