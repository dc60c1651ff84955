package messages

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/notify"
	"reconnect/internal/usage"
)

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
	if err := s.opts.MayStart(ctx, s.db, actor, m); err != nil {
		return 0, err
	}
	sent, err := s.create(ctx, actor, KindModerator, 0, []int64{actor.ID, m.ID}, subject, body, nil)
	return sent.ConversationID, err
}

// StartCare opens a care conversation. A service user names providers
// on their care team; a provider names one linked service user and,
// if they like, colleagues linked to the same member.
func (s *Service) StartCare(ctx context.Context, u *identity.User, participantIDs []int64, subject, body string, files []File) (Sent, error) {
	if u == nil || (u.Role != identity.ServiceUser && u.Role != identity.Provider) {
		return Sent{}, apperr.NotFound()
	}
	fe := apperr.Invalid("err.fix_fields")
	subject = checkText(fe, "subject", subject, 1, SubjectMax, true)
	body = checkText(fe, "message", body, 1, BodyMax, false)
	checkFiles(fe, files)
	member, parties, err := s.careParties(ctx, u, participantIDs)
	if err != nil {
		fe.WithField("participant_ids", "field.participants.care")
	}
	if len(fe.Fields) > 0 {
		return Sent{}, fe
	}
	return s.create(ctx, u, KindCare, member, parties, subject, body, files)
}

// careParties checks whom u may start a care conversation with and
// returns the member and every participant (u included).
func (s *Service) careParties(ctx context.Context, u *identity.User, ids []int64) (int64, []int64, error) {
	bad := apperr.Invalid("err.fix_fields")
	if len(ids) == 0 || len(ids) > MaxCareParties {
		return 0, nil, bad
	}
	seen := map[int64]bool{u.ID: true}
	parties := []int64{u.ID}
	var member int64
	var providers []int64
	if u.Role == identity.ServiceUser {
		member = u.ID
	} else {
		providers = append(providers, u.ID)
	}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		p, err := s.ids.UserByID(ctx, id)
		if err != nil || p.Disabled() {
			return 0, nil, bad
		}
		switch {
		case p.Role == identity.Provider:
			providers = append(providers, id)
		case p.Role == identity.ServiceUser && member == 0:
			member = id
		default:
			return 0, nil, bad
		}
		parties = append(parties, id)
	}
	if member == 0 || len(providers) == 0 {
		return 0, nil, bad
	}
	for _, p := range providers {
		ok, err := linked(ctx, s.db, p, member)
		if err != nil {
			return 0, nil, err
		}
		if !ok {
			return 0, nil, bad
		}
	}
	return member, parties, nil
}

// linked reports whether provider is on member's care team now.
func linked(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, provider, member int64) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM care_links WHERE provider_id = $1 AND member_id = $2 AND status = 'active'`, provider, member).Scan(&n)
	return n > 0, err
}

func (s *Service) create(ctx context.Context, u *identity.User, kind string, member int64, parties []int64, subject, body string, files []File) (Sent, error) {
	now := s.opts.Now()
	var sent Sent
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO conversations (kind, subject, created_by, created_at, last_at, member_id) VALUES ($1, '', $2, $3, $3, $4) RETURNING id`,
			kind, u.ID, now, nullID(member)).Scan(&id); err != nil {
			return err
		}
		if err := s.seal(ctx, tx, "conversations", "subject", id, subject); err != nil {
			return err
		}
		for _, uid := range parties {
			if _, err := tx.ExecContext(ctx, `INSERT INTO conversation_participants (conversation_id, user_id) VALUES ($1, $2)`, id, uid); err != nil {
				return err
			}
		}
		var err error
		sent, err = s.add(ctx, tx, u, id, kind, body, files, now)
		return err
	})
	return sent, err
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// Reply adds a text-only message; see Send.
func (s *Service) Reply(ctx context.Context, u *identity.User, id int64, body string) error {
	_, err := s.Send(ctx, u, id, body, nil)
	return err
}

// Send adds a message, with any files, to a conversation the caller
// takes part in.
func (s *Service) Send(ctx context.Context, u *identity.User, id int64, body string, files []File) (Sent, error) {
	fe := apperr.Invalid("err.fix_fields")
	body = checkText(fe, "message", body, 1, BodyMax, false)
	checkFiles(fe, files)
	c, err := s.access(ctx, s.db, u, id)
	if err != nil {
		return Sent{}, err
	}
	if len(fe.Fields) > 0 {
		return Sent{}, fe
	}
	if err := s.writable(ctx, c); err != nil {
		return Sent{}, err
	}
	now := s.opts.Now()
	var sent Sent
	err = s.db.Write(ctx, func(tx *sql.Tx) error {
		var err error
		sent, err = s.add(ctx, tx, u, id, c.kind, body, files, now)
		return err
	})
	return sent, err
}

