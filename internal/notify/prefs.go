package notify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"reconnect/internal/apperr"
	"reconnect/internal/sqldb"
)

// Channels says where notices of one kind go.
type Channels struct {
	InApp bool
	Email bool
}

// Default timing: no notice e-mail 22:00–07:00, digest off, at 08:00
// when turned on.
const (
	DefaultQuietStart = 22 * 60
	DefaultQuietEnd   = 7 * 60
	DefaultDigestHour = 8
)

// Settings are a member's notice preferences: channels per kind, quiet
// hours (minutes after midnight on the community's wall clock; start =
// end means none) and the daily digest.
type Settings struct {
	Kinds      map[string]Channels
	QuietStart int
	QuietEnd   int
	Digest     bool
	DigestHour int
}

// Defaults are the settings of a member who has chosen nothing.
func Defaults() Settings {
	s := Settings{Kinds: make(map[string]Channels, len(Kinds)), QuietStart: DefaultQuietStart, QuietEnd: DefaultQuietEnd, DigestHour: DefaultDigestHour}
	for _, k := range Kinds {
		s.Kinds[k.Name] = Channels{InApp: k.InApp, Email: k.Email}
	}
	return s
}

// channelsMany returns each member's choice for kind inside tx, in one
// read. A fixed kind is always shown in the app; a kind not in Kinds is
// shown in the app and not e-mailed.
func channelsMany(ctx context.Context, tx *sql.Tx, userIDs []int64, kind string) (map[int64]Channels, error) {
	k, known := KindOf(kind)
	def := Channels{InApp: true}
	if known {
		def = Channels{InApp: k.InApp, Email: k.Email}
	}
	out := make(map[int64]Channels, len(userIDs))
	for _, id := range userIDs {
		out[id] = def
	}
	args := []any{kind}
	rows, err := tx.QueryContext(ctx, `SELECT user_id, in_app, email FROM notification_prefs WHERE kind = $1 AND user_id IN (`+sqldb.Placeholders(&args, userIDs)+`)`,
		args...) // #nosec G202 -- only numbered placeholders are joined in; values are bound
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var c Channels
		if err := rows.Scan(&id, &c.InApp, &c.Email); err != nil {
			return nil, err
		}
		out[id] = c
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if k.Fixed {
		for id, c := range out {
			c.InApp = true
			out[id] = c
		}
	}
	return out, nil
}

// Settings returns the member's preferences, defaults filled in.
func (s *Service) Settings(ctx context.Context, userID int64) (Settings, error) {
	out := Defaults()
	rows, err := s.db.QueryContext(ctx, `SELECT kind, in_app, email FROM notification_prefs WHERE user_id = $1`, userID)
	if err != nil {
		return out, err
	}
	defer rows.Close()
	for rows.Next() {
		var kind string
		var c Channels
		if err := rows.Scan(&kind, &c.InApp, &c.Email); err != nil {
			return out, err
		}
		if k, ok := KindOf(kind); ok {
			c.InApp = c.InApp || k.Fixed
			out.Kinds[kind] = c
		}
	}
	if err := rows.Err(); err != nil {
		return out, err
	}
	err = s.db.QueryRowContext(ctx, `SELECT quiet_start, quiet_end, digest, digest_hour FROM notification_settings WHERE user_id = $1`, userID).
		Scan(&out.QuietStart, &out.QuietEnd, &out.Digest, &out.DigestHour)
	if errors.Is(err, sql.ErrNoRows) {
		err = nil
	}
	return out, err
}

// check reports what is wrong with st as field problems: unknown kinds
// (field "kinds.<kind>"), a fixed kind off in the app, times out of range.
func (st Settings) check() error {
	e := apperr.Invalid("err.fix_fields")
	bad := false
	for name, c := range st.Kinds {
		k, ok := KindOf(name)
		switch {
		case !ok:
			e, bad = e.WithField("kinds."+name, "field.notify.unknown_kind"), true
		case k.Fixed && !c.InApp:
			e, bad = e.WithField("kinds."+name, "field.notify.fixed"), true
		}
	}
	if st.QuietStart < 0 || st.QuietStart >= 24*60 {
		e, bad = e.WithField("quiet_start", "field.notify.time"), true
	}
	if st.QuietEnd < 0 || st.QuietEnd >= 24*60 {
		e, bad = e.WithField("quiet_end", "field.notify.time"), true
	}
	if st.DigestHour < 0 || st.DigestHour > 23 {
		e, bad = e.WithField("digest_hour", "field.notify.digest_hour"), true
	}
	if bad {
		return e
	}
	return nil
}

// Save stores the member's preferences (kinds not in st.Kinds keep
// their current choice). Pending notice e-mails are looked at again by
// the mail worker at once (new timing), and those of kinds no longer
// e-mailed are dropped. Errors: invalid with field problems.
func (s *Service) Save(ctx context.Context, userID int64, st Settings) error {
	if err := st.check(); err != nil {
		return err
	}
	now := s.now()
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		for _, k := range Kinds {
			c, ok := st.Kinds[k.Name]
			if !ok {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO notification_prefs (user_id, kind, in_app, email) VALUES ($1, $2, $3, $4)
				ON CONFLICT (user_id, kind) DO UPDATE SET in_app = excluded.in_app, email = excluded.email`, userID, k.Name, c.InApp || k.Fixed, c.Email); err != nil {
				return err
			}
			if !c.Email {
				if _, err := tx.ExecContext(ctx, `UPDATE mail_outbox SET state = 'dropped' WHERE user_id = $1 AND kind = $2 AND state = 'pending'`, userID, k.Name); err != nil {
					return err
				}
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO notification_settings (user_id, quiet_start, quiet_end, digest, digest_hour, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id) DO UPDATE SET quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end,
			digest = excluded.digest, digest_hour = excluded.digest_hour, updated_at = excluded.updated_at`,
			userID, st.QuietStart, st.QuietEnd, st.Digest, st.DigestHour, now); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE mail_outbox SET next_attempt_at = $1 WHERE user_id = $2 AND state = 'pending' AND kind <> 'verify' AND next_attempt_at > $1`, now, userID)
		return err
	})
}

// ParseClock reads "HH:MM" (00:00 to 23:59) as minutes after midnight.
func ParseClock(s string) (int, bool) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok || len(h) != 2 || len(m) != 2 {
		return 0, false
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || hh > 23 || mm < 0 || mm > 59 {
		return 0, false
	}
	return hh*60 + mm, true
}

// Clock writes minutes after midnight as "HH:MM".
func Clock(minutes int) string { return fmt.Sprintf("%02d:%02d", minutes/60, minutes%60) }
