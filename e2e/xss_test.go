package e2e

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"reconnect/internal/forum"
	"reconnect/internal/identity"
	"reconnect/internal/testkit"
	"reconnect/internal/testkit/webtest"
)

// TestXSS puts every payload in xss_payloads_test.go through every
// place a member's or an administrator's text reaches a page — post
// bodies, replies, thread titles, category names and descriptions,
// shown names and notes, circle names, the search box, the reveal form,
// pseudonyms — and checks the pages in Chromium: nothing ran, and the
// DOM holds no script, handler, script URL, frame, style or image that
// the text could have brought in. Text that html/template escapes must
// also read back exactly as written, which tells escaping apart from
// silently dropping text.
//
// Pages that show many payloads at once (the category list, a thread
// with a reply per payload, /people, /circles, unread threads) are
// loaded for real, with scripts running and the CSP watched. Pages that
// show one payload each — a category, a thread, a search, a circle, a
// member, a reflected form — would take minutes to load hundreds of
// times, so a sample is loaded for real and every one is fetched from
// inside the tab and parsed by Chromium's own HTML parser, which builds
// the same DOM the checks inspect; the live updates are exercised the
// way forum.js does them.
func TestXSS(t *testing.T) {
	t.Parallel()
	started := time.Now()
	env := start(t)
	payloads := xssPayloads()
	seen := map[string]int{}
	for i, p := range payloads {
		if j, dup := seen[p]; dup {
			t.Fatalf("payloads %d and %d are the same: %q", j, i, p)
		}
		seen[p] = i
	}
	if len(payloads) < 200 {
		t.Fatalf("only %d payloads", len(payloads))
	}
	x := newXSSWorld(t, env, payloads)
	t.Cleanup(func() { x.tally.log(t, len(payloads), time.Since(started)) })

	// Pseudonyms and live updates need none of the stored payloads, so
	// they run while the payloads are being stored.
	t.Run("canaries", func(t *testing.T) { t.Parallel(); canaries(t, env) })
	t.Run("pseudonyms", func(t *testing.T) { t.Parallel(); x.pseudonyms(t) })
	t.Run("live", func(t *testing.T) { t.Parallel(); x.live(t) })
	t.Run("stored", func(t *testing.T) {
		t.Parallel()
		x.seed(t)
		t.Logf("%d payloads stored through the services after %v", len(payloads), time.Since(started).Round(time.Millisecond))
		t.Run("lists", func(t *testing.T) { t.Parallel(); x.lists(t) })
		t.Run("thread-lists", func(t *testing.T) { t.Parallel(); x.threadLists(t) })
		t.Run("sample", func(t *testing.T) { t.Parallel(); x.sample(t, false) })
		t.Run("sample-more", func(t *testing.T) { t.Parallel(); x.sample(t, true) })
		t.Run("threads", func(t *testing.T) { t.Parallel(); x.threads(t) })
		t.Run("search", func(t *testing.T) { t.Parallel(); x.search(t) })
		t.Run("reflected", func(t *testing.T) { t.Parallel(); x.reflected(t) })
		t.Run("drafts", func(t *testing.T) { t.Parallel(); x.drafts(t) })
	})
}

// xssWorld is the fixture world with every payload stored in it.
type xssWorld struct {
	env      *webtest.Env
	payloads []string
	items    []xssItem
	posts    forum.Category // holds the threads of replies, the live thread and the lookalikes' threads
	titles   forum.Category // holds a thread titled with each payload
	// reader is a member to whom nobody reveals anything: the pages
	// fetched for every payload are read as her, because Havbris's
	// hundreds of shown names make each of his thread pages slow.
	reader identity.User
	// replies are the threads with one reply per payload, as many as
	// fit on one page in each.
	replies []forum.Thread
	tally   tally
}

// repliesPerThread fills a thread page with its opening post.
const repliesPerThread = forum.PostsPerPage - 1

