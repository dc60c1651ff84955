package e2e

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"reconnect/internal/i18n"
	"reconnect/internal/identity"
	"reconnect/internal/testkit"
	"reconnect/internal/testkit/webtest"
)

// invite makes an invitation as the fixture administrator and returns
// its code.
func invite(t *testing.T, env *webtest.Env, role identity.Role, communityID int64) string {
	t.Helper()
	inv, err := env.IDs.CreateInvitation(context.Background(), &env.Admin, identity.NewInvitation{Role: role, CommunityID: communityID})
	if err != nil {
		t.Fatal(err)
	}
	return inv.Code
}

// TestRegisterWithInvitation walks the two registration steps as a new
// member does: the code first, then the form that fits the invited role.
// A first, faulty submission must explain every problem in the page's
// language and create nothing; the corrected one must create the
// account and sign it in.
func TestRegisterWithInvitation(t *testing.T) {
	t.Parallel()
	env := start(t)
	code := invite(t, env, identity.ServiceUser, env.Fjordvik.ID)
	tb := NewTab(t, env, Norwegian)

	// Step 1: the code.
	tb.Go("/")
	tb.Click(`main a[href="/register"]`)
	tb.Type("#f-code", code)
	if st := tb.Click(`main form[action="/register"] button[type=submit]`); st != http.StatusOK {
		t.Fatalf("continuing with a valid code: status %d", st)
	}
	if want := "/register?code=" + url.QueryEscape(code); tb.Path() != want {
		t.Fatalf("after step 1 the browser is at %s, want %s", tb.Path(), want)
	}
	tb.WantText("main .lead", msg(t, i18n.NB, "register.lead.service_user"))
	tb.WantText("main .lead", env.Fjordvik.Name)
	if !tb.Has("#f-pseudonym") || tb.Has("#f-name") {
		t.Fatal("a service user's form must ask for a pseudonym and not a name")
	}

	// A faulty submission: short password, terms not accepted.
	before := testkit.Counts(t, env.DB)
	tb.Type("#f-login", "ny.bruker")
	tb.Type("#f-password", "kort")
	tb.Type("#f-pseudonym", "Fjellvind")
	if st := tb.Click(`main form[action="/register"] button[type=submit]`); st < 400 || st > 499 {
		t.Errorf("faulty registration: status %d, want 4xx", st)
	}
	wantFormErrors(t, tb, i18n.NB, map[string]string{
		"password":     "field.password.short",
		"accept_terms": "field.accept_terms.required",
	})
	if got := tb.Text("#f-login-error") + tb.Text("#f-pseudonym-error"); got != "" {
		t.Errorf("fields without problems show errors: %q", got)
	}
	if v := Eval[string](tb, `document.getElementById("f-login").value`); v != "ny.bruker" {
		t.Errorf("the login field lost what was typed: %q", v)
	}
	if v := Eval[string](tb, `document.getElementById("f-password").value`); v != "" {
		t.Errorf("the password came back in the page: %q", v)
	}
	if after := testkit.Counts(t, env.DB); !maps.Equal(before, after) {
		t.Errorf("a refused registration changed the database:\nbefore %v\nafter  %v", before, after)
	}

	// Corrected: the account is made and signed in.
	tb.Type("#f-login", "ny.bruker")
	tb.Type("#f-password", "en lang og god setning")
	tb.Type("#f-pseudonym", "Fjellvind")
	tb.Check("f-accept_terms")
	if st := tb.Click(`main form[action="/register"] button[type=submit]`); st != http.StatusOK {
		t.Fatalf("registration: status %d at %s: %s", st, tb.Path(), tb.Text("main"))
	}
	if p := tb.Path(); p != "/" {
		t.Fatalf("after registration the browser is at %s, want /: %s", p, tb.Text("main"))
	}
	tb.WantHeading(msg(t, i18n.NB, "home.welcome", "name", "Fjellvind"))
	tb.WantText("main .notice", msg(t, i18n.NB, "flash.welcome"))
	if st := tb.Go("/settings"); st != http.StatusOK || tb.Path() != "/settings" {
		t.Fatalf("/settings after registration: status %d at %s", st, tb.Path())
	}
	tb.WantHeading(msg(t, i18n.NB, "settings.heading"))

	// The account is real: it signs in again with the new password, and
	// the invitation cannot be used twice.
	tb.SignOut()
	tb.SignIn("ny.bruker", "en lang og god setning")
	tb.WantHeading(msg(t, i18n.NB, "home.welcome", "name", "Fjellvind"))
	tb.SignOut()
	tb.Go("/register?code=" + url.QueryEscape(code))
	tb.WantText("#f-code-error", msg(t, i18n.NB, "field.invitation.used"))
}

