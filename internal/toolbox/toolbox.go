// Package toolbox keeps the member's recovery toolbox: goals, the
// crisis plan, medications and a journal (activities and the network
// map join them). It is self-managed: only the owner sees an item,
// unless she has shared it (or its whole tool) with a provider on her
// care team; that provider may read it while both the share and the
// link last, and every such read is written to her access log in the
// same transaction. Everything is sealed at rest as JSON bound to its
// row (internal/seal).
package toolbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/seal"
	"reconnect/internal/sqldb"
	"reconnect/internal/usage"
)

var errNoKey = errors.New("toolbox: no data key configured")

// Item is one item of a tool.
type Item struct {
	ID        int64
	OwnerID   int64
	Tool      string
	Data      Content
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Version is an earlier version of an item.
type Version struct {
	Data      Content
	ChangedAt time.Time
}

// Service keeps toolboxes.
type Service struct {
	db   *sqldb.DB
	keys *seal.Keyring
	now  func() time.Time
}

// NewService returns the service.
func NewService(db *sqldb.DB, keys *seal.Keyring, now func() time.Time) *Service {
	return &Service{db: db, keys: keys, now: now}
}

func (s *Service) sealData(table string, id int64, c Content) (string, error) {
	if s.keys == nil {
		return "", errNoKey
	}
	b, err := json.Marshal(c)
	if err != nil {
		return "", err
	}
	return s.keys.Seal(table, "data", id, string(b))
}

func (s *Service) openData(table, tool string, id int64, sealed string) (Content, error) {
	if s.keys == nil {
		return nil, errNoKey
	}
	plain, err := s.keys.Open(table, "data", id, sealed)
	if err != nil {
		return nil, err
	}
	c := New(tool)
	if c == nil {
		return nil, errors.New("toolbox: unknown tool " + tool)
	}
	return c, json.Unmarshal([]byte(plain), c)
}

func owner(u *identity.User) error {
	if u == nil || u.Role != identity.ServiceUser {
		return apperr.NotFound()
	}
	return nil
}

func checked(c Content, now time.Time) error {
	fe := apperr.Invalid("err.fix_fields")
	c.check(fe, now)
	if len(fe.Fields) > 0 {
		return fe
	}
	return nil
}

// Create stores a new item of tool for its owner.
func (s *Service) Create(ctx context.Context, u *identity.User, tool string, c Content) (Item, error) {
	if err := owner(u); err != nil || !Known(tool) {
		return Item{}, apperr.NotFound()
	}
	now := s.now()
	if err := checked(c, now); err != nil {
		return Item{}, err
	}
	it := Item{OwnerID: u.ID, Tool: tool, Data: c, CreatedAt: now, UpdatedAt: now}
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		if tool == CrisisPlan {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM toolbox_items WHERE owner_id = $1 AND tool = $2`, u.ID, tool).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return apperr.Conflict("crisis_plan_exists", "err.crisis_plan_exists")
			}
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO toolbox_items (owner_id, tool, data, created_at, updated_at) VALUES ($1, $2, '', $3, $3) RETURNING id`,
			u.ID, tool, now).Scan(&it.ID); err != nil {
			return err
		}
		v, err := s.sealData("toolbox_items", it.ID, c)
		if err != nil {
			return err
		}
		if _, err = tx.ExecContext(ctx, `UPDATE toolbox_items SET data = $1 WHERE id = $2`, v, it.ID); err != nil {
			return err
		}
		return usage.RecordDetail(ctx, tx, u.ID, usage.ToolboxUsed, 0, tool, now)
	})
	return it, err
}

