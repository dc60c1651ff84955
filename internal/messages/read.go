package messages

import (
	"context"
	"database/sql"
	"fmt"
	"html/template"
	"strings"
	"time"

	"reconnect/internal/access"
	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/sqldb"
)

// conv is what access control needs to know of a conversation.
type conv struct {
	id     int64
	kind   string
	member int64
	closed bool
}

// access returns the conversation if u may read it now, else not_found:
// u takes part and has not left, and a provider in a care conversation
// is linked to its member at this moment.
func (s *Service) access(ctx context.Context, q sqldb.Querier, u *identity.User, id int64) (conv, error) {
	c := conv{id: id}
	if u == nil || !canMessage(u.Role) {
		return c, apperr.NotFound()
	}
	var left, retained bool
	err := q.QueryRowContext(ctx, `SELECT c.kind, COALESCE(c.member_id, 0), c.closed_at IS NOT NULL OR COALESCE(c.closes_at <= $3, FALSE), p.left_at IS NOT NULL,
		COALESCE(c.retain_until > $3, FALSE)
		FROM conversations c JOIN conversation_participants p ON p.conversation_id = c.id AND p.user_id = $2 WHERE c.id = $1`, id, u.ID, s.opts.Now()).Scan(
		&c.kind, &c.member, &c.closed, &left, &retained)
	if err == sql.ErrNoRows || left {
		return c, apperr.NotFound()
	}
	if err != nil {
		return c, err
	}
	// A deleted member's care conversation stays readable for the
	// providers in it until its retention ends (internal/deletion); no
	// link remains to check.
	if c.kind == KindCare && u.Role == identity.Provider && !retained {
		ok, err := linked(ctx, q, u.ID, c.member)
		if err != nil {
			return c, err
		}
		if !ok {
			return c, apperr.NotFound()
		}
	}
	return c, nil
}

func canMessage(r identity.Role) bool {
	return r == identity.ServiceUser || r == identity.PeerModerator || r == identity.Provider
}

// party is a participant as some viewer sees them.
type party struct {
	userID   int64
	name     string
	left     bool
	lastRead int64
}

