package main

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"
	"filippo.io/age/armor"

	"reconnect/internal/sqldb"
)

// migratedFile makes a migrated SQLite database with one account in it.
func migratedFile(t *testing.T, dir string) string {
	t.Helper()
	src := filepath.Join(dir, "src.db")
	if code, _, errs := runCmd(t, "", "migrate", "--db", src); code != 0 {
		t.Fatalf("migrate: %s", errs)
	}
	if code, _, errs := runCmd(t, "first admin password\n", "user", "create", "--db", src, "--role", "admin", "--login", "root"); code != 0 {
		t.Fatalf("user create: %s", errs)
	}
	return src
}

func writeIdentity(t *testing.T, path string) *age.X25519Identity {
	t.Helper()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("# test key\n"+id.String()+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestBackupRestoreAge(t *testing.T) {
	dir := t.TempDir()
	src := migratedFile(t, dir)
	id := writeIdentity(t, filepath.Join(dir, "id.txt"))
	writeIdentity(t, filepath.Join(dir, "other.txt"))
	recipients := filepath.Join(dir, "recipients.txt")
	os.WriteFile(recipients, []byte("# operators\n"+id.Recipient().String()+"\n"), 0o600)
	enc := filepath.Join(dir, "b.age")
	if code, out, errs := runCmd(t, "", "backup", "--db", src, "--to", enc, "--age-recipients-file", recipients); code != 0 || !strings.Contains(out, "age-encrypted to 1 recipient") {
		t.Fatalf("backup: %d %s %s", code, out, errs)
	}
	raw, _ := os.ReadFile(enc)
	if !strings.HasPrefix(string(raw), "age-encryption.org/v1\n") || strings.Contains(string(raw), "SQLite format 3") || strings.Contains(string(raw), "root") {
		t.Fatal("the backup is not age-encrypted")
	}
	if st, _ := os.Stat(enc); st.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %v", st.Mode().Perm())
	}
	cases := []struct {
		name, want string
		args       []string
		file       []byte
	}{
		{"no identity", "give --age-identity-file", nil, raw},
		{"wrong identity", "does not match any recipient", []string{"--age-identity-file", filepath.Join(dir, "other.txt")}, raw},
		{"tampered", "read ", []string{"--age-identity-file", filepath.Join(dir, "id.txt")}, flip(raw, len(raw)/2)},
		{"tampered header MAC", "age: ", []string{"--age-identity-file", filepath.Join(dir, "id.txt")}, flip(raw, strings.Index(string(raw), "\n--- ")+8)},
		{"truncated", "read ", []string{"--age-identity-file", filepath.Join(dir, "id.txt")}, raw[:len(raw)-100]},
	}
	for _, c := range cases {
		bad := filepath.Join(dir, "bad.age")
		os.WriteFile(bad, c.file, 0o600)
		target := filepath.Join(dir, "bad.db")
		code, _, errs := runCmd(t, "", append([]string{"restore", "--from", bad, "--db", target}, c.args...)...)
		if code != 1 || !strings.Contains(errs, c.want) {
			t.Errorf("%s: %d %s", c.name, code, errs)
		}
		if _, err := os.Stat(target); err == nil {
			t.Errorf("%s: a database was written", c.name)
		}
		if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) > 0 {
			t.Errorf("%s: temporary files left: %v", c.name, left)
		}
	}
	dst := filepath.Join(dir, "restored.db")
	if code, out, errs := runCmd(t, "", "restore", "--from", enc, "--db", dst, "--age-identity-file", filepath.Join(dir, "id.txt")); code != 0 || !strings.Contains(out, "integrity ok") || !strings.Contains(out, "no data key at "+dst+".key") {
		t.Fatalf("restore: %d %s %s", code, out, errs)
	}
	if got, want := loginsIn(t, dst), loginsIn(t, src); got != want || want != "root" {
		t.Fatalf("restored logins %q, source %q", got, want)
	}
	// The same backup ASCII-armoured, as `age -a` writes it.
	var armored bytes.Buffer
	w := armor.NewWriter(&armored)
	w.Write(raw)
	w.Close()
	asc := filepath.Join(dir, "b.age.asc")
	os.WriteFile(asc, armored.Bytes(), 0o600)
	dst2 := filepath.Join(dir, "restored2.db")
	if code, out, errs := runCmd(t, "", "restore", "--from", asc, "--db", dst2, "--age-identity-file", filepath.Join(dir, "id.txt")); code != 0 || loginsIn(t, dst2) != "root" {
		t.Fatalf("restore armoured: %d %s %s", code, out, errs)
	}
}

func flip(b []byte, i int) []byte {
	c := append([]byte{}, b...)
	c[i] ^= 0x01
	return c
}

