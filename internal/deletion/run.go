package deletion

import (
	"context"
	"log/slog"
	"time"
)

// Run carries out due deletions and retention every interval until ctx
// is done. Every node runs it; Purge and Retain are safe to run at once
// on several nodes. Logs hold counts only.
func (s *Service) Run(ctx context.Context, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if n, err := s.Purge(ctx); err != nil && ctx.Err() == nil {
			log.Warn("account deletion", "err", err)
		} else if n > 0 {
			log.Info("accounts deleted", "count", n)
		}
		if p, err := s.Retain(ctx); err != nil && ctx.Err() == nil {
			log.Warn("retention", "err", err)
		} else if p != (Purged{}) {
			log.Info("retention", "usage_events", p.UsageEvents, "lift_conversations", p.LiftConversations,
				"drafts", p.Drafts, "care_conversations", p.CareConversations)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
