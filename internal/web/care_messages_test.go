package web_test

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"image/png"
	"mime/multipart"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"reconnect/internal/attach/attachtest"
	"reconnect/internal/identity"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
	"reconnect/internal/testkit/webtest"
)

// careWorld: Kari (member) is linked to Per Provider; Liv Lege is a
// provider linked to nobody. Provider clients fail the test if any
// response shows them a pseudonym.
type careWorld struct {
	*forumWorld
	provider, provider2, admin *webtest.Client
	link                       string
	provider2ID                int64
}

func newCareWorld(t *testing.T, db *sqldb.DB) *careWorld {
	t.Helper()
	fw := newForumWorld(t, db)
	p2, err := fw.IDs.CreateUser(context.Background(), &fw.Admin, identity.NewUser{Login: "provider2", Password: testkit.Password, Role: identity.Provider, Name: "Liv Lege"})
	if err != nil {
		t.Fatal(err)
	}
	if err := fw.IDs.CompleteOnboarding(context.Background(), &p2); err != nil {
		t.Fatal(err)
	}
	cw := &careWorld{forumWorld: fw, provider: fw.As(t, "provider"), provider2: fw.As(t, "provider2"), admin: fw.As(t, "admin"), provider2ID: p2.ID}
	cw.provider.Forbid = []string{"Havbris", "Morgengry"}
	cw.provider2.Forbid = cw.provider.Forbid
	cw.link = created(t, cw.admin.Do("POST", "/api/v1/care-team/links", map[string]any{"provider_id": id(fw.Provider.ID), "member_id": id(fw.Member.ID),
		"member_name": "Kari Nordmann"}), "id")
	return cw
}

// upload posts a multipart form with files (name → content) in
// "attachment".
func upload(c *webtest.Client, path string, fields map[string]string, files map[string][]byte) *webtest.Response {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	for name, data := range files {
		fw, _ := mw.CreateFormFile("attachment", name)
		_, _ = fw.Write(data)
	}
	_ = mw.Close()
	return c.Raw("POST", path, mw.FormDataContentType(), buf.Bytes())
}

func smallPNG() []byte {
	var b bytes.Buffer
	_ = png.Encode(&b, image.NewGray(image.Rect(0, 0, 4, 3)))
	return b.Bytes()
}

