package mail

import (
	"context"
	"database/sql"
	"log/slog"
	"time"

	"reconnect/internal/i18n"
	"reconnect/internal/notify"
	"reconnect/internal/seal"
	"reconnect/internal/sqldb"
)

// WorkerOptions tune the worker; zero values take the defaults.
type WorkerOptions struct {
	Now         func() time.Time
	Interval    time.Duration // how often to look for due mail (default 15 s)
	MaxAttempts int           // give up after this many failed sends (default 10)
	Backoff     time.Duration // wait after the first failure, doubled each time up to an hour (default 1 min)
	// Details, when set, gives what a single event reminder's e-mail may
	// name: the event's title and start, only when the member chose to
	// see them in e-mail (ok false otherwise, and the letter names
	// nothing).
	Details func(ctx context.Context, userID int64, link string) (title string, start time.Time, ok bool)
}

// Worker sends due outbox mail. Every node may run one: a row is
// claimed (its next attempt moved past a lease) in a write transaction
// before it is sent, so two workers never send the same row.
type Worker struct {
	db      *sqldb.DB
	keys    *seal.Keyring
	send    *Sender
	cat     *i18n.Catalog
	baseURL string
	log     *slog.Logger
	opt     WorkerOptions
}

// lease is how long a claimed row waits before another attempt if the
// worker dies while sending it.
const lease = 10 * time.Minute

// NewWorker returns a worker sending through s, with links under baseURL.
func NewWorker(db *sqldb.DB, keys *seal.Keyring, s *Sender, cat *i18n.Catalog, baseURL string, log *slog.Logger, opt WorkerOptions) *Worker {
	if opt.Now == nil {
		opt.Now = func() time.Time { return time.Now().UTC() }
	}
	if opt.Interval <= 0 {
		opt.Interval = 15 * time.Second
	}
	if opt.MaxAttempts <= 0 {
		opt.MaxAttempts = 10
	}
	if opt.Backoff <= 0 {
		opt.Backoff = time.Minute
	}
	return &Worker{db: db, keys: keys, send: s, cat: cat, baseURL: baseURL, log: log, opt: opt}
}

