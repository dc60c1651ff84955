package seal_test

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"reconnect/internal/seal"
)

func TestSealOpen(t *testing.T) {
	a, b := seal.RandomKey(), seal.RandomKey()
	kr := seal.NewKeyring(a)
	text := "Jeg har det tungt i dag – æøå 😊"
	v, err := kr.Seal("messages", "body", 7, text)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(v, "tungt") || seal.KeyOf(v) != a.ID {
		t.Fatalf("sealed value %q", v)
	}
	if got, err := kr.Open("messages", "body", 7, v); err != nil || got != text {
		t.Fatalf("open: %q %v", got, err)
	}
	again, _ := kr.Seal("messages", "body", 7, text)
	if again == v {
		t.Error("two seals of the same text are equal: the nonce is not random")
	}
	// Bound to its place: another row, column or table does not open it.
	for _, place := range []struct {
		table, column string
		row           int64
	}{{"messages", "body", 8}, {"messages", "body_html", 7}, {"conversations", "body", 7}} {
		if _, err := kr.Open(place.table, place.column, place.row, v); !errors.Is(err, seal.ErrOpen) {
			t.Errorf("opened at %v: %v", place, err)
		}
	}
	// Tampering, truncation, junk and a keyring without the key fail.
	raw := strings.TrimPrefix(v, "s1."+a.ID+".")
	b64, _ := base64.RawURLEncoding.DecodeString(raw)
	b64[len(b64)-1] ^= 1
	for name, bad := range map[string]string{
		"flipped bit": "s1." + a.ID + "." + base64.RawURLEncoding.EncodeToString(b64),
		"truncated":   v[:len(v)-10],
		"plain text":  text,
		"empty":       "",
		"short":       "s1." + a.ID + ".AAAA",
	} {
		if _, err := kr.Open("messages", "body", 7, bad); !errors.Is(err, seal.ErrOpen) {
			t.Errorf("%s opened: %v", name, err)
		}
	}
	if _, err := seal.NewKeyring(b).Open("messages", "body", 7, v); !errors.Is(err, seal.ErrOpen) {
		t.Errorf("opened without its key: %v", err)
	}
	// A rotation keyring opens both and seals under the new key.
	rot := seal.NewKeyring(b, a)
	if got, err := rot.Open("messages", "body", 7, v); err != nil || got != text {
		t.Errorf("rotation keyring: %q %v", got, err)
	}
	if w, _ := rot.Seal("messages", "body", 7, text); seal.KeyOf(w) != b.ID {
		t.Errorf("rotation keyring seals under %s", seal.KeyOf(w))
	}
}

func TestKeyFiles(t *testing.T) {
	dir := t.TempDir()
	k, err := seal.WriteKeyFile(filepath.Join(dir, "k"))
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(filepath.Join(dir, "k")); st.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v", st.Mode().Perm())
	}
	if got, err := seal.LoadKey(filepath.Join(dir, "k")); err != nil || got.ID != k.ID {
		t.Fatalf("load hex: %v %v", got.ID, err)
	}
	secret := []byte("0123456789abcdef0123456789abcdef")
	for name, content := range map[string][]byte{
		"raw":    secret,
		"hex":    []byte(hex.EncodeToString(secret) + "\n"),
		"base64": []byte(base64.StdEncoding.EncodeToString(secret) + "\n"),
	} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, content, 0o600)
		want, _ := seal.NewKey(secret)
		if got, err := seal.LoadKey(p); err != nil || got.ID != want.ID {
			t.Errorf("%s: %v %v", name, got.ID, err)
		}
	}
	os.WriteFile(filepath.Join(dir, "short"), []byte("too short"), 0o600)
	if _, err := seal.LoadKey(filepath.Join(dir, "short")); err == nil {
		t.Error("a short key file loaded")
	}
	if _, err := seal.LoadKey(filepath.Join(dir, "missing")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing key file: %v", err)
	}
}
