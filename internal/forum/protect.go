package forum

import (
	"context"
	"database/sql"
	"strings"
	"time"
	"unicode/utf8"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/sqldb"
)

// Why a post is collapsed for its reader.
const (
	CollapsedMuted    = "muted"    // the reader muted its author
	CollapsedFiltered = "filtered" // it holds a word the reader filters
)

// Limits on a member's own protections.
const (
	MaxFilterWords = 50
	MaxBreakDays   = 90
)

// Protection is what a member has chosen to protect themselves: muted
// members, filtered words, a break. Nobody else ever sees it.
type Protection struct {
	Muted      []string // pseudonyms, in the order muted
	Words      []string
	BreakUntil *time.Time
}

// Protection returns the member's choices.
func (s *Service) Protection(ctx context.Context, u *identity.User) (Protection, error) {
	var p Protection
	if u == nil || !u.Role.UsesForum() {
		return p, apperr.NotFound()
	}
	rows, err := s.db.QueryContext(ctx, `SELECT x.pseudonym FROM member_mutes m JOIN users x ON x.id = m.muted_id
		WHERE m.user_id = $1 ORDER BY m.created_at, x.pseudonym`, u.ID)
	if err != nil {
		return p, err
	}
	for rows.Next() {
		var name sql.NullString
		if err := rows.Scan(&name); err != nil {
			_ = rows.Close() // already returning an error
			return p, err
		}
		p.Muted = append(p.Muted, name.String)
	}
	if err := rows.Close(); err != nil {
		return p, err
	}
	if err := rows.Err(); err != nil {
		return p, err
	}
	if p.Words, err = s.filterWords(ctx, u.ID); err != nil {
		return p, err
	}
	p.BreakUntil, err = s.breakUntil(ctx, u.ID)
	return p, err
}