// parties returns each conversation's participants, named for viewer:
// in care conversations by real name (a provider's name, or the
// member's name from eID or as entered at linking), in moderator
// conversations by pseudonym. Never both.
func (s *Service) parties(ctx context.Context, viewer *identity.User, kinds map[int64]string) (map[int64][]party, error) {
	out := map[int64][]party{}
	if len(kinds) == 0 {
		return out, nil
	}
	args := []any{viewer.ID}
	var ph []string
	for id := range kinds {
		args = append(args, id)
		ph = append(ph, fmt.Sprintf("$%d", len(args)))
	}
	rows, err := s.db.QueryContext(ctx, `SELECT p.conversation_id, p.user_id, u.role, COALESCE(u.pseudonym, ''), u.login, COALESCE(rn.full_name, ''),
		COALESCE((SELECT l.member_name FROM care_links l WHERE l.member_id = p.user_id AND l.status <> 'pending'
			ORDER BY CASE WHEN l.provider_id = $1 THEN 0 ELSE 1 END, l.id DESC LIMIT 1), ''),
		p.left_at IS NOT NULL, COALESCE(p.last_read_id, 0), u.deleted_at IS NOT NULL
		FROM conversation_participants p JOIN users u ON u.id = p.user_id LEFT JOIN real_names rn ON rn.user_id = p.user_id
		WHERE p.conversation_id IN (`+strings.Join(ph, ", ")+`) ORDER BY p.conversation_id, p.user_id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var cid int64
		var p party
		var role identity.Role
		var pseudonym, login, full, linkName string
		var deleted bool
		if err := rows.Scan(&cid, &p.userID, &role, &pseudonym, &login, &full, &linkName, &p.left, &p.lastRead, &deleted); err != nil {
			return nil, err
		}
		switch {
		case deleted: // a tombstone: no name, no pseudonym
			p.name = s.formerMember(viewer.Language)
		case kinds[cid] != KindCare:
			p.name = pseudonym
		case full != "":
			p.name = full
		case role == identity.ServiceUser:
			p.name = linkName
		default:
			p.name = login
		}
		out[cid] = append(out[cid], p)
	}
	return out, rows.Err()
}

// List filters.
const (
	FilterOpen     = ""         // open conversations (the default)
	FilterUnread   = "unread"   // with messages I have not read
	FilterAwaiting = "awaiting" // open, and the last message is for me to answer
	FilterClosed   = "closed"
	FilterAll      = "all"
)

// ValidFilter reports whether f is a List filter.
func ValidFilter(f string) bool {
	switch f {
	case FilterOpen, FilterUnread, FilterAwaiting, FilterClosed, FilterAll:
		return true
	}
	return false
}

// Cursor is a position in a list: before the conversation with this
// last_at and ID.
type Cursor struct {
	At time.Time
	ID int64
}

// List returns the caller's latest 200 conversations, open or closed.
func (s *Service) List(ctx context.Context, u *identity.User) ([]Conversation, error) {
	cs, _, err := s.Inbox(ctx, u, FilterAll, 200, Cursor{})
	return cs, err
}

// Inbox returns the caller's conversations, latest first: a provider's
// inbox across all their linked members, or a member's conversations.
// It returns at most limit, and the cursor for the next page (zero when
// there is none).
func (s *Service) Inbox(ctx context.Context, u *identity.User, filter string, limit int, after Cursor) ([]Conversation, Cursor, error) {
	if u == nil || !canMessage(u.Role) {
		return nil, Cursor{}, apperr.NotFound()
	}
	if !ValidFilter(filter) {
		return nil, Cursor{}, apperr.Invalid("err.fix_fields").WithField("filter", "field.filter.unknown")
	}
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	q := `SELECT c.id, c.kind, c.subject, c.last_at, COALESCE(c.created_by, 0), c.closed_at, COALESCE(c.member_id, 0), COALESCE(c.last_author_id, 0),
		EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.id > COALESCE(p.last_read_id, 0))
		FROM conversations c JOIN conversation_participants p ON p.conversation_id = c.id AND p.user_id = $1 AND p.left_at IS NULL WHERE 1 = 1`
	args := []any{u.ID}
	if u.Role == identity.Provider {
		q += ` AND (c.kind <> 'care' OR EXISTS (SELECT 1 FROM care_links l WHERE l.provider_id = $1 AND l.member_id = c.member_id AND l.status = 'active'))`
	}
	switch filter {
	case FilterOpen:
		q += ` AND c.closed_at IS NULL`
	case FilterClosed:
		q += ` AND c.closed_at IS NOT NULL`
	case FilterUnread:
		q += ` AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.id > COALESCE(p.last_read_id, 0))`
	case FilterAwaiting:
		q += ` AND c.closed_at IS NULL AND ` + awaitingSQL(u)
	}
	if !after.At.IsZero() {
		args = append(args, after.At, after.ID)
		q += ` AND (c.last_at < $2 OR (c.last_at = $2 AND c.id < $3))`
	}
	args = append(args, limit+1)
	q += fmt.Sprintf(` ORDER BY c.last_at DESC, c.id DESC LIMIT $%d`, len(args))
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, Cursor{}, err
	}
	var out []Conversation
	kinds := map[int64]string{}
	for rows.Next() {
		var c Conversation
		var subject string
		var closed sql.NullTime
		var member, lastAuthor int64
		if err := rows.Scan(&c.ID, &c.Kind, &subject, &c.LastAt, &c.CreatedBy, &closed, &member, &lastAuthor, &c.Unread); err != nil {
			_ = rows.Close() // already returning an error
			return nil, Cursor{}, err
		}
		if c.Subject, err = s.open("conversations", "subject", c.ID, subject); err != nil {
			_ = rows.Close() // already returning an error
			return nil, Cursor{}, err
		}
		c.Closed = closed.Valid
		c.Awaiting = !c.Closed && awaiting(u, c.Kind, member, lastAuthor)
		kinds[c.ID] = c.Kind
		out = append(out, c)
	}
	if err := rows.Close(); err != nil {
		return nil, Cursor{}, err
	}
	if err := rows.Err(); err != nil {
		return nil, Cursor{}, err
	}
	var next Cursor
	if len(out) > limit {
		delete(kinds, out[limit].ID)
		out = out[:limit]
		last := out[limit-1]
		next = Cursor{At: last.LastAt, ID: last.ID}
	}
	ps, err := s.parties(ctx, u, kinds)
	if err != nil {
		return nil, Cursor{}, err
	}
	for i := range out {
		out[i].With, out[i].Former = names(ps[out[i].ID], u.ID)
	}
	return out, next, nil
}

// awaitingSQL: a provider awaits the member's messages; anyone else
// awaits anybody else's.
func awaitingSQL(u *identity.User) string {
	if u.Role == identity.Provider {
		return `c.kind = 'care' AND c.last_author_id = c.member_id`
	}
	return `c.last_author_id IS NOT NULL AND c.last_author_id <> $1`
}

func awaiting(u *identity.User, kind string, member, lastAuthor int64) bool {
	if u.Role == identity.Provider {
		return kind == KindCare && lastAuthor == member
	}
	return lastAuthor != 0 && lastAuthor != u.ID
}

func names(ps []party, viewer int64) (with, former []string) {
	with = []string{}
	for _, p := range ps {
		switch {
		case p.userID == viewer:
		case p.left:
			former = append(former, p.name)
		default:
			with = append(with, p.name)
		}
	}
	return with, former
}

// Get returns a conversation with its messages and marks them read. A
// provider's view of a care conversation is written to the member's
// access log.
func (s *Service) Get(ctx context.Context, u *identity.User, id int64) (Conversation, error) {
	c, meta, last, err := s.read(ctx, u, id, false)
	if err != nil {
		return c, err
	}
	return c, s.seen(ctx, u, meta, last)
}

// Copy returns a conversation with its messages and each message's text
// as written (Text), for the caller's own data export. It marks nothing
// read; a provider's copy of a care conversation is still written to the
// member's access log, since the provider reads the member's words.
func (s *Service) Copy(ctx context.Context, u *identity.User, id int64) (Conversation, error) {
	c, meta, _, err := s.read(ctx, u, id, true)
	if err != nil {
		return c, err
	}
	if meta.kind == KindCare && u.Role == identity.Provider {
		err = s.db.Write(ctx, func(tx *sql.Tx) error {
			return access.Record(ctx, tx, meta.member, u.ID, access.Conversation, meta.id, s.opts.Now())
		})
	}
	return c, err
}

// read returns a conversation as u sees it, its access facts and its
// last message ID; withText also opens each message's Markdown.
func (s *Service) read(ctx context.Context, u *identity.User, id int64, withText bool) (Conversation, conv, int64, error) {
	var c Conversation
	meta, err := s.access(ctx, s.db, u, id)
	if err != nil {
		return c, meta, 0, err
	}
	var subject string
	var closed sql.NullTime
	var closedBy int64
	if err := s.db.QueryRowContext(ctx, `SELECT id, kind, subject, last_at, COALESCE(created_by, 0), closed_at, COALESCE(closed_by, 0), COALESCE(last_author_id, 0)
		FROM conversations WHERE id = $1`, id).Scan(&c.ID, &c.Kind, &subject, &c.LastAt, &c.CreatedBy, &closed, &closedBy, new(int64)); err != nil {
		return c, meta, 0, err
	}
	if c.Subject, err = s.open("conversations", "subject", id, subject); err != nil {
		return c, meta, 0, err
	}
	if closed.Valid {
		c.Closed, c.ClosedAt = true, &closed.Time
	}
	ps, err := s.parties(ctx, u, map[int64]string{id: c.Kind})
	if err != nil {
		return c, meta, 0, err
	}
	byID := map[int64]party{}
	for _, p := range ps[id] {
		byID[p.userID] = p
	}
	c.With, c.Former = names(ps[id], u.ID)
	if closed.Valid {
		c.ClosedBy = byID[closedBy].name
	}
	c.CanWrite = s.writable(ctx, meta) == nil
	files, err := s.fileInfos(ctx, id)
	if err != nil {
		return c, meta, 0, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, COALESCE(author_id, 0), body, body_html, created_at FROM messages WHERE conversation_id = $1 ORDER BY id`, id)
	if err != nil {
		return c, meta, 0, err
	}
	var last int64
	for rows.Next() {
		var m Message
		var author int64
		var text, html string
		if err := rows.Scan(&m.ID, &author, &text, &html, &m.CreatedAt); err != nil {
			_ = rows.Close() // already returning an error
			return c, meta, 0, err
		}
		if html, err = s.open("messages", "body_html", m.ID, html); err != nil {
			_ = rows.Close() // already returning an error
			return c, meta, 0, err
		}
		if withText {
			if m.Text, err = s.open("messages", "body", m.ID, text); err != nil {
				_ = rows.Close() // already returning an error
				return c, meta, 0, err
			}
		}
		m.Mine, m.HTML, last = author == u.ID, template.HTML(html), m.ID // #nosec G203 -- body_html is markup.HTML output (sanitised) sealed when written
		m.Author = byID[author].name
		if c.Kind == KindModerator {
			m.AuthorPseudonym = m.Author
		}
		if m.Mine {
			for _, p := range ps[id] {
				if p.userID != u.ID && p.lastRead >= m.ID {
					m.ReadBy = append(m.ReadBy, p.name)
				}
			}
		}
		m.Files = files[m.ID]
		c.Messages = append(c.Messages, m)
	}
	if err := rows.Close(); err != nil {
		return c, meta, 0, err
	}
	if err := rows.Err(); err != nil {
		return c, meta, 0, err
	}
	return c, meta, last, nil
}

