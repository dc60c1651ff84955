// Package research builds the usage figures a study reports, from the
// usage events of members who consented to take part, and the
// pseudonymised export. Only researchers may read them; everyone else
// gets not_found.
package research

import (
	"context"
	"encoding/json"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/sqldb"
	"reconnect/internal/usage"
)

// Service builds reports.
type Service struct {
	db  *sqldb.DB
	ids *identity.Service
	now func() time.Time
}

// New returns the service.
func New(db *sqldb.DB, ids *identity.Service, now func() time.Time) *Service {
	return &Service{db: db, ids: ids, now: now}
}

// Now is the service's clock.
func (s *Service) Now() time.Time { return s.now() }

// Cell is a count that may be suppressed: in a community's figures a
// count of 1 or 2 is shown as "<3", so no one can be singled out.
type Cell struct {
	N      int
	Hidden bool
}

// MarshalJSON writes the count, or the string "<3" when suppressed.
func (c Cell) MarshalJSON() ([]byte, error) {
	if c.Hidden {
		return []byte(`"<3"`), nil
	}
	return []byte(strconv.Itoa(c.N)), nil
}

// String is the count as shown.
func (c Cell) String() string {
	if c.Hidden {
		return "<3"
	}
	return strconv.Itoa(c.N)
}

func (c Cell) suppressed() Cell {
	if c.N > 0 && c.N < 3 {
		return Cell{Hidden: true}
	}
	return c
}

// Query is what a report covers: [From, To) and one community (0: all).
type Query struct {
	From, To  time.Time
	Community int64
}

// Report is the study's figures for a period.
type Report struct {
	From, To         time.Time
	Community        int64
	Suppressed       bool // counts under 3 are hidden (a community's figures)
	Consenting       Cell // service users with study consent during the period
	Active           Cell // of them, with any usage in the period
	Posts            Cell // posts written (first posts of threads included)
	Threads          Cell
	PostViews        Cell // thread views, once per member, thread and day
	Posters          Cell // participants who wrote at least one post
	Reactions        Cell
	LoginsMedian     float64
	LoginsMin        int
	LoginsMax        int
	LoginsOver15     Cell // participants who signed in more than 15 times
	Cafes            Cell // café times with recorded attendance
	PerCafeMin       int
	PerCafeMax       int
	CafeParticipants Cell // distinct participants who came to a café
	Answers          Cell // café and gathering answers
	CareMessages     Cell // care messages sent by participants
	Toolbox          []ToolUse
	Weeks            []Week
	PostsPer         []int // posts per poster, most first (for the chart)
	Communities      []CommunityRow
}

// ToolUse is how often a toolbox tool was used, and by how many.
type ToolUse struct {
	Tool  string
	Uses  Cell
	Users Cell
}

// Week is one week's activity: participants with any usage, posts.
type Week struct {
	Start  time.Time
	Active int
	Posts  int
}

// CommunityRow is one community's main figures, small counts hidden.
type CommunityRow struct {
	ID         int64
	Name       string
	Consenting Cell
	Active     Cell
	Posts      Cell
	Posters    Cell
	PostViews  Cell
	Cafes      Cell
}

// MayRead reports whether u may read research figures.
func MayRead(u *identity.User) bool { return u != nil && u.Role == identity.Researcher }

func (q Query) check() error {
	fe := apperr.Invalid("err.fix_fields")
	switch {
	case q.From.IsZero() || q.To.IsZero():
		fe.WithField("from", "field.date.invalid")
	case !q.To.After(q.From):
		fe.WithField("to", "field.period.order")
	case q.To.Sub(q.From) > 5*366*24*time.Hour:
		fe.WithField("to", "field.period.too_long")
	}
	if len(fe.Fields) > 0 {
		return fe
	}
	return nil
}

// participant is a consenting service user and her usage in the period.
type participant struct {
	id        int64
	community int64
	counts    map[string]int
	weeks     map[int64]bool
}

