// Package access keeps the access log: every time someone other than
// its owner opens a member's information (a provider opening a care
// conversation or an attachment; shared toolbox items later), who, what
// and when. The owner reads it — in Norway a patient has the right to
// know who has seen their information — and nobody else.
package access

import (
	"context"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/sqldb"
)

// Object kinds. Toolbox items use their tool's name (for example
// "crisis-plan"), with object 0 for a whole tool read at once.
const (
	Conversation   = "conversation"
	Attachment     = "attachment"
	IdentityLookup = "identity_lookup" // an administrator's audited look-up of who is behind the pseudonym
)

// Record notes that viewer opened owner's object. Call it in the same
// request that shows the object, before showing it.
func Record(ctx context.Context, q sqldb.Querier, ownerID, viewerID int64, kind string, objectID int64, at time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO access_log (owner_id, viewer_id, object_kind, object_id, at) VALUES ($1, $2, $3, $4, $5)`,
		ownerID, viewerID, kind, objectID, at)
	return err
}

// Entry is one line of a member's access log. Viewer is the viewer's
// name (providers are named people in the member's care).
type Entry struct {
	ID         int64
	Viewer     string
	ViewerRole string
	Kind       string
	ObjectID   int64
	At         time.Time
}

// Period limits a listing: entries at or after From and before To;
// zero values leave that end open.
type Period struct{ From, To time.Time }

// List returns the owner's log, newest first, before the given ID (0
// for the first page). Callers check that the caller is the owner and a
// service user.
func List(ctx context.Context, q sqldb.Querier, ownerID int64, p Period, limit int, before int64) ([]Entry, error) {
	if before <= 0 {
		before = 1<<63 - 1
	}
	if p.From.IsZero() {
		p.From = time.Unix(0, 0)
	}
	if p.To.IsZero() {
		p.To = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	rows, err := q.QueryContext(ctx, `SELECT a.id, COALESCE(rn.full_name, v.login, ''), COALESCE(v.role, ''), a.object_kind, a.object_id, a.at
		FROM access_log a LEFT JOIN users v ON v.id = a.viewer_id LEFT JOIN real_names rn ON rn.user_id = a.viewer_id
		WHERE a.owner_id = $1 AND a.id < $2 AND a.at >= $3 AND a.at < $4 ORDER BY a.id DESC LIMIT $5`, ownerID, before, p.From, p.To, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		if err := rows.Scan(&e.ID, &e.Viewer, &e.ViewerRole, &e.Kind, &e.ObjectID, &e.At); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// ParsePeriod reads a period from dates (YYYY-MM-DD, both ends
// included; empty leaves that end open) in the Oslo day.
func ParsePeriod(from, to string, loc *time.Location) (Period, error) {
	var p Period
	bad := apperr.Invalid("err.fix_fields")
	parse := func(field, v string) time.Time {
		if v == "" {
			return time.Time{}
		}
		t, err := time.ParseInLocation("2006-01-02", v, loc)
		if err != nil || t.Year() < 2000 || t.Year() > 2100 {
			bad.WithField(field, "field.date.invalid")
			return time.Time{}
		}
		return t
	}
	p.From = parse("from", from)
	if p.To = parse("to", to); !p.To.IsZero() {
		p.To = p.To.AddDate(0, 0, 1)
	}
	if len(bad.Fields) > 0 {
		return p, bad
	}
	if !p.From.IsZero() && !p.To.IsZero() && !p.From.Before(p.To) {
		return p, bad.WithField("to", "field.period.order")
	}
	return p, nil
}
