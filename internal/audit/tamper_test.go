package audit_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"reconnect/internal/audit"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

// tamperings are ways to change a stored chain by hand. %[1]d is a
// record's seq, %[2]d another's, %[3]d the head's seq.
var tamperings = []string{
	`UPDATE audit_log SET details = '{"n":"x"}' WHERE chain = 'admin' AND seq = %[1]d`,
	`UPDATE audit_log SET actor_id = actor_id + 1 WHERE chain = 'admin' AND seq = %[1]d`,
	`UPDATE audit_log SET actor_id = NULL WHERE chain = 'admin' AND seq = %[1]d`,
	`UPDATE audit_log SET action = 'account.created' WHERE chain = 'admin' AND seq = %[1]d`,
	`UPDATE audit_log SET target_kind = 'user' WHERE chain = 'admin' AND seq = %[1]d`,
	`UPDATE audit_log SET target_id = '999' WHERE chain = 'admin' AND seq = %[1]d`,
	`UPDATE audit_log SET at = (SELECT b.at FROM audit_log b WHERE b.chain = 'admin' AND b.seq = %[2]d) WHERE chain = 'admin' AND seq = %[1]d`,
	`UPDATE audit_log SET prev_hash = 'aa' WHERE chain = 'admin' AND seq = %[1]d`,
	`UPDATE audit_log SET hash = 'bb' WHERE chain = 'admin' AND seq = %[1]d`,
	`UPDATE audit_log SET chain = 'other' WHERE chain = 'admin' AND seq = %[3]d`,
	`DELETE FROM audit_log WHERE chain = 'admin' AND seq = %[1]d`,
	`DELETE FROM audit_log WHERE chain = 'admin' AND seq >= %[1]d`,
	// Reorder: two records swap places (three steps; ";" separates them).
	`UPDATE audit_log SET seq = -1 WHERE chain = 'admin' AND seq = %[1]d;UPDATE audit_log SET seq = %[1]d WHERE chain = 'admin' AND seq = %[2]d;UPDATE audit_log SET seq = %[2]d WHERE chain = 'admin' AND seq = -1`,
	// Insert: a forged record after the head, and one put in place of a
	// deleted one with the neighbours' hashes.
	`INSERT INTO audit_log (chain, seq, at, actor_id, action, target_kind, target_id, details, prev_hash, hash)
		SELECT chain, seq + 1, at, actor_id, 'account.disabled', target_kind, target_id, details, hash, hash FROM audit_log WHERE chain = 'admin' AND seq = %[3]d`,
	// Rewind the head to hide the last records.
	`UPDATE audit_heads SET seq = seq - 1 WHERE chain = 'admin' AND seq = %[3]d`,
	// Copy a record over another (same hash, different place).
	`UPDATE audit_log SET details = (SELECT details FROM audit_log b WHERE b.chain = 'admin' AND b.seq = %[2]d), action = (SELECT action FROM audit_log b WHERE b.chain = 'admin' AND b.seq = %[2]d)
		WHERE chain = 'admin' AND seq = %[1]d`,
}

// 100 random tamperings (edits, deletions, reorders, insertions, head
// rewinds) of a 30-record chain, each on the pristine chain: every one
// is found by audit.Verify, which `reconnect audit verify` runs, or by
// comparing the chain heads with copies kept elsewhere.
func TestHundredTamperingsAreAllDetected(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		appendN(t, db, "admin", 30)
		appendN(t, db, "other", 3)
		heads, err := audit.Heads(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{`CREATE TABLE pristine_log AS SELECT * FROM audit_log`, `CREATE TABLE pristine_heads AS SELECT * FROM audit_heads`} {
			if _, err := db.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		rng := rand.New(rand.NewPCG(7, 11))
		for i := range 100 {
			kind := i % len(tamperings)
			a := rng.IntN(29) + 1
			b := a + rng.IntN(30-a) + 1
			q := fmt.Sprintf(tamperings[kind], a, b, 30)
			for _, step := range strings.Split(q, ";") {
				if _, err := db.ExecContext(ctx, step); err != nil {
					t.Fatalf("tampering %d (%s): %v", i, q, err)
				}
			}
			_, breaks := verify(t, db)
			now, err := audit.Heads(ctx, db)
			if err != nil {
				t.Fatal(err)
			}
			if len(breaks) == 0 && fmt.Sprint(now) == fmt.Sprint(heads) {
				t.Errorf("tampering %d not detected: %s", i, q)
			}
			for _, q := range []string{`DELETE FROM audit_log`, `INSERT INTO audit_log SELECT * FROM pristine_log`, `DELETE FROM audit_heads`, `INSERT INTO audit_heads SELECT * FROM pristine_heads`} {
				if _, err := db.ExecContext(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
			if _, breaks := verify(t, db); len(breaks) != 0 {
				t.Fatalf("the pristine chain does not verify after restoring: %v", breaks)
			}
		}
	})
}
