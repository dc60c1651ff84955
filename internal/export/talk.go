package export

import (
	"context"

	"reconnect/internal/identity"
	"reconnect/internal/messages"
)

// careTeam: a service user's providers by name. A provider's own list
// names members, which is theirs, not the provider's: left out.
func (s *Service) careTeam(ctx context.Context, u *identity.User, d *Data) error {
	if u.Role != identity.ServiceUser {
		return nil
	}
	ls, err := s.d.Care.Team(ctx, u)
	if err != nil {
		return err
	}
	for _, l := range ls {
		d.CareTeam = append(d.CareTeam, CareLink{Name: l.Name, Status: l.Status, CreatedAt: l.CreatedAt.UTC()})
	}
	return nil
}

// conversations: every conversation the caller is in, through the
// messages service, so participants are named as its page names them and
// a provider sees only what their live link allows. Attachments are
// listed by name and size; their bytes stay in the conversation.
func (s *Service) conversations(ctx context.Context, u *identity.User, d *Data) error {
	var after messages.Cursor
	for {
		cs, next, err := s.d.Messages.Inbox(ctx, u, messages.FilterAll, 200, after)
		if err != nil {
			return err
		}
		for _, c := range cs {
			full, err := s.d.Messages.Copy(ctx, u, c.ID)
			if err != nil {
				return err
			}
			d.Conversations = append(d.Conversations, conversation(full))
		}
		if next.ID == 0 {
			return nil
		}
		after = next
	}
}

func conversation(c messages.Conversation) Conversation {
	out := Conversation{ID: sid(c.ID), Kind: c.Kind, Subject: c.Subject, With: c.With, Former: c.Former, Closed: c.Closed,
		LastAt: c.LastAt.UTC(), Messages: []Message{}}
	for _, m := range c.Messages {
		msg := Message{ID: sid(m.ID), Author: m.Author, Mine: m.Mine, Text: m.Text, CreatedAt: m.CreatedAt.UTC()}
		for _, f := range m.Files {
			msg.Files = append(msg.Files, Attachment{Name: f.Name, Type: f.Type, Size: f.Size})
		}
		out.Messages = append(out.Messages, msg)
	}
	return out
}
