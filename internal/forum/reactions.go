package forum

import (
	"context"
	"database/sql"
	"strings"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/usage"
)

// ReactionKinds are the supportive reactions, in display order; there
// are no likes.
var ReactionKinds = []string{"support", "hug", "brave", "thanks", "metoo"}

// Reaction is one kind's count on a post, whether the viewer gave it,
// and who did (pseudonyms only).
type Reaction struct {
	Kind  string
	Count int
	Mine  bool
	Who   []string
}

func validKind(k string) bool {
	for _, x := range ReactionKinds {
		if x == k {
			return true
		}
	}
	return false
}

// React gives a reaction of one kind to a post; each member gives each
// kind once per post.
func (s *Service) React(ctx context.Context, u *identity.User, postID int64, kind string) error {
	return s.setReaction(ctx, u, postID, kind, true)
}

// Unreact takes a reaction back.
func (s *Service) Unreact(ctx context.Context, u *identity.User, postID int64, kind string) error {
	return s.setReaction(ctx, u, postID, kind, false)
}

func (s *Service) setReaction(ctx context.Context, u *identity.User, postID int64, kind string, on bool) error {
	if err := s.canWrite(ctx, s.db, u); err != nil {
		return err
	}
	if !validKind(kind) {
		return apperr.Invalid("err.fix_fields").WithField("kind", "field.reaction.kind")
	}
	p, err := postFor(ctx, s.db, u, postID)
	if err != nil {
		return err
	}
	if p.Deleted || p.Hidden || p.Pending {
		return apperr.NotFound()
	}
	now := s.now()
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		if !on {
			res, err := tx.ExecContext(ctx, `DELETE FROM reactions WHERE post_id = $1 AND user_id = $2 AND kind = $3`, postID, u.ID, kind)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return apperr.NotFound()
			}
			return nil
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO reactions (post_id, user_id, kind, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
			postID, u.ID, kind, now)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.Conflict("already_reacted", "err.already_reacted")
		}
		return usage.Record(ctx, tx, u.ID, usage.Reacted, postID, now)
	})
}

// reactionsFor fills in the reactions of a page of posts in one query.
func (s *Service) reactionsFor(ctx context.Context, u *identity.User, ps []Post) error {
	idx := make(map[int64]int, len(ps))
	args := []any{}
	var in strings.Builder
	for i, p := range ps {
		idx[p.ID] = i
		if i > 0 {
			in.WriteString(",")
		}
		args = append(args, p.ID)
		in.WriteString(placeholder(len(args)))
	}
	rows, err := s.db.QueryContext(ctx, `SELECT r.post_id, r.kind, r.user_id, u.pseudonym FROM reactions r JOIN users u ON u.id = r.user_id
		WHERE r.post_id IN (`+in.String()+`) ORDER BY r.post_id, r.created_at`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	type key struct {
		post int64
		kind string
	}
	got := map[key]*Reaction{}
	for rows.Next() {
		var post, user int64
		var kind string
		var pseudonym sql.NullString
		if err := rows.Scan(&post, &kind, &user, &pseudonym); err != nil {
			return err
		}
		k := key{post, kind}
		r := got[k]
		if r == nil {
			r = &Reaction{Kind: kind}
			got[k] = r
		}
		r.Count++
		r.Mine = r.Mine || user == u.ID
		if pseudonym.Valid {
			r.Who = append(r.Who, pseudonym.String)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range ps {
		ps[i].Reactions = make([]Reaction, 0, len(ReactionKinds))
		for _, kind := range ReactionKinds {
			if r := got[key{ps[i].ID, kind}]; r != nil {
				ps[i].Reactions = append(ps[i].Reactions, *r)
			} else {
				ps[i].Reactions = append(ps[i].Reactions, Reaction{Kind: kind})
			}
		}
	}
	return nil
}
