package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// vclient is one virtual member going about the portal.
type vclient struct {
	w       *world
	hc      *http.Client
	base    string
	me      member
	r       *rand.Rand
	st      *clientStats
	reacted map[int64]bool
	body    []byte
}

// op is one kind of thing a member does; it returns the request to send,
// the statuses that count as success, and what to do with the answer.
type op func(c *vclient) (req *http.Request, ok []int, after func(status int))

var ops = map[string]op{
	"thread":  (*vclient).readThread,
	"list":    (*vclient).readList,
	"search":  (*vclient).search,
	"reply":   (*vclient).reply,
	"react":   (*vclient).react,
	"care":    (*vclient).careMessage,
	"rsvp":    (*vclient).rsvp,
	"toolbox": (*vclient).toolbox,
}

// searchWords are what members search for: common and rare words of
// the generated text, in both languages.
var searchWords = []string{"søvn", "moltebær", "sover dårlig", "anxious at night", "angst", "venner", "jobb", "medisiner", "tur", "kafé", "hope", "sleep"}

func (c *vclient) loop(ctx context.Context) {
	c.reacted = map[int64]bool{}
	c.body = make([]byte, 64<<10)
	// Each operation once first, so that a short run tries them all.
	first := make([]string, 0, len(c.w.mix))
	for _, name := range opNames() {
		if c.w.mix[name] > 0 {
			first = append(first, name)
		}
	}
	for i := 0; ctx.Err() == nil; i++ {
		name := c.w.picks[c.r.IntN(len(c.w.picks))]
		if i < len(first) {
			name = first[i]
		}
		req, ok, after := ops[name](c)
		if req == nil {
			continue
		}
		req = req.WithContext(ctx)
		req.Header.Set("Cookie", "reconnect_session="+c.me.token)
		req.Header.Set("Accept-Language", "nb")
		start := time.Now()
		resp, err := c.hc.Do(req)
		status := 0
		if err == nil {
			status = resp.StatusCode
			_, err = io.CopyBuffer(io.Discard, resp.Body, c.body)
			_ = resp.Body.Close() // a failed read is in err already
		}
		took := time.Since(start)
		if ctx.Err() != nil {
			return // cut off by the end of the run: not counted
		}
		c.st.record(name, took, status, err, ok)
		if after != nil && err == nil {
			after(status)
		}
	}
}

// thread picks a thread, skewed towards the most recently active.
func (c *vclient) thread() threadRef {
	list := c.w.threads[c.me.community]
	x := c.r.Float64()
	return list[int(x*x*x*float64(len(list)))]
}

func (c *vclient) get(path string) *http.Request {
	req, _ := http.NewRequest(http.MethodGet, c.base+path, nil)
	return req
}

func (c *vclient) send(method, path string, v any) *http.Request {
	b, _ := json.Marshal(v)
	req, _ := http.NewRequest(method, c.base+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	return req
}

var okGet = []int{http.StatusOK}

func (c *vclient) readThread() (*http.Request, []int, func(int)) {
	return c.get(fmt.Sprintf("/forum/threads/%d", c.thread().id)), okGet, nil
}

func (c *vclient) readList() (*http.Request, []int, func(int)) {
	if c.r.IntN(2) == 0 {
		return c.get("/forum/unread"), okGet, nil
	}
	cats := c.w.categories[c.me.community]
	return c.get(fmt.Sprintf("/forum/categories/%d", cats[c.r.IntN(len(cats))])), okGet, nil
}

func (c *vclient) search() (*http.Request, []int, func(int)) {
	return c.get("/api/v1/forum/search?q=" + url.QueryEscape(searchWords[c.r.IntN(len(searchWords))])), okGet, nil
}

func (c *vclient) reply() (*http.Request, []int, func(int)) {
	t := c.thread()
	for t.locked {
		t = c.thread()
	}
	l := &nb
	if c.r.IntN(5) == 0 {
		l = &en
	}
	text := body(c.r, l, true)
	return c.send(http.MethodPost, fmt.Sprintf("/api/v1/forum/threads/%d/posts", t.id), map[string]string{"body": text}), []int{http.StatusCreated}, nil
}

// react gives a reaction to a thread's latest post, or takes back one
// it gave. A reaction the seeded data already holds answers 409
// already_reacted, which is counted apart, not as an error.
func (c *vclient) react() (*http.Request, []int, func(int)) {
	t := c.thread()
	post := t.lastPost
	if c.reacted[post] {
		return c.send(http.MethodDelete, fmt.Sprintf("/api/v1/forum/posts/%d/reactions", post), map[string]string{"kind": "support"}),
			[]int{http.StatusOK}, func(int) { delete(c.reacted, post) }
	}
	return c.send(http.MethodPost, fmt.Sprintf("/api/v1/forum/posts/%d/reactions", post), map[string]string{"kind": "support"}),
		[]int{http.StatusCreated, http.StatusConflict}, func(status int) { c.reacted[post] = status < 500 }
}

func (c *vclient) careMessage() (*http.Request, []int, func(int)) {
	if len(c.me.care) == 0 {
		return nil, nil, nil
	}
	conv := c.me.care[c.r.IntN(len(c.me.care))]
	if c.r.IntN(2) == 0 {
		return c.get(fmt.Sprintf("/api/v1/conversations/%d", conv)), okGet, nil
	}
	text := strings.TrimSpace(body(c.r, &nb, true))
	if len(text) > 600 {
		text = text[:strings.LastIndexByte(text[:600], ' ')]
	}
	return c.send(http.MethodPost, fmt.Sprintf("/api/v1/conversations/%d/messages", conv), map[string]string{"body": text}), []int{http.StatusCreated}, nil
}

func (c *vclient) rsvp() (*http.Request, []int, func(int)) {
	evs := c.w.events[c.me.community]
	if len(evs) == 0 {
		return nil, nil, nil
	}
	status := []string{"going", "maybe", "not_today"}[c.r.IntN(3)]
	return c.send(http.MethodPost, fmt.Sprintf("/api/v1/events/%d/rsvp", evs[c.r.IntN(len(evs))]), map[string]string{"status": status, "shown": "count"}),
		[]int{http.StatusOK, http.StatusCreated}, nil
}

var toolboxLists = []string{"goals", "journal", "activities", "network", "medications"}

func (c *vclient) toolbox() (*http.Request, []int, func(int)) {
	return c.get("/api/v1/toolbox/" + toolboxLists[c.r.IntN(len(toolboxLists))]), okGet, nil
}
