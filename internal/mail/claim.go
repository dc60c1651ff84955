package mail

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"reconnect/internal/i18n"
	"reconnect/internal/identity"
	"reconnect/internal/notify"
)

// claimed is one outbox row taken for sending.
type claimed struct {
	id       int64
	kind     string
	link     string
	attempts int
}

// batch is what one member's claimed rows ask for.
type batch struct {
	userID  int64
	lang    i18n.Lang
	sealed  string    // the sealed address
	code    string    // the new verification code, when verify is set
	verify  []claimed // the verification e-mail
	notices []claimed // notices, collapsed into one e-mail
	digest  bool      // the notices go out as the daily digest (counts only)
	// digestPrev is the last digest before this one, put back if this
	// one cannot be sent so that it is tried again today.
	digestPrev sql.NullTime
	digestAt   time.Time
}

// claim takes the member's due rows in one write transaction: rows that
// can no longer go out (no address, not verified, notices off) are
// dropped, a verification code is made and stored hashed, and the rest
// get their next attempt moved past the lease. nil means nothing to send.
func (w *Worker) claim(ctx context.Context, userID int64) (*batch, error) {
	now := w.opt.Now()
	var b *batch
	err := w.db.Write(ctx, func(tx *sql.Tx) error {
		b = nil
		rows, err := tx.QueryContext(ctx, `UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = $1
			WHERE user_id = $2 AND state = 'pending' AND next_attempt_at <= $3 RETURNING id, kind, link, attempts`, now.Add(lease), userID, now)
		if err != nil {
			return err
		}
		var all []claimed
		for rows.Next() {
			var c claimed
			if err := rows.Scan(&c.id, &c.kind, &c.link, &c.attempts); err != nil {
				_ = rows.Close() // already returning an error
				return err
			}
			all = append(all, c)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := rows.Err(); err != nil || len(all) == 0 {
			return err
		}
		nb := &batch{userID: userID}
		var verified sql.NullTime
		var notices bool
		var lang string
		err = tx.QueryRowContext(ctx, `SELECT e.address, e.verified_at, e.notices, u.language FROM email_addresses e JOIN users u ON u.id = e.user_id
			WHERE e.user_id = $1`, userID).Scan(&nb.sealed, &verified, &notices, &lang)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		nb.lang = i18n.NB
		if l, ok := i18n.Parse(lang); ok {
			nb.lang = l
		}
		var drop []claimed
		for _, c := range all {
			switch {
			case err != nil: // no address any more
				drop = append(drop, c)
			case c.kind == kindVerify && !verified.Valid:
				nb.verify = append(nb.verify, c)
			case c.kind != kindVerify && verified.Valid && notices:
				nb.notices = append(nb.notices, c)
			default:
				drop = append(drop, c)
			}
		}
		for _, c := range drop {
			if _, err := tx.ExecContext(ctx, `UPDATE mail_outbox SET state = 'dropped' WHERE id = $1`, c.id); err != nil {
				return err
			}
		}
		if len(nb.notices) > 0 {
			if err := nb.timeNotices(ctx, tx, now); err != nil {
				return err
			}
		}
		if len(nb.verify) > 0 {
			nb.code = identity.NewCode()
			if _, err := tx.ExecContext(ctx, `UPDATE email_addresses SET token_hash = $1, token_expires_at = $2 WHERE user_id = $3`,
				identity.CodeHash(nb.code), now.Add(VerifyValid), userID); err != nil {
				return err
			}
		}
		if len(nb.verify)+len(nb.notices) > 0 {
			b = nb
		}
		return nil
	})
	return b, err
}

// timeNotices holds the batch's notices back during the member's quiet
// hours, or until the digest hour with the daily digest on: their next
// attempt moves to then, and the attempt does not count. A digest due
// now is recorded as sent today in this transaction, so no other node
// or later claim sends another today.
func (b *batch) timeNotices(ctx context.Context, tx *sql.Tx, now time.Time) error {
	t, err := readTiming(ctx, tx, b.userID)
	if err != nil {
		return err
	}
	release, digest := t.hold(now)
	if digest {
		b.digest, b.digestPrev, b.digestAt = true, t.digestSent, now
		_, err := tx.ExecContext(ctx, `UPDATE notification_settings SET digest_sent_at = $1 WHERE user_id = $2`, now, b.userID)
		return err
	}
	if release.IsZero() {
		return nil
	}
	for _, c := range b.notices {
		if _, err := tx.ExecContext(ctx, `UPDATE mail_outbox SET attempts = attempts - 1, next_attempt_at = $1 WHERE id = $2`, release, c.id); err != nil {
			return err
		}
	}
	b.notices = nil
	return nil
}

// noticeLetter is the one e-mail for the batch's notices: of one kind,
// linking to the one page they lead to, or to the overview when several.
func (b *batch) noticeLetter(cat *i18n.Catalog, baseURL string) letter {
	kind, link := b.notices[0].kind, b.notices[0].link
	for _, c := range b.notices[1:] {
		if c.kind != kind {
			kind, link = "notices", "/notifications"
			break
		}
		if c.link != link {
			link = overview(kind)
		}
	}
	return noticeLetter(cat, b.lang, baseURL, kind, link, len(b.notices))
}

// digestLetter counts the batch's notices by kind (kinds not in
// notify.Kinds count as other).
func (b *batch) digestLetter(cat *i18n.Catalog, baseURL string) letter {
	counts := map[string]int{}
	for _, c := range b.notices {
		if _, ok := notify.KindOf(c.kind); ok {
			counts[c.kind]++
		} else {
			counts[""]++
		}
	}
	return digestLetter(cat, b.lang, baseURL, counts)
}

// overview is the page listing everything of a kind.
func overview(kind string) string {
	if kind == notify.KindMessage {
		return "/messages"
	}
	return "/notifications"
}
