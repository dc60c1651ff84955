package identity

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/audit"
	"reconnect/internal/usage"
)

// Consent is one recorded acceptance of a document version.
type Consent struct {
	Kind        string
	Version     string
	AcceptedAt  time.Time
	WithdrawnAt *time.Time
}

// acceptCurrent records acceptance of the current version of each
// required document, and of the study document when study is true, for
// any the user has not accepted yet.
func (s *Service) acceptCurrent(ctx context.Context, tx *sql.Tx, userID int64, study bool, at time.Time) error {
	docs, err := currentDocuments(ctx, tx)
	if err != nil {
		return err
	}
	for _, d := range docs {
		if !Required(d.Kind) && !study {
			continue
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM consents WHERE user_id = $1 AND kind = $2 AND version = $3 AND withdrawn_at IS NULL`,
			userID, d.Kind, d.Version).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO consents (user_id, kind, version, accepted_at) VALUES ($1, $2, $3, $4)`,
			userID, d.Kind, d.Version, at); err != nil {
			return err
		}
	}
	return nil
}

// currentDocuments is CurrentDocuments inside a transaction.
func currentDocuments(ctx context.Context, tx *sql.Tx) ([]Document, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+docColumns+` FROM consent_documents d
		WHERE id = (SELECT MAX(id) FROM consent_documents x WHERE x.kind = d.kind)`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Document
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// PendingDocuments returns the current documents the member must answer:
// required ones whose current version they have not accepted, and the
// study document when they consented to an older version of it.
func (s *Service) PendingDocuments(ctx context.Context, userID int64) ([]Document, error) {
	docs, err := s.CurrentDocuments(ctx)
	if err != nil {
		return nil, err
	}
	cs, err := s.consents(ctx, userID)
	if err != nil {
		return nil, err
	}
	accepted := map[string]bool{}
	studyActive := false
	for _, c := range cs {
		if c.WithdrawnAt == nil {
			accepted[c.Kind+"\x00"+c.Version] = true
			studyActive = studyActive || c.Kind == DocStudy
		}
	}
	var out []Document
	for _, d := range docs {
		if accepted[d.Kind+"\x00"+d.Version] {
			continue
		}
		if Required(d.Kind) || studyActive {
			out = append(out, d)
		}
	}
	return out, nil
}

// AcceptDocuments records that the member accepts the current required
// documents, and answers the study question: study true consents to the
// current version, false withdraws any earlier study consent.
func (s *Service) AcceptDocuments(ctx context.Context, actor *User, acceptRequired, study bool) error {
	if !acceptRequired {
		return apperr.Invalid("err.fix_fields").WithField("accept_terms", "field.accept_terms.required")
	}
	now := s.now()
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		if err := s.acceptCurrent(ctx, tx, actor.ID, study, now); err != nil {
			return err
		}
		if !study {
			if err := withdrawStudy(ctx, tx, actor.ID, now); err != nil {
				return err
			}
		}
		return clearConsentDue(ctx, tx, actor.ID)
	})
}

// WithdrawStudy withdraws the member's study consent from now on.
func (s *Service) WithdrawStudy(ctx context.Context, actor *User) error {
	return s.db.Write(ctx, func(tx *sql.Tx) error { return withdrawStudy(ctx, tx, actor.ID, s.now()) })
}

// GiveStudyConsent consents to the current study document.
func (s *Service) GiveStudyConsent(ctx context.Context, actor *User) error {
	now := s.now()
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		docs, err := currentDocuments(ctx, tx)
		if err != nil {
			return err
		}
		for _, d := range docs {
			if d.Kind != DocStudy {
				continue
			}
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM consents WHERE user_id = $1 AND kind = $2 AND version = $3 AND withdrawn_at IS NULL`,
				actor.ID, d.Kind, d.Version).Scan(&n); err != nil || n > 0 {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO consents (user_id, kind, version, accepted_at) VALUES ($1, $2, $3, $4)`, actor.ID, d.Kind, d.Version, now)
			return err
		}
		return apperr.NotFound()
	})
}

func withdrawStudy(ctx context.Context, tx *sql.Tx, userID int64, at time.Time) error {
	res, err := tx.ExecContext(ctx, `UPDATE consents SET withdrawn_at = $1 WHERE user_id = $2 AND kind = $3 AND withdrawn_at IS NULL`,
		at, userID, DocStudy)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return audit.Append(ctx, tx, &audit.Record{Chain: audit.ChainAdmin, At: at, ActorID: userID,
			Action: "consent.withdraw", TargetKind: "user", TargetID: strconv.FormatInt(userID, 10), Details: map[string]string{"kind": DocStudy}})
	}
	return nil
}

// HasStudyConsent reports whether the member currently takes part in the
// study.
func (s *Service) HasStudyConsent(ctx context.Context, userID int64) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM consents WHERE user_id = $1 AND kind = $2 AND withdrawn_at IS NULL`, userID, DocStudy).Scan(&n)
	return n > 0, err
}

// Consents lists the actor's own consent records, newest first.
func (s *Service) Consents(ctx context.Context, actor *User) ([]Consent, error) {
	return s.consents(ctx, actor.ID)
}

func (s *Service) consents(ctx context.Context, userID int64) ([]Consent, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT kind, version, accepted_at, withdrawn_at FROM consents WHERE user_id = $1 ORDER BY accepted_at DESC, id DESC`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Consent
	for rows.Next() {
		var c Consent
		var w sql.NullTime
		if err := rows.Scan(&c.Kind, &c.Version, &c.AcceptedAt, &w); err != nil {
			return nil, err
		}
		if w.Valid {
			c.WithdrawnAt = &w.Time
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ForgetUsage deletes the usage events recorded about the member for
// research (she may ask for it at any time, typically on withdrawing).
func (s *Service) ForgetUsage(ctx context.Context, actor *User) (int64, error) {
	var n int64
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		var err error
		n, err = usage.Forget(ctx, tx, actor.ID)
		return err
	})
	return n, err
}

// UsageCount is how many usage events are recorded about the member.
func (s *Service) UsageCount(ctx context.Context, userID int64) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM usage_events WHERE user_id = $1`, userID).Scan(&n)
	return n, err
}