// MuteMember collapses another member's posts for u. The muted member
// is never told.
func (s *Service) MuteMember(ctx context.Context, u *identity.User, pseudonym string, mute bool) error {
	if err := s.canRead(ctx, s.db, u); err != nil {
		return err
	}
	m, err := s.ids.PeerByMention(ctx, s.db, pseudonym)
	if err != nil {
		return err
	}
	if m.ID == u.ID {
		return apperr.Invalid("err.fix_fields").WithField("pseudonym", "field.mute.self")
	}
	if !mute {
		_, err = s.db.ExecContext(ctx, `DELETE FROM member_mutes WHERE user_id = $1 AND muted_id = $2`, u.ID, m.ID)
		return err
	}
	_, err = s.db.ExecContext(ctx, `INSERT INTO member_mutes (user_id, muted_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
		u.ID, m.ID, s.now())
	return err
}

// SetWordFilters replaces the member's filtered words or phrases: posts
// holding one of them (any case, at the start of a word) collapse.
func (s *Service) SetWordFilters(ctx context.Context, u *identity.User, words []string) error {
	if err := s.canRead(ctx, s.db, u); err != nil {
		return err
	}
	var clean []string
	seen := map[string]bool{}
	for _, w := range words {
		w = strings.ToLower(strings.TrimSpace(w))
		if w == "" || seen[w] {
			continue
		}
		if n := utf8.RuneCountInString(w); n < 2 || n > 40 || !utf8.ValidString(w) || strings.ContainsAny(w, "\x00\r\n") {
			return apperr.Invalid("err.fix_fields").WithField("words", "field.filter_words.length")
		}
		seen[w] = true
		clean = append(clean, w)
	}
	if len(clean) > MaxFilterWords {
		return apperr.Invalid("err.fix_fields").WithField("words", "field.filter_words.count")
	}
	now := s.now()
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM word_filters WHERE user_id = $1`, u.ID); err != nil {
			return err
		}
		for _, w := range clean {
			if _, err := tx.ExecContext(ctx, `INSERT INTO word_filters (user_id, word, created_at) VALUES ($1, $2, $3)`, u.ID, w, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// TakeBreak hides the forum from the member and pauses its notices for
// the given number of days (1–90); days 0 ends a break early.
func (s *Service) TakeBreak(ctx context.Context, u *identity.User, days int) error {
	if u == nil || !u.Role.UsesForum() {
		return apperr.NotFound()
	}
	if days < 0 || days > MaxBreakDays {
		return apperr.Invalid("err.fix_fields").WithField("days", "field.break_days.range")
	}
	now := s.now()
	if days == 0 {
		_, err := s.db.ExecContext(ctx, `UPDATE forum_breaks SET until = $1, welcomed_at = $1 WHERE user_id = $2 AND until > $1`, now, u.ID)
		return err
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO forum_breaks (user_id, started_at, until) VALUES ($1, $2, $3)
		ON CONFLICT (user_id) DO UPDATE SET started_at = excluded.started_at, until = excluded.until, welcomed_at = NULL`,
		u.ID, now, now.AddDate(0, 0, days))
	return err
}

// OnBreak reports until when the member is on a break from the forum
// (nil when not).
func (s *Service) OnBreak(ctx context.Context, u *identity.User) (*time.Time, error) {
	return s.breakUntil(ctx, u.ID)
}

// WelcomeBack reports, once, that a break has just ended.
func (s *Service) WelcomeBack(ctx context.Context, u *identity.User) (bool, error) {
	now := s.now()
	r, err := s.db.ExecContext(ctx, `UPDATE forum_breaks SET welcomed_at = $1 WHERE user_id = $2 AND until <= $1 AND welcomed_at IS NULL`, now, u.ID)
	if err != nil {
		return false, err
	}
	n, err := r.RowsAffected()
	return n > 0, err
}

func (s *Service) breakUntil(ctx context.Context, userID int64) (*time.Time, error) {
	var until time.Time
	err := s.db.QueryRowContext(ctx, `SELECT until FROM forum_breaks WHERE user_id = $1 AND until > $2`, userID, s.now()).Scan(&until)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	return &until, err
}

func (s *Service) filterWords(ctx context.Context, userID int64) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT word FROM word_filters WHERE user_id = $1 ORDER BY word`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var w string
		if err := rows.Scan(&w); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// collapse marks the posts the reader chose not to see at once. One
// query fetches both the muted members and the filtered words: it runs
// on every thread page.
func (s *Service) collapse(ctx context.Context, u *identity.User, ps []Post) error {
	rows, err := s.db.QueryContext(ctx, `SELECT muted_id, '' FROM member_mutes WHERE user_id = $1
		UNION ALL SELECT 0, word FROM word_filters WHERE user_id = $1`, u.ID)
	if err != nil {
		return err
	}
	muted := map[int64]bool{}
	var words []string
	for rows.Next() {
		var id int64
		var w string
		if err := rows.Scan(&id, &w); err != nil {
			_ = rows.Close() // already returning an error
			return err
		}
		if w != "" {
			words = append(words, w)
		} else {
			muted[id] = true
		}
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if err := rows.Err(); err != nil || (len(muted) == 0 && len(words) == 0) {
		return err
	}
	for i := range ps {
		p := &ps[i]
		switch {
		case p.Mine || p.Deleted:
		case muted[p.AuthorID]:
			p.Collapsed = CollapsedMuted
		case holdsWord(string(p.HTML), words):
			p.Collapsed = CollapsedFiltered
		}
	}
	return nil
}

// holdsWord reports whether the rendered text has one of the filtered
// words or phrases, at the start of a word, in any case.
func holdsWord(html string, filters []string) bool {
	if len(filters) == 0 {
		return false
	}
	text := " " + strings.Join(stripTags(html), " ")
	for _, f := range filters {
		if f = strings.Join(words(f), " "); f != "" && strings.Contains(text, " "+f) {
			return true
		}
	}
	return false
}

// stripTags splits rendered text into lower-case words, leaving out
// the markup.
func stripTags(html string) []string {
	var b strings.Builder
	in := false
	for _, r := range html {
		switch {
		case r == '<':
			in = true
			b.WriteRune(' ')
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return words(b.String())
}

// onBreak reports whether a member's forum notices are paused.
func onBreak(ctx context.Context, q sqldb.Querier, userID int64, now time.Time) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM forum_breaks WHERE user_id = $1 AND until > $2`, userID, now).Scan(&n)
	return n > 0, err
}
