// Package audit keeps append-only, hash-chained logs: administrative
// actions, moderation and access to private data. Each record carries the
// hash of the one before it, so a changed, removed or inserted row breaks
// the chain and Verify finds it.
//
// Records are written with Append inside the same transaction as the
// change they describe: either both are stored or neither is. Details
// never hold content, real names or national ID numbers.
package audit

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Chains kept apart so that a busy log does not serialise a quiet one.
const (
	ChainAdmin = "admin"
)

// Record is one audited action.
type Record struct {
	Chain      string
	Seq        int64
	At         time.Time
	ActorID    int64 // 0 for the system or the command line
	Action     string
	TargetKind string
	TargetID   string
	Details    map[string]string
	PrevHash   string
	Hash       string
}

// Append adds r to its chain inside tx. r.Seq, r.PrevHash and r.Hash are
// filled in. On PostgreSQL the head row lock taken here serialises
// appends to one chain until tx ends.
func Append(ctx context.Context, tx *sql.Tx, r *Record) error {
	if r.Chain == "" || r.Action == "" {
		return fmt.Errorf("audit: chain and action are required")
	}
	r.At = r.At.UTC().Truncate(time.Microsecond)
	if _, err := tx.ExecContext(ctx,
		`INSERT INTO audit_heads (chain, seq, hash) VALUES ($1, 0, '') ON CONFLICT (chain) DO NOTHING`, r.Chain); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	if err := tx.QueryRowContext(ctx,
		`UPDATE audit_heads SET seq = seq + 1 WHERE chain = $1 RETURNING seq, hash`, r.Chain).Scan(&r.Seq, &r.PrevHash); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	details, err := detailsJSON(r.Details)
	if err != nil {
		return err
	}
	r.Hash = hashOf(r, details)
	if _, err := tx.ExecContext(ctx, `UPDATE audit_heads SET hash = $1 WHERE chain = $2`, r.Hash, r.Chain); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	var actor any
	if r.ActorID != 0 {
		actor = r.ActorID
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_log
		(chain, seq, at, actor_id, action, target_kind, target_id, details, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		r.Chain, r.Seq, r.At, actor, r.Action, r.TargetKind, r.TargetID, details, r.PrevHash, r.Hash)
	if err != nil {
		return fmt.Errorf("audit append: %w", err)
	}
	return nil
}

func detailsJSON(d map[string]string) (string, error) {
	if len(d) == 0 {
		return "{}", nil
	}
	b, err := json.Marshal(d) // map keys are sorted: the encoding is canonical
	if err != nil {
		return "", fmt.Errorf("audit details: %w", err)
	}
	return string(b), nil
}

// hashOf is SHA-256 over every stored field and the previous hash, each
// length-prefixed so that no two records can encode alike.
func hashOf(r *Record, details string) string {
	h := sha256.New()
	for _, f := range []string{
		r.Chain, strconv.FormatInt(r.Seq, 10), r.At.UTC().Format(time.RFC3339Nano),
		strconv.FormatInt(r.ActorID, 10), r.Action, r.TargetKind, r.TargetID, details, r.PrevHash,
	} {
		fmt.Fprintf(h, "%d:%s;", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}