// A service user and their provider hold a care conversation over the
// API: names and never pseudonyms, read receipts, the provider's inbox
// filters, attachments, the access log, closing and reopening, crisis
// numbers for the writer and nothing for moderators.
func TestCareConversationOverHTTP(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		cw := newCareWorld(t, db)
		conv := created(t, cw.kari.Do("POST", "/api/v1/conversations", map[string]any{"participant_ids": []string{id(cw.Provider.ID)},
			"subject": "Spørsmål om søvnen", "body": "Jeg sover dårlig etter at dosen ble endret."}), "id")

		// The provider's inbox: by real name, unread, awaiting a reply.
		r := cw.provider.Get("/api/v1/conversations")
		mustStatus(t, r, 200)
		if !strings.Contains(r.Text(), "Kari Nordmann") || !strings.Contains(r.Text(), `"unread":true`) || !strings.Contains(r.Text(), `"awaiting_reply":true`) {
			t.Errorf("provider's inbox: %s", r.Body)
		}
		for filter, want := range map[string]bool{"unread": true, "awaiting": true, "closed": false, "all": true} {
			if r := cw.provider.Get("/api/v1/conversations?filter=" + filter); strings.Contains(r.Text(), "Spørsmål om søvnen") != want {
				t.Errorf("filter %s: %s", filter, r.Body)
			}
		}
		if r := cw.provider.Get("/api/v1/conversations?filter=nonsense"); r.Status != 400 {
			t.Errorf("an unknown filter: %d", r.Status)
		}
		// Unread badge count, then reading clears it and tells the member.
		if r := cw.provider.Get("/api/v1/conversations/unread"); !strings.Contains(r.Text(), `"count":1`) {
			t.Errorf("provider's unread count: %s", r.Body)
		}
		r = cw.provider.Get("/api/v1/conversations/" + conv)
		if r.Status != 200 || !strings.Contains(r.Text(), `"author":"Kari Nordmann"`) {
			t.Fatalf("provider reads: %d %s", r.Status, r.Body)
		}
		if r := cw.provider.Get("/api/v1/conversations/unread"); !strings.Contains(r.Text(), `"count":0`) {
			t.Errorf("after reading: %s", r.Body)
		}
		if r := cw.kari.Get("/api/v1/conversations/" + conv); !strings.Contains(r.Text(), `"read_by":["Per Provider"]`) {
			t.Errorf("the member does not see it read: %s", r.Body)
		}
		// The provider's view is in the member's access log, and only hers.
		if r := cw.kari.Get("/api/v1/access-log"); !strings.Contains(r.Text(), `"viewer":"Per Provider"`) || !strings.Contains(r.Text(), `"object_kind":"conversation"`) {
			t.Errorf("access log: %s", r.Body)
		}
		for _, c := range []*webtest.Client{cw.provider, cw.mod, cw.admin} {
			if r := c.Get("/api/v1/access-log"); r.Status != 404 {
				t.Errorf("an access log for a non-member: %d", r.Status)
			}
		}
		if r := cw.ola.Get("/api/v1/access-log"); r.Status != 200 || strings.Contains(r.Text(), "Per Provider") {
			t.Errorf("another member's access log: %d %s", r.Status, r.Body)
		}

		// The provider answers with a picture; the member downloads it.
		r = upload(cw.provider, "/api/v1/conversations/"+conv+"/messages", map[string]string{"body": "Her er søvndagboken."}, map[string][]byte{"dagbok.png": smallPNG()})
		mustStatus(t, r, 201)
		var got struct {
			Messages []struct {
				Author      string
				Attachments []struct{ URL, Name, Type string }
			}
		}
		cw.kari.Get("/api/v1/conversations/"+conv).JSON(t, &got)
		if len(got.Messages) != 2 || got.Messages[1].Author != "Per Provider" || len(got.Messages[1].Attachments) != 1 {
			t.Fatalf("after the provider's answer: %+v", got)
		}
		att := got.Messages[1].Attachments[0]
		f := cw.kari.Get(att.URL)
		if f.Status != 200 || f.Header.Get("Content-Type") != "image/png" || !strings.HasPrefix(f.Header.Get("Content-Disposition"), "attachment") ||
			!bytes.HasPrefix(f.Body, []byte("\x89PNG")) {
			t.Errorf("download: %d %v", f.Status, f.Header)
		}
		if cw.provider.Get(att.URL).Status != 200 {
			t.Error("the provider cannot download")
		}
		if r := cw.kari.Get("/api/v1/access-log"); !strings.Contains(r.Text(), `"object_kind":"attachment"`) {
			t.Errorf("the provider's download is not in the access log: %s", r.Body)
		}

		// A phone photo with its position and camera: what is stored and
		// served has none of it.
		var raw bytes.Buffer
		_ = jpeg.Encode(&raw, attachtest.Photo(64, 48), nil)
		photo := attachtest.JPEGWithMetadata(raw.Bytes(), 1)
		r = upload(cw.kari, "/api/v1/conversations/"+conv+"/messages", map[string]string{"body": "Bilde fra turen."}, map[string][]byte{"IMG_0001.jpg": photo})
		mustStatus(t, r, 201)
		cw.kari.Get("/api/v1/conversations/"+conv).JSON(t, &got)
		last := got.Messages[len(got.Messages)-1]
		if len(last.Attachments) != 1 || last.Attachments[0].Type != "image/jpeg" {
			t.Fatalf("the photo: %+v", last)
		}
		img := cw.provider.Get(last.Attachments[0].URL)
		for _, leak := range []string{"Exif", "SnoopCam", "SpyPhone", "xmpmeta", "ICC_PROFILE", "Storgata"} {
			if img.Status != 200 || bytes.Contains(img.Body, []byte(leak)) {
				t.Errorf("the served photo (%d) holds %q", img.Status, leak)
			}
		}
		if _, err := jpeg.Decode(bytes.NewReader(img.Body)); err != nil {
			t.Errorf("the served photo does not decode: %v", err)
		}

		// Bad attachments: clear 4xx, nothing written.
		before := testkit.Counts(t, db)
		for name, c := range map[string]struct {
			file   string
			data   []byte
			status int
		}{
			"text named as PDF":  {"resept.pdf", []byte("dette er ikke en pdf"), 400},
			"HTML named as JPEG": {"bilde.jpg", []byte("<html><script>alert(1)</script></html>"), 400},
			"over 10 MB":         {"stor.pdf", append([]byte("%PDF-1.4\n"), make([]byte, 10<<20)...), 413},
		} {
			if r := upload(cw.kari, "/api/v1/conversations/"+conv+"/messages", map[string]string{"body": "Vedlegg"}, map[string][]byte{c.file: c.data}); r.Status != c.status {
				t.Errorf("%s: %d, want %d: %.300s", name, r.Status, c.status, r.Body)
			}
		}
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
			t.Error("refused attachments changed rows")
		}

		// Crisis words: the writer gets the numbers; moderators get nothing.
		r = cw.kari.Do("POST", "/api/v1/conversations/"+conv+"/messages", map[string]any{"body": "Jeg orker ikke mer. Jeg har bestemt meg for å ta livet mitt i kveld."})
		mustStatus(t, r, 201)
		if !strings.Contains(r.Text(), `"crisis":true`) || !strings.Contains(r.Text(), `"number":"113"`) {
			t.Errorf("the writer sees no crisis numbers: %s", r.Body)
		}
		if after := testkit.Counts(t, db); after["crisis_alerts"] != before["crisis_alerts"] {
			t.Error("a care message raised a crisis alert for moderators")
		}
		if r := cw.mod.Get("/api/v1/moderation/queue"); strings.Contains(r.Text(), "livet mitt") {
			t.Error("a moderator sees a care message")
		}

		// Closing stops new messages until someone reopens.
		mustStatus(t, cw.provider.Do("POST", "/api/v1/conversations/"+conv+"/close", nil), 204)
		if r := cw.kari.Do("POST", "/api/v1/conversations/"+conv+"/messages", map[string]any{"body": "Hallo?"}); r.Status != 409 || r.ErrorCode() != "conversation_closed" {
			t.Errorf("a message to a closed conversation: %d %s", r.Status, r.Body)
		}
		if r := cw.provider.Get("/api/v1/conversations?filter=closed"); !strings.Contains(r.Text(), "Spørsmål om søvnen") {
			t.Errorf("closed filter: %s", r.Body)
		}
		mustStatus(t, cw.kari.Do("POST", "/api/v1/conversations/"+conv+"/reopen", nil), 204)
		mustStatus(t, cw.kari.Do("POST", "/api/v1/conversations/"+conv+"/messages", map[string]any{"body": "Takk for svar."}), 201)

		// Notices carry no text and no names.
		var notes struct{ Items []struct{ Kind, Text string } }
		cw.provider.Get("/api/v1/notifications").JSON(t, &notes)
		if len(notes.Items) == 0 || notes.Items[0].Kind != "care_message" {
			t.Fatalf("provider's notices: %+v", notes)
		}
		for _, n := range notes.Items {
			if strings.Contains(n.Text, "Kari") || strings.Contains(n.Text, "søvn") {
				t.Errorf("a notice holds content: %q", n.Text)
			}
		}

		// Pages: the provider's inbox and the conversation page state the
		// answer time, that it is not for emergencies, and the numbers.
		if r := cw.provider.Get("/messages?filter=all"); r.Status != 200 || !strings.Contains(r.Text(), "Kari Nordmann") {
			t.Errorf("provider's inbox page: %d", r.Status)
		}
		page := cw.kari.Get("/messages/" + conv)
		for _, want := range []string{"innen 3 virkedager", "ikke for akutte situasjoner", "113", "Lest av Per Provider", "dagbok.png"} {
			if !strings.Contains(page.Text(), want) {
				t.Errorf("the conversation page lacks %q", want)
			}
		}
	})
}

