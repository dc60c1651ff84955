package moderation

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/forum"
	"reconnect/internal/identity"
)

// Entry is one action in the moderation log.
type Entry struct {
	Seq            int64
	At             time.Time
	ActorPseudonym string // "" for the system (flags) or an administrator
	ActorRole      string // "peer_moderator", "admin" or "" for the system
	Action         string // post.hide, post.restore, post.hold, post.approve, flags.dismiss, thread.lock, …, member.mute, member.suspend.lift
	TargetKind     string // post, thread or user
	TargetID       int64
	TargetLabel    string // the member's pseudonym or the thread's title
	Reason         string
	Details        map[string]string
}

// LogFilter narrows the moderation log.
type LogFilter struct {
	Action string // an action, or its first part ("post", "thread", "member")
	Actor  string // a moderator's pseudonym
	Member string // the pseudonym of the member acted on, or whose post it was
	Before int64  // show entries before this sequence number (0: newest)
}

const logPage = 50

// Log lists the moderation log, newest first, for moderators and
// administrators. It returns the entries and whether there are more.
func (s *Service) Log(ctx context.Context, actor *identity.User, f LogFilter) ([]Entry, bool, error) {
	if _, err := s.scopeOf(ctx, s.db, actor); err != nil {
		return nil, false, err
	}
	where := []string{`a.chain = $1`}
	args := []any{forum.ChainModeration}
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if f.Before > 0 {
		where = append(where, `a.seq < `+arg(f.Before))
	}
	if f.Action != "" {
		where = append(where, `(a.action = `+arg(f.Action)+` OR a.action LIKE `+arg(strings.ReplaceAll(f.Action, "%", "")+".%")+`)`)
	}
	if f.Actor != "" {
		m, err := s.ids.PeerByMention(ctx, s.db, f.Actor)
		if err != nil {
			return nil, false, apperr.Invalid("err.fix_fields").WithField("actor", "field.pseudonym.unknown")
		}
		where = append(where, `a.actor_id = `+arg(m.ID))
	}
	if f.Member != "" {
		m, err := s.ids.PeerByMention(ctx, s.db, f.Member)
		if err != nil {
			return nil, false, apperr.Invalid("err.fix_fields").WithField("member", "field.pseudonym.unknown")
		}
		where = append(where, `((a.target_kind = 'user' AND a.target_id = `+arg(strconv.FormatInt(m.ID, 10))+`)
			OR (a.target_kind = 'post' AND a.target_id IN (SELECT CAST(id AS TEXT) FROM posts WHERE author_id = `+arg(m.ID)+`)))`)
	}
	es, err := s.entries(ctx, `WHERE `+strings.Join(where, " AND ")+` ORDER BY a.seq DESC LIMIT `+strconv.Itoa(logPage+1), args...)
	if err != nil {
		return nil, false, err
	}
	more := len(es) > logPage
	if more {
		es = es[:logPage]
	}
	return es, more, nil
}

// memberActions are the actions a member sees on their own posts.
var memberActions = []string{"post.hold", "post.hide", "post.restore", "post.approve"}

// OnMyPosts lists what moderators did to the member's own posts: what
// and why, never who flagged. Moderators' names are left out too.
func (s *Service) OnMyPosts(ctx context.Context, u *identity.User) ([]Entry, error) {
	if u == nil || !u.Role.UsesForum() {
		return nil, apperr.NotFound()
	}
	es, err := s.entries(ctx, `WHERE a.chain = $1 AND a.target_kind = 'post' AND a.action IN ('`+strings.Join(memberActions, "', '")+`')
		AND a.target_id IN (SELECT CAST(id AS TEXT) FROM posts WHERE author_id = $2) ORDER BY a.seq DESC LIMIT 100`, forum.ChainModeration, u.ID)
	for i := range es {
		es[i].ActorPseudonym, es[i].ActorRole = "", ""
		es[i].Details = map[string]string{}
	}
	return es, err
}

func (s *Service) entries(ctx context.Context, where string, args ...any) ([]Entry, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT a.seq, a.at, COALESCE(u.pseudonym, ''), COALESCE(u.role, ''), a.action, a.target_kind, a.target_id, a.details,
		COALESCE(tu.pseudonym, tt.title, pt.title, '')
		FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
		LEFT JOIN users tu ON a.target_kind = 'user' AND CAST(tu.id AS TEXT) = a.target_id
		LEFT JOIN threads tt ON a.target_kind = 'thread' AND CAST(tt.id AS TEXT) = a.target_id
		LEFT JOIN posts tp ON a.target_kind = 'post' AND CAST(tp.id AS TEXT) = a.target_id
		LEFT JOIN threads pt ON pt.id = tp.thread_id `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		var target, details string
		if err := rows.Scan(&e.Seq, &e.At, &e.ActorPseudonym, &e.ActorRole, &e.Action, &e.TargetKind, &target, &details, &e.TargetLabel); err != nil {
			return nil, err
		}
		e.TargetID, _ = strconv.ParseInt(target, 10, 64)
		if err := json.Unmarshal([]byte(details), &e.Details); err != nil {
			return nil, err
		}
		e.Reason = e.Details["reason"]
		out = append(out, e)
	}
	return out, rows.Err()
}