func loginsIn(t *testing.T, path string) string {
	t.Helper()
	db := rawOpen(t, path)
	defer db.Close() // a restore over path needs it closed
	rows := rowTexts(t, db, `SELECT login FROM users ORDER BY id`)
	return strings.TrimSuffix(strings.Join(rows, ""), "|")
}

func TestBackupRestoreRefusals(t *testing.T) {
	dir := t.TempDir()
	src := migratedFile(t, dir)
	plain := filepath.Join(dir, "b.db")
	for _, c := range []struct {
		name string
		code int
		want string
		args []string
	}{
		{"backup without --to", 1, "usage: reconnect backup", []string{"backup", "--db", src}},
		{"backup unknown flag", 2, "flag provided but not defined", []string{"backup", "--db", src, "--to", plain, "--bogus"}},
		{"backup bad recipient", 1, "age recipients", []string{"backup", "--db", src, "--to", plain, "--age-recipient", "age1nonsense"}},
		{"backup missing database", 1, "no such file", []string{"backup", "--db", filepath.Join(dir, "none.db"), "--to", plain}},
		{"backup postgres", 1, "docs/operations.md", []string{"backup", "--db", "postgres://x@127.0.0.1/db", "--to", plain}},
		{"restore without --from", 1, "usage: reconnect restore", []string{"restore", "--db", plain}},
		{"restore postgres", 1, "pg_dump", []string{"restore", "--from", src, "--db", "postgresql://x@127.0.0.1/db"}},
	} {
		code, _, errs := runCmd(t, "", c.args...)
		if code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("%s: %d %s", c.name, code, errs)
		}
	}
	if _, err := os.Stat(plain); err == nil {
		t.Fatal("a refused backup wrote a file")
	}
	if code, _, errs := runCmd(t, "", "backup", "--db", src, "--to", plain); code != 0 {
		t.Fatalf("backup: %s", errs)
	}
	if code, _, errs := runCmd(t, "", "backup", "--db", src, "--to", plain); code != 1 || !strings.Contains(errs, "exists; pass --force") {
		t.Errorf("backup over a file: %d %s", code, errs)
	}
	if code, _, errs := runCmd(t, "", "backup", "--db", src, "--to", plain, "--force"); code != 0 {
		t.Errorf("backup --force: %d %s", code, errs)
	}

	// Not a ReConnect database, not a database at all.
	foreign := filepath.Join(dir, "foreign.db")
	fdb, _ := sql.Open("sqlite", foreign)
	fdb.Exec(`CREATE TABLE t (x)`)
	fdb.Close()
	junk := filepath.Join(dir, "junk")
	os.WriteFile(junk, []byte("hello, not a backup"), 0o600)
	for from, want := range map[string]string{foreign: "not a ReConnect database", junk: "neither a SQLite database nor an age-encrypted file"} {
		if code, _, errs := runCmd(t, "", "restore", "--from", from, "--db", filepath.Join(dir, "x.db")); code != 1 || !strings.Contains(errs, want) {
			t.Errorf("restore %s: %d %s", from, code, errs)
		}
	}

	// An existing database is replaced only with --force, and never while
	// a server has it open.
	if code, _, errs := runCmd(t, "", "restore", "--from", plain, "--db", src); code != 1 || !strings.Contains(errs, "pass --force") {
		t.Errorf("restore over a database: %d %s", code, errs)
	}
	live, err := sqldb.Open(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := live.ExecContext(context.Background(), `UPDATE users SET login = 'after-backup'`); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runCmd(t, "", "restore", "--from", plain, "--db", src, "--force"); code != 1 || !strings.Contains(errs, "in use") {
		t.Errorf("restore over an open database: %d %s", code, errs)
	}
	// A server that crashed leaves its WAL behind; copy that state.
	crashed := filepath.Join(dir, "crashed.db")
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(src + suffix)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(crashed+suffix, b, 0o600)
	}
	live.Close()
	if loginsIn(t, crashed) != "after-backup" {
		t.Fatal("the crashed copy should hold the change in its WAL")
	}
	if code, out, errs := runCmd(t, "", "restore", "--from", plain, "--db", crashed, "--force"); code != 0 || !strings.Contains(out, "integrity ok") {
		t.Errorf("restore over a crashed database: %d %s %s", code, out, errs)
	}
	if got := loginsIn(t, crashed); got != "root" {
		t.Errorf("after restoring over a stale WAL: login %q", got)
	}
	if code, out, errs := runCmd(t, "", "restore", "--from", plain, "--db", src, "--force"); code != 0 || !strings.Contains(out, "integrity ok") {
		t.Errorf("restore --force: %d %s %s", code, out, errs)
	}
	if loginsIn(t, src) != "root" {
		t.Error("restored database lost its account")
	}
}
