package identity

import (
	"context"
	"database/sql"
	"time"
	"unicode/utf8"

	"reconnect/internal/apperr"
	"reconnect/internal/notify"
)

// Circle membership states.
const (
	CircleInvited = "invited"
	CircleJoined  = "member"
)

// circleMax is how many members and invitees a circle may have: circles
// are small closed groups.
const circleMax = 30

// Circle is a small closed group of members.
type Circle struct {
	ID        int64
	Name      string
	CreatorID int64
	CreatedAt time.Time
	MyStatus  string // the viewer's own status
	Reminded  bool   // the viewer has seen the confidentiality reminder
	Members   []CircleMember
}

// CircleMember is one member or invitee as a viewer sees them.
type CircleMember struct {
	UserID    int64
	Pseudonym string
	ShownName string // what they have revealed to the viewer, if anything
	Status    string
	Creator   bool
}

// CreateCircle makes a circle with the actor as its first member and
// invites the named members, who must accept.
func (s *Service) CreateCircle(ctx context.Context, actor *User, name string, pseudonyms []string) (Circle, error) {
	if !actor.Role.UsesForum() {
		return Circle{}, apperr.NotFound()
	}
	if !singleLine(name) {
		return Circle{}, apperr.Invalid("err.fix_fields").WithField("name", "field.invalid_characters")
	}
	name = clean(name)
	if n := utf8.RuneCountInString(name); n < 2 || n > 60 {
		return Circle{}, apperr.Invalid("err.fix_fields").WithField("name", "field.circle_name.length")
	}
	if len(pseudonyms) > circleMax {
		return Circle{}, apperr.Invalid("err.fix_fields").WithField("member_pseudonyms", "field.circle.too_many")
	}
	now := s.now()
	c := Circle{Name: name, CreatorID: actor.ID, CreatedAt: now, MyStatus: CircleJoined}
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		invitees, err := resolvePeers(ctx, tx, actor, pseudonyms)
		if err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO circles (name, creator_id, created_at) VALUES ($1, $2, $3) RETURNING id`, name, actor.ID, now).Scan(&c.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO circle_members (circle_id, user_id, status, invited_by, invited_at, joined_at) VALUES ($1, $2, $3, $2, $4, $4)`,
			c.ID, actor.ID, CircleJoined, now); err != nil {
			return err
		}
		return inviteAll(ctx, tx, c.ID, actor, invitees, now)
	})
	return c, err
}

// resolvePeers turns pseudonyms into forum members; an unknown one, or
// the actor, fails the whole request.
func resolvePeers(ctx context.Context, tx *sql.Tx, actor *User, pseudonyms []string) ([]User, error) {
	seen := map[int64]bool{}
	var out []User
	for _, p := range pseudonyms {
		u, err := peerByPseudonym(ctx, tx, p, "member_pseudonyms")
		if err != nil {
			return nil, err
		}
		if u.ID == actor.ID {
			return nil, apperr.Invalid("err.fix_fields").WithField("member_pseudonyms", "field.peer.self")
		}
		if !seen[u.ID] {
			seen[u.ID] = true
			out = append(out, u)
		}
	}
	return out, nil
}