// Only participants reach a conversation, its messages and its
// attachments: another member, an unlinked provider, a peer moderator,
// an administrator and a researcher all get the same 404 as for a
// conversation that does not exist, on every route.
func TestCareConversationAccess(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		cw := newCareWorld(t, db)
		r := upload(cw.kari, "/api/v1/conversations", map[string]string{"participant_ids": id(cw.Provider.ID), "subject": "Hemmelig emne", "body": "Hemmelig tekst"},
			map[string][]byte{"bilde.png": smallPNG()})
		conv := created(t, r, "id")
		var c struct {
			Messages []struct{ Attachments []struct{ ID string } }
		}
		cw.kari.Get("/api/v1/conversations/"+conv).JSON(t, &c)
		file := c.Messages[0].Attachments[0].ID
		outsiders := map[string]*webtest.Client{"member2": cw.ola, "provider2": cw.provider2, "moderator": cw.mod, "admin": cw.admin, "researcher": cw.As(t, "researcher")}
		routes := func(conv, file string) []struct{ method, path string } {
			return []struct{ method, path string }{
				{"GET", "/api/v1/conversations/" + conv}, {"POST", "/api/v1/conversations/" + conv + "/messages"},
				{"POST", "/api/v1/conversations/" + conv + "/close"}, {"POST", "/api/v1/conversations/" + conv + "/reopen"},
				{"GET", "/api/v1/conversations/" + conv + "/attachments/" + file},
				{"GET", "/messages/" + conv}, {"POST", "/messages/" + conv}, {"POST", "/messages/" + conv + "/close"},
				{"GET", "/messages/" + conv + "/attachments/" + file},
			}
		}
		before := testkit.Counts(t, db)
		cases := 0
		for who, client := range outsiders {
			missing := routes("999999", "999999")
			for i, rt := range routes(conv, file) {
				var r, r404 *webtest.Response
				if rt.method == "GET" {
					r, r404 = client.Get(rt.path), client.Get(missing[i].path)
				} else if strings.HasPrefix(rt.path, "/api/") {
					r, r404 = client.Do("POST", rt.path, map[string]any{"body": "Hei"}), client.Do("POST", missing[i].path, map[string]any{"body": "Hei"})
				} else {
					r, r404 = client.Form(rt.path, url.Values{"message": {"Hei"}}), client.Form(missing[i].path, url.Values{"message": {"Hei"}})
				}
				cases++
				if r.Status != 404 || r404.Status != 404 {
					t.Errorf("%s %s as %s: %d (missing: %d)", rt.method, rt.path, who, r.Status, r404.Status)
				}
				if strings.HasPrefix(rt.path, "/api/") && !bytes.Equal(r.Body, r404.Body) {
					t.Errorf("%s %s as %s: not yours and missing differ: %s / %s", rt.method, rt.path, who, r.Body, r404.Body)
				}
				if strings.Contains(r.Text(), "Hemmelig") {
					t.Errorf("%s %s as %s: content leaked", rt.method, rt.path, who)
				}
			}
			// Nor do they see it in any list.
			if r := client.Get("/api/v1/conversations?filter=all"); strings.Contains(r.Text(), "Hemmelig") {
				t.Errorf("the conversation is in %s's list", who)
			}
		}
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
			t.Errorf("refused requests changed rows: %v -> %v", before, after)
		}
		// An attachment asked for through another of one's own conversations
		// is not there either.
		other := created(t, cw.kari.Do("POST", "/api/v1/conversations", map[string]any{"participant_ids": []string{id(cw.Provider.ID)}, "subject": "Annet", "body": "Annet"}), "id")
		if r := cw.kari.Get("/api/v1/conversations/" + other + "/attachments/" + file); r.Status != 404 {
			t.Errorf("an attachment through the wrong conversation: %d", r.Status)
		}
		if cases < 40 {
			t.Fatalf("only %d cases", cases)
		}
		before = testkit.Counts(t, db)
		// Nobody starts a care conversation with people they are not linked to.
		for who, c := range map[string]struct {
			client *webtest.Client
			ids    []string
		}{
			"member with an unlinked provider":              {cw.kari, []string{id(cw.provider2ID)}},
			"member with a linked and an unlinked provider": {cw.kari, []string{id(cw.Provider.ID), id(cw.provider2ID)}},
			"member with another member":                    {cw.kari, []string{id(cw.Member2.ID)}},
			"unlinked provider with a member":               {cw.provider2, []string{id(cw.Member.ID)}},
			"provider with an unlinked member":              {cw.provider, []string{id(cw.Member2.ID)}},
			"provider with no one":                          {cw.provider, []string{}},
		} {
			if r := c.client.Do("POST", "/api/v1/conversations", map[string]any{"participant_ids": c.ids, "subject": "Hei", "body": "Hei"}); r.Status != 400 {
				t.Errorf("%s: %d %s", who, r.Status, r.Body)
			}
		}
		if r := cw.admin.Do("POST", "/api/v1/conversations", map[string]any{"participant_ids": []string{id(cw.Member.ID)}, "subject": "Hei", "body": "Hei"}); r.Status != 404 {
			t.Errorf("an administrator starts a conversation: %d", r.Status)
		}
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
			t.Error("refused starts changed rows")
		}
	})
}

