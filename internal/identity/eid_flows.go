package identity

import (
	"context"
	"database/sql"
	"time"

	"golang.org/x/oauth2"

	"reconnect/internal/apperr"
)

// eidFlowTTL is how long a started eID sign-in may take.
const eidFlowTTL = 10 * time.Minute

// EIDFlow is an eID sign-in in progress: what the callback must check.
type EIDFlow struct {
	State, Nonce, Verifier string
	Invitation             string // redeemed if the person has no account yet
	Next                   string // where to go afterwards
}

// StartEIDFlow stores a new flow and returns it. Only the state's hash
// is the key, so a leaked table does not let anyone finish a flow.
func (s *Service) StartEIDFlow(ctx context.Context, invitation, next string) (EIDFlow, error) {
	f := EIDFlow{State: newToken(""), Nonce: newToken(""), Verifier: oauth2.GenerateVerifier(), Invitation: invitation, Next: next}
	if invitation != "" {
		if _, err := s.LookupInvitation(ctx, invitation); err != nil {
			return f, err
		}
	}
	now := s.now()
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM oidc_flows WHERE created_at < $1`, now.Add(-eidFlowTTL)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO oidc_flows (state_hash, nonce, verifier, invitation, next_path, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			hashSecret(f.State), f.Nonce, f.Verifier, f.Invitation, f.Next, now)
		return err
	})
	return f, err
}

// TakeEIDFlow returns and deletes the flow for state: each flow can be
// finished once, within ten minutes.
func (s *Service) TakeEIDFlow(ctx context.Context, state string) (EIDFlow, error) {
	f := EIDFlow{State: state}
	if state == "" || len(state) > 100 {
		return f, apperr.New(apperr.KindInvalid, "eid_flow_unknown", "err.eid_flow_unknown")
	}
	var created time.Time
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `DELETE FROM oidc_flows WHERE state_hash = $1 RETURNING nonce, verifier, invitation, next_path, created_at`,
			hashSecret(state)).Scan(&f.Nonce, &f.Verifier, &f.Invitation, &f.Next, &created)
		if err == sql.ErrNoRows {
			return apperr.New(apperr.KindInvalid, "eid_flow_unknown", "err.eid_flow_unknown")
		}
		return err
	})
	if err == nil && s.now().Sub(created) > eidFlowTTL {
		return f, apperr.New(apperr.KindInvalid, "eid_flow_unknown", "err.eid_flow_unknown")
	}
	return f, err
}
