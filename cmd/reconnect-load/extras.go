package main

import (
	"cmp"
	"context"
	"math/rand/v2"
	"slices"
	"time"

	"reconnect/internal/sqldb"
)

var reactionKinds = []string{"support", "hug", "thanks", "brave", "metoo"} // by how often they are given

func (p *plan) communityOfThread(id int64) int64 {
	if c := p.threads[id-1].category; c > sharedCats {
		return c - sharedCats
	}
	return 0
}

// insertReactions: about a third of posts get a few reactions, most of
// the benchmark thread's posts do, and the benchmark viewer gave some.
func (p *plan) insertReactions(ctx context.Context, db *sqldb.DB) ([]int64, error) {
	r := rand.New(rand.NewPCG(p.seed, 3))
	reactions := table{name: "reactions", cols: []string{"post_id", "user_id", "kind", "created_at"}}
	type key struct {
		user int64
		kind string
	}
	return insertAll(ctx, db, len(p.posts), 20000, []table{reactions}, func(i int, emit func(int, ...any) error) error {
		pp := &p.posts[i]
		chance := 3
		if pp.thread == benchThread {
			chance = 1
		}
		if pp.deleted || pp.hidden || r.IntN(chance) != 0 {
			return nil
		}
		given := map[key]bool{}
		n := 1 + int(r.ExpFloat64()*1.5)
		community := p.communityOfThread(pp.thread)
		for range min(n, 12) {
			k := key{p.member(r, community), pick(r, reactionKinds)}
			if pp.thread == benchThread && r.IntN(5) == 0 {
				k.user = benchUser
			}
			if k.user == pp.author || given[k] {
				continue
			}
			given[k] = true
			at := pp.at.Add(time.Duration(r.ExpFloat64() * float64(3*time.Hour)))
			if at.After(p.now) {
				at = p.now
			}
			if err := emit(0, int64(i+1), k.user, k.kind, at); err != nil {
				return err
			}
		}
		return nil
	})
}

// insertReads: every author has read up to their own post (as the forum
// records), other members read parts of threads, and the benchmark
// viewer has read about half of the threads in the benchmark category
// and the first 30 posts of the benchmark thread.
func (p *plan) insertReads(ctx context.Context, db *sqldb.DB) ([]int64, error) {
	r := rand.New(rand.NewPCG(p.seed, 4))
	type key struct{ user, thread int64 }
	marks := map[key]int64{}
	mark := func(u, t, post int64) {
		k := key{u, t}
		marks[k] = max(marks[k], post)
	}
	for i := range p.posts {
		mark(p.posts[i].author, p.posts[i].thread, int64(i+1))
	}
	for i := range p.threads {
		t := int64(i + 1)
		ids := p.byThrd[i]
		for range 1 + len(ids)/2 {
			mark(p.member(r, p.communityOfThread(t)), t, ids[r.IntN(len(ids))])
		}
		if c := p.threads[i].category; (c == benchCategory || c == sharedCats+1) && r.IntN(2) == 0 {
			mark(benchUser, t, ids[r.IntN(len(ids))])
		}
	}
	marks[key{benchUser, benchThread}] = p.byThrd[benchThread-1][29]
	keys := make([]key, 0, len(marks))
	for k := range marks {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b key) int { return cmp.Or(cmp.Compare(a.user, b.user), cmp.Compare(a.thread, b.thread)) })
	reads := table{name: "thread_reads", cols: []string{"user_id", "thread_id", "last_read_id", "read_at"}}
	return insertAll(ctx, db, len(keys), 20000, []table{reads}, func(i int, emit func(int, ...any) error) error {
		k := keys[i]
		post := marks[k]
		return emit(0, k.user, k.thread, post, p.posts[post-1].at)
	})
}
