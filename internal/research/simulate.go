package research

import (
	"context"
	"fmt"
	"sort"
	"time"

	"reconnect/internal/events"
	"reconnect/internal/forum"
	"reconnect/internal/identity"
)

// The study the product comes from, as its figures: 29 consenting
// service users in two communities wrote 524 forum posts and viewed
// them 1870 times in six months; 19 of them wrote at least one post;
// 12 cafés were held, six per community, with 3–9 participants each and
// 17 distinct participants.
const (
	StudyDays       = 182
	StudyMembers    = 29
	StudyPosts      = 524
	StudyViews      = 1870
	StudyPosters    = 19
	StudyCafes      = 12
	StudyCafeMin    = 3
	StudyCafeMax    = 9
	StudyCafePeople = 17
)

// Per community: its members, how many of them post, its café pool and
// how many came to each of its six cafés.
var studyCommunities = []struct {
	name, slug    string
	members       int
	posters       int
	pool          int
	attendance    [6]int
	pseudonymRoot string
}{
	{"Studie Nord", "studie-nord", 15, 10, 9, [6]int{3, 5, 9, 4, 6, 7}, "Nordlys"},
	{"Studie Sør", "studie-sor", 14, 9, 8, [6]int{3, 8, 5, 4, 6, 7}, "Sørvind"},
}

// StudyLogins is how many times the i-th participant signs in (3–33).
func StudyLogins(i int) int { return 3 + (i*11)%31 }

// Sim is what the replay drives: the real services, sharing a clock the
// replay moves with Set.
type Sim struct {
	IDs      *identity.Service
	Forum    *forum.Service
	Events   *events.Service
	Set      func(time.Time)
	Admin    *identity.User
	Password string
}

// action is one step of the replay at a moment.
type action struct {
	at time.Time
	do func() error
}

// Simulate builds the study's six months through the real services,
// starting at start: accounts with study consent, threads and replies,
// thread views (one per member, thread and day, as the forum counts
// them), sign-ins, and monthly cafés with answers and attendance. It
// leaves the clock at the end of the period and returns the period.
func Simulate(ctx context.Context, sim Sim, start time.Time) (Query, error) {
	q := Query{From: start, To: start.Add(StudyDays * 24 * time.Hour)}
	sim.Set(start)
	cat, err := sim.Forum.CreateCategory(ctx, sim.Admin, forum.CategoryInput{Slug: "studie-samtaler", NameNB: "Samtaler", NameEN: "Conversations"})
	if err != nil {
		return q, fmt.Errorf("study category: %w", err)
	}
	var members, posters []identity.User
	var acts []action
	for ci, c := range studyCommunities {
		com, err := sim.IDs.CreateCommunity(ctx, sim.Admin, identity.NewCommunity{Name: c.name, Slug: c.slug})
		if err != nil {
			return q, fmt.Errorf("study community: %w", err)
		}
		host, err := sim.newUser(ctx, fmt.Sprintf("studievert%d", ci+1), identity.PeerModerator, com.ID, c.pseudonymRoot+" vert", false)
		if err != nil {
			return q, err
		}
		var local []identity.User
		for i := range c.members {
			u, err := sim.newUser(ctx, fmt.Sprintf("%s-%02d", c.slug, i+1), identity.ServiceUser, com.ID, c.pseudonymRoot+" "+letters(i), true)
			if err != nil {
				return q, err
			}
			local = append(local, u)
			if i < c.posters {
				posters = append(posters, u)
			}
		}
		members = append(members, local...)
		cafeActs, err := sim.cafes(ctx, host, com.ID, local[:c.pool], c.attendance, start)
		if err != nil {
			return q, err
		}
		acts = append(acts, cafeActs...)
	}
	acts = append(acts, sim.forumActions(ctx, cat.ID, members, posters, start)...)
	for i, u := range members {
		n := StudyLogins(i)
		for k := range n {
			at := start.Add(time.Duration(k*StudyDays*24/n)*time.Hour + time.Duration(i)*time.Minute + 7*time.Hour)
			acts = append(acts, action{at, func() error { _, _, err := sim.IDs.StartSession(ctx, u.ID); return err }})
		}
	}
	sort.SliceStable(acts, func(i, j int) bool { return acts[i].at.Before(acts[j].at) })
	for _, a := range acts {
		sim.Set(a.at)
		if err := a.do(); err != nil {
			return q, err
		}
	}
	sim.Set(q.To)
	return q, nil
}

// letters names the i-th member of a community without digits.
func letters(i int) string {
	const a = "bdfgklmnprstv"
	return string([]byte{a[i/len(a)%len(a)] - 32, "aeiou"[i%5], a[i%len(a)]})
}

