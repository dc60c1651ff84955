package deletion

import (
	"context"
	"database/sql"
	"time"
)

// Purged counts what one retention run deleted.
type Purged struct {
	UsageEvents, LiftConversations, Drafts, CareConversations int64
}

// Retain deletes what has outlived its retention period: usage events,
// lift and buddy conversations some time after they closed, forum
// drafts nobody touched for long, and deleted members' care
// conversations whose care retention has ended. Idempotent; every node
// may run it.
func (s *Service) Retain(ctx context.Context) (Purged, error) {
	r, now := s.opts.Retention, s.opts.Now()
	var p Purged
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		for _, step := range []struct {
			n     *int64
			query string
			arg   time.Time
		}{
			{&p.UsageEvents, `DELETE FROM usage_events WHERE at < $1`, now.Add(-days(r.UsageDays))},
			{&p.LiftConversations, `DELETE FROM conversations WHERE kind = 'lift' AND closes_at < $1`, now.Add(-days(r.LiftDays))},
			{&p.Drafts, `DELETE FROM drafts WHERE updated_at < $1`, now.Add(-days(r.DraftDays))},
			{&p.CareConversations, `DELETE FROM conversations WHERE retain_until <= $1`, now},
			// What providers' reads of those conversations left in the
			// tombstone's access log, once none is kept any more.
			{new(int64), `DELETE FROM access_log WHERE owner_id IN (SELECT id FROM users WHERE deleted_at IS NOT NULL)
				AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.member_id = access_log.owner_id AND c.retain_until > $1)`, now},
		} {
			res, err := tx.ExecContext(ctx, step.query, step.arg)
			if err != nil {
				return err
			}
			if *step.n, err = res.RowsAffected(); err != nil {
				return err
			}
		}
		return nil
	})
	return p, err
}