// participants loads the consenting service users of the query's
// communities, with their usage events in the period counted by kind.
func (s *Service) participants(ctx context.Context, q Query) (map[int64]*participant, []event, error) {
	args := []any{q.To, q.From}
	where := ``
	if q.Community != 0 {
		args = append(args, q.Community)
		where = ` AND u.community_id = $3`
	}
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT u.id, COALESCE(u.community_id, 0) FROM users u JOIN consents c ON c.user_id = u.id AND c.kind = 'study'
		WHERE u.role = 'service_user' AND c.accepted_at < $1 AND (c.withdrawn_at IS NULL OR c.withdrawn_at > $2)`+where, args...)
	if err != nil {
		return nil, nil, err
	}
	ps := map[int64]*participant{}
	for rows.Next() {
		p := &participant{counts: map[string]int{}, weeks: map[int64]bool{}}
		if err := rows.Scan(&p.id, &p.community); err != nil {
			_ = rows.Close() // already returning an error
			return nil, nil, err
		}
		ps[p.id] = p
	}
	if err := rows.Close(); err != nil {
		return nil, nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	rows, err = s.db.QueryContext(ctx, `SELECT user_id, kind, COALESCE(subject_id, 0), detail, at FROM usage_events WHERE at >= $1 AND at < $2`, q.From, q.To)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var evs []event
	for rows.Next() {
		var e event
		if err := rows.Scan(&e.user, &e.kind, &e.subject, &e.detail, &e.at); err != nil {
			return nil, nil, err
		}
		if p := ps[e.user]; p != nil {
			p.counts[e.kind]++
			evs = append(evs, e)
		}
	}
	return ps, evs, rows.Err()
}

type event struct {
	user, subject int64
	kind, detail  string
	at            time.Time
}

// Build computes the report. The caller must be a researcher.
func (s *Service) Build(ctx context.Context, u *identity.User, q Query) (Report, error) {
	if !MayRead(u) {
		return Report{}, apperr.NotFound()
	}
	if err := q.check(); err != nil {
		return Report{}, err
	}
	if q.Community != 0 {
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM communities WHERE id = $1`, q.Community).Scan(&n); err != nil {
			return Report{}, err
		}
		if n == 0 {
			return Report{}, apperr.Invalid("err.fix_fields").WithField("community_id", "field.community.unknown")
		}
	}
	ps, evs, err := s.participants(ctx, q)
	if err != nil {
		return Report{}, err
	}
	r := figures(q, ps, evs)
	if q.Community != 0 {
		r.suppress()
	} else if r.Communities, err = s.breakdown(ctx, q, ps, evs); err != nil {
		return Report{}, err
	}
	return r, nil
}

// figures computes the report's numbers from participants and events.
func figures(q Query, ps map[int64]*participant, evs []event) Report {
	r := Report{From: q.From, To: q.To, Community: q.Community, Consenting: Cell{N: len(ps)}}
	var logins, posts []int
	tools := map[string]*struct{ uses, users int }{}
	toolUsers := map[string]map[int64]bool{}
	for _, p := range ps {
		if len(p.counts) > 0 {
			r.Active.N++
		}
		if n := p.counts[usage.PostCreated]; n > 0 {
			r.Posters.N++
			posts = append(posts, n)
		}
		r.Posts.N += p.counts[usage.PostCreated]
		r.Threads.N += p.counts[usage.ThreadCreated]
		r.PostViews.N += p.counts[usage.ThreadViewed]
		r.Reactions.N += p.counts[usage.Reacted]
		r.Answers.N += p.counts[usage.Answered]
		r.CareMessages.N += p.counts[usage.CareMessageSent]
		n := p.counts[usage.SignedIn]
		logins = append(logins, n)
		if n > 15 {
			r.LoginsOver15.N++
		}
	}
	cafes := map[string]map[int64]bool{}
	cameAll := map[int64]bool{}
	weeks := map[int64]*Week{}
	weekActive := map[int64]map[int64]bool{}
	for _, e := range evs {
		w := weekOf(e.at)
		if weeks[w.Unix()] == nil {
			weeks[w.Unix()] = &Week{Start: w}
			weekActive[w.Unix()] = map[int64]bool{}
		}
		weekActive[w.Unix()][e.user] = true
		switch e.kind {
		case usage.PostCreated:
			weeks[w.Unix()].Posts++
		case usage.Attended:
			if !strings.HasPrefix(e.detail, "cafe@") { // gatherings are not cafés
				continue
			}
			key := strconv.FormatInt(e.subject, 10) + "@" + e.detail
			if cafes[key] == nil {
				cafes[key] = map[int64]bool{}
			}
			cafes[key][e.user] = true
			cameAll[e.user] = true
		case usage.ToolboxUsed:
			if tools[e.detail] == nil {
				tools[e.detail] = &struct{ uses, users int }{}
				toolUsers[e.detail] = map[int64]bool{}
			}
			tools[e.detail].uses++
			if !toolUsers[e.detail][e.user] {
				toolUsers[e.detail][e.user] = true
				tools[e.detail].users++
			}
		}
	}
	r.Cafes.N, r.CafeParticipants.N = len(cafes), len(cameAll)
	for _, who := range cafes {
		if n := len(who); r.PerCafeMin == 0 || n < r.PerCafeMin {
			r.PerCafeMin = n
		}
		if n := len(who); n > r.PerCafeMax {
			r.PerCafeMax = n
		}
	}
	for k, w := range weeks {
		w.Active = len(weekActive[k])
		r.Weeks = append(r.Weeks, *w)
	}
	sort.Slice(r.Weeks, func(i, j int) bool { return r.Weeks[i].Start.Before(r.Weeks[j].Start) })
	for name, t := range tools {
		r.Toolbox = append(r.Toolbox, ToolUse{Tool: name, Uses: Cell{N: t.uses}, Users: Cell{N: t.users}})
	}
	sort.Slice(r.Toolbox, func(i, j int) bool { return r.Toolbox[i].Tool < r.Toolbox[j].Tool })
	slices.Sort(logins)
	if n := len(logins); n > 0 {
		r.LoginsMin, r.LoginsMax = logins[0], logins[n-1]
		if n%2 == 1 {
			r.LoginsMedian = float64(logins[n/2])
		} else {
			r.LoginsMedian = float64(logins[n/2-1]+logins[n/2]) / 2
		}
	}
	slices.Sort(posts)
	slices.Reverse(posts)
	r.PostsPer = posts
	return r
}

