package messages_test

import (
	"path/filepath"
	"strings"
	"testing"

	"reconnect/internal/care"
	"reconnect/internal/markup"
	"reconnect/internal/messages"
	"reconnect/internal/reseal"
	"reconnect/internal/seal"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

const (
	secretSubject = "Hemmelig emne om medisinene"
	secretBody    = "Jeg har sluttet med litiumet uten å si det til legen"
)

// write stores a conversation with secret words under keys.
func write(t *testing.T, db *sqldb.DB, keys *seal.Keyring) (*testkit.World, *messages.Service, int64) {
	t.Helper()
	w := testkit.NewWorld(t, db)
	m := messages.New(db, w.IDs, messages.Options{Keys: keys, Markup: markup.New().HTML, Now: w.Clock.Now, MayStart: allowAll})
	id, err := m.Start(ctx, &w.Moderator, "Havbris", secretSubject, secretBody)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Reply(ctx, &w.Member, id, "Svar: "+secretBody); err != nil {
		t.Fatal(err)
	}
	// A care conversation with an attachment: its name and content are
	// sealed too.
	if _, err := care.New(db, w.IDs, w.Clock.Now).Link(ctx, &w.Admin, w.Provider.ID, w.Member.ID, "Kari Nordmann"); err != nil {
		t.Fatal(err)
	}
	pdf := "%PDF-1.4\n% vedlegg om " + secretFile + "\n%%EOF\n"
	if _, err := m.StartCare(ctx, &w.Member, []int64{w.Provider.ID}, "Om dosen", "Se vedlegget.",
		[]messages.File{{Name: secretFile + ".pdf", Type: "application/pdf", Data: []byte(pdf)}}); err != nil {
		t.Fatal(err)
	}
	return w, m, id
}

const secretFile = "Journalnotat-fra-akuttposten"

// Nothing readable at rest: the raw SQLite file (and its WAL) and the
// PostgreSQL tables hold no word of the subject or the messages.
func TestNothingReadableAtRest(t *testing.T) {
	words := []string{"Hemmelig", "medisinene", "litiumet", "legen", "Journalnotat", "akuttposten", "dosen"}
	t.Run("sqlite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "atrest.db")
		db, err := sqldb.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		write(t, db, seal.NewKeyring(seal.RandomKey()))
		db.Close()
		raw := testkit.RawSQLite(t, path)
		for _, w := range words {
			if strings.Contains(raw, w) {
				t.Errorf("the database file holds %q", w)
			}
		}
	})
	t.Run("postgres", func(t *testing.T) {
		db := testkit.Postgres(t)
		write(t, db, seal.NewKeyring(seal.RandomKey()))
		var dump string
		if err := db.QueryRowContext(ctx, `SELECT string_agg(c::text, '|') FROM (
			SELECT row_to_json(x)::text AS c FROM conversations x UNION ALL SELECT row_to_json(y)::text FROM messages y
			UNION ALL SELECT row_to_json(a)::text FROM message_attachments a) z`).Scan(&dump); err != nil {
			t.Fatal(err)
		}
		for _, w := range words {
			if strings.Contains(dump, w) {
				t.Errorf("the tables hold %q", w)
			}
		}
		if !strings.Contains(dump, "s1.") {
			t.Fatalf("no sealed values in %q", dump)
		}
	})
}

// Rotation: re-sealing under a new key while the old one is still
// known; afterwards the new key alone opens everything.
func TestKeyRotation(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		oldKey, newKey := seal.RandomKey(), seal.RandomKey()
		w, _, id := write(t, db, seal.NewKeyring(oldKey))
		n, err := reseal.Run(ctx, db, seal.NewKeyring(newKey, oldKey), messages.SealedColumns...)
		if err != nil || n != 10 { // two subjects, three messages × (body, HTML), an attachment's name and data
			t.Fatalf("reseal: %d %v", n, err)
		}
		if n, err := reseal.Run(ctx, db, seal.NewKeyring(newKey, oldKey), messages.SealedColumns...); err != nil || n != 0 {
			t.Fatalf("second reseal: %d %v", n, err)
		}
		m := messages.New(db, w.IDs, messages.Options{Keys: seal.NewKeyring(newKey), Markup: markup.New().HTML, Now: w.Clock.Now, MayStart: allowAll})
		c, err := m.Get(ctx, &w.Member, id)
		if err != nil || c.Subject != secretSubject || !strings.Contains(string(c.Messages[1].HTML), "litiumet") {
			t.Fatalf("after rotation: %+v %v", c, err)
		}
		// The old key alone no longer opens anything.
		old := messages.New(db, w.IDs, messages.Options{Keys: seal.NewKeyring(oldKey), Markup: markup.New().HTML, Now: w.Clock.Now, MayStart: allowAll})
		if _, err := old.Get(ctx, &w.Member, id); err == nil {
			t.Error("the old key still opens the conversation")
		}
		// A value moved to another row does not open there.
		if _, err := db.ExecContext(ctx, `UPDATE messages SET body_html = (SELECT body_html FROM messages WHERE id = (SELECT MIN(id) FROM messages))
			WHERE id = (SELECT MAX(id) FROM messages WHERE conversation_id = $1)`, id); err != nil {
			t.Fatal(err)
		}
		if _, err := m.Get(ctx, &w.Member, id); err == nil {
			t.Error("a sealed value swapped into another row opened")
		}
	})
}
