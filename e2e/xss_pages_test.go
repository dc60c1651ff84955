package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"reconnect/internal/forum"
	"reconnect/internal/i18n"
)

// Pages, one function per kind. Each returns the checks of payload i.

func (x *xssWorld) categoryPage(i int) pageCheck {
	it := &x.items[i]
	w := []want{wantText("h1", it.catName)}
	if it.catDesc != "" {
		w = append(w, wantText("main .lead", it.catDesc))
	}
	return pageCheck{what: fmt.Sprintf("category page of payload %d", i), path: fmt.Sprintf("/forum/categories/%d", it.category.ID),
		opts: checkOpts{Wants: w, Posts: 0}, items: 2}
}

// threadPage opens the thread with a quote of its opening post in the
// reply box: the quote is the post's text with the markup stripped and
// the entities decoded, put back into a textarea.
func (x *xssWorld) threadPage(i int) pageCheck {
	it := &x.items[i]
	return pageCheck{what: fmt.Sprintf("thread of payload %d", i), path: fmt.Sprintf("%s?reply_to=%d", threadPath(it.thread.ID), it.first.ID),
		opts: checkOpts{Posts: 1, Wants: []want{wantText("h1", it.title), {Sel: "textarea#f-body", Mode: "exists"}}}, items: 3}
}

// memberPage is the helper's page, where the shown name is part of a
// sentence.
func (x *xssWorld) memberPage(t *testing.T, i int) pageCheck {
	return pageCheck{what: fmt.Sprintf("member page of payload %d", i), path: memberPath(helperName(i)),
		opts: checkOpts{Posts: 0, Wants: []want{wantText("h1", helperName(i)),
			wantText("main .lead", msg(t, i18n.NB, "forum.member.shown", "name", x.items[i].shown))}}, items: 1}
}

// fragment is a reply as forum.js fetches it for live updates.
func (x *xssWorld) fragment(i int) pageCheck {
	it := &x.items[i]
	return pageCheck{what: fmt.Sprintf("live fragment of reply %d", i), path: fmt.Sprintf("/forum/posts/%d/fragment", it.reply.ID), fragment: true,
		opts: checkOpts{Posts: 1, Wants: []want{wantText(".post-by .author", helperName(i))}}, items: 1}
}

// draftPage is the form for a new thread in payload i's circle, filled
// in from Havbris's draft: the circle's name is in a sentence, the
// draft's title in an input's value and its body, raw, in the textarea.
func (x *xssWorld) draftPage(t *testing.T, i int) pageCheck {
	it := &x.items[i]
	intro := msg(t, i18n.NB, "forum.new.in_circle", "circle", it.circleName) + " " + msg(t, i18n.NB, "circle.reminder.text")
	return pageCheck{what: fmt.Sprintf("draft of payload %d", i), path: fmt.Sprintf("/forum/new?circle=%d", it.circle.ID), items: 3,
		opts: checkOpts{Posts: 0, Wants: []want{wantText("main .guidance p", intro), wantValue("#f-title", it.draftTitle), wantValue("#f-body", it.draftBody)}}}
}

// searchPage searches for the payload itself: the query comes back in
// the search box (and in the link to more results), and the hits show
// titles and snippets of payloads.
func (x *xssWorld) searchPage(i int) pageCheck {
	p := x.payloads[i]
	pc := pageCheck{what: fmt.Sprintf("search for payload %d", i), path: searchPath(p), items: 1, perCount: 2,
		opts: checkOpts{Posts: 0, Count: ".hits li"}, statuses: []int{http.StatusOK, http.StatusBadRequest}}
	if plain(p) {
		pc.opts.Wants = []want{wantValue("#f-q", p)}
	}
	return pc
}

// searchEcho searches for the payload made longer than a search may be:
// the search refuses it without searching, and shows it back in the
// search box with the error. Ranking hundreds of matches for every
// payload would take longer than the rest of the test; the hits are
// covered by hitPages and the sample.
func (x *xssWorld) searchEcho(i int) pageCheck {
	q := x.payloads[i] + " " + strings.Repeat("x", 201)
	pc := pageCheck{what: fmt.Sprintf("refused search for payload %d", i), path: searchPath(q), items: 1,
		opts: checkOpts{Posts: 0}, statuses: []int{http.StatusBadRequest}}
	if plain(q) {
		pc.opts.Wants = []want{wantValue("#f-q", q)}
	}
	return pc
}