// weekOf is the Monday 00:00 (Oslo) starting t's week.
func weekOf(t time.Time) time.Time {
	t = t.In(oslo)
	d := (int(t.Weekday()) + 6) % 7
	return time.Date(t.Year(), t.Month(), t.Day()-d, 0, 0, 0, 0, oslo)
}

var oslo = func() *time.Location {
	if l, err := time.LoadLocation("Europe/Oslo"); err == nil {
		return l
	}
	return time.UTC
}()

// suppress hides small counts, and the figures derived from few people.
func (r *Report) suppress() {
	r.Suppressed = true
	for _, c := range []*Cell{&r.Consenting, &r.Active, &r.Posts, &r.Threads, &r.PostViews, &r.Posters, &r.Reactions, &r.LoginsOver15,
		&r.Cafes, &r.CafeParticipants, &r.Answers, &r.CareMessages} {
		*c = c.suppressed()
	}
	for i := range r.Toolbox {
		r.Toolbox[i].Uses, r.Toolbox[i].Users = r.Toolbox[i].Uses.suppressed(), r.Toolbox[i].Users.suppressed()
	}
	if r.Consenting.N < 3 {
		r.LoginsMedian, r.LoginsMin, r.LoginsMax, r.PerCafeMin, r.PerCafeMax, r.PostsPer, r.Weeks = 0, 0, 0, 0, 0, nil, nil
	}
	if r.CafeParticipants.N < 3 {
		r.PerCafeMin, r.PerCafeMax = 0, 0
	}
}

// breakdown gives each community's main figures, small counts hidden.
func (s *Service) breakdown(ctx context.Context, q Query, ps map[int64]*participant, evs []event) ([]CommunityRow, error) {
	cs, err := s.ids.Communities(ctx)
	if err != nil {
		return nil, err
	}
	var out []CommunityRow
	for _, c := range cs {
		sub := map[int64]*participant{}
		for id, p := range ps {
			if p.community == c.ID {
				sub[id] = p
			}
		}
		var subEvs []event
		for _, e := range evs {
			if sub[e.user] != nil {
				subEvs = append(subEvs, e)
			}
		}
		f := figures(Query{From: q.From, To: q.To, Community: c.ID}, sub, subEvs)
		f.suppress()
		out = append(out, CommunityRow{ID: c.ID, Name: c.Name, Consenting: f.Consenting, Active: f.Active, Posts: f.Posts, Posters: f.Posters,
			PostViews: f.PostViews, Cafes: f.Cafes})
	}
	return out, nil
}

var _ json.Marshaler = Cell{}

// ReportRows is the report as a two-column table (measure, value), for
// CSV.
func ReportRows(r Report) [][]string {
	rows := [][]string{{"measure", "value"},
		{"from", r.From.UTC().Format(time.RFC3339)}, {"to", r.To.UTC().Format(time.RFC3339)},
		{"consenting_participants", r.Consenting.String()}, {"active_participants", r.Active.String()},
		{"posts_written", r.Posts.String()}, {"threads_started", r.Threads.String()}, {"post_views", r.PostViews.String()},
		{"participants_who_posted", r.Posters.String()}, {"reactions", r.Reactions.String()},
		{"logins_median", strconv.FormatFloat(r.LoginsMedian, 'f', -1, 64)}, {"logins_min", strconv.Itoa(r.LoginsMin)}, {"logins_max", strconv.Itoa(r.LoginsMax)},
		{"logins_more_than_15", r.LoginsOver15.String()}, {"cafes_held", r.Cafes.String()},
		{"participants_per_cafe_min", strconv.Itoa(r.PerCafeMin)}, {"participants_per_cafe_max", strconv.Itoa(r.PerCafeMax)},
		{"distinct_cafe_participants", r.CafeParticipants.String()}, {"event_answers", r.Answers.String()}, {"care_messages_sent", r.CareMessages.String()}}
	for _, t := range r.Toolbox {
		rows = append(rows, []string{"toolbox_" + t.Tool + "_uses", t.Uses.String()}, []string{"toolbox_" + t.Tool + "_participants", t.Users.String()})
	}
	for _, c := range r.Communities {
		rows = append(rows, []string{"community_" + strconv.FormatInt(c.ID, 10) + "_consenting", c.Consenting.String()},
			[]string{"community_" + strconv.FormatInt(c.ID, 10) + "_posts", c.Posts.String()})
	}
	return rows
}
