package events

import (
	"context"
	"database/sql"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/notify"
)

// KindReminder is the notice that an occurrence a member is going to
// starts soon. It names no event details; the page it links to does.
const KindReminder = "event_reminder"

// DefaultLeads are the reminder times, in minutes before the start,
// for members who chose none: 24 hours and 2 hours.
var DefaultLeads = []int{24 * 60, 2 * 60}

// Reminders are a member's reminder choices.
type Reminders struct {
	Leads        []int // minutes before the start, largest first; none for no reminders
	EmailDetails bool  // reminder e-mails may name the event and its time
}

// Reminders returns the member's reminder choices.
func (s *Service) Reminders(ctx context.Context, u *identity.User) (Reminders, error) {
	var leads string
	var out Reminders
	err := s.db.QueryRowContext(ctx, `SELECT leads, email_details FROM reminder_settings WHERE user_id = $1`, u.ID).Scan(&leads, &out.EmailDetails)
	if err == sql.ErrNoRows {
		return Reminders{Leads: DefaultLeads}, nil
	}
	out.Leads = parseLeads(leads)
	return out, err
}

func parseLeads(v string) []int {
	var out []int
	for _, f := range strings.Split(v, ",") {
		if n, err := strconv.Atoi(f); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// SetReminders saves the member's choices: at most three times between
// 15 minutes and 7 days before.
func (s *Service) SetReminders(ctx context.Context, u *identity.User, in Reminders) error {
	if u.Role != identity.ServiceUser && u.Role != identity.PeerModerator {
		return apperr.NotFound()
	}
	leads := slices.Clone(in.Leads)
	slices.Sort(leads)
	leads = slices.Compact(leads)
	slices.Reverse(leads)
	if len(leads) > 3 {
		return apperr.Invalid("err.fix_fields").WithField("leads", "field.reminders.too_many")
	}
	var parts []string
	for _, l := range leads {
		if l < 15 || l > 7*24*60 {
			return apperr.Invalid("err.fix_fields").WithField("leads", "field.reminders.range")
		}
		parts = append(parts, strconv.Itoa(l))
	}
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO reminder_settings (user_id, leads, email_details) VALUES ($1, $2, $3)
			ON CONFLICT (user_id) DO UPDATE SET leads = excluded.leads, email_details = excluded.email_details`, u.ID, strings.Join(parts, ","), in.EmailDetails)
		return err
	})
}

// due is one answer that may need a reminder now.
type due struct {
	user, event  int64
	at, start    time.Time
	leads        []int
	smallestSent int
}

// SendReminders gives every reminder that is due and not yet given: for
// each member going (with a place) to an occurrence that starts within
// a reminder time, one notice, however many of her reminder times have
// passed. Each reminder time is recorded under a key in the notice's
// transaction, so with several nodes, or after a restart, none is
// given twice. It returns how many notices it gave.
func (s *Service) SendReminders(ctx context.Context) (int, error) {
	now := s.now()
	rows, err := s.db.QueryContext(ctx, `SELECT r.user_id, r.event_id, r.occurs_at, c.moved_to, COALESCE(rs.leads, $1),
		COALESCE((SELECT MIN(x.lead_minutes) FROM reminders_sent x WHERE x.user_id = r.user_id AND x.event_id = r.event_id AND x.occurs_at = r.occurs_at), 0)
		FROM rsvps r JOIN events e ON e.id = r.event_id
		LEFT JOIN event_changes c ON c.event_id = r.event_id AND c.occurs_at = r.occurs_at
		LEFT JOIN reminder_settings rs ON rs.user_id = r.user_id
		WHERE r.status = 'going' AND NOT r.waiting AND r.occurs_at > $2 AND r.occurs_at < $3 AND e.cancelled_at IS NULL
		AND (c.cancelled IS NULL OR NOT c.cancelled)`, "1440,120", now.AddDate(0, 0, -61), now.AddDate(0, 0, 68))
	if err != nil {
		return 0, err
	}
	var list []due
	for rows.Next() {
		var d due
		var leads string
		var moved sql.NullTime
		if err := rows.Scan(&d.user, &d.event, &d.at, &moved, &leads, &d.smallestSent); err != nil {
			_ = rows.Close() // already returning an error
			return 0, err
		}
		d.start = d.at
		if moved.Valid {
			d.start = moved.Time
		}
		if !d.start.After(now) {
			continue
		}
		for _, l := range parseLeads(leads) {
			if !d.start.Add(-time.Duration(l)*time.Minute).After(now) && (d.smallestSent == 0 || l < d.smallestSent) {
				d.leads = append(d.leads, l)
			}
		}
		if len(d.leads) > 0 {
			list = append(list, d)
		}
	}
	if err := rows.Close(); err != nil {
		return 0, err
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	sent := 0
	for _, d := range list {
		gave := false
		err := s.db.Write(ctx, func(tx *sql.Tx) error {
			gave = false
			fresh := int64(0)
			for _, l := range d.leads {
				res, err := tx.ExecContext(ctx, `INSERT INTO reminders_sent (user_id, event_id, occurs_at, lead_minutes, sent_at) VALUES ($1, $2, $3, $4, $5)
					ON CONFLICT DO NOTHING`, d.user, d.event, d.at, l, now)
				if err != nil {
					return err
				}
				n, _ := res.RowsAffected()
				fresh += n
			}
			if fresh == 0 {
				return nil // another node gave it
			}
			gave = true
			return notify.Add(ctx, tx, d.user, KindReminder, map[string]string{"event_id": strconv.FormatInt(d.event, 10),
				"occurs": strconv.FormatInt(d.at.Unix(), 10), "starts": strconv.FormatInt(d.start.Unix(), 10)}, now)
		})
		if err != nil {
			return sent, err
		}
		if gave {
			sent++
		}
	}
	return sent, nil
}

// RunReminders gives due reminders every interval until ctx ends.
func (s *Service) RunReminders(ctx context.Context, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := s.SendReminders(ctx); err != nil && ctx.Err() == nil {
			log.Warn("event reminders", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// ReminderDetails gives the title and start of the occurrence a
// reminder's link names, for the member's reminder e-mail, only when she
// chose to let reminder e-mails name the event and may still see it.
func (s *Service) ReminderDetails(ctx context.Context, userID int64, link string) (string, time.Time, bool) {
	var details bool
	if err := s.db.QueryRowContext(ctx, `SELECT email_details FROM reminder_settings WHERE user_id = $1`, userID).Scan(&details); err != nil || !details {
		return "", time.Time{}, false
	}
	path, query, _ := strings.Cut(strings.TrimPrefix(link, "/events/"), "?at=")
	id, err1 := strconv.ParseInt(path, 10, 64)
	at, err2 := strconv.ParseInt(query, 10, 64)
	if err1 != nil || err2 != nil {
		return "", time.Time{}, false
	}
	u, err := s.ids.UserByID(ctx, userID)
	if err != nil {
		return "", time.Time{}, false
	}
	e, err := s.Get(ctx, &u, id)
	if err != nil {
		return "", time.Time{}, false
	}
	o, err := s.Occurrence(ctx, e, time.Unix(at, 0))
	if err != nil || o.Cancelled {
		return "", time.Time{}, false
	}
	return e.Title, o.Start, true
}
