package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"reconnect/internal/markup"
	"reconnect/internal/sqldb"
)

// Events: single cafés hosted by a community's peer moderator and
// gatherings hosted by members, spread over the last year and the next
// three months, each with answers from members of its community.

var eventPlaces = []string{"Biblioteket", "Frivilligsentralen", "Kafé Kaia", "Kulturhuset", "Menighetshuset", "Fritidsklubben"}

func (p *plan) insertEvents(ctx context.Context, db *sqldb.DB, n int) ([]int64, error) {
	events := table{name: "events", cols: []string{"id", "community_id", "kind", "title", "description", "description_html", "starts_at", "minutes",
		"recurrence", "place_name", "address", "map_url", "accessibility", "travel", "host_id", "capacity", "rsvp_seq", "created_at"}}
	rsvps := table{name: "rsvps", cols: []string{"event_id", "occurs_at", "user_id", "status", "waiting", "seq", "note", "updated_at", "shown"}}
	md := markup.New()
	r := rand.New(rand.NewPCG(p.seed, 6))
	day := 24 * time.Hour
	return insertAll(ctx, db, n, 2000, []table{events, rsvps}, func(i int, emit func(int, ...any) error) error {
		id := int64(i + 1)
		c := int64(i%communities) + 1
		start := p.now.Add(-365*day + time.Duration(r.Float64()*float64(455*day))).Truncate(time.Hour)
		kind, title, host := "cafe", "Kafétreff i "+communityNames[c-1], p.moderatorOf(c)
		if r.IntN(5) == 0 {
			kind, title, host = "gathering", "Tur og kaffe", p.member(r, c)
		}
		desc := "Vi møtes til en kopp kaffe og en prat. Alle er velkomne, også første gang."
		capacity := 12 + r.IntN(19)
		answers := 3 + r.IntN(13)
		seen := map[int64]bool{}
		var rows [][]any
		for range answers {
			u := p.member(r, c)
			if seen[u] {
				continue
			}
			seen[u] = true
			status := "going"
			switch x := r.IntN(10); {
			case x == 0:
				status = "not_today"
			case x < 3:
				status = "maybe"
			}
			rows = append(rows, []any{id, start, u, status, false, len(rows) + 1, "", start.Add(-day), "count"})
		}
		if err := emit(0, id, c, kind, title, desc, string(md.HTML(desc)), start, 120, `{"freq":""}`, pick(r, eventPlaces),
			fmt.Sprintf("Storgata %d", 1+r.IntN(80)), "", "Trinnfri inngang", "Buss til sentrum", host, capacity, len(rows), start.Add(-30*day)); err != nil {
			return err
		}
		for _, row := range rows {
			if err := emit(1, row...); err != nil {
				return err
			}
		}
		return nil
	})
}

// moderatorOf is a peer moderator of community c.
func (p *plan) moderatorOf(c int64) int64 {
	for u := c; u <= p.members; u += communities {
		if isModerator(u) {
			return u
		}
	}
	return c
}
