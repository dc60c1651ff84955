package identity_test

import (
	"reflect"
	"testing"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

func TestRegisterRefusesBadInputAndWritesNothing(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		w := testkit.NewWorld(t, db)
		inv, _ := w.IDs.CreateInvitation(ctx, &w.Admin, identity.NewInvitation{Role: identity.ServiceUser, CommunityID: w.Fjordvik.ID})
		staff, _ := w.IDs.CreateInvitation(ctx, &w.Admin, identity.NewInvitation{Role: identity.Provider})
		good := identity.Registration{Invitation: inv.Code, Login: "fresh", Password: "a long enough secret", Pseudonym: "Ny Her", AcceptTerms: true}
		cases := []struct {
			name  string
			edit  func(r *identity.Registration)
			field string
			kind  apperr.Kind
		}{
			{"short password", func(r *identity.Registration) { r.Password = "short" }, "password", apperr.KindInvalid},
			{"password is login", func(r *identity.Registration) { r.Login, r.Password = "samesame12", "SameSame12" }, "password", apperr.KindInvalid},
			{"login with space", func(r *identity.Registration) { r.Login = "has space" }, "login", apperr.KindInvalid},
			{"login too short", func(r *identity.Registration) { r.Login = "ab" }, "login", apperr.KindInvalid},
			{"login with control char", func(r *identity.Registration) { r.Login = "a\x00bcd" }, "login", apperr.KindInvalid},
			{"login taken, other case", func(r *identity.Registration) { r.Login = "MEMBER" }, "login", apperr.KindConflict},
			{"pseudonym taken, other case", func(r *identity.Registration) { r.Pseudonym = "havBRIS" }, "pseudonym", apperr.KindConflict},
			{"pseudonym taken, full-width letters", func(r *identity.Registration) { r.Pseudonym = "Ｈａｖｂｒｉｓ" }, "pseudonym", apperr.KindConflict},
			{"pseudonym missing", func(r *identity.Registration) { r.Pseudonym = "" }, "pseudonym", apperr.KindInvalid},
			{"pseudonym with markup", func(r *identity.Registration) { r.Pseudonym = "<b>bold</b>" }, "pseudonym", apperr.KindInvalid},
			{"pseudonym with newline", func(r *identity.Registration) { r.Pseudonym = "two\nlines" }, "pseudonym", apperr.KindInvalid},
			{"terms not accepted", func(r *identity.Registration) { r.AcceptTerms = false }, "accept_terms", apperr.KindInvalid},
			{"staff without name", func(r *identity.Registration) { r.Invitation = staff.Code; r.Name = "" }, "name", apperr.KindInvalid},
		}
		for _, c := range cases {
			before := testkit.Counts(t, db)
			r := good
			c.edit(&r)
			_, err := w.IDs.Register(ctx, r)
			e := apperr.From(err)
			if e.Kind != c.kind || e.Fields[c.field] == "" {
				t.Errorf("%s: got %v fields %v, want kind %d on %s", c.name, err, e.Fields, c.kind, c.field)
			}
			if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
				t.Errorf("%s: rows changed: %v -> %v", c.name, before, after)
			}
		}
		// The invitation is still usable after all those failures.
		u, err := w.IDs.Register(ctx, good)
		if err != nil || u.Pseudonym != "Ny Her" || u.CommunityID != w.Fjordvik.ID {
			t.Fatalf("good registration: %+v %v", u, err)
		}
		cs, _ := w.IDs.Consents(ctx, &u)
		if len(cs) != 3 {
			t.Fatalf("consents without study: %+v", cs)
		}
	})
}

// Text full of SQL and template metacharacters is stored verbatim.
func TestMetacharactersAreStoredVerbatim(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		w := testkit.NewWorld(t, db)
		inv, _ := w.IDs.CreateInvitation(ctx, &w.Admin, identity.NewInvitation{Role: identity.Provider})
		name := `Robert'); DROP TABLE users;-- {{.}} %s $1 \`
		pw := `' OR '1'='1'; --{{ }}`
		u, err := w.IDs.Register(ctx, identity.Registration{Invitation: inv.Code, Login: "o'brien", Password: pw, Name: name, AcceptTerms: true})
		if apperr.From(err).Fields["login"] == "" {
			t.Fatalf("quote in login should be refused as a character, got %v", err)
		}
		u, err = w.IDs.Register(ctx, identity.Registration{Invitation: inv.Code, Login: "obrien", Password: pw, Name: name, AcceptTerms: true})
		if err != nil {
			t.Fatal(err)
		}
		got, err := w.IDs.RealName(ctx, &u, u.ID)
		if err != nil || got != name {
			t.Fatalf("name %q, %v", got, err)
		}
		if _, err := w.IDs.Login(ctx, "obrien", pw, "192.0.2.1"); err != nil {
			t.Fatalf("login with metacharacter password: %v", err)
		}
		if _, err := w.IDs.Login(ctx, "obrien' --", pw, "192.0.2.1"); !apperr.Is(err, apperr.KindUnauthorized) {
			t.Fatalf("injection attempt: %v", err)
		}
	})
}

func TestRealNameOnlyForItsOwner(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		w := testkit.NewWorld(t, db)
		if n, err := w.IDs.RealName(ctx, &w.Provider, w.Provider.ID); err != nil || n != "Per Provider" {
			t.Fatalf("own name %q %v", n, err)
		}
		if _, err := w.IDs.RealName(ctx, &w.Admin, w.Provider.ID); !apperr.Is(err, apperr.KindNotFound) {
			t.Fatalf("admin reading a real name: %v", err)
		}
	})
}
