package main

import (
	"context"
	"fmt"
	"sort"
	"time"

	"reconnect/internal/identity"
	"reconnect/internal/sqldb"
)

// member is one virtual member: a seeded service user with its own session.
type member struct {
	id, community int64
	token         string
	care          []int64 // care conversations it takes part in
}

// threadRef is a thread a member of a community may read, newest first.
type threadRef struct {
	id, category, lastPost, lastAuthor int64
	locked                             bool
}

// world is what the virtual members need to know about the dataset.
type world struct {
	members    []member
	threads    map[int64][]threadRef // by community; shared categories' threads in every list
	categories map[int64][]int64     // categories a community's members see
	events     map[int64][]int64     // upcoming single events by community
	mix        map[string]int        // the weights in use, after skipping what the data lacks
	skipped    []string
	picks      []string // one entry per weight point
	// fanoutThread is the most recently active open thread in a shared
	// category that needs no approval: every member may read it, and a
	// reply to it is announced at once.
	fanoutThread int64
}

// loadWorld reads IDs from the server's database and starts one session
// per virtual member, as signing in would.
func loadWorld(ctx context.Context, c runConfig) (*world, error) {
	db, err := sqldb.Open(ctx, c.db)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	w := &world{threads: map[int64][]threadRef{}, categories: map[int64][]int64{}, events: map[int64][]int64{}, mix: map[string]int{}}
	rows, err := db.QueryContext(ctx, `SELECT id, community_id FROM users
		WHERE role = 'service_user' AND community_id IS NOT NULL AND onboarded_at IS NOT NULL ORDER BY id LIMIT $1`, c.clients)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var m member
		if err := rows.Scan(&m.id, &m.community); err != nil {
			_ = rows.Close() // already returning an error
			return nil, err
		}
		w.members = append(w.members, m)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(w.members) == 0 {
		return nil, fmt.Errorf("run: no onboarded service users in %s; seed it first", c.db)
	}
	if err := w.loadThreads(ctx, db); err != nil {
		return nil, err
	}
	if err := w.loadCareAndEvents(ctx, db); err != nil {
		return nil, err
	}
	hasher, err := identity.NewHasher(identity.DefaultHashParams, 1)
	if err != nil {
		return nil, err
	}
	ids := identity.New(db, hasher, identity.Options{})
	for i := range w.members {
		if w.members[i].token, _, err = ids.StartSession(ctx, w.members[i].id); err != nil {
			return nil, err
		}
	}
	w.setMix(c.mix)
	return w, nil
}

func (w *world) loadThreads(ctx context.Context, db *sqldb.DB) error {
	rows, err := db.QueryContext(ctx, `SELECT c.id, COALESCE(c.community_id, 0), c.requires_approval FROM categories c ORDER BY c.id`)
	if err != nil {
		return err
	}
	var shared []int64
	open := map[int64]bool{} // shared categories that need no approval
	for rows.Next() {
		var id, community int64
		var approval bool
		if err := rows.Scan(&id, &community, &approval); err != nil {
			_ = rows.Close() // already returning an error
			return err
		}
		if community == 0 {
			shared = append(shared, id)
			open[id] = !approval
		} else {
			w.categories[community] = append(w.categories[community], id)
		}
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = db.QueryContext(ctx, `SELECT t.id, t.category_id, COALESCE(c.community_id, 0),
			CASE WHEN t.locked_at IS NULL THEN 0 ELSE 1 END, t.last_post_id, COALESCE(p.author_id, 0), t.last_post_at
		FROM threads t JOIN categories c ON c.id = t.category_id JOIN posts p ON p.id = t.last_post_id
		WHERE t.hidden_at IS NULL AND p.hidden_at IS NULL AND p.deleted_at IS NULL AND p.pending_at IS NULL
		ORDER BY t.last_post_at DESC LIMIT 50000`)
	if err != nil {
		return err
	}
	type row struct {
		threadRef
		community int64
		at        time.Time
	}
	var all []row
	for rows.Next() {
		var r row
		var locked int
		var at sqldb.Time
		if err := rows.Scan(&r.id, &r.category, &r.community, &locked, &r.lastPost, &r.lastAuthor, &at); err != nil {
			_ = rows.Close() // already returning an error
			return err
		}
		r.locked, r.at = locked == 1, at.Time
		all = append(all, r)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if err := rows.Err(); err != nil {
		return err
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].at.After(all[j].at) })
	for _, r := range all {
		if r.community == 0 && !r.locked && open[r.category] {
			w.fanoutThread = r.id
			break
		}
	}
	for _, m := range w.members {
		if _, ok := w.threads[m.community]; ok {
			continue
		}
		var list []threadRef
		for _, r := range all {
			if (r.community == 0 || r.community == m.community) && len(list) < 5000 {
				list = append(list, r.threadRef)
			}
		}
		w.threads[m.community] = list
		w.categories[m.community] = append(append([]int64{}, shared...), w.categories[m.community]...)
	}
	return nil
}

func (w *world) loadCareAndEvents(ctx context.Context, db *sqldb.DB) error {
	index := map[int64]int{}
	for i, m := range w.members {
		index[m.id] = i
	}
	rows, err := db.QueryContext(ctx, `SELECT cp.conversation_id, cp.user_id FROM conversation_participants cp
		JOIN conversations c ON c.id = cp.conversation_id WHERE c.kind = 'care' ORDER BY cp.conversation_id`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var conv, user int64
		if err := rows.Scan(&conv, &user); err != nil {
			_ = rows.Close() // already returning an error
			return err
		}
		if i, ok := index[user]; ok {
			w.members[i].care = append(w.members[i].care, conv)
		}
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = db.QueryContext(ctx, `SELECT id, community_id, starts_at FROM events
		WHERE recurrence IN ('', '{"freq":""}') AND cancelled_at IS NULL ORDER BY id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	soon := time.Now().Add(time.Hour)
	for rows.Next() {
		var id, community int64
		var at sqldb.Time
		if err := rows.Scan(&id, &community, &at); err != nil {
			return err
		}
		if at.Time.After(soon) {
			w.events[community] = append(w.events[community], id)
		}
	}
	return rows.Err()
}

// setMix drops the operations the data cannot serve (no care
// conversations, no upcoming events) and says so.
func (w *world) setMix(mix map[string]int) {
	has := map[string]bool{"care": false, "rsvp": false}
	for _, m := range w.members {
		has["care"] = has["care"] || len(m.care) > 0
		has["rsvp"] = has["rsvp"] || len(w.events[m.community]) > 0
	}
	for _, name := range opNames() {
		n := mix[name]
		if ok, known := has[name]; known && !ok && n > 0 {
			w.skipped = append(w.skipped, fmt.Sprintf("%s (no data for it in this database)", name))
			continue
		}
		if n > 0 {
			w.mix[name] = n
			for range n {
				w.picks = append(w.picks, name)
			}
		}
	}
}
