package research

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"sort"
	"strconv"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/usage"
)

// ExportHeader names the export's columns: a study code and counts.
var ExportHeader = []string{"participant", "sign_ins", "threads", "posts", "post_views", "reactions", "event_answers", "cafes_attended", "toolbox_uses", "care_messages_sent", "active_weeks"}

// Export returns one row per consenting participant in the period under
// a random study code (stable within the study she consented to, and
// unrelated to her ID or pseudonym), with counts only: no pseudonyms,
// names or text. Rows are in code order, so their order says nothing.
func (s *Service) Export(ctx context.Context, u *identity.User, q Query) ([][]string, error) {
	if !MayRead(u) {
		return nil, apperr.NotFound()
	}
	if err := q.check(); err != nil {
		return nil, err
	}
	ps, evs, err := s.participants(ctx, q)
	if err != nil {
		return nil, err
	}
	weeks := map[int64]map[int64]bool{}
	cafes := map[int64]int{}
	for _, e := range evs {
		if weeks[e.user] == nil {
			weeks[e.user] = map[int64]bool{}
		}
		weeks[e.user][weekOf(e.at).Unix()] = true
		if e.kind == usage.Attended && len(e.detail) > 5 && e.detail[:5] == "cafe@" {
			cafes[e.user]++
		}
	}
	codes, err := s.codes(ctx, ps)
	if err != nil {
		return nil, err
	}
	var rows [][]string
	for id, p := range ps {
		c := p.counts
		rows = append(rows, []string{codes[id], itoa(c[usage.SignedIn]), itoa(c[usage.ThreadCreated]), itoa(c[usage.PostCreated]), itoa(c[usage.ThreadViewed]),
			itoa(c[usage.Reacted]), itoa(c[usage.Answered]), itoa(cafes[id]), itoa(c[usage.ToolboxUsed]), itoa(c[usage.CareMessageSent]), itoa(len(weeks[id]))})
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i][0] < rows[j][0] })
	return rows, nil
}

func itoa(n int) string { return strconv.Itoa(n) }

var codeAlphabet = base32.NewEncoding("ABCDEFGHJKLMNPQRSTUVWXYZ23456789").WithPadding(base32.NoPadding)

// codes returns each participant's code in the study of her latest
// study consent, making missing ones in one write transaction.
func (s *Service) codes(ctx context.Context, ps map[int64]*participant) (map[int64]string, error) {
	out := map[int64]string{}
	now := s.now()
	err := s.db.Write(ctx, func(tx *sql.Tx) error {
		for id := range ps {
			var study string
			if err := tx.QueryRowContext(ctx, `SELECT version FROM consents WHERE user_id = $1 AND kind = 'study' ORDER BY accepted_at DESC LIMIT 1`, id).Scan(&study); err != nil {
				return err
			}
			var code string
			err := tx.QueryRowContext(ctx, `SELECT code FROM study_codes WHERE study = $1 AND user_id = $2`, study, id).Scan(&code)
			if err == sql.ErrNoRows {
				var b [10]byte
				if _, err := rand.Read(b[:]); err != nil {
					return err
				}
				code = "P-" + codeAlphabet.EncodeToString(b[:])
				_, err = tx.ExecContext(ctx, `INSERT INTO study_codes (study, user_id, code, created_at) VALUES ($1, $2, $3, $4)`, study, id, code, now)
			}
			if err != nil {
				return err
			}
			out[id] = code
		}
		return nil
	})
	return out, err
}
