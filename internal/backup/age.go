package backup

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"filippo.io/age"
	"filippo.io/age/armor"
)

// Format is what a backup file holds.
type Format int

// The backup formats: a plain SQLite database file, or one encrypted with
// age (binary, as written by backup; ASCII-armoured, as `age -a` writes,
// is read too).
const (
	Plain Format = iota
	Age
	AgeArmored
)

const ageMagic = "age-encryption.org/v1\n"

// Sniff reads the start of r and reports the format; the returned reader
// yields the whole stream again.
func Sniff(r io.Reader) (Format, io.Reader, error) {
	br := bufio.NewReader(r)
	head, err := br.Peek(len(armor.Header))
	if err != nil && !errors.Is(err, io.EOF) {
		return 0, nil, err
	}
	switch {
	case bytes.HasPrefix(head, []byte(sqliteMagic)):
		return Plain, br, nil
	case bytes.HasPrefix(head, []byte(ageMagic)):
		return Age, br, nil
	case bytes.HasPrefix(head, []byte(armor.Header)):
		return AgeArmored, br, nil
	}
	return 0, nil, errors.New("neither a SQLite database nor an age-encrypted file")
}

// Recipients parses age recipients: single public keys and/or a
// recipients file (one per line, # comments), as the age tool takes them.
func Recipients(keys []string, file string) ([]age.Recipient, error) {
	var text strings.Builder
	for _, k := range keys {
		text.WriteString(k + "\n")
	}
	if file != "" {
		b, err := os.ReadFile(file) // #nosec G304 -- the recipients file the operator names
		if err != nil {
			return nil, err
		}
		text.Write(b)
		text.WriteString("\n")
	}
	rs, err := age.ParseRecipients(strings.NewReader(text.String()))
	if err != nil {
		return nil, fmt.Errorf("age recipients: %w", err)
	}
	return rs, nil
}

// Identities reads an age identity file (as age-keygen writes it).
func Identities(file string) ([]age.Identity, error) {
	f, err := os.Open(file) // #nosec G304 -- the identity file the operator names
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ids, err := age.ParseIdentities(f)
	if err != nil {
		return nil, fmt.Errorf("age identity file %s: %w", file, err)
	}
	return ids, nil
}

// Encrypt streams the file at src to w, encrypted to rs.
func Encrypt(w io.Writer, src string, rs []age.Recipient) error {
	in, err := os.Open(src) // #nosec G304 -- the snapshot that backup just wrote
	if err != nil {
		return err
	}
	defer in.Close()
	enc, err := age.Encrypt(w, rs...)
	if err != nil {
		return fmt.Errorf("age: %w", err)
	}
	if _, err := io.Copy(enc, in); err != nil {
		return err
	}
	return enc.Close()
}

// Decrypt returns the plaintext of an age stream of the given format.
// Tampering or truncation shows as an error from Read, at the latest at
// the end of the stream, so read it to the end before trusting any of it.
func Decrypt(r io.Reader, f Format, ids []age.Identity) (io.Reader, error) {
	if f == AgeArmored {
		r = armor.NewReader(r)
	}
	if len(ids) == 0 {
		return nil, errors.New("the backup is encrypted with age: give --age-identity-file")
	}
	out, err := age.Decrypt(r, ids...)
	if err != nil {
		var nm *age.NoIdentityMatchError
		if errors.As(err, &nm) {
			return nil, errors.New("the age identity does not match any recipient of this backup")
		}
		return nil, fmt.Errorf("age: %w", err)
	}
	return out, nil
}
