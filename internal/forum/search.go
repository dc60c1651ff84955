package forum

import (
	"context"
	"database/sql"
	"html"
	"html/template"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
)

// searchCandidates bounds how many of the newest matches are ranked.
const searchCandidates = 2000

// SearchPerPage is how many hits a page of results holds.
const SearchPerPage = 20

// Hit is one search result.
type Hit struct {
	PostID          int64
	ThreadID        int64
	ThreadTitle     string
	AuthorID        int64
	AuthorPseudonym string
	AuthorShownName string // revealed to the viewer, if so
	CreatedAt       time.Time
	Snippet         template.HTML // escaped text with <mark>ed matches
}

func (s *Service) index(ctx context.Context, tx *sql.Tx, postID int64, text string) error {
	return s.db.IndexTerms(ctx, tx, postID, terms(text))
}

func (s *Service) unindex(ctx context.Context, tx *sql.Tx, postID int64) error {
	return s.db.UnindexTerms(ctx, tx, postID)
}

// Search finds posts the viewer may see, ranked among the newest
// matches, with matching words highlighted. Circle threads reach only
// their members; hidden, held and deleted posts reach nobody.
func (s *Service) Search(ctx context.Context, u *identity.User, q string, page int) ([]Hit, bool, error) {
	if err := s.canRead(ctx, s.db, u); err != nil {
		return nil, false, err
	}
	if !utf8.ValidString(q) || utf8.RuneCountInString(q) > 200 {
		return nil, false, apperr.Invalid("err.fix_fields").WithField("q", "field.q.length")
	}
	groups := queryGroups(q)
	if len(groups) == 0 {
		return nil, false, apperr.Invalid("err.fix_fields").WithField("q", "field.q.empty")
	}
	if page < 1 || page > searchCandidates/SearchPerPage {
		page = 1
	}
	cand, candArgs := s.db.SearchCandidates(groups, 4, searchCandidates)
	rows, err := s.db.QueryContext(ctx, `WITH cand AS (`+cand+`)
		SELECT p.id, p.thread_id, t.title, p.author_id, u.pseudonym, p.created_at, p.body, cand.rank
		FROM cand JOIN posts p ON p.id = cand.id JOIN threads t ON t.id = p.thread_id LEFT JOIN users u ON u.id = p.author_id
		WHERE p.deleted_at IS NULL AND p.hidden_at IS NULL AND p.pending_at IS NULL AND t.hidden_at IS NULL AND `+visibleTo(1)+`
		ORDER BY cand.rank, p.id DESC LIMIT $2 OFFSET $3`, append([]any{u.ID, SearchPerPage + 1, (page - 1) * SearchPerPage}, candArgs...)...)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	want := map[string]bool{}
	for _, g := range groups {
		for _, t := range g {
			want[t] = true
		}
	}
	var hits []Hit
	for rows.Next() {
		var h Hit
		var pseudonym sql.NullString
		var author sql.NullInt64
		var body string
		var rank float64
		if err := rows.Scan(&h.PostID, &h.ThreadID, &h.ThreadTitle, &author, &pseudonym, &h.CreatedAt, &body, &rank); err != nil {
			return nil, false, err
		}
		h.AuthorID, h.AuthorPseudonym = author.Int64, pseudonym.String
		h.Snippet = snippet(body, want)
		hits = append(hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, false, err
	}
	more := len(hits) > SearchPerPage
	if more {
		hits = hits[:SearchPerPage]
	}
	authors := make([]int64, 0, len(hits))
	for _, h := range hits {
		authors = append(authors, h.AuthorID)
	}
	shown, err := s.ids.ShownNames(ctx, u.ID, authors)
	for i := range hits {
		hits[i].AuthorShownName = shown[hits[i].AuthorID]
	}
	return hits, more, err
}

var markdownNoise = regexp.MustCompile(`\]\([^)]*\)|[*_#>` + "`" + `\[\]]`)

// snippet cuts about 30 words around the first match out of the post's
// text and marks every word whose stems were searched for. Everything is
// escaped; only the <mark> tags are ours.
func snippet(body string, want map[string]bool) template.HTML {
	text := markdownNoise.ReplaceAllString(body, " ")
	fields := strings.Fields(text)
	first := -1
	marked := make([]bool, len(fields))
	for i, f := range fields {
		for _, w := range words(f) {
			for _, st := range stems(w) {
				if want[st] {
					marked[i] = true
				}
			}
		}
		if marked[i] && first < 0 {
			first = i
		}
	}
	start := max(0, first-10)
	end := min(len(fields), start+30)
	var b strings.Builder
	if start > 0 {
		b.WriteString("… ")
	}
	for i := start; i < end; i++ {
		if i > start {
			b.WriteByte(' ')
		}
		if marked[i] {
			b.WriteString("<mark>" + html.EscapeString(fields[i]) + "</mark>")
		} else {
			b.WriteString(html.EscapeString(fields[i]))
		}
	}
	if end < len(fields) {
		b.WriteString(" …")
	}
	return template.HTML(b.String()) // #nosec G203 -- every piece is html.EscapeString-ed above; only our <mark> tags are raw
}