// TestRegisterRefusedInEnglish submits an empty account form from an
// English browser: every problem is explained in English, and nothing is
// created.
func TestRegisterRefusedInEnglish(t *testing.T) {
	t.Parallel()
	env := start(t)
	code := invite(t, env, identity.ServiceUser, env.Granlia.ID)
	tb := NewTab(t, env, English)
	tb.Go("/register")
	tb.Type("#f-code", code)
	tb.Click(`main form[action="/register"] button[type=submit]`)
	tb.WantText("main .lead", msg(t, i18n.EN, "register.lead.service_user"))
	before := testkit.Counts(t, env.DB)
	tb.Click(`main form[action="/register"] button[type=submit]`)
	wantFormErrors(t, tb, i18n.EN, map[string]string{
		"login":        "field.login.length",
		"password":     "field.password.short",
		"pseudonym":    "field.pseudonym.length",
		"accept_terms": "field.accept_terms.required",
	})
	if after := testkit.Counts(t, env.DB); !maps.Equal(before, after) {
		t.Errorf("a refused registration changed the database:\nbefore %v\nafter  %v", before, after)
	}
}

// TestRegisterCodeStep covers the code step's other answers: an unknown
// code is explained next to the field, and an invitation for a role
// outside the forum asks for a name instead of a pseudonym.
func TestRegisterCodeStep(t *testing.T) {
	t.Parallel()
	env := start(t)
	tb := NewTab(t, env, Norwegian)

	tb.Go("/register")
	tb.Type("#f-code", "WRONG-CODE")
	if st := tb.Click(`main form[action="/register"] button[type=submit]`); st < 400 || st > 499 {
		t.Errorf("unknown code: status %d, want 4xx", st)
	}
	wantFormErrors(t, tb, i18n.NB, map[string]string{"code": "field.invitation.unknown"})
	if tb.Has("#f-login") {
		t.Error("an unknown code led to the account form")
	}

	tb.Go("/register?code=" + url.QueryEscape(invite(t, env, identity.Provider, 0)))
	tb.WantText("main .lead", msg(t, i18n.NB, "register.lead.provider"))
	if !tb.Has("#f-name") || tb.Has("#f-pseudonym") {
		t.Error("a provider's form must ask for a name and not a pseudonym")
	}
}

// wantFormErrors checks a refused form the way a screen reader user
// meets it: a summary that has focus and links to each field, and each
// field marked invalid with its own message, all in lang.
func wantFormErrors(t *testing.T, tb *Tab, lang i18n.Lang, fields map[string]string) {
	t.Helper()
	if got := tb.Lang(); got != string(lang) {
		t.Errorf("the refused form is in %q, want %s", got, lang)
	}
	if !tb.Has(".error-summary") {
		t.Fatalf("no error summary on %s: %s", tb.Path(), tb.Text("main"))
	}
	tb.WantText(".error-summary h2", msg(t, lang, "form.summary_title"))
	if !Eval[bool](tb, `document.activeElement!==null && document.activeElement.classList.contains("error-summary")`) {
		t.Error("the error summary does not have focus")
	}
	for field, key := range fields {
		text := msg(t, lang, key)
		tb.WantText(`.error-summary a[href="#f-`+field+`"]`, text)
		tb.WantText("#f-"+field+"-error", text)
		if v := Eval[string](tb, `document.getElementById("f-`+field+`").getAttribute("aria-invalid")||""`); v != "true" {
			t.Errorf("#f-%s has aria-invalid=%q, want true", field, v)
		}
		if d := Eval[string](tb, `document.getElementById("f-`+field+`").getAttribute("aria-describedby")||""`); !containsWord(d, "f-"+field+"-error") {
			t.Errorf("#f-%s is described by %q, which leaves out its error", field, d)
		}
	}
}

func containsWord(list, word string) bool {
	return slices.Contains(strings.Fields(list), word)
}
