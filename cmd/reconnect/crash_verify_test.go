package main

import (
	"context"
	"fmt"
	"regexp"

	"reconnect/internal/sqldb"
)

var markerRE = regexp.MustCompile(`merke[a-z]+`)

// verifyWrites checks the database against the writers' ledgers: every
// acknowledged write present exactly once, every unacknowledged one at
// most once, nothing else. It returns the problems found and how many
// acknowledged writes it checked.
func verifyWrites(ctx context.Context, db *sqldb.DB, f fixture, ls []*ledger) (problems []string, checked int, err error) {
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	for w, l := range ls {
		uid := f.userIDs[w]
		// Forum posts, by the marker in their text.
		seen := map[string][]int64{}
		err := scanRows(ctx, db, func(id int64, body string) {
			for _, m := range markerRE.FindAllString(body, -1) {
				seen[m] = append(seen[m], id)
			}
		}, `SELECT id, body FROM posts WHERE thread_id = $1 AND author_id = $2`, f.thread, uid)
		if err != nil {
			return nil, 0, err
		}
		for m, id := range l.postAcked {
			if got := seen[m]; len(got) != 1 || got[0] != id {
				bad("writer %d: acknowledged post %d (%s) found as %v", w, id, m, got)
			}
			checked++
		}
		for m, got := range seen {
			if _, ok := l.postAcked[m]; !ok && (!l.postUnacked[m] || len(got) > 1) {
				bad("writer %d: post %s present %d times, never acknowledged", w, m, len(got))
			}
		}
		// Care messages, by ID: their text is sealed at rest.
		ids := map[int64]bool{}
		err = scanRows(ctx, db, func(id int64, _ string) { ids[id] = true },
			`SELECT id, CAST(conversation_id AS TEXT) FROM messages WHERE author_id = $1`, uid)
		if err != nil {
			return nil, 0, err
		}
		for _, id := range l.msgAcked {
			if !ids[id] {
				bad("writer %d: acknowledged message %d missing", w, id)
			}
			checked++
		}
		if extra := len(ids) - len(l.msgAcked); extra < 0 || extra > l.msgUnacked {
			bad("writer %d: %d messages stored, %d acknowledged and %d unanswered", w, len(ids), len(l.msgAcked), l.msgUnacked)
		}
		var dup int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT conversation_id FROM messages WHERE author_id = $1
			GROUP BY conversation_id HAVING COUNT(*) > 1) d`, uid).Scan(&dup); err != nil {
			return nil, 0, err
		}
		if dup > 0 {
			bad("writer %d: %d conversations hold a message twice", w, dup)
		}
		// RSVPs: one row, holding the last acknowledged answer or one
		// sent after it.
		var notes []string
		err = scanRows(ctx, db, func(_ int64, note string) { notes = append(notes, note) },
			`SELECT user_id, note FROM rsvps WHERE event_id = $1 AND user_id = $2`, f.event, uid)
		if err != nil {
			return nil, 0, err
		}
		if msg := checkRSVP(l.rsvps, notes); msg != "" {
			bad("writer %d: %s", w, msg)
		}
		for _, r := range l.rsvps {
			if r.acked {
				checked++
			}
		}
	}
	return problems, checked, nil
}

// checkRSVP says what is wrong with the stored notes given the tries.
func checkRSVP(tries []rsvpTry, notes []string) string {
	if len(notes) > 1 {
		return fmt.Sprintf("%d RSVP rows", len(notes))
	}
	last := -1
	for i, r := range tries {
		if r.acked {
			last = i
		}
	}
	if len(notes) == 0 {
		if last >= 0 {
			return "acknowledged RSVP missing"
		}
		return ""
	}
	for i := max(last, 0); i < len(tries); i++ {
		if tries[i].note == notes[0] && (i == last || !tries[i].acked) {
			return ""
		}
	}
	return fmt.Sprintf("RSVP note %q is not the last acknowledged one or a later try", notes[0])
}

func scanRows(ctx context.Context, db *sqldb.DB, fn func(int64, string), q string, args ...any) error {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var s string
		if err := rows.Scan(&id, &s); err != nil {
			return err
		}
		fn(id, s)
	}
	return rows.Err()
}