// xssItem is one payload as each field stored it (cut to fit where a
// field is shorter), and what holds it.
type xssItem struct {
	helper     identity.User // the reply's author, who reveals the shown name to Havbris
	shown      string
	note       string
	category   forum.Category // named and described with the payload
	catName    string
	catDesc    string
	thread     forum.Thread // titled with the payload, in x.titles
	first      forum.Post   // the thread's opening post: the payload as a post body
	title      string
	reply      forum.Post // the payload as a reply in x.replies[i/repliesPerThread]
	circle     identity.Circle
	circleName string
	draftTitle string // Havbris's draft of a thread in the circle
	draftBody  string
}

// newXSSWorld cuts every payload to fit each field and starts the
// threads the replies go in.
func newXSSWorld(t *testing.T, env *webtest.Env, ps []string) *xssWorld {
	t.Helper()
	x := &xssWorld{env: env, payloads: ps, items: make([]xssItem, len(ps))}
	for i, p := range ps {
		it := &x.items[i]
		it.shown, it.note = shownFit(p), noteFit(p)
		it.catName, it.catDesc = catNameFit(p), catDescFit(p)
		it.title, it.circleName = titleFit(p), circleFit(p)
		it.draftTitle, it.draftBody = draftTitleFit(p), bodyFit(p)
	}
	ctx, f := context.Background(), env.App.Forum
	var err error
	if x.posts, err = f.CreateCategory(ctx, &env.Admin, forum.CategoryInput{Slug: "xss-svar", NameNB: "Svar", NameEN: "Replies"}); err != nil {
		t.Fatal(err)
	}
	if x.titles, err = f.CreateCategory(ctx, &env.Admin, forum.CategoryInput{Slug: "xss-titler", NameNB: "Titler", NameEN: "Titles"}); err != nil {
		t.Fatal(err)
	}
	for k := 0; k*repliesPerThread < len(ps); k++ {
		th, _, err := f.CreateThread(ctx, &env.Member, forum.NewThread{CategoryID: x.posts.ID,
			Title: fmt.Sprintf("Svar med angrep, del %d", k+1), Body: "Svarene under prøver hvert sitt angrep.", Acknowledge: true})
		if err != nil {
			t.Fatal(err)
		}
		// Unwatched, so that the replies notify nobody: hundreds of
		// notices would only slow the test down.
		if err := f.SetWatch(ctx, &env.Member, th.ID, ""); err != nil {
			t.Fatal(err)
		}
		x.replies = append(x.replies, th)
	}
	x.reader = env.Onboarded(t, identity.NewUser{Login: "xss.leser", Role: identity.ServiceUser, CommunityID: env.Granlia.ID, Pseudonym: "Stille Leser"})
	return x
}

// seed stores every payload through the service layer, as the forms
// and the API would, with the privacy check acknowledged. Payload i is
// the name and description of a category, and the title and opening
// post of a thread by Morgengry in x.titles; a helper member "Vitne
// NNN" reveals it as shown name and note to Havbris (env.Member, who
// reads the pages) and replies with it; Havbris names a circle with it
// and saves a draft of a thread there with it as title and body.
func (x *xssWorld) seed(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	env, f, ps := x.env, x.env.App.Forum, x.payloads
	// The database takes one writer at a time, but the work around each
	// write runs on both cores, so independent kinds of write overlap.
	helpers := make(chan int, len(ps)) // payloads whose helper is ready to reply
	together(t,
		func() error {
			defer close(helpers)
			for i := range ps {
				it := &x.items[i]
				u, err := env.IDs.CreateUser(ctx, &env.Admin, identity.NewUser{Login: fmt.Sprintf("vitne%03d", i+1),
					Password: testkit.Password, Role: identity.ServiceUser, CommunityID: env.Fjordvik.ID, Pseudonym: helperName(i)})
				if err != nil {
					return fmt.Errorf("helper %d: %w", i, err)
				}
				it.helper = u
				if _, err := env.IDs.RevealTo(ctx, &it.helper, env.Member.Pseudonym, it.shown, it.note); err != nil {
					return fmt.Errorf("reveal of payload %d %q: %w", i, it.shown, err)
				}
				helpers <- i
			}
			return nil
		},
		func() error {
			for i := range helpers {
				it := &x.items[i]
				var err error
				it.reply, err = f.Reply(ctx, &it.helper, x.replies[i/repliesPerThread].ID, forum.NewPost{Body: bodyFit(ps[i]), Acknowledge: true})
				if err != nil {
					return fmt.Errorf("reply with payload %d: %w", i, err)
				}
			}
			return nil
		},
		func() error {
			for i, p := range ps {
				it := &x.items[i]
				var err error
				it.thread, it.first, err = f.CreateThread(ctx, &env.Member2, forum.NewThread{CategoryID: x.titles.ID,
					Title: it.title, Body: bodyFit(p), Acknowledge: true})
				if err != nil {
					return fmt.Errorf("thread for payload %d %q: %w", i, it.title, err)
				}
			}
			return nil
		},
		func() error {
			for i := range ps {
				it := &x.items[i]
				var err error
				it.category, err = f.CreateCategory(ctx, &env.Admin, forum.CategoryInput{Slug: fmt.Sprintf("xss-%03d", i+1),
					NameNB: it.catName, NameEN: it.catName, DescNB: it.catDesc, DescEN: it.catDesc, Position: 100 + i})
				if err != nil {
					return fmt.Errorf("category for payload %d %q: %w", i, it.catName, err)
				}
				if it.circle, err = env.IDs.CreateCircle(ctx, &env.Member, it.circleName, nil); err != nil {
					return fmt.Errorf("circle for payload %d %q: %w", i, it.circleName, err)
				}
				if err := f.SaveDraft(ctx, &env.Member, fmt.Sprintf("circle:%d", it.circle.ID), it.draftTitle, it.draftBody); err != nil {
					return fmt.Errorf("draft of payload %d: %w", i, err)
				}
			}
			return nil
		})
}

