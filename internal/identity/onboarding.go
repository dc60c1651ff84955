package identity

import (
	"context"
	"database/sql"
	"errors"

	"reconnect/internal/apperr"
)

// Onboarding steps, in order.
const (
	StepConsent   = "consent"
	StepPseudonym = "pseudonym"
	StepName      = "name"
	StepWelcome   = "welcome"
)

// OnboardingStep returns the next step the member has to take, or "" when
// onboarding is done: consent to the current documents, then a pseudonym
// (forum roles) or a name (other roles), then the welcome with the home
// community confirmed.
func (s *Service) OnboardingStep(ctx context.Context, u *User) (string, error) {
	if u.OnboardedAt != nil {
		return "", nil
	}
	pending, err := s.PendingDocuments(ctx, u.ID)
	if err != nil {
		return "", err
	}
	for _, d := range pending {
		if Required(d.Kind) {
			return StepConsent, nil
		}
	}
	if u.Role.UsesForum() && u.Pseudonym == "" {
		return StepPseudonym, nil
	}
	if !u.Role.UsesForum() {
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM real_names WHERE user_id = $1`, u.ID).Scan(&n); err != nil {
			return "", err
		}
		if n == 0 {
			return StepName, nil
		}
	}
	return StepWelcome, nil
}

// ChoosePseudonym sets the first pseudonym during onboarding (no 30-day
// rule, which counts from this first choice).
func (s *Service) ChoosePseudonym(ctx context.Context, actor *User, p string) error {
	if !actor.Role.UsesForum() {
		return apperr.NotFound()
	}
	if actor.Pseudonym != "" {
		return s.ChangePseudonym(ctx, actor, p)
	}
	cleaned, key, problem := checkPseudonym(p)
	if problem != "" {
		return pseudonymError(problem)
	}
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		problem, err := pseudonymProblem(ctx, tx, s.now(), cleaned, key, actor.ID)
		if err != nil {
			return err
		}
		if problem != "" {
			return pseudonymError(problem)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET pseudonym = $1, pseudonym_key = $2 WHERE id = $3 AND pseudonym IS NULL`, cleaned, key, actor.ID); err != nil {
			return err
		}
		actor.Pseudonym = cleaned
		return nil
	})
}

// SetName stores the name staff are known by (providers, administrators,
// researchers), apart from the profile.
func (s *Service) SetName(ctx context.Context, actor *User, name string) error {
	if actor.Role.UsesForum() {
		return apperr.NotFound()
	}
	name, problem := checkName(name)
	if problem != "" {
		return apperr.Invalid("err.fix_fields").WithField("name", problem)
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO real_names (user_id, full_name, source, updated_at) VALUES ($1, $2, 'entered', $3)
		ON CONFLICT (user_id) DO UPDATE SET full_name = $2, updated_at = $3`, actor.ID, name, s.now())
	return err
}

// FinishOnboarding marks onboarding done after the welcome. Every earlier
// step must be complete.
func (s *Service) FinishOnboarding(ctx context.Context, actor *User) error {
	step, err := s.OnboardingStep(ctx, actor)
	if err != nil {
		return err
	}
	if step == "" {
		return nil
	}
	if step != StepWelcome {
		return apperr.Conflict("onboarding_incomplete", "err.onboarding_incomplete")
	}
	now := s.now()
	if _, err := s.db.ExecContext(ctx, `UPDATE users SET onboarded_at = $1 WHERE id = $2`, now, actor.ID); err != nil {
		return err
	}
	actor.OnboardedAt = &now
	return nil
}

// CompleteOnboarding accepts the current documents and marks the account
// onboarded at once. For the demo and test fixtures, whose accounts are
// made without the onboarding pages.
func (s *Service) CompleteOnboarding(ctx context.Context, u *User) error {
	if u.Role.UsesForum() && u.Pseudonym == "" {
		return errors.New("identity: complete onboarding needs a pseudonym")
	}
	now := s.now()
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		if err := s.acceptCurrent(ctx, tx, u.ID, false, now); err != nil {
			return err
		}
		u.OnboardedAt = &now
		_, err := tx.ExecContext(ctx, `UPDATE users SET onboarded_at = $1 WHERE id = $2`, now, u.ID)
		return err
	})
}
