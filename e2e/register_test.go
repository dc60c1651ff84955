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

// TestRegisterWithInvitation walks onboarding as a new member does: the
// code, a login and password, consent, a pseudonym (checked as it is
// typed), the welcome. Faulty submissions explain every problem in the
// page's language and create nothing.
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

	// Step 2: a faulty password, then a good one.
	before := testkit.Counts(t, env.DB)
	tb.Type("#f-login", "ny.bruker")
	tb.Type("#f-password", "kort")
	if st := tb.Click(`main form[action="/register"][method="post"] button[type=submit]`); st < 400 || st > 499 {
		t.Errorf("faulty registration: status %d, want 4xx", st)
	}
	wantFormErrors(t, tb, i18n.NB, map[string]string{"password": "field.password.short"})
	if v := Eval[string](tb, `document.getElementById("f-login").value`); v != "ny.bruker" {
		t.Errorf("the login field lost what was typed: %q", v)
	}
	if v := Eval[string](tb, `document.getElementById("f-password").value`); v != "" {
		t.Errorf("the password came back in the page: %q", v)
	}
	if after := testkit.Counts(t, env.DB); !maps.Equal(before, after) {
		t.Errorf("a refused registration changed the database:\nbefore %v\nafter  %v", before, after)
	}
	tb.Type("#f-password", "en lang og god setning")
	tb.Click(`main form[action="/register"][method="post"] button[type=submit]`)

	// Step 3: consent. Not ticking the box is explained.
	if p := tb.Path(); p != "/consent" {
		t.Fatalf("after creating the account the browser is at %s, want /consent", p)
	}
	tb.WantText("main", "116 123")
	if st := tb.Click(`main form[action="/consent"] button[type=submit]`); st != http.StatusBadRequest {
		t.Errorf("consent without accepting: status %d", st)
	}
	wantFormErrors(t, tb, i18n.NB, map[string]string{"accept_terms": "field.accept_terms.required"})
	tb.Check("f-accept_terms")
	tb.Click(`main form[action="/consent"] button[type=submit]`)

	// Step 4: the pseudonym, checked as it is typed.
	if p := tb.Path(); p != "/onboarding/pseudonym" {
		t.Fatalf("after consent the browser is at %s", p)
	}
	tb.Type("#f-pseudonym", "Havbris")
	tb.WaitText("#pseudonym-status", msg(t, i18n.NB, "field.pseudonym.taken"))
	tb.Type("#f-pseudonym", "Fjellvind")
	tb.WaitText("#pseudonym-status", msg(t, i18n.NB, "js.pseudonym_available"))
	tb.Click(`main form[action="/onboarding/pseudonym"] button[type=submit]`)

	// Step 5: the welcome confirms the community and explains who sees what.
	if p := tb.Path(); p != "/onboarding/welcome" {
		t.Fatalf("after the pseudonym the browser is at %s", p)
	}
	tb.WantText("main .lead", env.Fjordvik.Name)
	tb.Click(`main form[action="/onboarding/welcome"] button[type=submit]`)
	if p := tb.Path(); p != "/" {
		t.Fatalf("after the welcome the browser is at %s: %s", p, tb.Text("main"))
	}
	tb.WantHeading(msg(t, i18n.NB, "home.welcome", "name", "Fjellvind"))
	tb.WantText("main .notice", msg(t, i18n.NB, "flash.welcome"))

	// The account is real: it signs in again and goes straight home, and
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
	tb.Click(`main form[action="/register"][method="post"] button[type=submit]`)
	wantFormErrors(t, tb, i18n.EN, map[string]string{
		"login":    "field.login.length",
		"password": "field.password.short",
	})
	if after := testkit.Counts(t, env.DB); !maps.Equal(before, after) {
		t.Errorf("a refused registration changed the database:\nbefore %v\nafter  %v", before, after)
	}
}

// TestRegisterCodeStep covers the code step's other answers: an unknown
// code is explained next to the field, and a provider's onboarding asks
// for a name instead of a pseudonym.
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
	tb.Type("#f-login", "dr.berg")
	tb.Type("#f-password", "en lang og god setning")
	tb.Click(`main form[action="/register"][method="post"] button[type=submit]`)
	tb.Check("f-accept_terms")
	tb.Click(`main form[action="/consent"] button[type=submit]`)
	if p := tb.Path(); p != "/onboarding/name" || tb.Has("#f-pseudonym") {
		t.Fatalf("a provider's onboarding must ask for a name: at %s", p)
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
