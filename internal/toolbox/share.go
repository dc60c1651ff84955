package toolbox

import (
	"context"
	"database/sql"
	"time"

	"reconnect/internal/access"
	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/notify"
)

// KindShared is the provider's notice that something was shared with
// them; it says nothing of what.
const KindShared = "toolbox_shared"

// Share is something a member shares with a provider: one item, or a
// whole tool (ItemID 0).
type Share struct {
	ID         int64
	Tool       string
	ItemID     int64
	ProviderID int64
	Provider   string // the provider's name, for the member
	MemberID   int64
	Member     string // the member's real name, for the provider
	CreatedAt  time.Time
}

// linkedSQL holds when a provider ($p) is on a member's ($m) care team now.
const linkedSQL = `EXISTS (SELECT 1 FROM care_links l WHERE l.provider_id = s.provider_id AND l.member_id = s.owner_id AND l.status = 'active')`

// Share shares an item of the owner's (itemID 0: the whole tool) with a
// provider on her care team, and tells the provider without saying
// what.
func (s *Service) Share(ctx context.Context, u *identity.User, tool string, itemID, providerID int64) (int64, error) {
	if err := owner(u); err != nil {
		return 0, err
	}
	fe := apperr.Invalid("err.fix_fields")
	if !Known(tool) {
		fe.WithField("item_kind", "field.item_kind.unknown")
	}
	now := s.now()
	var id int64
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		if itemID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM toolbox_items WHERE id = $1 AND owner_id = $2 AND tool = $3`, itemID, u.ID, tool).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				fe.WithField("item_id", "field.item.unknown")
			}
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM care_links WHERE provider_id = $1 AND member_id = $2 AND status = 'active'`, providerID, u.ID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			fe.WithField("provider_id", "field.provider.not_linked")
		}
		if len(fe.Fields) > 0 {
			return fe
		}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM toolbox_shares WHERE owner_id = $1 AND provider_id = $2 AND tool = $3
			AND COALESCE(item_id, 0) = $4 AND ended_at IS NULL`, u.ID, providerID, tool, itemID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return apperr.Conflict("already_shared", "err.already_shared")
		}
		var item any
		if itemID != 0 {
			item = itemID
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO toolbox_shares (owner_id, provider_id, tool, item_id, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			u.ID, providerID, tool, item, now).Scan(&id); err != nil {
			return err
		}
		return notify.Add(ctx, tx, providerID, KindShared, nil, now)
	})
	return id, err
}

// Unshare ends a share of the owner's at once.
func (s *Service) Unshare(ctx context.Context, u *identity.User, shareID int64) error {
	if err := owner(u); err != nil {
		return err
	}
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE toolbox_shares SET ended_at = $1 WHERE id = $2 AND owner_id = $3 AND ended_at IS NULL`, s.now(), shareID, u.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.NotFound()
		}
		return nil
	})
}

// Shares lists what the owner shares now, with whom.
func (s *Service) Shares(ctx context.Context, u *identity.User) ([]Share, error) {
	if err := owner(u); err != nil {
		return nil, err
	}
	return s.shares(ctx, `s.owner_id = $1`, u.ID)
}

// SharedWithMe lists what linked members share with a provider now:
// which tools and items, from whom by real name, never the content.
func (s *Service) SharedWithMe(ctx context.Context, u *identity.User) ([]Share, error) {
	if u == nil || u.Role != identity.Provider {
		return nil, apperr.NotFound()
	}
	return s.shares(ctx, `s.provider_id = $1 AND `+linkedSQL, u.ID)
}

func (s *Service) shares(ctx context.Context, where string, id int64) ([]Share, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT s.id, s.tool, COALESCE(s.item_id, 0), s.provider_id, COALESCE(pn.full_name, p.login), s.owner_id,
		COALESCE(mn.full_name, (SELECT l.member_name FROM care_links l WHERE l.member_id = s.owner_id AND l.provider_id = s.provider_id ORDER BY l.id DESC LIMIT 1), ''),
		s.created_at
		FROM toolbox_shares s JOIN users p ON p.id = s.provider_id LEFT JOIN real_names pn ON pn.user_id = s.provider_id
		LEFT JOIN real_names mn ON mn.user_id = s.owner_id
		WHERE s.ended_at IS NULL AND `+where+` ORDER BY s.owner_id, s.tool, s.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Share
	for rows.Next() {
		var sh Share
		if err := rows.Scan(&sh.ID, &sh.Tool, &sh.ItemID, &sh.ProviderID, &sh.Provider, &sh.MemberID, &sh.Member, &sh.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, sh)
	}
	return out, rows.Err()
}

// sharedItem reads one item for a provider it is shared with (alone or
// with its whole tool) while linked, and logs the read in the same
// transaction.
func (s *Service) sharedItem(ctx context.Context, u *identity.User, tool string, id int64) (Item, error) {
	var out Item
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		its, err := s.items(ctx, tx, `i WHERE i.id = $1 AND i.tool = $2 AND EXISTS (SELECT 1 FROM toolbox_shares s WHERE s.provider_id = $3
			AND s.owner_id = i.owner_id AND s.tool = i.tool AND (s.item_id IS NULL OR s.item_id = i.id) AND s.ended_at IS NULL AND `+linkedSQL+`)`, id, tool, u.ID)
		if err != nil || len(its) == 0 {
			return notFoundOr(err)
		}
		out = its[0]
		redact(&out)
		return access.Record(ctx, tx, out.OwnerID, u.ID, tool, id, s.now())
	})
	return out, err
}

// SharedTool returns the items of a member's tool a provider may read
// (the whole tool, or the items shared one by one), logging one read
// per item in the same transaction.
func (s *Service) SharedTool(ctx context.Context, u *identity.User, tool string, memberID int64) ([]Item, error) {
	if u == nil || u.Role != identity.Provider || !Known(tool) {
		return nil, apperr.NotFound()
	}
	var out []Item
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = s.items(ctx, tx, `i WHERE i.owner_id = $1 AND i.tool = $2 AND EXISTS (SELECT 1 FROM toolbox_shares s WHERE s.provider_id = $3
			AND s.owner_id = i.owner_id AND s.tool = i.tool AND (s.item_id IS NULL OR s.item_id = i.id) AND s.ended_at IS NULL AND `+linkedSQL+`)`, memberID, tool, u.ID)
		if err != nil {
			return err
		}
		now := s.now()
		for i, it := range out {
			redact(&out[i])
			if err := access.Record(ctx, tx, memberID, u.ID, tool, it.ID, now); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// redact strips from an item what a provider must not see (a peer's
// account on the network map).
func redact(it *Item) {
	if p, ok := it.Data.(interface{ ForProvider() }); ok {
		p.ForProvider()
	}
}