// seen marks the conversation read up to last and, for a provider in a
// care conversation, writes the member's access log.
func (s *Service) seen(ctx context.Context, u *identity.User, c conv, last int64) error {
	logIt := c.kind == KindCare && u.Role == identity.Provider
	var readBefore int64
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(last_read_id, 0) FROM conversation_participants WHERE conversation_id = $1 AND user_id = $2`,
		c.id, u.ID).Scan(&readBefore); err != nil {
		return err
	}
	if !logIt && readBefore >= last {
		return nil // a repeat view writes nothing
	}
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		if logIt {
			if err := access.Record(ctx, tx, c.member, u.ID, access.Conversation, c.id, s.opts.Now()); err != nil {
				return err
			}
		}
		if readBefore >= last {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE conversation_participants SET last_read_id = $1 WHERE conversation_id = $2 AND user_id = $3
			AND COALESCE(last_read_id, 0) < $1`, last, c.id, u.ID); err != nil {
			return err
		}
		others, err := ints(ctx, tx, `SELECT user_id FROM conversation_participants WHERE conversation_id = $1 AND user_id <> $2 AND left_at IS NULL`, c.id, u.ID)
		if err != nil {
			return err
		}
		for _, o := range others {
			if err := s.publish(ctx, tx, fmt.Sprintf("user:%d", o), "message_read", map[string]string{"conversation_id": fmt.Sprint(c.id)}); err != nil {
				return err
			}
		}
		return nil
	})
}

// Unread counts the caller's conversations with messages they have not
// read (the Messages badge).
func (s *Service) Unread(ctx context.Context, u *identity.User) (int, error) {
	if u == nil || !canMessage(u.Role) {
		return 0, nil
	}
	q := `SELECT COUNT(*) FROM conversations c JOIN conversation_participants p ON p.conversation_id = c.id AND p.user_id = $1 AND p.left_at IS NULL
		WHERE EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.id > COALESCE(p.last_read_id, 0))`
	if u.Role == identity.Provider {
		q += ` AND (c.kind <> 'care' OR EXISTS (SELECT 1 FROM care_links l WHERE l.provider_id = $1 AND l.member_id = c.member_id AND l.status = 'active'))`
	}
	var n int
	err := s.db.QueryRowContext(ctx, q, u.ID).Scan(&n)
	return n, err
}
