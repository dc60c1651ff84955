package identity

import (
	"context"
	"database/sql"
	"strconv"
	"time"
	"unicode/utf8"

	"reconnect/internal/apperr"
	"reconnect/internal/audit"
	"reconnect/internal/sqldb"
)

// Pseudonym change limits.
const (
	pseudonymChangeEvery = 30 * 24 * time.Hour
	pseudonymHold        = 365 * 24 * time.Hour
)

// pseudonymProblem returns the i18n key of the reason the pseudonym
// (already form-checked, with its key) cannot be used by userID (0 for a
// new account), or "" when it can. Taken means: another account has it,
// or held it within the last year.
func pseudonymProblem(ctx context.Context, q sqldb.Querier, now time.Time, p, key string, userID int64) (string, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE pseudonym_key = $1 AND id <> $2`, key, userID).Scan(&n); err != nil {
		return "", err
	}
	if n == 0 {
		err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM pseudonym_holds WHERE key = $1 AND until > $2 AND (user_id IS NULL OR user_id <> $3)`,
			key, now, userID).Scan(&n)
		if err != nil {
			return "", err
		}
	}
	if n > 0 {
		return "field.pseudonym.taken", nil
	}
	added, err := queryStrings(ctx, q, `SELECT word FROM reserved_pseudonyms`)
	if err != nil {
		return "", err
	}
	// Nobody may pose as a peer moderator: their pseudonyms are reserved
	// as prefixes too.
	mods, err := queryStrings(ctx, q, `SELECT pseudonym FROM users WHERE role = 'peer_moderator' AND pseudonym IS NOT NULL AND id <> $1`, userID)
	if err != nil {
		return "", err
	}
	reserved := append(append([]string(nil), builtinReserved...), added...)
	prefixes := append(append([]string(nil), prefixReserved...), mods...)
	if reservedMatch(key, tokenKeys(p), reserved, prefixes) {
		return "field.pseudonym.reserved", nil
	}
	return "", nil
}

// pseudonymError turns a problem key into the matching error: reserved
// words are invalid input, taken names a conflict.
func pseudonymError(problem string) error {
	if problem == "field.pseudonym.taken" {
		return apperr.Conflict("taken", "err.fix_fields").WithField("pseudonym", problem)
	}
	return apperr.Invalid("err.fix_fields").WithField("pseudonym", problem)
}

// CheckPseudonym tells a member whether they may use a pseudonym, for
// the as-you-type check while choosing one. It returns nil or an
// *apperr.Error naming the problem.
func (s *Service) CheckPseudonym(ctx context.Context, actor *User, p string) error {
	cleaned, key, problem := checkPseudonym(p)
	if problem == "" {
		var err error
		var id int64
		if actor != nil {
			id = actor.ID
		}
		if problem, err = pseudonymProblem(ctx, s.db, s.now(), cleaned, key, id); err != nil {
			return err
		}
	}
	if problem != "" {
		return pseudonymError(problem)
	}
	return nil
}

