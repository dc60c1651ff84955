package e2e

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"

	"reconnect/internal/i18n"
	"reconnect/internal/identity"
)

// virtualAuthenticator gives the tab a platform authenticator that holds
// discoverable credentials and verifies the user at once, as a phone's
// fingerprint reader would.
func (tb *Tab) virtualAuthenticator(transport webauthn.AuthenticatorTransport) webauthn.AuthenticatorID {
	tb.t.Helper()
	var id webauthn.AuthenticatorID
	tb.Do("adding a virtual authenticator", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, webauthn.Enable, webauthn.EnableParams{}); err != nil {
			return err
		}
		res, err := cdp.Call(ctx, t, webauthn.AddVirtualAuthenticator, webauthn.AddVirtualAuthenticatorParams{Options: &webauthn.VirtualAuthenticatorOptions{
			Protocol: webauthn.AuthenticatorProtocolCtap2, Ctap2version: webauthn.Ctap2versionCtap21, Transport: transport,
			HasResidentKey: true, HasUserVerification: true, IsUserVerified: true, AutomaticPresenceSimulation: true}})
		if err != nil {
			return err
		}
		id = res.AuthenticatorID
		return nil
	}))
	return id
}

// WaitPath waits up to ten seconds for a script to take the browser to
// path.
func (tb *Tab) WaitPath(path string) {
	tb.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for tb.Path() != path {
		if time.Now().After(deadline) {
			tb.t.Fatalf("after 10 s the browser is at %s, want %s: %s", tb.Path(), path, tb.Text("main"))
		}
		time.Sleep(100 * time.Millisecond)
	}
	tb.Do("waiting for the page", chromedp.WaitReady("body"))
}

// TestPasskeys joins with a passkey from an invitation, signs out, signs
// in again with the passkey alone, adds and removes a second passkey,
// and is refused removing the last one.
func TestPasskeys(t *testing.T) {
	t.Parallel()
	env := start(t)
	tb := NewTab(t, env, Norwegian)
	phone := tb.virtualAuthenticator(webauthn.AuthenticatorTransportInternal)
	code := invite(t, env, identity.ServiceUser, env.Fjordvik.ID)

	tb.Go("/register?code=" + url.QueryEscape(code))
	if !tb.Has(`[data-passkey-register]:not([hidden])`) {
		t.Fatal("the passkey option is not offered to a browser that supports passkeys")
	}
	tb.Type("#f-passkey-login", "nokkel.bruker")
	tb.Do("joining with a passkey", chromedp.Click(chromedp.CSS(`form[data-passkey-form] button[type=submit]`)))
	tb.WaitPath("/consent")
	tb.Check("f-accept_terms")
	tb.Click(`main form[action="/consent"] button[type=submit]`)
	tb.Type("#f-pseudonym", "Nøkkelbærer")
	tb.Click(`main form[action="/onboarding/pseudonym"] button[type=submit]`)
	tb.Click(`main form[action="/onboarding/welcome"] button[type=submit]`)
	tb.WantHeading(msg(t, i18n.NB, "home.welcome", "name", "Nøkkelbærer"))

	// Sign out and back in with the passkey alone: no login name, no password.
	tb.SignOut()
	tb.Go("/login")
	tb.Do("signing in with a passkey", chromedp.Click(chromedp.CSS(`[data-passkey-login] button`)))
	tb.WaitPath("/")
	tb.WantHeading(msg(t, i18n.NB, "home.welcome", "name", "Nøkkelbærer"))

	// Settings: add a second passkey, remove it; the last one stays.
	tb.Go("/settings")
	if n := Eval[int](tb, `document.querySelectorAll('form[action^="/settings/passkeys/"]').length`); n != 1 {
		t.Fatalf("%d passkeys listed, want 1", n)
	}
	// The phone already holds a passkey for this account (the server
	// excludes it), so the second comes from a security key.
	tb.Do("putting the phone away", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, webauthn.RemoveVirtualAuthenticator, webauthn.RemoveVirtualAuthenticatorParams{AuthenticatorID: phone})
		return err
	}))
	tb.virtualAuthenticator(webauthn.AuthenticatorTransportUsb)
	tb.Type("#f-passkey-name", "Nøkkel 2")
	tb.Do("adding a passkey", chromedp.Click(chromedp.CSS(`[data-passkey-add] button[type=submit]`)))
	deadline := time.Now().Add(10 * time.Second)
	for Eval[int](tb, `document.querySelectorAll('form[action^="/settings/passkeys/"]').length`) != 2 {
		if time.Now().After(deadline) {
			t.Fatalf("the second passkey did not appear: %s", tb.Text("[data-passkey-error]"))
		}
		time.Sleep(100 * time.Millisecond)
	}
	tb.WantText("#s-passkeys + p + ul", "Nøkkel 2")
	tb.Click(`form[action^="/settings/passkeys/"] button`)
	tb.WantText("main .notice", msg(t, i18n.NB, "flash.passkey_removed"))
	tb.Click(`form[action^="/settings/passkeys/"] button`)
	tb.WantText(".error-summary", msg(t, i18n.NB, "err.last_sign_in_method"))
	var n int
	if err := env.DB.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM passkeys`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("%d passkeys stored (%v), want 1", n, err)
	}
}
