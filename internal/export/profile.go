package export

import (
	"context"
	"database/sql"
	"slices"
	"time"

	"reconnect/internal/identity"
)

func (s *Service) profile(ctx context.Context, u *identity.User, d *Data) error {
	p := Profile{ID: sid(u.ID), Login: u.Login, Role: string(u.Role), Pseudonym: u.Pseudonym, CommunityID: sid(u.CommunityID),
		Language: u.Language, CreatedAt: u.CreatedAt.UTC(), OnboardedAt: utc(u.OnboardedAt), DisabledAt: utc(u.DisabledAt)}
	if u.CommunityID != 0 {
		cs, err := s.d.Identity.Communities(ctx)
		if err != nil {
			return err
		}
		served, err := s.d.Identity.ModeratorCommunities(ctx, u.ID)
		if err != nil {
			return err
		}
		for _, c := range cs {
			if c.ID == u.CommunityID {
				p.Community = c.Name
			}
			if slices.Contains(served, c.ID) {
				p.Moderates = append(p.Moderates, c.Name)
			}
		}
	}
	var err error
	if p.RealName, err = s.d.Identity.OwnRealName(ctx, u.ID); err != nil {
		return err
	}
	if s.d.Mail != nil {
		a, err := s.d.Mail.Get(ctx, u)
		if err != nil {
			return err
		}
		p.Email, p.EmailVerified, p.EmailNotices = a.Address, a.Verified, a.Notices && a.Address != ""
	}
	var last sql.NullTime
	if err := s.d.DB.QueryRowContext(ctx, `SELECT last_signed_in_at FROM users WHERE id = $1`, u.ID).Scan(&last); err != nil {
		return err
	}
	p.LastSignedInAt = when(last)
	d.Profile = p
	return nil
}

func (s *Service) consents(ctx context.Context, u *identity.User, d *Data) error {
	cs, err := s.d.Identity.Consents(ctx, u)
	if err != nil {
		return err
	}
	for _, c := range cs {
		d.Consents = append(d.Consents, Consent{Kind: c.Kind, Version: c.Version, GivenAt: c.AcceptedAt.UTC(), WithdrawnAt: utc(c.WithdrawnAt)})
	}
	if d.Study.Consent, err = s.d.Identity.HasStudyConsent(ctx, u.ID); err != nil {
		return err
	}
	return s.d.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM usage_events WHERE user_id = $1`, u.ID).Scan(&d.Study.UsageEvents)
}

// pseudonyms: the current one, former ones as held, and when it changed
// (from the audit log, which names no pseudonym).
func (s *Service) pseudonyms(ctx context.Context, u *identity.User, d *Data) error {
	d.Pseudonyms.Current = u.Pseudonym
	var changed sql.NullTime
	if err := s.d.DB.QueryRowContext(ctx, `SELECT pseudonym_changed_at FROM users WHERE id = $1`, u.ID).Scan(&changed); err != nil {
		return err
	}
	d.Pseudonyms.ChangedAt = when(changed)
	err := s.each(ctx, `SELECT key, released_at, until FROM pseudonym_holds WHERE user_id = $1 ORDER BY released_at`, []any{u.ID},
		func(scan func(...any) error) error {
			var r Released
			if err := scan(&r.Key, &r.ReleasedAt, &r.HeldUntil); err != nil {
				return err
			}
			r.ReleasedAt, r.HeldUntil = r.ReleasedAt.UTC(), r.HeldUntil.UTC()
			d.Pseudonyms.Released = append(d.Pseudonyms.Released, r)
			return nil
		})
	if err != nil {
		return err
	}
	return s.each(ctx, `SELECT at FROM audit_log WHERE actor_id = $1 AND action = 'account.pseudonym_change' ORDER BY id`, []any{u.ID},
		func(scan func(...any) error) error {
			var at time.Time
			if err := scan(&at); err != nil {
				return err
			}
			d.Pseudonyms.Changes = append(d.Pseudonyms.Changes, at.UTC())
			return nil
		})
}

// signIns lists sessions, passkeys and tokens by date and name; never a
// hash, credential or secret.
func (s *Service) signIns(ctx context.Context, u *identity.User, d *Data) error {
	var linked sql.NullTime
	err := s.d.DB.QueryRowContext(ctx, `SELECT linked_at FROM eid_links WHERE user_id = $1`, u.ID).Scan(&linked)
	if err != nil && err != sql.ErrNoRows {
		return err
	}
	d.SignIns.EIDLinkedAt = when(linked)
	err = s.each(ctx, `SELECT created_at, last_seen_at, expires_at FROM sessions WHERE user_id = $1 ORDER BY created_at`, []any{u.ID},
		func(scan func(...any) error) error {
			var x Session
			if err := scan(&x.CreatedAt, &x.LastSeenAt, &x.ExpiresAt); err != nil {
				return err
			}
			x.CreatedAt, x.LastSeenAt, x.ExpiresAt = x.CreatedAt.UTC(), x.LastSeenAt.UTC(), x.ExpiresAt.UTC()
			d.SignIns.Sessions = append(d.SignIns.Sessions, x)
			return nil
		})
	if err != nil {
		return err
	}
	err = s.each(ctx, `SELECT name, created_at, last_used_at FROM passkeys WHERE user_id = $1 ORDER BY id`, []any{u.ID},
		func(scan func(...any) error) error {
			var c Credential
			var used sql.NullTime
			if err := scan(&c.Name, &c.CreatedAt, &used); err != nil {
				return err
			}
			c.CreatedAt, c.LastUsedAt = c.CreatedAt.UTC(), when(used)
			d.SignIns.Passkeys = append(d.SignIns.Passkeys, c)
			return nil
		})
	if err != nil {
		return err
	}
	ts, err := s.d.Identity.Tokens(ctx, u)
	if err != nil {
		return err
	}
	for _, t := range ts {
		d.SignIns.Tokens = append(d.SignIns.Tokens, Credential{Name: t.Name, CreatedAt: t.CreatedAt.UTC(), LastUsedAt: utc(t.LastUsedAt)})
	}
	return nil
}
