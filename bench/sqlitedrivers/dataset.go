package sqlitedrivers

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"html"
	"math/rand/v2"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Dataset sizes.
const (
	NumPosts    = 200_000
	NumThreads  = 10_000
	NumSessions = 100_000
	NumAuthors  = 5_000
	Seed        = 20240611
)

// Schema mirrors the shape of the project's tables (times as integer
// microseconds).
const Schema = `
CREATE TABLE posts (
    id         INTEGER PRIMARY KEY,
    thread_id  INTEGER NOT NULL,
    author_id  INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    body       TEXT NOT NULL,
    body_html  TEXT NOT NULL
);
CREATE INDEX posts_thread ON posts(thread_id, id);
CREATE TABLE sessions (
    id_hash      TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
);
`

var words = strings.Fields(`
og i det som på er en til å ikke for av med har jeg var de men så om
kan vi seg etter ble fra du ut skal når eller hadde bare være over hvor
også nå noe mange sier dag år tid møte foreldre barn skole barnehage
kommune søknad vedtak oppfølging samtale ansvarsgruppe uke neste forrige
fått høre tenker lurer spørsmål svar tilbakemelding avtale hjelp takk
hei hilsen gjerne kanskje derfor fordi viktig vanskelig grunnskole
læreren helsesykepleier fastlege saksbehandler avklaring
the and to of a in is that for it with as was on be at by this have from
or one had but not what all were when we there can an your which their
said if do will each about how up out them then she many some so these
would other into has more her two like him see time could no make than
first been its who now people my made over did down only way find use
may water long little very after words called just where most know
meeting parents school teacher appointment follow-up question answer
thanks maybe because important difficult weekend holiday report plan
`)

// Text returns realistic-looking prose of roughly n bytes (UTF-8), mixing
// Norwegian and English words.
func Text(r *rand.Rand, n int) string {
	var b strings.Builder
	b.Grow(n + 32)
	startSentence := true
	for b.Len() < n {
		w := words[r.IntN(len(words))]
		if startSentence {
			r0, size := utf8.DecodeRuneInString(w)
			w = string(unicode.ToUpper(r0)) + w[size:]
			startSentence = false
		} else if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
		switch r.IntN(14) {
		case 0:
			b.WriteByte('.')
			startSentence = true
			b.WriteByte(' ')
		case 1:
			b.WriteByte(',')
		}
	}
	return strings.TrimRight(b.String(), " ,.") + "."
}

// HTML renders text as a couple of paragraphs, as the project's markdown
// renderer would.
func HTML(r *rand.Rand, text string) string {
	sentences := strings.SplitAfter(text, ". ")
	var b strings.Builder
	b.Grow(len(text) + 64)
	b.WriteString("<p>")
	for i, s := range sentences {
		if i > 0 && r.IntN(3) == 0 {
			b.WriteString("</p>\n<p>")
		}
		b.WriteString(html.EscapeString(strings.TrimSpace(s)))
		b.WriteByte(' ')
	}
	b.WriteString("</p>")
	return b.String()
}

// Post is one row of posts.
type Post struct {
	ID, ThreadID, AuthorID int64
	CreatedAt              time.Time
	Body, BodyHTML         string
}

// Session is one row of sessions.
type Session struct {
	IDHash               string
	UserID               int64
	LastSeenAt, ExpireAt time.Time
}

// SessionKey is the deterministic id_hash of session i.
func SessionKey(i int) string {
	sum := sha256.Sum256(fmt.Appendf(nil, "session-%d-%d", Seed, i))
	return hex.EncodeToString(sum[:])
}

var baseTime = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// Build creates the schema and fills it deterministically from Seed on the
// writer connection, then checkpoints the WAL.
func Build(ctx context.Context, db *DB) error {
	if _, err := db.Write.ExecContext(ctx, Schema); err != nil {
		return fmt.Errorf("schema: %w", err)
	}
	r := rand.New(rand.NewPCG(Seed, 1))
	const batch = 10_000
	created := baseTime
	insPost := db.Q(`INSERT INTO posts (id, thread_id, author_id, created_at, body, body_html) VALUES ($1, $2, $3, $4, $5, $6)`)
	for start := 1; start <= NumPosts; start += batch {
		err := inTx(ctx, db.Write, insPost, func(st *sql.Stmt) error {
			for id := start; id < start+batch && id <= NumPosts; id++ {
				created = created.Add(time.Duration(1+r.IntN(300)) * time.Second)
				body := Text(r, 200+r.IntN(1000))
				if _, err := st.ExecContext(ctx, id, 1+r.IntN(NumThreads), 1+r.IntN(NumAuthors),
					created.UnixMicro(), body, HTML(r, body)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("posts: %w", err)
		}
	}
	insSession := db.Q(`INSERT INTO sessions (id_hash, user_id, last_seen_at, expires_at) VALUES ($1, $2, $3, $4)`)
	for start := 0; start < NumSessions; start += batch {
		err := inTx(ctx, db.Write, insSession, func(st *sql.Stmt) error {
			for i := start; i < start+batch && i < NumSessions; i++ {
				seen := baseTime.Add(time.Duration(r.Int64N(int64(180 * 24 * time.Hour))))
				if _, err := st.ExecContext(ctx, SessionKey(i), 1+r.IntN(NumAuthors),
					seen.UnixMicro(), seen.Add(30*24*time.Hour).UnixMicro()); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("sessions: %w", err)
		}
	}
	if _, err := db.Write.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	return nil
}

func inTx(ctx context.Context, db *sql.DB, query string, fn func(*sql.Stmt) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // no-op after Commit
	st, err := tx.PrepareContext(ctx, query)
	if err != nil {
		return err
	}
	if err := fn(st); err != nil {
		return err
	}
	if err := st.Close(); err != nil {
		return err
	}
	return tx.Commit()
}
