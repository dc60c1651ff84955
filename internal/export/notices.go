package export

import (
	"context"

	"reconnect/internal/identity"
	"reconnect/internal/notify"
)

// calendar: whether the feed is on, never its address.
func (s *Service) calendar(ctx context.Context, u *identity.User, d *Data) error {
	if s.d.Calendar == nil {
		return nil
	}
	st, err := s.d.Calendar.Settings(ctx, u)
	if err != nil {
		return err
	}
	c := &Calendar{Enabled: st.Enabled, ShowTitles: st.ShowTitles, LastUsedAt: utc(st.LastUsedAt)}
	if st.Enabled {
		t := st.CreatedAt.UTC()
		c.CreatedAt = &t
	}
	d.Calendar = c
	return nil
}

// notices: every in-app notice (kinds and arguments; notices never hold
// what anyone wrote) and the member's choices about them.
func (s *Service) notices(ctx context.Context, u *identity.User, d *Data) error {
	var before int64
	for {
		ns, err := s.d.Notify.List(ctx, u.ID, 500, before)
		if err != nil {
			return err
		}
		for _, n := range ns {
			d.Notifications = append(d.Notifications, Notice{Kind: n.Kind, Args: n.Args, CreatedAt: n.CreatedAt.UTC(), ReadAt: utc(n.ReadAt)})
			before = n.ID
		}
		if len(ns) < 500 {
			break
		}
	}
	st, err := s.d.Notify.Settings(ctx, u.ID)
	if err != nil {
		return err
	}
	p := &NoticePrefs{Kinds: map[string]Channels{}, QuietStart: notify.Clock(st.QuietStart), QuietEnd: notify.Clock(st.QuietEnd),
		Digest: st.Digest, DigestHour: st.DigestHour}
	for k, c := range st.Kinds {
		p.Kinds[k] = Channels{InApp: c.InApp, Email: c.Email}
	}
	r, err := s.d.Events.Reminders(ctx, u)
	if err != nil {
		return err
	}
	p.Reminders, p.EmailEvent = append([]int{}, r.Leads...), r.EmailDetails
	d.NoticePrefs = p
	return nil
}
