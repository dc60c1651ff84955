package identity

import (
	"context"
	"database/sql"
	"strconv"

	"reconnect/internal/apperr"
	"reconnect/internal/audit"
	"reconnect/internal/sqldb"
)

// Registration is what a person fills in to accept an invitation.
type Registration struct {
	Invitation   string
	Login        string
	Password     string
	Pseudonym    string // forum roles
	Name         string // other roles: the name colleagues and patients see
	AcceptTerms  bool
	StudyConsent bool
	Language     string
}

// Register creates a fully onboarded account from an open invitation in
// one step, as the API does: pseudonym (or name), consent to the current
// documents (and the study when asked), the invitation used up, all in
// one transaction.
func (s *Service) Register(ctx context.Context, in Registration) (User, error) {
	return s.register(ctx, in, true)
}

// StartRegistration creates an account from an open invitation with a
// login and password only; consent, pseudonym and the welcome follow in
// the onboarding pages.
func (s *Service) StartRegistration(ctx context.Context, in Registration) (User, error) {
	return s.register(ctx, in, false)
}

func (s *Service) register(ctx context.Context, in Registration, complete bool) (User, error) {
	inv, err := s.LookupInvitation(ctx, in.Invitation)
	if err != nil {
		return User{}, err
	}
	fe := fieldErrors{}
	a := checkNewAccount(fe, inv.Role, in.Login, in.Password, in.Pseudonym, in.Name, in.Language)
	if !complete {
		// Only login and password now; the rest comes during onboarding.
		delete(fe, "pseudonym")
		delete(fe, "name")
		a.pseudonym, a.pseudonymKey, a.name = "", "", ""
	} else if !in.AcceptTerms {
		fe.add("accept_terms", "field.accept_terms.required")
	}
	if err := fe.err(); err != nil {
		return User{}, err
	}
	if err := s.checkFree(ctx, s.db, a); err != nil {
		return User{}, err
	}
	hash, err := s.hasher.Hash(ctx, in.Password)
	if err != nil {
		return User{}, err
	}
	u := User{Login: in.Login, Role: inv.Role, CommunityID: inv.CommunityID, Pseudonym: a.pseudonym, Language: a.language, CreatedAt: s.now()}
	err = s.db.Write(ctx, func(tx *sql.Tx) error {
		return s.createInvited(ctx, tx, in.Invitation, &u, a, hash, func() error {
			if !complete {
				return nil
			}
			if err := s.acceptCurrent(ctx, tx, u.ID, in.StudyConsent, u.CreatedAt); err != nil {
				return err
			}
			u.OnboardedAt = &u.CreatedAt
			_, err := tx.ExecContext(ctx, `UPDATE users SET onboarded_at = $1 WHERE id = $2`, u.CreatedAt, u.ID)
			return err
		})
	})
	if err != nil && sqldb.IsUniqueViolation(err) {
		return User{}, apperr.Conflict("taken", "err.fix_fields").WithField("login", "field.login.taken")
	}
	return u, err
}

// createInvited creates the account inside tx: it re-checks the
// invitation and the names (they may have changed since the checks
// before hashing), inserts the user, runs extra, uses up the invitation
// and writes the audit record.
func (s *Service) createInvited(ctx context.Context, tx *sql.Tx, code string, u *User, a newAccount, hash string, extra func() error) error {
	inv, err := lookupInvitation(ctx, tx, code, u.CreatedAt)
	if err != nil {
		return err
	}
	if err := s.checkFree(ctx, tx, a); err != nil {
		return err
	}
	if err := insertUser(ctx, tx, u, a, hash); err != nil {
		return err
	}
	if s.opts.OnInvited != nil {
		if err := s.opts.OnInvited(ctx, tx, inv, u); err != nil {
			return err
		}
	}
	if err := extra(); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE invitations SET used_at = $1, used_by = $2 WHERE id = $3 AND used_at IS NULL`, u.CreatedAt, u.ID, inv.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return invitationErr("invitation_used", "field.invitation.used")
	}
	return audit.Append(ctx, tx, &audit.Record{Chain: audit.ChainAdmin, At: u.CreatedAt, ActorID: u.ID,
		Action: "account.register", TargetKind: "user", TargetID: strconv.FormatInt(u.ID, 10),
		Details: map[string]string{"role": string(u.Role), "invitation_id": strconv.FormatInt(inv.ID, 10)}})
}

// checkFree reports why the login or pseudonym cannot be used: a 409
// naming each taken field, or a 400 for a reserved pseudonym.
func (s *Service) checkFree(ctx context.Context, q sqldb.Querier, a newAccount) error {
	e := apperr.Conflict("taken", "err.fix_fields")
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE login_key = $1`, a.loginKey).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		e.WithField("login", "field.login.taken")
	}
	if a.pseudonymKey != "" {
		problem, err := pseudonymProblem(ctx, q, s.now(), a.pseudonym, a.pseudonymKey, 0)
		if err != nil {
			return err
		}
		if problem == "field.pseudonym.reserved" {
			return pseudonymError(problem)
		}
		if problem != "" {
			e.WithField("pseudonym", problem)
		}
	}
	if len(e.Fields) > 0 {
		return e
	}
	return nil
}

func insertUser(ctx context.Context, tx *sql.Tx, u *User, a newAccount, hash string) error {
	var pseudonym, pkey any
	if u.Pseudonym != "" {
		pseudonym, pkey = u.Pseudonym, a.pseudonymKey
	}
	var pw any
	if hash != "" {
		pw = hash
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO users (login, login_key, password_hash, role, community_id, pseudonym, pseudonym_key, language, created_at, password_changed_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
		u.Login, a.loginKey, pw, u.Role, nullID(u.CommunityID), pseudonym, pkey, u.Language, u.CreatedAt).Scan(&u.ID)
	if err != nil {
		return err
	}
	if a.name != "" {
		_, err = tx.ExecContext(ctx, `INSERT INTO real_names (user_id, full_name, source, updated_at) VALUES ($1, $2, 'entered', $3)`, u.ID, a.name, u.CreatedAt)
	}
	return err
}
