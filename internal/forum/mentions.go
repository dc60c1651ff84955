package forum

import (
	"context"
	"database/sql"
	"html/template"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"reconnect/internal/identity"
	"reconnect/internal/notify"
	"reconnect/internal/sqldb"
)

// mentionRE finds @pseudonym: the name's words run together or joined
// with _ or - ("@Stille_Vann", "@StilleVann" both find "Stille Vann").
var mentionRE = regexp.MustCompile(`(^|[^\p{L}\p{N}_@])@([\p{L}\p{N}][\p{L}\p{N}_-]{1,30})`)

func placeholder(n int) string { return "$" + strconv.Itoa(n) }

// render turns Markdown into sanitised HTML with mentions of existing
// members made into links, and returns who was mentioned.
func (s *Service) render(ctx context.Context, q sqldb.Querier, body string) (template.HTML, []int64, error) {
	var mentioned []int64
	seen := map[int64]bool{}
	var firstErr error
	linked := mentionRE.ReplaceAllStringFunc(body, func(m string) string {
		sub := mentionRE.FindStringSubmatch(m)
		u, err := s.ids.PeerByMention(ctx, q, sub[2])
		if err != nil {
			if firstErr == nil && !isNotFound(err) {
				firstErr = err
			}
			return m
		}
		if !seen[u.ID] {
			seen[u.ID] = true
			mentioned = append(mentioned, u.ID)
		}
		return sub[1] + "[@" + escapeMarkdown(u.Pseudonym) + "](/forum/members/" + url.PathEscape(u.Pseudonym) + ")"
	})
	if firstErr != nil {
		return "", nil, firstErr
	}
	if s.opts.Markup == nil {
		return template.HTML(template.HTMLEscapeString(linked)), mentioned, nil // #nosec G203 -- escaped text
	}
	return s.opts.Markup(linked), mentioned, nil
}

func escapeMarkdown(s string) string {
	return strings.NewReplacer(`\`, `\\`, `[`, `\[`, `]`, `\]`, `*`, `\*`, `_`, `\_`).Replace(s)
}

// notifyMentions tells each mentioned member who may see the thread
// (and has not muted it) that they were mentioned. The notice names the
// author's pseudonym and the thread, never the text.
func (s *Service) notifyMentions(ctx context.Context, tx *sql.Tx, author *identity.User, threadID int64, ids []int64, now time.Time) error {
	for _, id := range ids {
		if id == author.ID {
			continue
		}
		if ok, err := mayTell(ctx, tx, id, threadID, now); err != nil || !ok {
			if err != nil {
				return err
			}
			continue
		}
		if err := notify.Add(ctx, tx, id, "mention", map[string]string{"pseudonym": author.Pseudonym, "thread_id": strconv.FormatInt(threadID, 10)}, now); err != nil {
			return err
		}
	}
	return nil
}

// notifyWatchers tells members watching the thread that there is a new
// reply (not what it says): those who may see the thread and are not on
// a break, found in one read and told in a fixed number of statements.
func (s *Service) notifyWatchers(ctx context.Context, tx *sql.Tx, author *identity.User, threadID int64, now time.Time) error {
	rows, err := tx.QueryContext(ctx, `SELECT w.user_id FROM thread_watches w JOIN threads t ON t.id = w.thread_id
		WHERE w.thread_id = $1 AND w.level = 'watch' AND w.user_id <> $2 AND `+visibleToColumn("w.user_id")+`
		AND NOT EXISTS (SELECT 1 FROM forum_breaks b WHERE b.user_id = w.user_id AND b.until > $3)
		ORDER BY w.user_id`, threadID, author.ID, now) // #nosec G202 -- visibleToColumn is constant SQL; values are bound
	if err != nil {
		return err
	}
	ids, err := sqldb.ScanIDs(rows)
	if err != nil {
		return err
	}
	return notify.AddMany(ctx, tx, ids, "thread_reply", map[string]string{"pseudonym": author.Pseudonym, "thread_id": strconv.FormatInt(threadID, 10)}, now)
}

// canSee reports whether a member may see a thread (a circle member for
// circle threads, the right community for community categories).
func canSee(ctx context.Context, q sqldb.Querier, userID, threadID int64) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM threads t WHERE t.id = $2 AND `+visibleTo(1), userID, threadID).Scan(&n)
	return n > 0, err
}

// mayTell reports whether a member may be told about a thread now: they
// can see it and are not on a break from the forum.
func mayTell(ctx context.Context, tx *sql.Tx, userID, threadID int64, now time.Time) (bool, error) {
	if ok, err := canSee(ctx, tx, userID, threadID); err != nil || !ok {
		return false, err
	}
	paused, err := onBreak(ctx, tx, userID, now)
	return !paused, err
}
