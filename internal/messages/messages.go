// Package messages keeps private conversations. Now: a peer moderator
// and a member of their communities (a check-in, a follow-up after a
// crisis alert), pseudonymous on both sides; the care-messaging issue
// adds conversations with a member's own providers on the same model.
//
// Only participants read a conversation; everyone else gets not_found.
// Notices name the conversation, never what anyone wrote. Subjects and
// messages are sealed at rest (internal/seal), bound to their rows.
package messages

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"html/template"
	"strconv"
	"strings"
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
const KindModerator = "moderator"

// Limits.
const (
	SubjectMax = 140
	BodyMax    = 10000
)

// KindNotice is the notice a participant gets for a new message.
const KindNotice = notify.KindMessage

// Conversation is one conversation as a participant sees it.
type Conversation struct {
	ID        int64
	Kind      string
	Subject   string
	With      []string // the other participants' pseudonyms
	LastAt    time.Time
	Unread    bool
	Messages  []Message // filled by Get
	CreatedBy int64
}

// Message is one message.
type Message struct {
	ID              int64
	AuthorPseudonym string
	Mine            bool
	HTML            template.HTML
	CreatedAt       time.Time
}

// Service keeps conversations.
type Service struct {
	db       *sqldb.DB
	keys     *seal.Keyring
	ids      *identity.Service
	markup   func(string) template.HTML
	now      func() time.Time
	mayStart func(ctx context.Context, q sqldb.Querier, actor *identity.User, member identity.User) error
}

// New returns the service. mayStart decides whether actor may start a
// conversation with member (moderation supplies it: members of the
// moderator's communities).
func New(db *sqldb.DB, ids *identity.Service, keys *seal.Keyring, markup func(string) template.HTML, now func() time.Time,
	mayStart func(ctx context.Context, q sqldb.Querier, actor *identity.User, member identity.User) error) *Service {
	return &Service{db: db, ids: ids, keys: keys, markup: markup, now: now, mayStart: mayStart}
}

// seal fills a sealed column of a row just written.
func (s *Service) seal(ctx context.Context, tx *sql.Tx, table, column string, id int64, text string) error {
	if s.keys == nil {
		return errNoKey
	}
	v, err := s.keys.Seal(table, column, id, text)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE `+table+` SET `+column+` = $1 WHERE id = $2`, v, id)
	return err
}

// open reads a sealed column; a value that does not open is an error,
// never shown.
func (s *Service) open(table, column string, id int64, sealed string) (string, error) {
	if s.keys == nil {
		return "", errNoKey
	}
	return s.keys.Open(table, column, id, sealed)
}

func checkText(fe *apperr.Error, field, s string, lo, hi int, oneLine bool) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	bad := !utf8.ValidString(s) || strings.ContainsRune(s, 0) || (oneLine && strings.ContainsAny(s, "\r\n"))
	if n := utf8.RuneCountInString(s); bad || n < lo || n > hi {
		fe.WithField(field, "field."+field+".length")
	}
	return s
}

// Start opens a moderator conversation with a member and sends the
// first message.
func (s *Service) Start(ctx context.Context, actor *identity.User, memberPseudonym, subject, body string) (int64, error) {
	if actor == nil || actor.Role != identity.PeerModerator {
		return 0, apperr.NotFound()
	}
	fe := apperr.Invalid("err.fix_fields")
	subject = checkText(fe, "subject", subject, 1, SubjectMax, true)
	body = checkText(fe, "message", body, 1, BodyMax, false)
	m, err := s.ids.PeerByMention(ctx, s.db, memberPseudonym)
	if err != nil {
		fe.WithField("pseudonym", "field.pseudonym.unknown")
	}
	if len(fe.Fields) > 0 {
		return 0, fe
	}
	if m.ID == actor.ID {
		return 0, apperr.Invalid("err.fix_fields").WithField("pseudonym", "field.pseudonym.unknown")
	}
	if err := s.mayStart(ctx, s.db, actor, m); err != nil {
		return 0, err
	}
	now := s.now()
	var id int64
	err = s.db.Write(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO conversations (kind, subject, created_by, created_at, last_at) VALUES ($1, '', $2, $3, $3) RETURNING id`,
			KindModerator, actor.ID, now).Scan(&id); err != nil {
			return err
		}
		if err := s.seal(ctx, tx, "conversations", "subject", id, subject); err != nil {
			return err
		}
		for _, uid := range []int64{actor.ID, m.ID} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO conversation_participants (conversation_id, user_id) VALUES ($1, $2)`, id, uid); err != nil {
				return err
			}
		}
		return s.add(ctx, tx, actor, id, body, now)
	})
	return id, err
}

// Reply adds a message to a conversation the caller takes part in.
func (s *Service) Reply(ctx context.Context, u *identity.User, id int64, body string) error {
	fe := apperr.Invalid("err.fix_fields")
	body = checkText(fe, "message", body, 1, BodyMax, false)
	if err := s.member(ctx, s.db, u, id); err != nil {
		return err
	}
	if len(fe.Fields) > 0 {
		return fe
	}
	now := s.now()
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE conversations SET last_at = $1 WHERE id = $2`, now, id); err != nil {
			return err
		}
		return s.add(ctx, tx, u, id, body, now)
	})
}

