package export

import (
	"context"
	"encoding/json"

	"reconnect/internal/access"
	"reconnect/internal/identity"
	"reconnect/internal/toolbox"
)

// tools are every toolbox tool, in the order the toolbox shows them.
var tools = []string{toolbox.Goals, toolbox.Activities, toolbox.Network, toolbox.CrisisPlan, toolbox.Exercises, toolbox.Medications, toolbox.Journal}

// toolbox: every item of every tool, opened by the toolbox service, with
// its history, and what is shared with whom.
func (s *Service) toolbox(ctx context.Context, u *identity.User, d *Data) error {
	if u.Role != identity.ServiceUser {
		return nil
	}
	for _, tool := range tools {
		its, err := s.d.Toolbox.Mine(ctx, u, tool)
		if err != nil {
			return err
		}
		for _, it := range its {
			out := Item{ID: sid(it.ID), Tool: tool, CreatedAt: it.CreatedAt.UTC(), UpdatedAt: it.UpdatedAt.UTC(), History: []Version{}}
			if out.Content, err = json.Marshal(it.Data); err != nil {
				return err
			}
			vs, err := s.d.Toolbox.History(ctx, u, tool, it.ID)
			if err != nil {
				return err
			}
			for _, v := range vs {
				b, err := json.Marshal(v.Data)
				if err != nil {
					return err
				}
				out.History = append(out.History, Version{Content: b, ChangedAt: v.ChangedAt.UTC()})
			}
			d.Toolbox.Items = append(d.Toolbox.Items, out)
		}
	}
	shares, err := s.d.Toolbox.Shares(ctx, u)
	if err != nil {
		return err
	}
	for _, sh := range shares {
		d.Toolbox.Shares = append(d.Toolbox.Shares, Share{ID: sid(sh.ID), Tool: sh.Tool, ItemID: sid(sh.ItemID), Provider: sh.Provider, CreatedAt: sh.CreatedAt.UTC()})
	}
	return nil
}

// accessLog: who opened the member's information, when. Only service
// users have one.
func (s *Service) accessLog(ctx context.Context, u *identity.User, d *Data) error {
	if u.Role != identity.ServiceUser {
		return nil
	}
	var before int64
	for {
		es, err := access.List(ctx, s.d.DB, u.ID, access.Period{}, 500, before)
		if err != nil {
			return err
		}
		for _, e := range es {
			d.AccessLog = append(d.AccessLog, Access{Viewer: e.Viewer, ViewerRole: e.ViewerRole, Kind: e.Kind, ObjectID: sid(e.ObjectID), At: e.At.UTC()})
			before = e.ID
		}
		if len(es) < 500 {
			return nil
		}
	}
}
