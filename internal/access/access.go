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
	"reconnect/internal/identity"
	"reconnect/internal/sqldb"
)

// Object kinds.
const (
	Conversation = "conversation"
	Attachment   = "attachment"
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
	ViewerRole identity.Role
	Kind       string
	ObjectID   int64
	At         time.Time
}

// List returns the owner's log, newest first, before the given ID (0
// for the first page).
func List(ctx context.Context, q sqldb.Querier, owner *identity.User, limit int, before int64) ([]Entry, error) {
	if owner == nil || owner.Role != identity.ServiceUser {
		return nil, apperr.NotFound()
	}
	if before <= 0 {
		before = 1<<63 - 1
	}
	rows, err := q.QueryContext(ctx, `SELECT a.id, COALESCE(rn.full_name, v.login, ''), COALESCE(v.role, ''), a.object_kind, a.object_id, a.at
		FROM access_log a LEFT JOIN users v ON v.id = a.viewer_id LEFT JOIN real_names rn ON rn.user_id = a.viewer_id
		WHERE a.owner_id = $1 AND a.id < $2 ORDER BY a.id DESC LIMIT $3`, owner.ID, before, limit)
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