func inviteAll(ctx context.Context, tx *sql.Tx, circleID int64, actor *User, users []User, now time.Time) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM circle_members WHERE circle_id = $1`, circleID).Scan(&n); err != nil {
		return err
	}
	if n+len(users) > circleMax {
		return apperr.Invalid("err.fix_fields").WithField("member_pseudonyms", "field.circle.too_many")
	}
	for _, u := range users {
		res, err := tx.ExecContext(ctx, `INSERT INTO circle_members (circle_id, user_id, status, invited_by, invited_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (circle_id, user_id) DO NOTHING`, circleID, u.ID, CircleInvited, actor.ID, now)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 1 {
			if err := notify.Add(ctx, tx, u.ID, notify.KindCircleInvite, map[string]string{"pseudonym": actor.Pseudonym}, now); err != nil {
				return err
			}
		}
	}
	return nil
}

// Circles lists the circles the actor belongs to or is invited to.
func (s *Service) Circles(ctx context.Context, actor *User) ([]Circle, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT c.id, c.name, c.creator_id, c.created_at, m.status, m.reminded_at
		FROM circles c JOIN circle_members m ON m.circle_id = c.id WHERE m.user_id = $1 ORDER BY c.name, c.id`, actor.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Circle
	for rows.Next() {
		c, err := scanCircle(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func scanCircle(sc scanner) (Circle, error) {
	var c Circle
	var creator sql.NullInt64
	var reminded sql.NullTime
	err := sc.Scan(&c.ID, &c.Name, &creator, &c.CreatedAt, &c.MyStatus, &reminded)
	c.CreatorID, c.Reminded = creator.Int64, reminded.Valid
	return c, err
}

// CircleByID returns a circle the actor belongs to or is invited to,
// with its people: members see everyone; an invitee sees who is in it so
// they can decide. For anyone else it does not exist.
func (s *Service) CircleByID(ctx context.Context, actor *User, id int64) (Circle, error) {
	c, err := scanCircle(s.db.QueryRowContext(ctx, `SELECT c.id, c.name, c.creator_id, c.created_at, m.status, m.reminded_at
		FROM circles c JOIN circle_members m ON m.circle_id = c.id WHERE c.id = $1 AND m.user_id = $2`, id, actor.ID))
	if err == sql.ErrNoRows {
		return c, apperr.NotFound()
	}
	if err != nil {
		return c, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT m.user_id, u.pseudonym, m.status FROM circle_members m JOIN users u ON u.id = m.user_id
		WHERE m.circle_id = $1 ORDER BY m.status DESC, u.pseudonym`, id)
	if err != nil {
		return c, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var m CircleMember
		var p sql.NullString
		if err := rows.Scan(&m.UserID, &p, &m.Status); err != nil {
			return c, err
		}
		m.Pseudonym, m.Creator = p.String, m.UserID == c.CreatorID
		c.Members = append(c.Members, m)
		ids = append(ids, m.UserID)
	}
	if err := rows.Err(); err != nil {
		return c, err
	}
	shown, err := s.ShownNames(ctx, actor.ID, ids)
	if err != nil {
		return c, err
	}
	for i := range c.Members {
		c.Members[i].ShownName = shown[c.Members[i].UserID]
	}
	return c, nil
}

// InviteToCircle invites more members. The circle's creator only.
func (s *Service) InviteToCircle(ctx context.Context, actor *User, id int64, pseudonyms []string) error {
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		if err := requireCreator(ctx, tx, actor, id); err != nil {
			return err
		}
		users, err := resolvePeers(ctx, tx, actor, pseudonyms)
		if err != nil {
			return err
		}
		if len(users) == 0 {
			return apperr.Invalid("err.fix_fields").WithField("member_pseudonyms", "field.peer.unknown")
		}
		return inviteAll(ctx, tx, id, actor, users, s.now())
	})
}

func requireCreator(ctx context.Context, tx *sql.Tx, actor *User, id int64) error {
	var status string
	var creator sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT m.status, c.creator_id FROM circles c JOIN circle_members m ON m.circle_id = c.id
		WHERE c.id = $1 AND m.user_id = $2`, id, actor.ID).Scan(&status, &creator)
	if err == sql.ErrNoRows {
		return apperr.NotFound()
	}
	if err != nil {
		return err
	}
	if creator.Int64 != actor.ID {
		return apperr.Forbidden()
	}
	return nil
}

// AnswerCircleInvite joins or declines a circle the actor is invited to.
func (s *Service) AnswerCircleInvite(ctx context.Context, actor *User, id int64, join bool) error {
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		var res sql.Result
		var err error
		if join {
			res, err = tx.ExecContext(ctx, `UPDATE circle_members SET status = $1, joined_at = $2 WHERE circle_id = $3 AND user_id = $4 AND status = $5`,
				CircleJoined, s.now(), id, actor.ID, CircleInvited)
		} else {
			res, err = tx.ExecContext(ctx, `DELETE FROM circle_members WHERE circle_id = $1 AND user_id = $2 AND status = $3`, id, actor.ID, CircleInvited)
		}
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.NotFound()
		}
		return nil
	})
}

// LeaveCircle takes the actor out of a circle. When the creator leaves,
// the longest-standing member takes over; an empty circle is deleted.
func (s *Service) LeaveCircle(ctx context.Context, actor *User, id int64) error {
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM circle_members WHERE circle_id = $1 AND user_id = $2`, id, actor.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.NotFound()
		}
		return settleCircle(ctx, tx, id, actor.ID)
	})
}

func settleCircle(ctx context.Context, tx *sql.Tx, id, leaving int64) error {
	var next sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT user_id FROM circle_members WHERE circle_id = $1 AND status = $2 ORDER BY joined_at, user_id LIMIT 1`,
		id, CircleJoined).Scan(&next)
	if err == sql.ErrNoRows {
		_, err = tx.ExecContext(ctx, `DELETE FROM circles WHERE id = $1`, id)
		return err
	}
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE circles SET creator_id = $1 WHERE id = $2 AND (creator_id = $3 OR creator_id IS NULL)`, next.Int64, id, leaving)
	return err
}

// RemoveFromCircle removes a member or withdraws an invitation. The
// circle's creator only.
func (s *Service) RemoveFromCircle(ctx context.Context, actor *User, id int64, pseudonym string) error {
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		if err := requireCreator(ctx, tx, actor, id); err != nil {
			return err
		}
		u, err := peerByPseudonym(ctx, tx, pseudonym, "pseudonym")
		if err != nil {
			return apperr.NotFound()
		}
		if u.ID == actor.ID {
			return apperr.Invalid("err.fix_fields").WithField("pseudonym", "field.peer.self")
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM circle_members WHERE circle_id = $1 AND user_id = $2`, id, u.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.NotFound()
		}
		return nil
	})
}

// MarkCircleReminded records that the member has seen the circle's
// confidentiality reminder, shown on their first visit.
func (s *Service) MarkCircleReminded(ctx context.Context, actor *User, id int64) error {
	_, err := s.db.ExecContext(ctx, `UPDATE circle_members SET reminded_at = $1 WHERE circle_id = $2 AND user_id = $3 AND status = $4 AND reminded_at IS NULL`,
		s.now(), id, actor.ID, CircleJoined)
	return err
}
