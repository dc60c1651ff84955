package export

import (
	"context"

	"reconnect/internal/identity"
)

// reveals: the other member appears by pseudonym; a received reveal
// shows the name they chose to show her (only while they still do). A
// request to her keeps the asker's shown name back, as its page does:
// it is theirs to show only if she accepts.
func (s *Service) reveals(ctx context.Context, u *identity.User, d *Data) error {
	if !u.Role.UsesForum() {
		return nil
	}
	given, received, err := s.d.Identity.Reveals(ctx, u)
	if err != nil {
		return err
	}
	for _, r := range given {
		d.Reveals.Given = append(d.Reveals.Given, Reveal{ID: sid(r.ID), Pseudonym: r.ToPseudonym, ShownName: r.ShownName, Note: r.Note,
			CreatedAt: r.CreatedAt.UTC(), StoppedAt: utc(r.StoppedAt)})
	}
	for _, r := range received {
		d.Reveals.Received = append(d.Reveals.Received, Reveal{ID: sid(r.ID), Pseudonym: r.FromPseudonym, ShownName: r.ShownName, Note: r.Note,
			CreatedAt: r.CreatedAt.UTC()})
	}
	in, out, err := s.d.Identity.RevealRequests(ctx, u)
	if err != nil {
		return err
	}
	for _, r := range out {
		d.Reveals.AskedByMe = append(d.Reveals.AskedByMe, KnowRequest{ID: sid(r.ID), Pseudonym: r.ToPseudonym, ShownName: r.ShownName,
			Note: r.Note, CreatedAt: r.CreatedAt.UTC(), Accepted: r.Accepted})
	}
	for _, r := range in {
		d.Reveals.AskedOfMe = append(d.Reveals.AskedOfMe, KnowRequest{ID: sid(r.ID), Pseudonym: r.FromPseudonym, Note: r.Note,
			CreatedAt: r.CreatedAt.UTC()})
	}
	return nil
}

// circles: each with its people as the circle page shows them.
func (s *Service) circles(ctx context.Context, u *identity.User, d *Data) error {
	if !u.Role.UsesForum() {
		return nil
	}
	cs, err := s.d.Identity.Circles(ctx, u)
	if err != nil {
		return err
	}
	for _, c := range cs {
		out := Circle{ID: sid(c.ID), Name: c.Name, MyStatus: c.MyStatus, Mine: c.CreatorID == u.ID, CreatedAt: c.CreatedAt.UTC(), Members: []CircleMember{}}
		full, err := s.d.Identity.CircleByID(ctx, u, c.ID)
		if err != nil {
			return err
		}
		for _, m := range full.Members {
			if m.UserID == u.ID {
				continue
			}
			out.Members = append(out.Members, CircleMember{Pseudonym: m.Pseudonym, ShownName: m.ShownName, Status: m.Status})
		}
		d.Circles = append(d.Circles, out)
	}
	return nil
}
