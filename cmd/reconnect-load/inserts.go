package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"reconnect/internal/identity"
	"reconnect/internal/sqldb"
)

func nullTime(ok bool, t time.Time) any {
	if !ok {
		return nil
	}
	return t
}

func (p *plan) insertPlaces(ctx context.Context, db *sqldb.DB) ([]int64, error) {
	created := p.now.Add(-800 * 24 * time.Hour)
	rows, err := insertAll(ctx, db, communities, communities, []table{{name: "communities", cols: []string{"id", "slug", "name", "timezone", "created_at"}}},
		func(i int, emit func(int, ...any) error) error {
			name := communityNames[i%len(communityNames)]
			return emit(0, i+1, fmt.Sprintf("c%02d-%s", i+1, strings.ToLower(name[:3])), name, "Europe/Oslo", created)
		})
	if err != nil {
		return rows, err
	}
	cats := table{name: "categories", cols: []string{"id", "slug", "name_nb", "name_en", "description_nb", "description_en", "position", "community_id", "requires_approval", "created_at"}}
	more, err := insertAll(ctx, db, sharedCats+communities, 100, []table{cats}, func(i int, emit func(int, ...any) error) error {
		if i < sharedCats {
			c := sharedCategories[i]
			return emit(0, i+1, c[0], c[1], c[2], c[3], c[3], i*10, nil, false, created)
		}
		k := i - sharedCats + 1
		name := communityNames[(k-1)%len(communityNames)]
		return emit(0, i+1, fmt.Sprintf("lokalt-%02d", k), "Bare for "+name, "Only for "+name, "Bare for oss i "+name+".", "Only for us in "+name+".", 100+k, k, false, created)
	})
	return append(rows, more...), err
}

func (p *plan) insertUsers(ctx context.Context, db *sqldb.DB, docs []identity.Document) ([]int64, error) {
	r := rand.New(rand.NewPCG(p.seed, 2))
	users := table{name: "users", cols: []string{"id", "login", "login_key", "role", "community_id", "pseudonym", "pseudonym_key", "language", "created_at", "onboarded_at"}}
	consents := table{name: "consents", cols: []string{"user_id", "kind", "version", "accepted_at"}}
	mods := table{name: "moderator_communities", cols: []string{"user_id", "community_id"}}
	var required []identity.Document
	for _, d := range docs {
		if identity.Required(d.Kind) {
			required = append(required, d)
		}
	}
	if len(required) == 0 {
		return nil, errors.New("no consent documents")
	}
	return insertAll(ctx, db, int(p.members), 5000, []table{users, consents, mods}, func(i int, emit func(int, ...any) error) error {
		u := int64(i + 1)
		login := fmt.Sprintf("m%05d", u)
		if u == benchUser {
			login = "bench"
		}
		role, lang := identity.ServiceUser, "nb"
		if isModerator(u) {
			role = identity.PeerModerator
		}
		if u != benchUser && r.IntN(5) == 0 {
			lang = "en"
		}
		ps, key := pseudonym(u)
		created := p.now.Add(-time.Duration(760+r.IntN(30)) * 24 * time.Hour)
		onboarded := created.Add(10 * time.Minute)
		if err := emit(0, u, login, login, string(role), communityOf(u), ps, key, lang, created, onboarded); err != nil {
			return err
		}
		for _, d := range required {
			if err := emit(1, u, d.Kind, d.Version, onboarded); err != nil {
				return err
			}
		}
		if role == identity.PeerModerator {
			return emit(2, u, communityOf(u))
		}
		return nil
	})
}

func (p *plan) insertThreads(ctx context.Context, db *sqldb.DB) ([]int64, error) {
	threads := table{name: "threads", cols: []string{"id", "category_id", "author_id", "title", "created_at", "last_post_id", "last_post_at",
		"post_count", "view_count", "pinned_at", "locked_at", "hidden_at"}}
	watches := table{name: "thread_watches", cols: []string{"user_id", "thread_id", "level"}}
	return insertAll(ctx, db, len(p.threads), 5000, []table{threads, watches}, func(i int, emit func(int, ...any) error) error {
		t := &p.threads[i]
		id := int64(i + 1)
		if err := emit(0, id, t.category, t.author, p.title(id), t.created, t.lastPost, t.last, t.posts, t.views,
			nullTime(t.pinned, t.created), nullTime(t.locked, t.last), nullTime(t.hidden, t.last)); err != nil {
			return err
		}
		if err := emit(1, t.author, id, "watch"); err != nil {
			return err
		}
		if id == benchThread {
			return emit(1, int64(benchUser), id, "watch")
		}
		return nil
	})
}

func (p *plan) insertPosts(ctx context.Context, db *sqldb.DB, workers int) ([]int64, error) {
	posts := table{name: "posts", cols: []string{"id", "thread_id", "author_id", "reply_to", "body", "body_html", "created_at",
		"deleted_at", "hidden_at", "hidden_reason"}}
	search := table{name: "post_search", cols: []string{"rowid", "terms"}}
	if db.Engine == sqldb.Postgres {
		search.wrap = map[int]string{1: "to_tsvector('simple', %s)"}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	texts := generate(ctx, p, workers)
	var chunk []genPost
	return insertAll(ctx, db, len(p.posts), 10000, []table{posts, search}, func(i int, emit func(int, ...any) error) error {
		if len(chunk) == 0 {
			var ok bool
			if chunk, ok = <-texts; !ok {
				return errors.New("generator stopped")
			}
		}
		g := chunk[0]
		chunk = chunk[1:]
		pp := &p.posts[i]
		id := int64(i + 1)
		var reply, reason any
		if pp.replyTo != 0 {
			reply = pp.replyTo
		}
		if pp.hidden {
			reason = "Skjult av likeperson: personopplysninger"
		}
		later := pp.at.Add(time.Hour)
		if err := emit(0, id, pp.thread, pp.author, reply, g.body, g.html, pp.at, nullTime(pp.deleted, later), nullTime(pp.hidden, later), reason); err != nil {
			return err
		}
		if pp.deleted {
			return nil
		}
		return emit(1, id, g.terms)
	})
}
