package e2e

import (
	"net/http"
	"sync"
	"testing"

	"reconnect/internal/i18n"
	"reconnect/internal/testkit"
)

// Norwegian is what a browser set up for Norwegian sends; English is
// what an English one sends. Chromium's own default is English, so the
// tests always say which visitor they play.
const (
	Norwegian = "nb-NO,nb;q=0.9,no;q=0.8,en;q=0.5"
	English   = "en-GB,en;q=0.9"
)

var (
	catalogOnce sync.Once
	catalog     *i18n.Catalog
	catalogErr  error
)

// msg returns the text of an i18n key, so assertions about messages
// follow copy edits but still tell the two languages apart.
func msg(t *testing.T, lang i18n.Lang, key string, args ...string) string {
	t.Helper()
	catalogOnce.Do(func() { catalog, catalogErr = i18n.Load() })
	if catalogErr != nil {
		t.Fatal(catalogErr)
	}
	if !catalog.Has(lang, key) {
		t.Fatalf("no message %s in %s", key, lang)
	}
	return catalog.T(lang, key, args...)
}

// TestSignInAndOut signs in and out through the header and the sign-in
// form in both languages, the way a member does, because the session
// cookie, the redirects, the notices and the language switch only meet
// in a real browser.
func TestSignInAndOut(t *testing.T) {
	t.Parallel()
	env := start(t)
	tb := NewTab(t, env, Norwegian)

	// Bokmål: the default for a Norwegian browser.
	tb.Go("/")
	if got := tb.Lang(); got != "nb" {
		t.Fatalf("a Norwegian visitor gets lang %q", got)
	}
	tb.WantText("header nav", "Logg inn")
	if st := tb.SignIn("member", testkit.Password); st != http.StatusOK {
		t.Fatalf("sign-in ends on status %d", st)
	}
	if p := tb.Path(); p != "/" {
		t.Fatalf("after sign-in the browser is at %s, want /", p)
	}
	tb.WantHeading(msg(t, i18n.NB, "home.welcome", "name", env.Member.Pseudonym))
	tb.WantText("header nav", "Logg ut")
	tb.SignOut()
	if p := tb.Path(); p != "/" {
		t.Fatalf("after sign-out the browser is at %s, want /", p)
	}
	tb.WantText("main .notice", "Du er logget ut.")
	tb.WantText("header nav", "Logg inn")
	if st := tb.Go("/settings"); tb.Path() != "/login?next=%2Fsettings" {
		t.Errorf("/settings after sign-out: status %d at %s, want the sign-in page", st, tb.Path())
	}

	// English, chosen with the switch in the header.
	tb.Go("/login")
	tb.SwitchLanguage("en")
	if p := tb.Path(); p != "/login" {
		t.Errorf("the language switch went to %s, want back to /login", p)
	}
	tb.WantHeading("Sign in")
	tb.WantText(`label[for="f-password"]`, msg(t, i18n.EN, "label.password"))
	tb.SignIn("member", testkit.Password)
	// The fixture member had saved Bokmål; the English chosen just before
	// signing in is kept and saved on the account.
	if got := tb.Lang(); got != "en" {
		t.Fatalf("the English chosen before sign-in was lost: page is in %q", got)
	}
	tb.WantText("header nav", "Sign out")
	tb.SignOut()
	tb.WantText("main .notice", "You are signed out.")
	tb.WantText("header nav", "Sign in")
	// The choice is on the account now: the next sign-in is in English.
	tb.SignIn("member", testkit.Password)
	if got := tb.Lang(); got != "en" {
		t.Errorf("after choosing English while signed in, the next sign-in is in %q", got)
	}
	tb.WantText("header nav", "Sign out")
	tb.SignOut()
}

// TestWrongPassword shows that a failed sign-in says what is wrong in
// the visitor's language, and signs nobody in.
func TestWrongPassword(t *testing.T) {
	t.Parallel()
	env := start(t)
	for _, c := range []struct {
		lang           i18n.Lang
		acceptLanguage string
		signIn         string // the sign-in link that shows the visitor is still anonymous
	}{
		{i18n.NB, Norwegian, "Logg inn"},
		{i18n.EN, English, "Sign in"},
	} {
		t.Run(string(c.lang), func(t *testing.T) {
			tb := NewTab(t, env, c.acceptLanguage)
			st := tb.SignIn("member", "not the password")
			if st < 400 || st > 499 {
				t.Errorf("wrong password: status %d, want 4xx", st)
			}
			if got := tb.Lang(); got != string(c.lang) {
				t.Errorf("the answer is in %q, want %s", got, c.lang)
			}
			// The sign-in form comes back with the problem on top, so the
			// member can try again at once.
			tb.WantText(".error-summary", msg(t, c.lang, "err.invalid_credentials"))
			if v := Eval[string](tb, `(document.getElementById("f-login")||{}).value||""`); v != "member" {
				t.Errorf("the sign-in form is not back with the login filled in (got %q): %s", v, tb.Text("main"))
			}
			tb.WantText("header nav", c.signIn)
			if tb.Has(`header form[action="/logout"]`) {
				t.Error("a wrong password signed the visitor in")
			}
		})
	}
}

// TestLanguageFromBrowser shows that the language follows the browser's
// Accept-Language, and that Bokmål is the default for everything else.
func TestLanguageFromBrowser(t *testing.T) {
	t.Parallel()
	env := start(t)
	for _, c := range []struct{ acceptLanguage, want string }{
		{English, "en"},
		{Norwegian, "nb"},
		{"de-DE,de;q=0.9", "nb"},
	} {
		tb := NewTab(t, env, c.acceptLanguage)
		tb.Go("/")
		if got := tb.Lang(); got != c.want {
			t.Errorf("Accept-Language %q: page in %q, want %s", c.acceptLanguage, got, c.want)
		}
		heading := msg(t, i18n.Lang(c.want), "home.anon.heading")
		tb.WantHeading(heading)
	}
}