// Ending a link takes effect on the very next request: the provider
// loses the conversation, its attachments and its place in it for good
// (even if linked again); the member keeps the history.
func TestCareLinkEndsAccess(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		cw := newCareWorld(t, db)
		conv := created(t, cw.provider.Do("POST", "/api/v1/conversations", map[string]any{"participant_ids": []string{id(cw.Member.ID)},
			"subject": "Time neste uke", "body": "Passer tirsdag kl. 10?"}), "id")
		mustStatus(t, cw.provider.Get("/api/v1/conversations/"+conv), 200)
		mustStatus(t, cw.kari.Do("DELETE", "/api/v1/care-team/links/"+cw.link, nil), 204)
		for _, path := range []string{"/api/v1/conversations/" + conv, "/messages/" + conv} {
			if r := cw.provider.Get(path); r.Status != 404 {
				t.Errorf("after the link ended, %s: %d", path, r.Status)
			}
		}
		if r := cw.provider.Do("POST", "/api/v1/conversations/"+conv+"/messages", map[string]any{"body": "Hallo"}); r.Status != 404 {
			t.Errorf("the provider writes after the link ended: %d", r.Status)
		}
		if r := cw.provider.Get("/api/v1/conversations?filter=all"); strings.Contains(r.Text(), "Time neste uke") {
			t.Errorf("the provider's inbox still lists it: %s", r.Body)
		}
		r := cw.kari.Get("/api/v1/conversations/" + conv)
		if r.Status != 200 || !strings.Contains(r.Text(), "Passer tirsdag") || !strings.Contains(r.Text(), `"former":["Per Provider"]`) || !strings.Contains(r.Text(), `"can_write":false`) {
			t.Errorf("the member's history: %d %s", r.Status, r.Body)
		}
		if r := cw.kari.Do("POST", "/api/v1/conversations/"+conv+"/messages", map[string]any{"body": "Er du der?"}); r.Status != 409 || r.ErrorCode() != "no_care_team" {
			t.Errorf("writing with no one left: %d %s", r.Status, r.Body)
		}
		// Linked again: new conversations work, the old one stays closed to them.
		created(t, cw.admin.Do("POST", "/api/v1/care-team/links", map[string]any{"provider_id": id(cw.Provider.ID), "member_id": id(cw.Member.ID), "member_name": "Kari Nordmann"}), "id")
		if r := cw.provider.Get("/api/v1/conversations/" + conv); r.Status != 404 {
			t.Errorf("a new link reopened the old conversation to the provider: %d", r.Status)
		}
		created(t, cw.provider.Do("POST", "/api/v1/conversations", map[string]any{"participant_ids": []string{id(cw.Member.ID)}, "subject": "Ny start", "body": "Hei igjen."}), "id")
	})
}