// writable is nil if a message may be added now: the conversation is
// open and someone is there to read it.
func (s *Service) writable(ctx context.Context, c conv) error {
	if c.closed {
		return apperr.Conflict("conversation_closed", "err.conversation_closed")
	}
	if c.kind == KindCare {
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM conversation_participants p JOIN care_links l
			ON l.provider_id = p.user_id AND l.member_id = $2 AND l.status = 'active'
			WHERE p.conversation_id = $1 AND p.left_at IS NULL`, c.id, c.member).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return apperr.Conflict("no_care_team", "err.no_care_team")
		}
	}
	return nil
}

// add stores a message and its files, marks it read for its author and
// tells the other participants still in the conversation (never what
// it says).
func (s *Service) add(ctx context.Context, tx *sql.Tx, u *identity.User, id int64, kind, body string, files []File, now time.Time) (Sent, error) {
	sent := Sent{ConversationID: id, Crisis: u.Role == identity.ServiceUser && s.opts.Crisis != nil && s.opts.Crisis(body)}
	if err := tx.QueryRowContext(ctx, `INSERT INTO messages (conversation_id, author_id, body, body_html, created_at) VALUES ($1, $2, '', '', $3) RETURNING id`,
		id, u.ID, now).Scan(&sent.MessageID); err != nil {
		return sent, err
	}
	mid := sent.MessageID
	if err := s.seal(ctx, tx, "messages", "body", mid, body); err != nil {
		return sent, err
	}
	if err := s.seal(ctx, tx, "messages", "body_html", mid, string(s.opts.Markup(body))); err != nil {
		return sent, err
	}
	for _, f := range files {
		if err := s.storeFile(ctx, tx, id, mid, f, now); err != nil {
			return sent, err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE conversations SET last_at = $1, last_author_id = $2 WHERE id = $3`, now, u.ID, id); err != nil {
		return sent, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE conversation_participants SET last_read_id = $1 WHERE conversation_id = $2 AND user_id = $3`, mid, id, u.ID); err != nil {
		return sent, err
	}
	others, err := ints(ctx, tx, `SELECT user_id FROM conversation_participants WHERE conversation_id = $1 AND user_id <> $2 AND left_at IS NULL`, id, u.ID)
	if err != nil {
		return sent, err
	}
	cid := strconv.FormatInt(id, 10)
	notice, args := KindNotice, map[string]string{"conversation_id": cid, "pseudonym": u.Pseudonym}
	if kind == KindCare {
		notice, args = KindCareNotice, map[string]string{"conversation_id": cid}
	}
	if kind == KindCare && u.Role == identity.ServiceUser {
		if err := usage.Record(ctx, tx, u.ID, usage.CareMessageSent, id, now); err != nil {
			return sent, err
		}
	}
	ev := map[string]string{"conversation_id": cid, "message_id": strconv.FormatInt(mid, 10)}
	for _, o := range others {
		if err := notify.Add(ctx, tx, o, notice, args, now); err != nil {
			return sent, err
		}
		if err := s.publish(ctx, tx, "user:"+strconv.FormatInt(o, 10), "message", ev); err != nil {
			return sent, err
		}
	}
	return sent, nil
}

func (s *Service) storeFile(ctx context.Context, tx *sql.Tx, conv, msg int64, f File, now time.Time) error {
	var fid int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO message_attachments (message_id, conversation_id, name, type, size, data, created_at)
		VALUES ($1, $2, '', $3, $4, '', $5) RETURNING id`, msg, conv, f.Type, len(f.Data), now).Scan(&fid); err != nil {
		return err
	}
	if err := s.seal(ctx, tx, "message_attachments", "name", fid, f.Name); err != nil {
		return err
	}
	return s.seal(ctx, tx, "message_attachments", "data", fid, string(f.Data))
}

// SetClosed closes a conversation (no new messages until someone
// reopens it) or reopens it; any participant may.
func (s *Service) SetClosed(ctx context.Context, u *identity.User, id int64, closed bool) error {
	c, err := s.access(ctx, s.db, u, id)
	if err != nil {
		return err
	}
	if c.closed == closed {
		return nil
	}
	now := s.opts.Now()
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		var err error
		if closed {
			_, err = tx.ExecContext(ctx, `UPDATE conversations SET closed_at = $1, closed_by = $2 WHERE id = $3`, now, u.ID, id)
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE conversations SET closed_at = NULL, closed_by = NULL WHERE id = $1`, id)
		}
		if err != nil {
			return err
		}
		others, err := ints(ctx, tx, `SELECT user_id FROM conversation_participants WHERE conversation_id = $1 AND user_id <> $2 AND left_at IS NULL`, id, u.ID)
		if err != nil {
			return err
		}
		for _, o := range others {
			if err := s.publish(ctx, tx, "user:"+strconv.FormatInt(o, 10), "conversation", map[string]string{"conversation_id": strconv.FormatInt(id, 10)}); err != nil {
				return err
			}
		}
		return nil
	})
}

func ints(ctx context.Context, tx *sql.Tx, q string, args ...any) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
