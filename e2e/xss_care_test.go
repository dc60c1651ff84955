package e2e

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"mime/multipart"
	"net/http"
	"testing"
	"time"

	"reconnect/internal/identity"
	"reconnect/internal/testkit/webtest"
)

// care links a provider to Havbris with a payload as the name the
// provider knows him by, and has Havbris start a conversation per
// payload — subject, body and the file name of an attached picture —
// which the provider answers with the next payload; the peer moderator
// starts a check-in with Havbris per payload too. It checks each
// conversation as Havbris, a sample as the provider and the moderator,
// every other check-in, the inboxes, the provider's care team,
// Havbris's access log, which the provider's reads fill, and a
// conversation receiving messages live.
func (x *xssWorld) care(t *testing.T) {
	began := time.Now()
	env, ps := x.env, x.payloads
	doc := env.Onboarded(t, identity.NewUser{Login: "xss.lege",
		Role: identity.Provider, Name: "Lene Lege"})
	careName := line(ps[17], 2, 100)
	call(t, env.As(t, "admin"), http.MethodPost, "/api/v1/care-team/links", map[string]any{"provider_id": fmt.Sprint(doc.ID),
		"member_id": fmt.Sprint(env.Member.ID), "member_name": careName}, nil)
	mc, dc, modc := env.As(t, "member"), env.As(t, doc.Login), env.As(t, "moderator")
	var mine, theirs, checkIns []pageCheck
	for i, p := range ps {
		subject, body, answer := line(p, 1, 140), lines(p, 1, 10000), lines(ps[(i+1)%len(ps)], 1, 10000)
		var started struct{ ID ID }
		r := startWithFile(t, mc, doc.ID, subject, body, oneLine(p))
		if r.Status != http.StatusCreated {
			t.Fatalf("starting a conversation with payload %d: %d %.300s", i, r.Status, r.Body)
		}
		r.JSON(t, &started)
		call(t, dc, http.MethodPost, idPath("/api/v1/conversations/%s/messages", started.ID), map[string]any{"body": answer}, nil)
		var conv struct {
			Messages []struct {
				Attachments []struct{ Name string }
			}
		}
		call(t, mc, http.MethodGet, idPath("/api/v1/conversations/%s", started.ID), nil, &conv)
		file := conv.Messages[0].Attachments[0].Name
		// Messages are Markdown: their text is checked against the
		// post policy, not read back.
		mine = append(mine, shows(fmt.Sprintf("conversation %d", i), idPath("/messages/%s", started.ID), 4, subject, file))
		if i%4 == 2 { // the same page as Havbris's
			theirs = append(theirs, shows(fmt.Sprintf("conversation %d as the provider", i), idPath("/messages/%s", started.ID), 4, subject, file))
		}

		call(t, modc, http.MethodPost, "/api/v1/conversations", map[string]any{"participant_pseudonyms": []string{env.Member.Pseudonym},
			"subject": subject, "body": body}, &started)
		if i%2 == 0 { // the same page as the care conversations, whose bodies are all shown
			checkIns = append(checkIns, shows(fmt.Sprintf("check-in %d", i), idPath("/messages/%s", started.ID), 2, subject))
		}
	}
	defer stored(t, began)()

	x.liveMessages(t, mc, dc, doc.ID)
	x.fetch(x.tabsAs(t, "member"), append(mine, checkIns...))
	x.fetch(x.tabsAs(t, doc.Login), theirs)
	x.fetch(x.tabsAs(t, "moderator"), checkIns[:len(checkIns)/4])
	x.visit(x.tabsAs(t, doc.Login), []pageCheck{
		shows("provider's inbox", "/messages", 0), shows("provider's unread", "/messages?filter=all", 0),
		shows("provider's care team", "/care", 1, careName), shows("provider's notices", "/notifications", 0)})
	x.visit(x.tabsAs(t, "member"), []pageCheck{shows("member's inbox", "/messages", 0), shows("member's access log", "/care/access-log", 0),
		shows("member's new message form", "/messages/new", 0)})
	x.visit(x.tabsAs(t, "moderator"), []pageCheck{shows("moderator's inbox", "/messages", 0)})
}

// startWithFile starts a care conversation with a picture attached
// under the given file name, as a form with a file field would.
func startWithFile(t *testing.T, c *webtest.Client, provider int64, subject, body, name string) *webtest.Response {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, v := range map[string]string{"subject": subject, "body": body, "participant_ids": fmt.Sprint(provider)} {
		if err := w.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	f, err := w.CreateFormFile("attachment", name+".png")
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, image.NewGray(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return c.Raw(http.MethodPost, "/api/v1/conversations", w.FormDataContentType(), b.Bytes())
}

// liveMessages opens a conversation as Havbris and has the provider
// write the payloads that would run on insertion: the page learns of
// each message from the stream, fetches itself again and puts the new
// list in place, where an image's onerror would fire at once.
func (x *xssWorld) liveMessages(t *testing.T, mc, dc *webtest.Client, provider int64) {
	var started struct{ ID ID }
	call(t, mc, http.MethodPost, "/api/v1/conversations", map[string]any{"participant_ids": []string{fmt.Sprint(provider)},
		"subject": "Direkte", "body": "Hei."}, &started)
	tb := x.signedIn(t, "member")
	tb.Go(idPath("/messages/%s", started.ID))
	count := func(n int) string { return fmt.Sprintf(`document.querySelectorAll("#messages > li").length === %d`, n) }
	send := func(body string) {
		call(t, dc, http.MethodPost, idPath("/api/v1/conversations/%s/messages", started.ID), map[string]any{"body": body}, nil)
	}
	// The stream connects after the page has loaded: write until a
	// message arrives, so that no payload is sent before anyone listens.
	n, live := 1, false
	for k := 0; k < 30 && !live; k++ {
		send(fmt.Sprintf("Oppvarming %d", k))
		n++
		live = await(tb, count(n), 500*time.Millisecond)
	}
	if !live {
		t.Fatal("no message arrived over the stream")
	}
	sent := x.livePayloads()
	for _, i := range sent {
		send(lines(x.payloads[i], 1, 10000))
		n++
		if !await(tb, count(n), 5*time.Second) {
			t.Fatalf("the live message with payload %d did not arrive", i)
		}
	}
	v := Eval[verdict](tb, "("+xssCheckJS+")(document, "+mustJSON(t, checkOpts{Posts: -1, Live: true})+")")
	v.Status = http.StatusOK
	x.judge(t, pageCheck{what: "conversation with live messages", path: idPath("/messages/%s", started.ID), items: len(sent)}, v, true)
	tb.checkProblems()
}