// The pages work without JavaScript: a member writes to her provider
// with a form and a file, the provider answers, bad input is shown in
// place with what she wrote kept, in her language.
func TestCareMessagePages(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		cw := newCareWorld(t, db)
		r := cw.kari.Get("/messages/new")
		if r.Status != 200 || !strings.Contains(r.Text(), "Per Provider") || !strings.Contains(r.Text(), "ikke for akutte situasjoner") {
			t.Fatalf("new message page: %d", r.Status)
		}
		cw.kari.Header = map[string]string{"Sec-Fetch-Site": "same-origin"}
		r = upload(cw.kari, "/messages/new", map[string]string{"participant_ids": id(cw.Provider.ID), "subject": "Fra skjema", "message": "Jeg sendte et bilde."},
			map[string][]byte{"kvittering.pdf": []byte("ikke en pdf i det hele tatt")})
		if r.Status != 400 || !strings.Contains(r.Text(), "Jeg sendte et bilde.") {
			t.Errorf("a bad file in the form: %d, text kept: %v", r.Status, strings.Contains(r.Text(), "Jeg sendte et bilde."))
		}
		r = upload(cw.kari, "/messages/new", map[string]string{"participant_ids": id(cw.Provider.ID), "subject": "Fra skjema", "message": "Jeg sendte et bilde."},
			map[string][]byte{"bilde.png": smallPNG()})
		if r.Status != 303 || !strings.HasPrefix(r.Header.Get("Location"), "/messages/") {
			t.Fatalf("send from the form: %d %s", r.Status, r.Header.Get("Location"))
		}
		conv := strings.TrimPrefix(r.Header.Get("Location"), "/messages/")
		page := cw.provider.Get("/messages/" + conv)
		if page.Status != 200 || !strings.Contains(page.Text(), "Kari Nordmann") || !strings.Contains(page.Text(), "bilde.png") {
			t.Fatalf("provider's page: %d", page.Status)
		}
		if r := cw.provider.Form("/messages/"+conv, url.Values{"message": {"Takk, jeg ser på det."}}); r.Status != 303 {
			t.Errorf("provider answers: %d", r.Status)
		}
		cw.kari.Lang = "en"
		mustStatus(t, cw.kari.Do("PATCH", "/api/v1/me/preferences", map[string]any{"language": "en"}), 200)
		if r := cw.kari.Form("/messages/"+conv, url.Values{"message": {"   "}}); r.Status != 400 || !strings.Contains(r.Text(), "Something needs fixing") {
			t.Errorf("an empty message in English: %d", r.Status)
		}
		if r := cw.kari.Get("/messages/" + conv); !strings.Contains(r.Text(), "within 3 working days") || !strings.Contains(r.Text(), "Takk, jeg ser på det.") {
			t.Error("the English page lacks the answer time or the answer")
		}
		if r := cw.kari.Form("/messages/"+conv+"/close", nil); r.Status != 303 {
			t.Errorf("closing from the page: %d", r.Status)
		}
		if r := cw.kari.Get("/care/access-log"); r.Status != 200 || !strings.Contains(r.Text(), "Per Provider") {
			t.Errorf("access log page: %d", r.Status)
		}
	})
}

