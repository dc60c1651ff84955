package mail

import (
	"context"
	"database/sql"
	"time"

	"reconnect/internal/notify"
)

// timing is when a member's notice e-mails may go out: quiet hours and
// the daily digest, on the wall clock of the member's community.
type timing struct {
	loc        *time.Location
	quietStart int // minutes after midnight; equal to quietEnd: none
	quietEnd   int
	digest     bool
	digestHour int
	digestSent sql.NullTime // the last digest
	changed    sql.NullTime // when the member last saved these settings
}

// readTiming reads the member's timing in tx (defaults when unset).
func readTiming(ctx context.Context, tx *sql.Tx, userID int64) (timing, error) {
	t := timing{quietStart: notify.DefaultQuietStart, quietEnd: notify.DefaultQuietEnd, digestHour: notify.DefaultDigestHour}
	var tz sql.NullString
	var qs, qe, dh sql.NullInt64
	var dg sql.NullBool
	err := tx.QueryRowContext(ctx, `SELECT c.timezone, s.quiet_start, s.quiet_end, s.digest, s.digest_hour, s.digest_sent_at, s.updated_at
		FROM users u LEFT JOIN communities c ON c.id = u.community_id LEFT JOIN notification_settings s ON s.user_id = u.id
		WHERE u.id = $1`, userID).Scan(&tz, &qs, &qe, &dg, &dh, &t.digestSent, &t.changed)
	if err != nil {
		return t, err
	}
	if qs.Valid {
		t.quietStart, t.quietEnd, t.digest, t.digestHour = int(qs.Int64), int(qe.Int64), dg.Bool, int(dh.Int64)
	}
	t.loc = zone(tz.String)
	return t, nil
}

// zone is the community's time zone, Europe/Oslo when unknown.
func zone(tz string) *time.Location {
	if loc, err := time.LoadLocation(tz); err == nil && tz != "" && tz != "Local" {
		return loc
	}
	if loc, err := time.LoadLocation("Europe/Oslo"); err == nil {
		return loc
	}
	return time.UTC
}

// at is the instant the wall clock in loc shows minutes after midnight
// on now's local date, days later.
func (t timing) at(now time.Time, days, minutes int) time.Time {
	l := now.In(t.loc)
	return time.Date(l.Year(), l.Month(), l.Day()+days, minutes/60, minutes%60, 0, 0, t.loc).UTC()
}

// hold says whether notice e-mails may go out at now: with the digest on,
// as the digest once a day from the digest hour; otherwise one by one
// outside quiet hours. When they may not, release is when to look again.
// Today's digest is due unless one went out, or the settings were saved,
// since today's digest hour: a digest turned on at 10:00 first comes
// the next morning.
func (t timing) hold(now time.Time) (release time.Time, asDigest bool) {
	if t.digest {
		today := t.at(now, 0, t.digestHour*60)
		last := t.changed
		if t.digestSent.Valid && (!last.Valid || t.digestSent.Time.After(last.Time)) {
			last = t.digestSent
		}
		switch {
		case now.Before(today):
			return today, false
		case !last.Valid || last.Time.Before(today):
			return time.Time{}, true
		default:
			return t.at(now, 1, t.digestHour*60), false
		}
	}
	if t.quietStart == t.quietEnd {
		return time.Time{}, false
	}
	l := now.In(t.loc)
	m := l.Hour()*60 + l.Minute()
	quiet := m >= t.quietStart || m < t.quietEnd // across midnight
	if t.quietStart < t.quietEnd {
		quiet = m >= t.quietStart && m < t.quietEnd
	}
	if !quiet {
		return time.Time{}, false
	}
	end := t.at(now, 0, t.quietEnd)
	if !end.After(now) {
		end = t.at(now, 1, t.quietEnd)
	}
	return end, false
}
