package main

import (
	"context"
	"math/rand/v2"

	"reconnect/internal/forum"
	"reconnect/internal/markup"
)

// index computes search terms as the forum does, remembering stems
// across the bounded vocabulary of generated text.
var index forum.Indexer

// genPost is a post's text as the forum stores it: the Markdown, the
// sanitised HTML from the real renderer, and the search terms.
type genPost struct {
	body, html, terms string
}

const genChunk = 250

// generate renders the posts of p on workers goroutines and delivers
// them in ID order, chunk by chunk, at most a few chunks ahead of the
// consumer.
func generate(ctx context.Context, p *plan, workers int) <-chan []genPost {
	md := markup.New()
	n := len(p.posts)
	chunks := (n + genChunk - 1) / genChunk
	slots := make([]chan []genPost, chunks)
	for k := range slots {
		slots[k] = make(chan []genPost, 1)
	}
	tokens := make(chan struct{}, 4*workers)
	jobs := make(chan int)
	go func() {
		defer close(jobs)
		for k := range chunks {
			select {
			case tokens <- struct{}{}:
			case <-ctx.Done():
				return
			}
			jobs <- k
		}
	}()
	for range workers {
		go func() {
			for k := range jobs {
				out := make([]genPost, 0, genChunk)
				for i := k * genChunk; i < min(n, (k+1)*genChunk); i++ {
					out = append(out, p.text(md, i))
				}
				slots[k] <- out
			}
		}()
	}
	ordered := make(chan []genPost)
	go func() {
		defer close(ordered)
		for k := range chunks {
			var c []genPost
			select {
			case c = <-slots[k]:
			case <-ctx.Done():
				return
			}
			<-tokens
			select {
			case ordered <- c:
			case <-ctx.Done():
				return
			}
		}
	}()
	return ordered
}

// text writes post i (0-based). Each post has its own random stream, so
// the text does not depend on how the work was split.
func (p *plan) text(md *markup.Renderer, i int) genPost {
	pp := &p.posts[i]
	r := rand.New(rand.NewPCG(p.seed, uint64(i)+1000)) // #nosec G115 -- i >= 0; it only picks a random stream
	l := &nb
	if pp.en {
		l = &en
	}
	b := body(r, l, !pp.first)
	g := genPost{body: b, html: string(md.HTML(b))}
	if pp.deleted {
		return g // deleted posts leave the index
	}
	idx := b
	if pp.first {
		idx = p.title(pp.thread) + "\n" + b
	}
	g.terms = index.Terms(idx)
	return g
}

// title is thread id's title.
func (p *plan) title(id int64) string {
	r := rand.New(rand.NewPCG(p.seed, uint64(id))) // #nosec G115 -- ids are positive; it only picks a random stream
	l := &nb
	if p.threads[id-1].en {
		l = &en
	}
	if id == benchThread {
		return "Søvn, uro og små seire: en lang tråd"
	}
	return title(r, l)
}
