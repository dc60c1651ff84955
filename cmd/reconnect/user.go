package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"reconnect/internal/app"
	"reconnect/internal/apperr"
	"reconnect/internal/i18n"
	"reconnect/internal/identity"
)

// userCreate makes an account from the command line, so the first
// administrator exists before anyone can use the web.
func userCreate(ctx context.Context, args []string, e env) error {
	cfg, fs := parseConfig("user create", e)
	role := fs.String("role", "", "service_user, peer_moderator, provider, admin or researcher")
	login := fs.String("login", "", "login name")
	community := fs.String("community", "", "community slug (required for service users and peer moderators)")
	pseudonym := fs.String("pseudonym", "", "forum pseudonym for service users and peer moderators (default: the login)")
	name := fs.String("name", "", "name shown for other roles (default: the login)")
	pwFile := fs.String("password-file", "", "read the password from this file instead of stdin")
	if err := finish(cfg, fs, args); err != nil {
		return err
	}
	if *role == "" || *login == "" {
		return errors.New("--role and --login are required")
	}
	password, err := readPassword(e, *pwFile)
	if err != nil {
		return err
	}
	log := newLogger(e.stderr, cfg.LogFormat, "warn")
	a, err := app.Open(ctx, *cfg, log, app.Options{NoDataKey: true})
	if err != nil {
		return err
	}
	defer a.Close()
	in := identity.NewUser{Login: *login, Password: password, Role: identity.Role(*role), Pseudonym: *pseudonym, Name: *name}
	if in.Pseudonym == "" {
		in.Pseudonym = *login
	}
	if in.Name == "" {
		in.Name = *login
	}
	if *community != "" {
		c, err := a.Identity.CommunityBySlug(ctx, *community)
		if err != nil {
			return fmt.Errorf("no community with slug %q", *community)
		}
		in.CommunityID = c.ID
	}
	u, err := a.Identity.CreateUser(ctx, nil, in)
	if err != nil {
		return describe(err)
	}
	printf(e.stdout, "created %s %q (id %d)\n", u.Role, u.Login, u.ID)
	return nil
}

// readPassword reads one line from the file, or from stdin (without echo
// when stdin is a terminal).
func readPassword(e env, file string) (string, error) {
	if file != "" {
		b, err := os.ReadFile(file) // #nosec G304 -- the password file the operator names
		if err != nil {
			return "", err
		}
		return strings.TrimRight(string(b), "\r\n"), nil
	}
	if f, ok := e.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(e.stderr, "Password: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		return string(b), err
	}
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// describe turns a service error into an English sentence for the
// terminal, naming each field's problem.
func describe(err error) error {
	e := apperr.From(err)
	if e.Kind == apperr.KindInternal {
		return err
	}
	cat, lerr := i18n.Load()
	if lerr != nil {
		return err
	}
	msg := cat.T(i18n.EN, e.Message)
	for f, key := range e.Fields {
		msg += fmt.Sprintf("\n  %s: %s", f, cat.T(i18n.EN, key))
	}
	return errors.New(msg)
}

func printf(w io.Writer, format string, args ...any) { fmt.Fprintf(w, format, args...) }
