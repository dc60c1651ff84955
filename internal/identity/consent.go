package identity

import (
	"context"
	"database/sql"
	"time"
)

// Consent kinds recorded with their version and time.
const (
	ConsentTerms        = "terms"
	ConsentNonEmergency = "non_emergency"
	ConsentStudy        = "study"
)

// Consent is one recorded acceptance.
type Consent struct {
	Kind        string
	Version     string
	AcceptedAt  time.Time
	WithdrawnAt *time.Time
}

func recordConsents(ctx context.Context, tx *sql.Tx, userID int64, study bool, at time.Time) error {
	kinds := [][2]string{{ConsentTerms, TermsVersion}, {ConsentNonEmergency, NonEmergencyVersion}}
	if study {
		kinds = append(kinds, [2]string{ConsentStudy, StudyVersion})
	}
	for _, k := range kinds {
		if _, err := tx.ExecContext(ctx, `INSERT INTO consents (user_id, kind, version, accepted_at) VALUES ($1, $2, $3, $4)`,
			userID, k[0], k[1], at); err != nil {
			return err
		}
	}
	return nil
}

// Consents lists the actor's own consent records, newest first.
func (s *Service) Consents(ctx context.Context, actor *User) ([]Consent, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT kind, version, accepted_at, withdrawn_at FROM consents WHERE user_id = $1 ORDER BY accepted_at DESC, id DESC`, actor.ID)
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
