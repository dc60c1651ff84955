package identity

import (
	"context"
	"database/sql"
	"strconv"

	"reconnect/internal/apperr"
	"reconnect/internal/audit"
	"reconnect/internal/sqldb"
)

// NewUser is the input for CreateUser.
type NewUser struct {
	Login       string
	Password    string
	Role        Role
	CommunityID int64
	Pseudonym   string // forum roles
	Name        string // other roles
	Language    string
}

// CreateUser makes an account without an invitation. It is for the
// command line (actor nil: bootstrapping the first administrator) and for
// the demo; administrators on the web use invitations.
func (s *Service) CreateUser(ctx context.Context, actor *User, in NewUser) (User, error) {
	if actor != nil && actor.Role != Admin {
		return User{}, apperr.Forbidden()
	}
	fe := fieldErrors{}
	if !in.Role.Valid() {
		fe.add("role", "field.role.invalid")
	}
	a := checkNewAccount(fe, in.Role, in.Login, in.Password, in.Pseudonym, in.Name, in.Language)
	if in.Role.NeedsCommunity() && in.CommunityID == 0 {
		fe.add("community_id", "field.community.required")
	}
	if err := fe.err(); err != nil {
		return User{}, err
	}
	hash, err := s.hasher.Hash(ctx, in.Password)
	if err != nil {
		return User{}, err
	}
	u := User{Login: in.Login, Role: in.Role, CommunityID: in.CommunityID, Pseudonym: a.pseudonym, Language: a.language, CreatedAt: s.now()}
	var actorID int64
	if actor != nil {
		actorID = actor.ID
	}
	err = s.db.Write(ctx, func(tx *sql.Tx) error {
		if err := s.checkFree(ctx, tx, a); err != nil {
			return err
		}
		if err := insertUser(ctx, tx, &u, a, hash); err != nil {
			if isFK(err) {
				return apperr.Invalid("err.fix_fields").WithField("community_id", "field.community.unknown")
			}
			return err
		}
		return audit.Append(ctx, tx, &audit.Record{Chain: audit.ChainAdmin, At: u.CreatedAt, ActorID: actorID,
			Action: "account.create", TargetKind: "user", TargetID: strconv.FormatInt(u.ID, 10),
			Details: map[string]string{"role": string(u.Role)}})
	})
	return u, err
}

func isFK(err error) bool { return sqldb.IsForeignKeyViolation(err) }