// ChangePseudonym gives a forum member a new pseudonym, at most once per
// 30 days. The old one stays held for them for a year.
func (s *Service) ChangePseudonym(ctx context.Context, actor *User, p string) error {
	if !actor.Role.UsesForum() {
		return apperr.NotFound()
	}
	cleaned, key, problem := checkPseudonym(p)
	if problem != "" {
		return pseudonymError(problem)
	}
	now := s.now()
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		var oldKey sql.NullString
		var changed sql.NullTime
		if err := tx.QueryRowContext(ctx, `SELECT pseudonym_key, pseudonym_changed_at FROM users WHERE id = $1`, actor.ID).Scan(&oldKey, &changed); err != nil {
			return err
		}
		if changed.Valid && now.Before(changed.Time.Add(pseudonymChangeEvery)) {
			e := apperr.Conflict("pseudonym_change_too_soon", "err.pseudonym_change_too_soon")
			e.Args = map[string]string{"days": strconv.Itoa(int(changed.Time.Add(pseudonymChangeEvery).Sub(now).Hours()/24) + 1)}
			return e
		}
		problem, err := pseudonymProblem(ctx, tx, now, cleaned, key, actor.ID)
		if err != nil {
			return err
		}
		if problem != "" {
			return pseudonymError(problem)
		}
		if oldKey.Valid && oldKey.String != key {
			if _, err := tx.ExecContext(ctx, `INSERT INTO pseudonym_holds (key, user_id, released_at, until) VALUES ($1, $2, $3, $4)
				ON CONFLICT (key) DO UPDATE SET user_id = $2, released_at = $3, until = $4`, oldKey.String, actor.ID, now, now.Add(pseudonymHold)); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM pseudonym_holds WHERE key = $1`, key); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET pseudonym = $1, pseudonym_key = $2, pseudonym_changed_at = $3 WHERE id = $4`,
			cleaned, key, now, actor.ID); err != nil {
			return err
		}
		actor.Pseudonym = cleaned
		// The record names no pseudonym: the audit log must not link
		// accounts to pseudonyms.
		return audit.Append(ctx, tx, &audit.Record{Chain: audit.ChainAdmin, At: now, ActorID: actor.ID,
			Action: "account.pseudonym_change", TargetKind: "user", TargetID: strconv.FormatInt(actor.ID, 10)})
	})
}

// ReservedWord is an administrator-added reserved pseudonym word.
type ReservedWord struct {
	ID        int64
	Word      string
	CreatedAt time.Time
}

// ReservedWords lists the words administrators added. Administrators only.
func (s *Service) ReservedWords(ctx context.Context, actor *User) ([]ReservedWord, error) {
	if actor.Role != Admin {
		return nil, apperr.NotFound()
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, word, created_at FROM reserved_pseudonyms ORDER BY word`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ReservedWord
	for rows.Next() {
		var w ReservedWord
		if err := rows.Scan(&w.ID, &w.Word, &w.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// AddReservedWord reserves a word for new pseudonyms. Existing pseudonyms
// are not affected. Administrators only.
func (s *Service) AddReservedWord(ctx context.Context, actor *User, word string) (ReservedWord, error) {
	if actor.Role != Admin {
		return ReservedWord{}, apperr.NotFound()
	}
	w := ReservedWord{CreatedAt: s.now()}
	if !singleLine(word) {
		return w, apperr.Invalid("err.fix_fields").WithField("word", "field.invalid_characters")
	}
	w.Word = clean(word)
	key := pseudonymKey(w.Word)
	if n := utf8.RuneCountInString(w.Word); n < 2 || n > pseudonymMax || key == "" {
		return w, apperr.Invalid("err.fix_fields").WithField("word", "field.reserved_word.length")
	}
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO reserved_pseudonyms (word, key, created_by, created_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (key) DO NOTHING RETURNING id`, w.Word, key, actor.ID, w.CreatedAt).Scan(&w.ID)
		if err == sql.ErrNoRows {
			return apperr.Conflict("reserved_word_exists", "err.fix_fields").WithField("word", "field.reserved_word.exists")
		}
		if err != nil {
			return err
		}
		return audit.Append(ctx, tx, &audit.Record{Chain: audit.ChainAdmin, At: w.CreatedAt, ActorID: actor.ID,
			Action: "pseudonym.reserve", TargetKind: "reserved_word", TargetID: strconv.FormatInt(w.ID, 10), Details: map[string]string{"word": w.Word}})
	})
	return w, err
}

// RemoveReservedWord releases an administrator-added word.
func (s *Service) RemoveReservedWord(ctx context.Context, actor *User, id int64) error {
	if actor.Role != Admin {
		return apperr.NotFound()
	}
	return s.deleteAudited(ctx, actor.ID, `DELETE FROM reserved_pseudonyms WHERE id = $1`, []any{id}, "pseudonym.unreserve", "reserved_word", id)
}