// hitPages pages through the results for "xss", which nearly every
// payload has, so that nearly every post's title and snippet is shown
// as a hit.
func (x *xssWorld) hitPages() []pageCheck {
	var pcs []pageCheck
	for page := 1; page <= (2*len(x.payloads))/forum.SearchPerPage+1; page++ {
		pcs = append(pcs, pageCheck{what: fmt.Sprintf("search hits page %d", page), path: fmt.Sprintf("%s&page=%d", searchPath("xss"), page),
			perCount: 2, opts: checkOpts{Posts: 0, Count: ".hits li", Links: ".hits li a"}})
	}
	return pcs
}

func (x *xssWorld) circlePage(i int) pageCheck {
	it := &x.items[i]
	return pageCheck{what: fmt.Sprintf("circle of payload %d", i), path: fmt.Sprintf("/circles/%d", it.circle.ID),
		opts: checkOpts{Posts: 0, Wants: []want{wantText("h1", it.circleName)}}, items: 1}
}

// peoplePage is /people?to=payload, which puts the parameter in the
// reveal form.
func (x *xssWorld) peoplePage(i int) pageCheck {
	p := x.payloads[i]
	pc := pageCheck{what: fmt.Sprintf("/people?to= payload %d", i), path: "/people?to=" + url.QueryEscape(p), items: 1, opts: checkOpts{Posts: 0}}
	if plain(p) {
		pc.opts.Wants = []want{wantValue("#f-to_pseudonym", p)}
	}
	return pc
}

// revealConfirm posts the reveal form with the payload as shown name
// and note: the confirmation screen (or the form with its errors, when
// a field is refused) shows both back.
func (x *xssWorld) revealConfirm(i int) pageCheck {
	p := x.payloads[i]
	pc := pageCheck{what: fmt.Sprintf("reveal confirmation of payload %d", i), path: "/people/reveal", items: 2,
		form:     url.Values{"to_pseudonym": {x.env.Member.Pseudonym}, "shown_name": {p}, "note": {p}},
		statuses: []int{http.StatusOK, http.StatusBadRequest}, opts: checkOpts{Posts: 0}}
	if plain(p) {
		pc.opts.Wants = []want{wantValue("input[name=shown_name]", p), wantValue("input[name=note]", p)}
	}
	return pc
}

// lists loads the pages that show many payloads at once.
func (x *xssWorld) lists(t *testing.T) {
	n := len(x.payloads)
	var cats, options, people, circles []want
	for i, it := range x.items {
		options = append(options, wantText("#f-category_id option", it.catName))
		cats = append(cats, wantText(".category-name", it.catName))
		if it.catDesc != "" {
			cats = append(cats, wantText(".categories .hint", it.catDesc))
		}
		line := helperName(i) + " — " + it.shown
		if it.note != "" {
			line += " (" + it.note + ")"
		}
		people = append(people, wantText("#p-received + ul li", line))
		circles = append(circles, wantText("main .points a", it.circleName))
	}
	pcs := []pageCheck{
		{what: "category list", path: "/forum", opts: checkOpts{Posts: 0, Wants: cats}, items: 2 * n},
		{what: "new thread form", path: "/forum/new", opts: checkOpts{Posts: 0, Wants: options}, items: n},
		{what: "people", path: "/people", opts: checkOpts{Posts: 0, Wants: people}, items: 2 * n},
		{what: "circles", path: "/circles", opts: checkOpts{Posts: 0, Wants: circles}, items: n},
		{what: "unread threads", path: "/forum/unread", opts: checkOpts{Posts: 0, Count: ".threads li"}, perCount: 1},
		{what: "notices", path: "/notifications", opts: checkOpts{Posts: 0}},
		{what: "home", path: "/", opts: checkOpts{Posts: 0}},
	}
	// The threads of replies: each reply is a payload by a helper, with
	// the payload as shown name beside the helper's pseudonym.
	for k, th := range x.replies {
		var w []want
		for i := k * repliesPerThread; i < min((k+1)*repliesPerThread, n); i++ {
			w = append(w, wantText(".post-by .shown-name", "("+x.items[i].shown+")"))
		}
		pcs = append(pcs, pageCheck{what: fmt.Sprintf("replies, part %d", k+1), path: threadPath(th.ID),
			opts: checkOpts{Posts: 1 + len(w), Wants: w}, items: 2 * len(w)})
	}
	x.visit(x.tabsAs(t, "member"), pcs)
}