// add stores a message, marks it read for its author and tells the
// other participants (not what it says).
func (s *Service) add(ctx context.Context, tx *sql.Tx, u *identity.User, id int64, body string, now time.Time) error {
	var mid int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO messages (conversation_id, author_id, body, body_html, created_at) VALUES ($1, $2, '', '', $3) RETURNING id`,
		id, u.ID, now).Scan(&mid); err != nil {
		return err
	}
	if err := s.seal(ctx, tx, "messages", "body", mid, body); err != nil {
		return err
	}
	if err := s.seal(ctx, tx, "messages", "body_html", mid, string(s.markup(body))); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE conversation_participants SET last_read_id = $1 WHERE conversation_id = $2 AND user_id = $3`, mid, id, u.ID); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT user_id FROM conversation_participants WHERE conversation_id = $1 AND user_id <> $2`, id, u.ID)
	if err != nil {
		return err
	}
	var others []int64
	for rows.Next() {
		var o int64
		if err := rows.Scan(&o); err != nil {
			rows.Close()
			return err
		}
		others = append(others, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, o := range others {
		if err := notify.Add(ctx, tx, o, KindNotice, map[string]string{"conversation_id": strconv.FormatInt(id, 10), "pseudonym": u.Pseudonym}, now); err != nil {
			return err
		}
	}
	return nil
}

// member is nil if u takes part in the conversation, else not_found.
func (s *Service) member(ctx context.Context, q sqldb.Querier, u *identity.User, id int64) error {
	if u == nil {
		return apperr.NotFound()
	}
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM conversation_participants WHERE conversation_id = $1 AND user_id = $2`, id, u.ID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return apperr.NotFound()
	}
	return nil
}

