package toolbox_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"reconnect/internal/reseal"
	"reconnect/internal/seal"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
	"reconnect/internal/toolbox"
)

var ctx = context.Background()

var secretWords = []string{"Tramadol", "Bestemoren", "Fjellhytta", "selvskading"}

// fill writes a crisis plan, a medication changed once (so there is
// history) and a journal entry holding the secret words.
func fill(t *testing.T, db *sqldb.DB, keys *seal.Keyring) (*testkit.World, *toolbox.Service, int64) {
	t.Helper()
	w := testkit.NewWorld(t, db)
	s := toolbox.NewService(db, keys, w.Clock.Now)
	if _, err := s.Create(ctx, &w.Member, toolbox.CrisisPlan, &toolbox.Plan{WarningSigns: "Tanker om selvskading", PeopleToAsk: "Bestemoren min"}); err != nil {
		t.Fatal(err)
	}
	med, err := s.Create(ctx, &w.Member, toolbox.Medications, &toolbox.Medication{Name: "Tramadol"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Update(ctx, &w.Member, toolbox.Medications, med.ID, &toolbox.Medication{Name: "Tramadol", Stopped: "2026-10-01"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Create(ctx, &w.Member, toolbox.Journal, &toolbox.Entry{Text: "En helg på Fjellhytta", Mood: 4}); err != nil {
		t.Fatal(err)
	}
	return w, s, med.ID
}

// Nothing readable at rest: the raw SQLite file and WAL, and the
// PostgreSQL tables, hold none of the words.
func TestNothingReadableAtRest(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "atrest.db")
		db, err := sqldb.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		fill(t, db, seal.NewKeyring(seal.RandomKey()))
		db.Close()
		raw := testkit.RawSQLite(t, path)
		for _, w := range secretWords {
			if strings.Contains(raw, w) {
				t.Errorf("the database file holds %q", w)
			}
		}
	})
	t.Run("postgres", func(t *testing.T) {
		db := testkit.Postgres(t)
		fill(t, db, seal.NewKeyring(seal.RandomKey()))
		var dump string
		if err := db.QueryRowContext(ctx, `SELECT string_agg(c, '|') FROM (SELECT row_to_json(x)::text AS c FROM toolbox_items x
			UNION ALL SELECT row_to_json(y)::text FROM toolbox_history y) z`).Scan(&dump); err != nil {
			t.Fatal(err)
		}
		for _, w := range secretWords {
			if strings.Contains(dump, w) {
				t.Errorf("the tables hold %q", w)
			}
		}
		if !strings.Contains(dump, "s1.") {
			t.Fatalf("no sealed values in %q", dump)
		}
	})
}

// Key rotation re-seals items and history; a value moved to another row
// does not open.
func TestKeyRotation(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		oldKey, newKey := seal.RandomKey(), seal.RandomKey()
		w, _, med := fill(t, db, seal.NewKeyring(oldKey))
		n, err := reseal.Run(ctx, db, seal.NewKeyring(newKey, oldKey), toolbox.SealedColumns...)
		if err != nil || n != 4 { // three items and one earlier version
			t.Fatalf("reseal: %d %v", n, err)
		}
		s := toolbox.NewService(db, seal.NewKeyring(newKey), w.Clock.Now)
		hist, err := s.History(ctx, &w.Member, toolbox.Medications, med)
		if err != nil || len(hist) != 1 || hist[0].Data.(*toolbox.Medication).Stopped != "" {
			t.Fatalf("history after rotation: %+v %v", hist, err)
		}
		if _, err := db.ExecContext(ctx, `UPDATE toolbox_items SET data = (SELECT data FROM toolbox_items WHERE tool = 'journal') WHERE id = $1`, med); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, &w.Member, toolbox.Medications, med); err == nil {
			t.Error("a sealed value moved to another row opened")
		}
	})
}