func (sim Sim) newUser(ctx context.Context, login string, role identity.Role, community int64, pseudonym string, study bool) (identity.User, error) {
	u, err := sim.IDs.CreateUser(ctx, sim.Admin, identity.NewUser{Login: login, Password: sim.Password, Role: role, CommunityID: community, Pseudonym: pseudonym})
	if err != nil {
		return u, fmt.Errorf("study account %s: %w", login, err)
	}
	if err := sim.IDs.CompleteOnboarding(ctx, &u); err != nil {
		return u, err
	}
	if study {
		if err := sim.IDs.GiveStudyConsent(ctx, &u); err != nil {
			return u, err
		}
	}
	return u, nil
}

// forumActions spreads the posts over the period (every eighth starts a
// thread), posters writing more or less (weights 19…1), and the views
// over the days, each member viewing at most one thread a day.
func (sim Sim) forumActions(ctx context.Context, category int64, members, posters []identity.User, start time.Time) []action {
	weights, total := make([]int, len(posters)), 0
	for i := range posters {
		weights[i] = len(posters) - i
		total += weights[i]
	}
	var authors []int
	left := StudyPosts
	for i := range posters {
		n := StudyPosts * weights[i] / total
		if i == len(posters)-1 {
			n = left
		}
		left -= n
		for range n {
			authors = append(authors, i)
		}
	}
	// Interleave: the k-th post is by authors[(k*7919) % len].
	var threads []int64
	var acts []action
	period := time.Duration(StudyDays*24) * time.Hour
	for k := range StudyPosts {
		author := posters[authors[(k*7919)%len(authors)]]
		at := start.Add(period / StudyPosts * time.Duration(k)).Add(time.Hour)
		if k%8 == 0 {
			acts = append(acts, action{at, func() error {
				t, _, err := sim.Forum.CreateThread(ctx, &author, forum.NewThread{CategoryID: category, Title: fmt.Sprintf("Små steg, uke %d", k/8+1),
					Body: "Hva har hjulpet dere denne uka? Jeg prøver å gå en tur hver dag, selv når det er tungt."})
				threads = append(threads, t.ID)
				return err
			}})
			continue
		}
		acts = append(acts, action{at, func() error {
			_, err := sim.Forum.Reply(ctx, &author, threads[len(threads)-1], forum.NewPost{Body: "Takk for at du deler. Jeg kjenner meg igjen, og små steg hjelper meg også."})
			return err
		}})
	}
	for j := range StudyViews {
		viewer := members[j%len(members)]
		at := start.Add(period / StudyViews * time.Duration(j)).Add(90 * time.Minute)
		acts = append(acts, action{at, func() error {
			return sim.Forum.Seen(ctx, &viewer, threads[(j*7)%len(threads)], 0)
		}})
	}
	return acts
}

// cafes makes the host's monthly café (the first Tuesday, 18:00) and,
// for each of its first six times, the answers a few days before and
// the attendance after it starts: the first count members of a pool,
// turning, so every one of the pool comes at least once.
func (sim Sim) cafes(ctx context.Context, host identity.User, community int64, pool []identity.User, attendance [6]int, start time.Time) ([]action, error) {
	loc := sim.Events.Zone(ctx, community)
	d := start.In(loc).AddDate(0, 0, 3)
	first := time.Date(d.Year(), d.Month(), d.Day(), 18, 0, 0, 0, loc)
	for first.Weekday() != time.Tuesday {
		first = first.AddDate(0, 0, 1)
	}
	nth := (first.Day()-1)/7 + 1
	if nth > 4 {
		nth = -1
	}
	id, err := sim.Events.Create(ctx, &host, events.New{CommunityID: community, Kind: events.Cafe, Title: "Studiekafé", Place: "Biblioteket",
		Start: first, End: first.Add(2 * time.Hour), Rule: events.Rule{Freq: events.MonthlyNth, Nth: nth}})
	if err != nil {
		return nil, fmt.Errorf("study café: %w", err)
	}
	times := events.Expand(first, events.Rule{Freq: events.MonthlyNth, Nth: nth}, first, first.AddDate(0, 7, 0))[:6]
	var acts []action
	for c, at := range times {
		var came []identity.User
		for i := range attendance[c] {
			came = append(came, pool[(c*2+i)%len(pool)])
		}
		for _, u := range came {
			acts = append(acts, action{at.Add(-72 * time.Hour), func() error {
				_, err := sim.Events.RSVP(ctx, &u, id, at, events.Going, "")
				return err
			}})
		}
		acts = append(acts, action{at.Add(3 * time.Hour), func() error {
			var names []string
			for _, u := range came {
				names = append(names, u.Pseudonym)
			}
			return sim.Events.Record(ctx, &host, id, at, names)
		}})
	}
	return acts, nil
}