// threadLists loads x.titles page by page, following the link to
// older threads; the threads come newest first, so each page's titles
// are known.
func (x *xssWorld) threadLists(t *testing.T) {
	ts := &tabs{t: t, x: x, tb: x.signedIn(t, "member")} // one tab, to follow its links
	path := fmt.Sprintf("/forum/categories/%d", x.titles.ID)
	last := len(x.items) - 1
	for page := 0; path != ""; page++ {
		var w []want
		for i := last; i >= 0 && i > last-30; i-- {
			w = append(w, wantText(".thread-title", x.items[i].title))
		}
		last -= len(w)
		x.visit(ts, []pageCheck{{what: fmt.Sprintf("thread list page %d", page+1), path: path,
			opts: checkOpts{Posts: 0, Wants: w}, items: len(w)}})
		path = Eval[string](ts.tab(), `(function () { var a = document.querySelector('main a[href*="cursor="]'); return a ? a.getAttribute("href") : ""; })()`)
	}
	if last != -1 {
		t.Errorf("the thread lists ended with %d titles not shown", last+1)
	}
}

// navSample picks the payloads whose single-payload pages are loaded
// for real too: the first aimed at each context of those pages (the
// reply textarea, the title, an attribute, all of them at once), and
// every 64th.
func (x *xssWorld) navSample() []int {
	var out []int
	aims := []string{"</textarea>", "</title>", `"><`, "javascript:/*"}
	for i, p := range x.payloads {
		pick := i%64 == 0
		for k, aim := range aims {
			if aim != "" && strings.HasPrefix(p, aim) {
				pick, aims[k] = true, ""
			}
		}
		if pick {
			out = append(out, i)
		}
	}
	return out
}

// sample loads the single-payload pages of the sample for real, in two
// tabs: the forum's pages, or (more) the others. For categories,
// circles and members, which /forum, /circles and /people show all at
// once, these are the only single pages.
func (x *xssWorld) sample(t *testing.T, more bool) {
	var pcs []pageCheck
	for _, i := range x.navSample() {
		if more {
			pcs = append(pcs, x.circlePage(i), x.memberPage(t, i), x.peoplePage(i))
		} else {
			pcs = append(pcs, x.categoryPage(i), x.threadPage(i), x.searchPage(i))
		}
	}
	x.visit(x.tabsAs(t, "member"), pcs)
}

// threads fetches every payload's thread page, with the quote, and its
// reply's fragment.
func (x *xssWorld) threads(t *testing.T) {
	var pcs []pageCheck
	for i := range x.payloads {
		pcs = append(pcs, x.threadPage(i), x.fragment(i))
	}
	x.fetch(x.tabsAs(t, x.reader.Login), pcs)
}

// search fetches every payload's search, refused for length, and pages
// of hits: those for "xss", then a real search for each payload whose
// posts those did not show.
func (x *xssWorld) search(t *testing.T) {
	ts := x.tabsAs(t, x.reader.Login)
	var pcs []pageCheck
	for i := range x.payloads {
		pcs = append(pcs, x.searchEcho(i))
	}
	x.fetch(ts, pcs)
	shown := map[int64]bool{}
	note := func(vs []verdict) {
		for _, v := range vs {
			for _, href := range v.Links {
				var id int64
				if _, err := fmt.Sscanf(href[strings.LastIndex(href, "#post-")+1:], "post-%d", &id); err == nil {
					shown[id] = true
				}
			}
		}
	}
	note(x.fetch(ts, x.hitPages()))
	pcs = nil
	for i, it := range x.items {
		if !shown[it.first.ID] || !shown[it.reply.ID] {
			pc := x.searchPage(i)
			pc.opts.Links = ".hits li a"
			pcs = append(pcs, pc)
		}
	}
	note(x.fetch(ts, pcs))
	n := 0
	for _, it := range x.items {
		for _, id := range []int64{it.first.ID, it.reply.ID} {
			if shown[id] {
				n++
			}
		}
	}
	t.Logf("search hits showed %d of the %d posts (the rest have no word the search can find); %d payloads searched for themselves",
		n, 2*len(x.items), len(pcs))
}

// drafts fetches every payload's draft in the new-thread form.
func (x *xssWorld) drafts(t *testing.T) {
	var pcs []pageCheck
	for i := range x.payloads {
		pcs = append(pcs, x.draftPage(t, i))
	}
	x.fetch(x.tabsAs(t, "member"), pcs)
}