// A provider invites a new service user by name: the registration page
// says the provider joins the care team, and registering links them.
// Only providers may name someone on an invitation, and administrators
// listing invitations never see the name.
func TestProviderInvitationLinks(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		cw := newCareWorld(t, db)
		code := created(t, cw.provider.Do("POST", "/api/v1/invitations", map[string]any{"role": "service_user", "community_id": id(cw.Fjordvik.ID),
			"member_name": "Nina Ny"}), "code")
		before := testkit.Counts(t, db)
		if r := cw.mod.Do("POST", "/api/v1/invitations", map[string]any{"role": "service_user", "community_id": id(cw.Fjordvik.ID), "member_name": "Nina Ny"}); r.Status != 400 {
			t.Errorf("a moderator names someone on an invitation: %d", r.Status)
		}
		if r := cw.provider.Do("POST", "/api/v1/invitations", map[string]any{"role": "service_user", "community_id": id(cw.Fjordvik.ID), "member_name": "N"}); r.Status != 400 {
			t.Errorf("a one-letter name: %d", r.Status)
		}
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
			t.Error("refused invitations changed rows")
		}
		if r := cw.admin.Get("/api/v1/invitations"); strings.Contains(r.Text(), "Nina") {
			t.Error("an administrator sees the name on a provider's invitation")
		}
		anon := cw.Client(t)
		if r := anon.Get("/register?code=" + url.QueryEscape(code)); r.Status != 200 || !strings.Contains(r.Text(), "Per Provider") {
			t.Fatalf("registration page: %d", r.Status)
		}
		mustStatus(t, anon.Do("POST", "/api/v1/auth/register", map[string]any{"invitation": code, "login": "nina", "password": testkit.Password,
			"pseudonym": "Solstreif", "accept_terms": true, "study_consent": false}), 201)
		if r := cw.provider.Get("/api/v1/care-team"); !strings.Contains(r.Text(), "Nina Ny") {
			t.Errorf("the provider's care team: %s", r.Body)
		}
		if r := anon.Get("/api/v1/care-team"); !strings.Contains(r.Text(), "Per Provider") {
			t.Errorf("the new member's care team: %d %s", r.Status, r.Body)
		}
	})
}