// together runs fns at once and fails the test with their errors.
func together(t *testing.T, fns ...func() error) {
	t.Helper()
	errs := make([]error, len(fns))
	var wg sync.WaitGroup
	for i, fn := range fns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = fn()
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
}

func helperName(i int) string { return fmt.Sprintf("Vitne %03d", i+1) }

// The fits below cut a payload to what each field accepts, the way a
// member who pasted it would have to: one line where the field is one
// line, at most as long as the field allows. What is left is stored and
// must read back exactly (up to runs of white space, which the fields
// collapse and HTML does not show).

// oneLine replaces what single-line fields refuse (control characters,
// line and paragraph separators, invalid UTF-8) with spaces.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// multiLine removes what multi-line fields refuse: NUL and invalid
// UTF-8.
func multiLine(s string) string {
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
}

// fit cuts s to at most hi characters and pads it to at least lo.
func fit(s string, lo, hi int) string {
	if r := []rune(s); len(r) > hi {
		s = strings.TrimSpace(string(r[:hi]))
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(s)); n < lo {
		s = strings.TrimSpace(s) + strings.Repeat("x", lo-n)
	}
	return s
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

func titleFit(p string) string      { return fit(collapse(oneLine(p)), forum.TitleMin, forum.TitleMax) }
func catNameFit(p string) string    { return fit(strings.TrimSpace(oneLine(p)), 2, 80) }
func catDescFit(p string) string    { return strings.TrimSpace(fit(multiLine(p), 0, 500)) }
func shownFit(p string) string      { return fit(collapse(oneLine(p)), 1, 40) }
func noteFit(p string) string       { return fit(strings.TrimSpace(multiLine(p)), 0, 200) }
func circleFit(p string) string     { return fit(collapse(oneLine(p)), 2, 60) }
func bodyFit(p string) string       { return fit(multiLine(p), forum.BodyMin, forum.BodyMax) }
func draftTitleFit(p string) string { return fit(oneLine(p), 0, forum.TitleMax) }

// plain reports whether p comes back unchanged from a single-line field
// that keeps what it is sent.
func plain(p string) bool            { return utf8.ValidString(p) && oneLine(p) == p }
func threadPath(id int64) string     { return fmt.Sprintf("/forum/threads/%d", id) }
func searchPath(p string) string     { return "/forum/search?q=" + url.QueryEscape(p) }
func memberPath(p string) string     { return "/forum/members/" + url.PathEscape(p) }
func wantText(sel, text string) want { return want{Sel: sel, Text: text} }
func wantValue(sel, text string) want {
	return want{Sel: sel, Text: text, Mode: "value"}
}