// List returns the caller's conversations, latest first.
func (s *Service) List(ctx context.Context, u *identity.User) ([]Conversation, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT c.id, c.kind, c.subject, c.last_at, COALESCE(c.created_by, 0),
		EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.id > COALESCE(p.last_read_id, 0))
		FROM conversations c JOIN conversation_participants p ON p.conversation_id = c.id AND p.user_id = $1
		ORDER BY c.last_at DESC, c.id DESC LIMIT 200`, u.ID)
	if err != nil {
		return nil, err
	}
	var out []Conversation
	for rows.Next() {
		var c Conversation
		var subject string
		if err := rows.Scan(&c.ID, &c.Kind, &subject, &c.LastAt, &c.CreatedBy, &c.Unread); err != nil {
			rows.Close()
			return nil, err
		}
		if c.Subject, err = s.open("conversations", "subject", c.ID, subject); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].With, err = s.others(ctx, u, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Get returns a conversation with its messages and marks them read.
func (s *Service) Get(ctx context.Context, u *identity.User, id int64) (Conversation, error) {
	var c Conversation
	if err := s.member(ctx, s.db, u, id); err != nil {
		return c, err
	}
	var subject string
	if err := s.db.QueryRowContext(ctx, `SELECT id, kind, subject, last_at, COALESCE(created_by, 0) FROM conversations WHERE id = $1`, id).Scan(
		&c.ID, &c.Kind, &subject, &c.LastAt, &c.CreatedBy); err != nil {
		return c, err
	}
	var err error
	if c.Subject, err = s.open("conversations", "subject", id, subject); err != nil {
		return c, err
	}
	if c.With, err = s.others(ctx, u, id); err != nil {
		return c, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT m.id, COALESCE(a.pseudonym, ''), COALESCE(m.author_id, 0), m.body_html, m.created_at
		FROM messages m LEFT JOIN users a ON a.id = m.author_id WHERE m.conversation_id = $1 ORDER BY m.id`, id)
	if err != nil {
		return c, err
	}
	var last int64
	for rows.Next() {
		var m Message
		var author int64
		var html string
		if err := rows.Scan(&m.ID, &m.AuthorPseudonym, &author, &html, &m.CreatedAt); err != nil {
			rows.Close()
			return c, err
		}
		if html, err = s.open("messages", "body_html", m.ID, html); err != nil {
			rows.Close()
			return c, err
		}
		m.Mine, m.HTML, last = author == u.ID, template.HTML(html), m.ID // sanitised when written
		c.Messages = append(c.Messages, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return c, err
	}
	_, err = s.db.ExecContext(ctx, `UPDATE conversation_participants SET last_read_id = $1 WHERE conversation_id = $2 AND user_id = $3
		AND COALESCE(last_read_id, 0) < $1`, last, id, u.ID)
	return c, err
}

func (s *Service) others(ctx context.Context, u *identity.User, id int64) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT COALESCE(x.pseudonym, '') FROM conversation_participants p JOIN users x ON x.id = p.user_id
		WHERE p.conversation_id = $1 AND p.user_id <> $2 ORDER BY x.pseudonym`, id, u.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// sealedColumns are the columns this package seals.
var sealedColumns = []struct{ table, column string }{
	{"conversations", "subject"}, {"messages", "body"}, {"messages", "body_html"},
}

// Reseal seals every value not yet under the keyring's primary key
// again under it, a batch per transaction, so servers keep running
// (configured with both keys) while it works. It returns how many values
// it re-sealed.
func Reseal(ctx context.Context, db *sqldb.DB, keys *seal.Keyring) (int, error) {
	total := 0
	for _, sc := range sealedColumns {
		var after int64
		for {
			n, last, err := resealBatch(ctx, db, keys, sc.table, sc.column, after)
			if err != nil {
				return total, err
			}
			total += n
			if last == 0 {
				break
			}
			after = last
		}
	}
	return total, nil
}

func resealBatch(ctx context.Context, db *sqldb.DB, keys *seal.Keyring, table, column string, after int64) (int, int64, error) {
	n := 0
	var last int64
	err := db.Write(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, `+column+` FROM `+table+` WHERE id > $1 ORDER BY id LIMIT 500`, after)
		if err != nil {
			return err
		}
		type row struct {
			id int64
			v  string
		}
		var todo []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.v); err != nil {
				rows.Close()
				return err
			}
			last = r.id
			if seal.KeyOf(r.v) != keys.Primary() {
				todo = append(todo, r)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, r := range todo {
			plain, err := keys.Open(table, column, r.id, r.v)
			if err != nil {
				return fmt.Errorf("%s.%s row %d: %w", table, column, r.id, err)
			}
			v, err := keys.Seal(table, column, r.id, plain)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE `+table+` SET `+column+` = $1 WHERE id = $2`, v, r.id); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, last, err
}
