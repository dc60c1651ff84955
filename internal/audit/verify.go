package audit

import (
	"context"
	"database/sql"
	"fmt"

	"reconnect/internal/sqldb"
)

// Break describes the first broken link in a chain.
type Break struct {
	Chain  string
	Seq    int64
	Reason string
}

func (b *Break) String() string {
	return fmt.Sprintf("chain %q broken at record %d: %s", b.Chain, b.Seq, b.Reason)
}

// Head is the newest record of a chain. Writing heads down outside the
// database (a ticket, a printed report) lets a later Verify prove that
// nobody rewrote the whole chain since.
type Head struct {
	Chain string
	Seq   int64
	Hash  string
}

// Heads returns the head of every chain.
func Heads(ctx context.Context, db *sqldb.DB) ([]Head, error) {
	rows, err := db.QueryContext(ctx, `SELECT chain, seq, hash FROM audit_heads ORDER BY chain`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Head
	for rows.Next() {
		var h Head
		if err := rows.Scan(&h.Chain, &h.Seq, &h.Hash); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// Verify walks every chain from its first record and returns the first
// broken link in each chain, or none when all hold. Records are read in
// pages so a long log does not sit in memory.
func Verify(ctx context.Context, db *sqldb.DB) (checked int64, breaks []Break, err error) {
	heads, err := Heads(ctx, db)
	if err != nil {
		return 0, nil, err
	}
	for _, h := range heads {
		n, b, err := verifyChain(ctx, db, h.Chain, h.Seq, h.Hash)
		checked += n
		if err != nil {
			return checked, breaks, err
		}
		if b != nil {
			breaks = append(breaks, *b)
		}
	}
	return checked, breaks, nil
}

func verifyChain(ctx context.Context, db *sqldb.DB, chain string, headSeq int64, headHash string) (int64, *Break, error) {
	const page = 1000
	var checked, lastSeq int64
	prev := ""
	for {
		rows, err := db.QueryContext(ctx, `SELECT seq, at, actor_id, action, target_kind, target_id, details, prev_hash, hash
			FROM audit_log WHERE chain = $1 AND seq > $2 ORDER BY seq LIMIT $3`, chain, lastSeq, page)
		if err != nil {
			return checked, nil, err
		}
		n := 0
		var brk *Break
		for rows.Next() {
			n++
			r := Record{Chain: chain}
			var actor sql.NullInt64
			var details string
			if err := rows.Scan(&r.Seq, &r.At, &actor, &r.Action, &r.TargetKind, &r.TargetID, &details, &r.PrevHash, &r.Hash); err != nil {
				_ = rows.Close() // already returning an error
				return checked, nil, err
			}
			r.ActorID = actor.Int64
			checked++
			switch {
			case r.Seq != lastSeq+1:
				brk = &Break{chain, lastSeq + 1, "record missing"}
			case r.PrevHash != prev:
				brk = &Break{chain, r.Seq, "does not link to the record before it"}
			case hashOf(&r, details) != r.Hash:
				brk = &Break{chain, r.Seq, "contents do not match its hash"}
			}
			if brk != nil {
				break
			}
			lastSeq, prev = r.Seq, r.Hash
		}
		if err := rows.Close(); err != nil {
			return checked, nil, err
		}
		if err := rows.Err(); err != nil {
			return checked, nil, err
		}
		if brk != nil {
			return checked, brk, nil
		}
		if n < page {
			break
		}
	}
	if lastSeq != headSeq || prev != headHash {
		return checked, &Break{chain, lastSeq + 1, "records after this point are missing"}, nil
	}
	return checked, nil, nil
}