// Update replaces an item of the owner's with c, keeping the version
// before it in the history.
func (s *Service) Update(ctx context.Context, u *identity.User, tool string, id int64, c Content) (Item, error) {
	if err := owner(u); err != nil {
		return Item{}, err
	}
	now := s.now()
	if err := checked(c, now); err != nil {
		return Item{}, err
	}
	var it Item
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		var old string
		err := tx.QueryRowContext(ctx, `SELECT data, created_at FROM toolbox_items WHERE id = $1 AND owner_id = $2 AND tool = $3`, id, u.ID, tool).Scan(&old, &it.CreatedAt)
		if err == sql.ErrNoRows {
			return apperr.NotFound()
		}
		if err != nil {
			return err
		}
		prev, err := s.openData("toolbox_items", tool, id, old)
		if err != nil {
			return err
		}
		var hid int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO toolbox_history (item_id, data, changed_at) VALUES ($1, '', $2) RETURNING id`, id, now).Scan(&hid); err != nil {
			return err
		}
		hv, err := s.sealData("toolbox_history", hid, prev)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE toolbox_history SET data = $1 WHERE id = $2`, hv, hid); err != nil {
			return err
		}
		v, err := s.sealData("toolbox_items", id, c)
		if err != nil {
			return err
		}
		if _, err = tx.ExecContext(ctx, `UPDATE toolbox_items SET data = $1, updated_at = $2 WHERE id = $3`, v, now, id); err != nil {
			return err
		}
		return usage.RecordDetail(ctx, tx, u.ID, usage.ToolboxUsed, 0, tool, now)
	})
	it.ID, it.OwnerID, it.Tool, it.Data, it.UpdatedAt = id, u.ID, tool, c, now
	return it, err
}

// Delete removes an item of the owner's, with its history and shares.
func (s *Service) Delete(ctx context.Context, u *identity.User, tool string, id int64) error {
	if err := owner(u); err != nil {
		return err
	}
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM toolbox_items WHERE id = $1 AND owner_id = $2 AND tool = $3`, id, u.ID, tool)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.NotFound()
		}
		return nil
	})
}

// Mine lists the owner's items of a tool, newest first.
func (s *Service) Mine(ctx context.Context, u *identity.User, tool string) ([]Item, error) {
	if err := owner(u); err != nil || !Known(tool) {
		return nil, apperr.NotFound()
	}
	return s.items(ctx, s.db, `WHERE owner_id = $1 AND tool = $2`, u.ID, tool)
}

// Get returns one item: to its owner, or to a provider it is shared
// with (recording the read in the owner's access log).
func (s *Service) Get(ctx context.Context, u *identity.User, tool string, id int64) (Item, error) {
	if u == nil || !Known(tool) {
		return Item{}, apperr.NotFound()
	}
	if u.Role == identity.Provider {
		return s.sharedItem(ctx, u, tool, id)
	}
	its, err := s.items(ctx, s.db, `WHERE owner_id = $1 AND tool = $2 AND id = $3`, u.ID, tool, id)
	if err != nil || len(its) == 0 || u.Role != identity.ServiceUser {
		return Item{}, notFoundOr(err)
	}
	return its[0], nil
}

// History returns an item's earlier versions, newest first, to its
// owner.
func (s *Service) History(ctx context.Context, u *identity.User, tool string, id int64) ([]Version, error) {
	if err := owner(u); err != nil {
		return nil, err
	}
	if _, err := s.Get(ctx, u, tool, id); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, data, changed_at FROM toolbox_history WHERE item_id = $1 ORDER BY id DESC`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Version
	for rows.Next() {
		var hid int64
		var data string
		var v Version
		if err := rows.Scan(&hid, &data, &v.ChangedAt); err != nil {
			return nil, err
		}
		if v.Data, err = s.openData("toolbox_history", tool, hid, data); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func notFoundOr(err error) error {
	if err != nil {
		return err
	}
	return apperr.NotFound()
}

func (s *Service) items(ctx context.Context, q sqldb.Querier, where string, args ...any) ([]Item, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, owner_id, tool, data, created_at, updated_at FROM toolbox_items `+where+` ORDER BY id DESC LIMIT 1000`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Item
	for rows.Next() {
		var it Item
		var data string
		if err := rows.Scan(&it.ID, &it.OwnerID, &it.Tool, &data, &it.CreatedAt, &it.UpdatedAt); err != nil {
			return nil, err
		}
		if it.Data, err = s.openData("toolbox_items", it.Tool, it.ID, data); err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}
