package main

import (
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// The dataset's shape. IDs are assigned here and inserted explicitly, so
// the benchmark thread, category and viewer have known IDs.
const (
	communities     = 20
	sharedCats      = 5 // seen by every community; then one per community
	benchUser       = 1 // login "bench", community 1, a service user
	benchThread     = 1 // in category 1, with benchReplies replies
	benchCategory   = 1
	benchReplies    = 60
	moderatorsEvery = 50 // every 50th member is a peer moderator
)

type threadPlan struct {
	category, author int64
	en               bool // written in English
	created, last    time.Time
	lastPost         int64
	posts, views     int
	pinned, locked   bool
	hidden           bool
}

type postPlan struct {
	thread, author, replyTo int64
	at                      time.Time
	first, en               bool
	deleted, hidden         bool
}

type plan struct {
	seed    uint64
	now     time.Time
	members int64
	threads []threadPlan // thread i+1
	posts   []postPlan   // post i+1, in time order
	byThrd  [][]int64    // post IDs per thread
}

func communityOf(u int64) int64 { return (u-1)%communities + 1 }

// isModerator: every 50th member of each community is a peer moderator.
func isModerator(u int64) bool {
	return u != benchUser && ((u-1)/communities)%moderatorsEvery == moderatorsEvery-1
}

// member draws an active-skewed member of community c (0: any), never
// the benchmark viewer.
func (p *plan) member(r *rand.Rand, c int64) int64 {
	x := r.Float64()
	x *= x
	if c == 0 {
		return 2 + int64(float64(p.members-1)*x)%(p.members-1)
	}
	per := p.members / communities
	for {
		u := c + communities*int64(float64(per)*x)
		if u != benchUser && u <= p.members {
			return u
		}
		x = r.Float64()
	}
}

func newPlan(seed uint64, members, threads, posts int) *plan {
	r := rand.New(rand.NewPCG(seed, 1))
	p := &plan{seed: seed, now: time.Now().UTC().Truncate(time.Microsecond), members: int64(members)}
	p.threads = make([]threadPlan, threads)
	// Replies per thread: log-normal weights, so most threads are short
	// and a few run to hundreds of posts.
	weights := make([]float64, threads)
	var sum float64
	for i := 1; i < threads; i++ {
		weights[i] = math.Exp(r.NormFloat64())
		sum += weights[i]
	}
	replies := posts - threads - benchReplies
	left := replies
	for i := 1; i < threads; i++ {
		n := int(float64(replies) * weights[i] / sum)
		p.threads[i].posts = 1 + n
		left -= n
	}
	for ; left > 0; left-- {
		p.threads[1+r.IntN(threads-1)].posts++
	}
	p.threads[0].posts = 1 + benchReplies
	span := 730 * 24 * time.Hour
	var all []postPlan
	for i := range p.threads {
		t := &p.threads[i]
		id := int64(i + 1)
		t.en = r.IntN(5) == 0
		t.created = p.now.Add(-time.Hour - time.Duration(r.Float64()*float64(span)))
		if r.IntN(5) < 3 {
			t.category = 1 + int64(r.Float64()*r.Float64()*sharedCats)
			t.author = p.member(r, 0)
		} else {
			t.author = p.member(r, 0)
			t.category = sharedCats + communityOf(t.author)
		}
		if id == benchThread {
			t.en, t.category, t.created = false, benchCategory, p.now.Add(-72*time.Hour)
		}
		t.locked, t.hidden = r.IntN(200) == 0, r.IntN(500) == 0
		t.pinned = t.category == benchCategory && (id == 2 || id == 3)
		t.views = t.posts * (2 + r.IntN(10))
		community := int64(0)
		if t.category > sharedCats {
			community = t.category - sharedCats
		}
		at := t.created
		gap := 8 * time.Hour
		if id == benchThread {
			gap = time.Hour
		}
		for k := 0; k < t.posts; k++ {
			pp := postPlan{thread: id, author: t.author, at: at, first: k == 0, en: t.en != (r.IntN(20) == 0)}
			if k > 0 {
				pp.author = p.member(r, community)
				pp.deleted, pp.hidden = r.IntN(300) == 0, r.IntN(1000) == 0
			}
			all = append(all, pp)
			at = at.Add(time.Duration(r.ExpFloat64() * float64(gap)))
			if end := p.now.Add(-time.Minute); at.After(end) {
				at = end
			}
		}
	}
	slices.SortStableFunc(all, func(a, b postPlan) int { return a.at.Compare(b.at) })
	p.byThrd = make([][]int64, threads)
	for i := range all {
		pp := &all[i]
		id := int64(i + 1)
		ids := p.byThrd[pp.thread-1]
		if len(ids) > 0 && r.IntN(5) == 0 {
			pp.replyTo = ids[r.IntN(len(ids))]
		}
		p.byThrd[pp.thread-1] = append(ids, id)
		t := &p.threads[pp.thread-1]
		t.lastPost, t.last = id, pp.at
	}
	// The first post of a thread must come first: equal times keep input
	// order, and a thread's posts were appended in order.
	p.posts = all
	return p
}