// Run sends due mail every interval until ctx ends. A send in flight
// when ctx ends is finished (within its own timeout) before Run returns.
func (w *Worker) Run(ctx context.Context) {
	t := time.NewTicker(w.opt.Interval)
	defer t.Stop()
	var cleaned time.Time
	for {
		if _, err := w.SendDue(ctx); err != nil && ctx.Err() == nil {
			w.log.Warn("mail outbox", "err", err)
		}
		if now := w.opt.Now(); now.Sub(cleaned) > time.Hour {
			if err := w.Clean(ctx); err != nil && ctx.Err() == nil {
				w.log.Warn("mail outbox clean", "err", err)
			}
			cleaned = now
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Keep is how long finished outbox rows (sent, dropped, failed) are kept.
const Keep = 30 * 24 * time.Hour

// Clean deletes finished outbox rows older than Keep.
func (w *Worker) Clean(ctx context.Context) error {
	_, err := w.db.ExecContext(ctx, `DELETE FROM mail_outbox WHERE state <> 'pending' AND created_at < $1`, w.opt.Now().Add(-Keep))
	return err
}

// SendDue sends every due outbox row, one e-mail per member and kind of
// mail (several notices collapse into one), and returns how many e-mails
// went out.
func (w *Worker) SendDue(ctx context.Context) (int, error) {
	rows, err := w.db.QueryContext(ctx, `SELECT user_id FROM mail_outbox WHERE state = 'pending' AND next_attempt_at <= $1
		GROUP BY user_id ORDER BY MIN(next_attempt_at) LIMIT 100`, w.opt.Now())
	if err != nil {
		return 0, err
	}
	var users []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			_ = rows.Close() // already returning an error
			return 0, err
		}
		users = append(users, id)
	}
	if err := rows.Close(); err != nil {
		return 0, err
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	sent := 0
	for _, id := range users {
		if ctx.Err() != nil {
			break
		}
		n, err := w.sendTo(ctx, id)
		sent += n
		if err != nil {
			return sent, err
		}
	}
	return sent, nil
}

// sendTo claims a member's due rows and sends what they ask for.
func (w *Worker) sendTo(ctx context.Context, userID int64) (int, error) {
	b, err := w.claim(ctx, userID)
	if err != nil || b == nil {
		return 0, err
	}
	sent := 0
	if len(b.verify) > 0 {
		code := b.code
		sent += w.deliver(ctx, b, b.verify, func() letter {
			return verifyLetter(w.cat, b.lang, w.baseURL+verifyLinkPath+"?token="+code)
		})
	}
	switch {
	case b.digest:
		n := w.deliver(ctx, b, b.notices, func() letter { return b.digestLetter(w.cat, w.baseURL) })
		if n == 0 {
			w.undoDigest(ctx, b)
		}
		sent += n
	case len(b.notices) > 0:
		sent += w.deliver(ctx, b, b.notices, func() letter {
			l := b.noticeLetter(w.cat, w.baseURL)
			if len(b.notices) == 1 && b.notices[0].kind == notify.KindEventReminder && w.opt.Details != nil {
				if title, start, ok := w.opt.Details(ctx, b.userID, b.notices[0].link); ok {
					l.Lines = append(l.Lines, w.cat.T(b.lang, "mail.event_reminder.details", "title", title, "when", when(b.lang, start)))
				}
			}
			return l
		})
	}
	return sent, nil
}

// undoDigest puts back the member's last digest time after a digest
// could not be sent, so that its retry goes out today.
func (w *Worker) undoDigest(ctx context.Context, b *batch) {
	wctx := context.WithoutCancel(ctx)
	err := w.db.Write(wctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(wctx, `UPDATE notification_settings SET digest_sent_at = $1 WHERE user_id = $2 AND digest_sent_at = $3`,
			b.digestPrev, b.userID, b.digestAt)
		return err
	})
	if err != nil {
		w.log.Warn("mail digest: undo failed", "user_id", b.userID, "err", err)
	}
}

// deliver opens the address, sends one e-mail for rows and records the
// outcome on them. It returns 1 when the e-mail went out.
func (w *Worker) deliver(ctx context.Context, b *batch, rows []claimed, write func() letter) int {
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	err := w.sendOne(sctx, b, write())
	now := w.opt.Now()
	ok := err == nil
	if err != nil {
		w.log.Warn("mail not sent", "user_id", b.userID, "class", errorClass(err), "attempts", rows[0].attempts)
	}
	werr := w.db.Write(sctx, func(tx *sql.Tx) error {
		for _, r := range rows {
			var q string
			var args []any
			switch {
			case ok:
				q, args = `UPDATE mail_outbox SET state = 'sent', sent_at = $1 WHERE id = $2`, []any{now, r.id}
			case permanent(err) || r.attempts >= w.opt.MaxAttempts:
				q, args = `UPDATE mail_outbox SET state = 'failed' WHERE id = $1`, []any{r.id}
			default:
				q, args = `UPDATE mail_outbox SET next_attempt_at = $1 WHERE id = $2`, []any{now.Add(w.backoff(r.attempts)), r.id}
			}
			if _, err := tx.ExecContext(sctx, q, args...); err != nil {
				return err
			}
		}
		return nil
	})
	if werr != nil {
		// The rows stay claimed until the lease ends; a sent e-mail may
		// then go out once more. Nothing better is possible without
		// the database.
		w.log.Warn("mail outbox: recording the outcome failed", "user_id", b.userID, "err", werr)
	}
	if ok {
		return 1
	}
	return 0
}

func (w *Worker) sendOne(ctx context.Context, b *batch, l letter) error {
	if w.keys == nil {
		return errNoKey
	}
	to, err := w.keys.Open(addressTable, addressColumn, b.userID, b.sealed)
	if err != nil {
		return err
	}
	m, err := l.message(to)
	if err != nil {
		return err
	}
	return w.send.Send(ctx, m)
}

// backoff is the wait after the given number of failed attempts.
func (w *Worker) backoff(attempts int) time.Duration {
	d := w.opt.Backoff
	for i := 1; i < attempts && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}
