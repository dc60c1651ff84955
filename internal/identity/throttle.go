package identity

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"reconnect/internal/apperr"
)

// Sign-in throttling, kept in the database so that every node sees the
// same counts. A key is blocked for the rest of its window once it
// reaches its limit of failures.
const (
	throttleWindow = 15 * time.Minute
	accountLimit   = 10 // failures per login name per window
	ipLimit        = 50 // failures per client address per window
)

func accountKey(login string) string {
	if len(login) > 80 {
		login = login[:80]
	}
	return "acct:" + fold(login)
}

func ipKey(ip string) string { return "ip:" + ip }

// checkThrottle returns a 429 if any key is blocked.
func (s *Service) checkThrottle(ctx context.Context, keys ...string) error {
	now := s.now()
	for _, k := range keys {
		var until sql.NullTime
		err := s.db.QueryRowContext(ctx, `SELECT blocked_until FROM auth_throttle WHERE key = $1`, k).Scan(&until)
		if err == sql.ErrNoRows {
			continue
		}
		if err != nil {
			return err
		}
		if until.Valid && until.Time.After(now) {
			minutes := int(until.Time.Sub(now).Minutes()) + 1
			e := apperr.New(apperr.KindTooMany, "too_many_attempts", "err.too_many_attempts")
			e.Args = map[string]string{"minutes": strconv.Itoa(minutes)}
			return e
		}
	}
	return nil
}

// recordFailure counts one failed attempt against key and blocks the key
// when it reaches limit within the window.
func (s *Service) recordFailure(ctx context.Context, key string, limit int) error {
	now := s.now()
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		var failures int
		var start time.Time
		err := tx.QueryRowContext(ctx, `INSERT INTO auth_throttle (key, failures, window_start) VALUES ($1, 1, $2)
			ON CONFLICT (key) DO UPDATE SET
			  failures = CASE WHEN auth_throttle.window_start <= $3 THEN 1 ELSE auth_throttle.failures + 1 END,
			  window_start = CASE WHEN auth_throttle.window_start <= $3 THEN $2 ELSE auth_throttle.window_start END,
			  blocked_until = CASE WHEN auth_throttle.window_start <= $3 THEN NULL ELSE auth_throttle.blocked_until END
			RETURNING failures, window_start`, key, now, now.Add(-throttleWindow)).Scan(&failures, &start)
		if err != nil {
			return err
		}
		if failures >= limit {
			_, err = tx.ExecContext(ctx, `UPDATE auth_throttle SET blocked_until = $1 WHERE key = $2`, start.Add(throttleWindow), key)
		}
		return err
	})
}

// clearFailures forgets failures for key after a successful sign-in.
func (s *Service) clearFailures(ctx context.Context, key string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM auth_throttle WHERE key = $1`, key)
	return err
}

// CleanThrottle removes counters whose window has passed.
func (s *Service) CleanThrottle(ctx context.Context) error {
	now := s.now()
	_, err := s.db.ExecContext(ctx, `DELETE FROM auth_throttle WHERE window_start <= $1 AND (blocked_until IS NULL OR blocked_until <= $2)`,
		now.Add(-throttleWindow), now)
	return err
}
