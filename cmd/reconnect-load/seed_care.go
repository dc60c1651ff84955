package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"reconnect/internal/identity"
	"reconnect/internal/markup"
	"reconnect/internal/seal"
	"reconnect/internal/sqldb"
)

// Care: providers come after the members (IDs members+1 …), each serving
// one community; every fifth service user is linked to one provider of
// their community and has one care conversation with them. Subjects and
// messages are sealed with the server's data key, bound to their rows,
// exactly as internal/messages writes them.

func (p *plan) providers() int64 { return max(communities, p.members/200) }

func (p *plan) providerOf(u int64) int64 {
	per := p.providers() / communities
	k := (u / communities) % per
	return p.members + communityOf(u) + communities*k
}

// linkedMember reports whether service user u has a provider.
func (p *plan) linkedMember(u int64) bool { return !isModerator(u) && u%5 == 2 }

var careSubjects = []string{"Spørsmål om timen", "Medisinene", "Søvnen den siste tiden", "Kriseplanen", "Etter kafeen", "Neste samtale"}

func (p *plan) insertProviders(ctx context.Context, db *sqldb.DB, docs []identity.Document) ([]int64, error) {
	users := table{name: "users", cols: []string{"id", "login", "login_key", "role", "language", "created_at", "onboarded_at"}}
	names := table{name: "real_names", cols: []string{"user_id", "full_name", "source", "updated_at"}}
	consents := table{name: "consents", cols: []string{"user_id", "kind", "version", "accepted_at"}}
	created := p.now.Add(-800 * 24 * time.Hour)
	return insertAll(ctx, db, int(p.providers()), 5000, []table{users, names, consents}, func(i int, emit func(int, ...any) error) error {
		id := p.members + int64(i+1)
		login := fmt.Sprintf("p%05d", i+1)
		if err := emit(0, id, login, login, string(identity.Provider), "nb", created, created.Add(time.Hour)); err != nil {
			return err
		}
		if err := emit(1, id, fmt.Sprintf("Behandler %d", i+1), "entered", created); err != nil {
			return err
		}
		for _, d := range docs {
			if identity.Required(d.Kind) {
				if err := emit(2, id, d.Kind, d.Version, created.Add(time.Hour)); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// insertCare links members to providers and writes their conversations,
// about `total` messages in all.
func (p *plan) insertCare(ctx context.Context, db *sqldb.DB, keys *seal.Keyring, total int) ([]int64, error) {
	var linked []int64
	for u := int64(1); u <= p.members; u++ {
		if p.linkedMember(u) {
			linked = append(linked, u)
		}
	}
	if len(linked) == 0 {
		return nil, nil
	}
	links := table{name: "care_links", cols: []string{"id", "provider_id", "member_id", "status", "member_name", "created_by", "created_at", "accepted_at"}}
	convs := table{name: "conversations", cols: []string{"id", "kind", "subject", "created_by", "created_at", "last_at", "member_id", "last_author_id"}}
	parts := table{name: "conversation_participants", cols: []string{"conversation_id", "user_id", "last_read_id"}}
	msgs := table{name: "messages", cols: []string{"id", "conversation_id", "author_id", "body", "body_html", "created_at"}}
	md := markup.New()
	r := rand.New(rand.NewPCG(p.seed, 5))
	per := max(1, total/len(linked))
	var msgID int64
	// Conversations are the first table: insertAll writes the later
	// tables' rows (which refer to them) only after them.
	rows, err := insertAll(ctx, db, len(linked), 2000, []table{convs, links, parts, msgs}, func(i int, emit func(int, ...any) error) error {
		u, prov := linked[i], p.providerOf(linked[i])
		conv := int64(i + 1)
		since := p.now.Add(-time.Duration(30+r.IntN(600)) * 24 * time.Hour)
		n := 1 + r.IntN(2*per)
		at := since.Add(2 * time.Hour)
		step := p.now.Sub(at) / time.Duration(n+1)
		lastAuthor := u
		if n%2 == 0 {
			lastAuthor = prov
		}
		subject, err := keys.Seal("conversations", "subject", conv, careSubjects[r.IntN(len(careSubjects))])
		if err != nil {
			return err
		}
		if err := emit(0, conv, "care", subject, u, at, at.Add(time.Duration(n)*step), u, lastAuthor); err != nil {
			return err
		}
		if err := emit(1, conv, prov, u, "active", fmt.Sprintf("Medlem %d", u), prov, since, since.Add(time.Hour)); err != nil {
			return err
		}
		first := msgID + 1
		for k := range n {
			msgID++
			text := body(r, &nb, true)
			if len(text) > 900 {
				text = strings.ToValidUTF8(text[:900], "")
			}
			b, err := keys.Seal("messages", "body", msgID, text)
			if err != nil {
				return err
			}
			h, err := keys.Seal("messages", "body_html", msgID, string(md.HTML(text)))
			if err != nil {
				return err
			}
			author := u
			if k%2 == 1 {
				author = prov
			}
			if err := emit(3, msgID, conv, author, b, h, at.Add(time.Duration(k+1)*step)); err != nil {
				return err
			}
		}
		if err := emit(2, conv, u, msgID); err != nil {
			return err
		}
		return emit(2, conv, prov, max(first, msgID-1))
	})
	return rows, err
}