// reflected sends every payload where a request's own input comes back
// in the page: the reveal form, whose confirmation screen shows the
// shown name and note in a sentence and in hidden fields, and the form
// again below. (/people?to= fills the same field; it is in the sample.)
// Morgengry sends them, whose /people is short.
func (x *xssWorld) reflected(t *testing.T) {
	var pcs []pageCheck
	for i := range x.payloads {
		pcs = append(pcs, x.revealConfirm(i))
	}
	x.fetch(x.tabsAs(t, "member2"), pcs)
}

// livePayloads picks the payloads sent as live replies: those that
// would run on insertion with innerHTML if anything got through.
func (x *xssWorld) livePayloads() []int {
	var out []int
	for i, p := range x.payloads {
		if strings.Contains(p, "onerror=") && len(out) < 8 || strings.HasPrefix(p, "<svg onload") || strings.HasPrefix(p, "<details open") ||
			strings.HasPrefix(p, "[x](javascript:") || strings.HasPrefix(p, "<iframe srcdoc") || strings.HasPrefix(p, "<script>__xss") {
			out = append(out, i)
		}
	}
	return out
}

// live opens a thread and lets Morgengry reply with payloads from Go:
// the page learns of each reply from the stream, fetches its fragment
// and inserts it with innerHTML, where an image's onerror would fire at
// once. Then one reply is edited to another payload, which replaces the
// post in place.
func (x *xssWorld) live(t *testing.T) {
	ctx := context.Background()
	f := x.env.App.Forum
	m2 := x.env.Member2
	th, _, err := f.CreateThread(ctx, &x.env.Member, forum.NewThread{CategoryID: x.posts.ID, Title: "Direkte", Body: "Følg med.", Acknowledge: true})
	if err != nil {
		t.Fatal(err)
	}
	tb := x.signedIn(t, "member")
	tb.Go(threadPath(th.ID))
	// The stream connects after the page has loaded: reply until a reply
	// arrives, so that no payload is sent before anyone listens.
	live := false
	for k := 0; k < 30 && !live; k++ {
		p, err := f.Reply(ctx, &m2, th.ID, forum.NewPost{Body: fmt.Sprintf("Oppvarming %d", k), Acknowledge: true})
		if err != nil {
			t.Fatal(err)
		}
		live = await(tb, fmt.Sprintf(`document.getElementById("post-%d") !== null`, p.ID), 500*time.Millisecond)
	}
	if !live {
		t.Fatal("no reply arrived over the stream")
	}
	var last forum.Post
	sent := x.livePayloads()
	for _, i := range sent {
		if last, err = f.Reply(ctx, &m2, th.ID, forum.NewPost{Body: bodyFit(x.payloads[i]), Acknowledge: true}); err != nil {
			t.Fatal(err)
		}
		if !await(tb, fmt.Sprintf(`document.getElementById("post-%d") !== null`, last.ID), 5*time.Second) {
			t.Fatalf("the live reply with payload %d did not arrive", i)
		}
	}
	tb.WantText("#live-status", m2.Pseudonym)
	// An edit replaces the post with a fresh fragment; the old element
	// is marked so that its replacement can be told apart.
	Eval[bool](tb, fmt.Sprintf(`(document.getElementById("post-%d").dataset.old = "yes") !== ""`, last.ID))
	if _, err := f.Edit(ctx, &m2, last.ID, bodyFit(x.payloads[0]), true); err != nil {
		t.Fatal(err)
	}
	if !await(tb, fmt.Sprintf(`document.getElementById("post-%d").dataset.old === undefined`, last.ID), 5*time.Second) {
		t.Fatal("the edited reply was not replaced")
	}
	v := Eval[verdict](tb, "("+xssCheckJS+")(document, "+mustJSON(t, checkOpts{Posts: -1, Live: true})+")")
	v.Status = http.StatusOK
	x.judge(t, pageCheck{what: "thread with live replies", path: threadPath(th.ID), items: len(sent) + 1}, v, true)
	tb.checkProblems()
}

// await polls expr in the page until it is true or d has passed.
func await(tb *Tab, expr string, d time.Duration) bool {
	tb.t.Helper()
	for deadline := time.Now().Add(d); ; time.Sleep(25 * time.Millisecond) {
		if Eval[bool](tb, expr) {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
	}
}
