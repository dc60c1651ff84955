package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"reconnect/internal/identity"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
	"reconnect/internal/testkit/webtest"
)

// Words only Kari's own data holds. Each must be in her export.
var kariMarkers = []string{
	"Kari Nordmann",               // her real name
	"Hvordan har dere det i dag?", // her first post
	sharedTitle,                   // her thread
	"KARIPOST-FIRST",              // an edited post's first version
	"KARIPOST-EDITED",             // and as it is now
	"KARIDRAFT-utkast",            // a draft
	"KARI-VISER-SEG",              // a reveal she gave
	"OLA-VISER-SEG-FOR-KARI",      // a reveal she received
	"KARI-SPOR-MODERATOREN",       // a request to know each other she sent
	"Kafégjengen",                 // her circle
	"MOD-TIL-KARI",                // the moderator's message to her
	"KARI-SVARER-MOD",             // her answer
	"KARI-OMSORG-EMNE",            // a care conversation's subject
	"KARI-OMSORG-TEKST",           // her message in it
	"PER-SVARER-KARI",             // her provider's answer
	"Per Provider",                // her provider, by name
	"kari-skann.png",              // an attachment, by name
	"KARI-MAAL", "KARI-AKTIVITET", "KARI-NETTVERK", "KARI-KRISEPLAN", "KARI-OVELSE", "KARI-MEDISIN-NY", "KARI-DAGBOK",
	"KARI-MEDISIN-FOR",     // a medication's earlier version
	"KARI-TREFF",           // a gathering she hosts
	"KARI-PAMELDING-NOTAT", // her note to a host
	"KARI-SKYSS-OMRADE",    // her lift
	"EKSPORTKAFE",          // the café she came to
}

// Words that belong to others. None may be in her export.
var othersMarkers = []string{
	"Litt bedre enn i går.", // Morgengry's reply in her thread
	"Her møtes vi.",         // the moderator's post
	"Ola Hemmeligsen",       // another member's real name
	"Sigrid Hemmelig",       // and another's
	"Liv Lege",              // a provider she has no link with
	"Ada Admin", "Rita Researcher",
	"SIGRID-NOTAT-TIL-VERT",  // another member's note to Kari as host
	"SIGRID-NOTAT-KAFE",      // another member's note to the café host
	"SIGRID-SPOR-NAVN",       // an asker's shown name, not hers to see yet
	"SIGRID-OMSORG-HEMMELIG", // the provider's conversation with another member
	"OLA-VERKTOY",            // another member's toolbox
	"OLA-UTKAST",             // another member's draft
	"OLA-SKYSS",              // another member's lift
	"$argon2id$",             // a password hash
}

// kariWorld gives Kari one of every kind of data, and others data of
// their own next to hers. It returns the calendar feed's secret path,
// which must never be in an export either.
func kariWorld(t *testing.T, db *sqldb.DB, cw *careWorld) (sigrid *webtest.Client, feed string) {
	t.Helper()
	ctx := context.Background()
	s, err := cw.IDs.CreateUser(ctx, &cw.Admin, identity.NewUser{Login: "member3", Password: testkit.Password, Role: identity.ServiceUser,
		CommunityID: cw.Fjordvik.ID, Pseudonym: "Sjøsprøyt", Name: "Sigrid Hemmelig"})
	if err != nil {
		t.Fatal(err)
	}
	if err := cw.IDs.CompleteOnboarding(ctx, &s); err != nil {
		t.Fatal(err)
	}
	sigrid = cw.As(t, "member3")
	err = db.Write(ctx, func(tx *sql.Tx) error {
		for uid, name := range map[int64]string{cw.Member.ID: "Kari Nordmann", cw.Member2.ID: "Ola Hemmeligsen"} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO real_names (user_id, full_name, source, updated_at) VALUES ($1, $2, 'eid', $3)`, uid, name, cw.Clock.Now()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	k, ola := cw.kari, cw.ola

	// Forum: an edited post with a script in it, a reaction, a draft, a watch.
	post := created(t, k.Do("POST", "/api/v1/forum/threads/"+cw.thread+"/posts", map[string]any{"body": "KARIPOST-FIRST"}), "post.id")
	mustStatus(t, k.Do("PATCH", "/api/v1/forum/posts/"+post, map[string]any{"body": "KARIPOST-EDITED <script>alert(1)</script>"}), 200)
	mustStatus(t, k.Do("POST", "/api/v1/forum/posts/"+cw.reply+"/reactions", map[string]any{"kind": "hug"}), 201)
	created(t, k.Do("POST", "/api/v1/forum/threads/"+cw.thread+"/posts", map[string]any{"body": "KARI-KRISE: jeg orker ikke mer, jeg vil ikke leve lenger."}), "post.id")
	mustStatus(t, k.Do("PUT", "/api/v1/forum/drafts/reply:"+cw.thread, map[string]any{"body": "KARIDRAFT-utkast"}), 204)
	mustStatus(t, ola.Do("PUT", "/api/v1/forum/drafts/reply:"+cw.thread, map[string]any{"body": "OLA-UTKAST"}), 204)
	mustStatus(t, k.Do("PUT", "/api/v1/forum/threads/"+cw.localThread+"/watch", map[string]any{"level": "watch"}), 204)
	mustStatus(t, k.Do("POST", "/api/v1/forum/posts/"+cw.reply+"/flags", map[string]any{"reason": "spam", "note": "KARI-FLAGG-NOTAT"}), 201)

	// Reveals both ways, and requests to know each other both ways.
	created(t, k.Do("POST", "/api/v1/reveals", map[string]any{"to_pseudonym": "Morgengry", "shown_name": "KARI-VISER-SEG"}), "id")
	created(t, ola.Do("POST", "/api/v1/reveals", map[string]any{"to_pseudonym": "Havbris", "shown_name": "OLA-VISER-SEG-FOR-KARI"}), "id")
	created(t, k.Do("POST", "/api/v1/reveal-requests", map[string]any{"to_pseudonym": "Fjordvik-verten", "shown_name": "KARI-SPOR-MODERATOREN"}), "id")
	created(t, sigrid.Do("POST", "/api/v1/reveal-requests", map[string]any{"to_pseudonym": "Havbris", "shown_name": "SIGRID-SPOR-NAVN"}), "id")

	// A conversation with the moderator, and care conversations.
	mc := created(t, cw.mod.Do("POST", "/api/v1/conversations", map[string]any{"participant_pseudonyms": []string{"Havbris"}, "subject": "Hei", "body": "MOD-TIL-KARI"}), "id")
	created(t, k.Do("POST", "/api/v1/conversations/"+mc+"/messages", map[string]any{"body": "KARI-SVARER-MOD"}), "id")
	cc := created(t, k.Do("POST", "/api/v1/conversations", map[string]any{"participant_ids": []string{id(cw.Provider.ID)}, "subject": "KARI-OMSORG-EMNE", "body": "KARI-OMSORG-TEKST"}), "id")
	mustStatus(t, cw.provider.Get("/api/v1/conversations/"+cc), 200)
	created(t, upload(cw.provider, "/api/v1/conversations/"+cc+"/messages", map[string]string{"body": "PER-SVARER-KARI"}, map[string][]byte{"kari-skann.png": smallPNG()}), "id")
	created(t, cw.admin.Do("POST", "/api/v1/care-team/links", map[string]any{"provider_id": id(cw.Provider.ID), "member_id": id(s.ID), "member_name": "Sigrid Hemmelig"}), "id")
	created(t, sigrid.Do("POST", "/api/v1/conversations", map[string]any{"participant_ids": []string{id(cw.Provider.ID)}, "subject": "Sigrid", "body": "SIGRID-OMSORG-HEMMELIG"}), "id")

	// Every toolbox tool, a changed medication, a share the provider reads.
	var ex struct{ Items []struct{ ID string } }
	k.Get("/api/v1/library/exercises").JSON(t, &ex)
	if len(ex.Items) == 0 {
		t.Fatal("no exercises")
	}
	tools := map[string]map[string]any{
		"goals":       {"title": "KARI-MAAL", "area": "hope"},
		"activities":  {"what": "KARI-AKTIVITET", "day": "2026-11-30"},
		"network":     {"name": "KARI-NETTVERK", "kind": "friend", "closeness": "inner"},
		"crisis-plan": {"warning_signs": "KARI-KRISEPLAN"},
		"exercises":   {"exercise_id": ex.Items[0].ID, "text": "KARI-OVELSE"},
		"medications": {"name": "KARI-MEDISIN-FOR", "started": "2026-01-01"},
		"journal":     {"text": "KARI-DAGBOK", "mood": 3},
	}
	items := map[string]string{}
	for tool, body := range tools {
		items[tool] = created(t, k.Do("POST", "/api/v1/toolbox/"+tool, body), "id")
	}
	created(t, ola.Do("POST", "/api/v1/toolbox/journal", map[string]any{"text": "OLA-VERKTOY"}), "id")
	mustStatus(t, k.Do("PATCH", "/api/v1/toolbox/medications/"+items["medications"], map[string]any{"name": "KARI-MEDISIN-NY"}), 200)
	created(t, k.Do("POST", "/api/v1/toolbox/shares", map[string]any{"item_kind": "journal", "item_id": items["journal"], "provider_id": id(cw.Provider.ID)}), "id")
	mustStatus(t, cw.provider.Get("/api/v1/toolbox/journal/"+items["journal"]), 200)

	// A café she answers with a note, offers a lift to and comes to; a
	// gathering she hosts, which another member answers with a note.
	start := cw.Clock.Now().Add(20 * time.Minute).Truncate(time.Minute)
	event := func(c *webtest.Client, kind, title string) string {
		return created(t, c.Do("POST", "/api/v1/events", map[string]any{"community_id": id(cw.Fjordvik.ID), "kind": kind, "title": title,
			"starts_at": start, "ends_at": start.Add(time.Hour), "place": map[string]any{"name": "Biblioteket"}, "capacity": 10}), "id")
	}
	cafe := event(cw.mod, "cafe", "EKSPORTKAFE")
	mine := event(k, "gathering", "KARI-TREFF")
	mustStatus(t, k.Do("POST", "/api/v1/events/"+cafe+"/rsvp", map[string]any{"status": "going", "note": "KARI-PAMELDING-NOTAT"}), 200)
	mustStatus(t, sigrid.Do("POST", "/api/v1/events/"+cafe+"/rsvp", map[string]any{"status": "going", "note": "SIGRID-NOTAT-KAFE"}), 200)
	mustStatus(t, sigrid.Do("POST", "/api/v1/events/"+mine+"/rsvp", map[string]any{"status": "maybe", "note": "SIGRID-NOTAT-TIL-VERT"}), 200)
	created(t, k.Do("POST", "/api/v1/events/"+cafe+"/lifts", map[string]any{"kind": "offer", "seats": 2, "area": "KARI-SKYSS-OMRADE"}), "id")
	created(t, sigrid.Do("POST", "/api/v1/events/"+cafe+"/lifts", map[string]any{"kind": "ask", "seats": 1, "area": "OLA-SKYSS"}), "id")
	cw.Clock.Advance(25 * time.Minute)
	mustStatus(t, cw.mod.Do("POST", "/api/v1/events/"+cafe+"/attendance", map[string]any{"occurs_at": start, "pseudonyms": []string{"Havbris", "Sjøsprøyt"}}), 204)

	// A calendar feed; its address is a secret.
	var f struct {
		URL string `json:"url"`
	}
	r := k.Do("POST", "/api/v1/calendar-feed", map[string]any{})
	mustStatus(t, r, 201)
	r.JSON(t, &f)
	if f.URL == "" {
		t.Fatalf("no feed address: %s", r.Body)
	}
	return sigrid, f.URL[strings.LastIndex(f.URL, "/")+1:]
}

// checkMarkers fails for each of Kari's markers missing from b and each
// of the others' present in it.
func checkMarkers(t *testing.T, what string, b []byte, forbid ...string) {
	t.Helper()
	for _, m := range kariMarkers {
		if !bytes.Contains(b, []byte(m)) && !bytes.Contains(b, []byte(jsonText(m))) {
			t.Errorf("%s lacks %q", what, m)
		}
	}
	for _, m := range append(othersMarkers, forbid...) {
		if bytes.Contains(b, []byte(m)) || bytes.Contains(b, []byte(jsonText(m))) {
			t.Errorf("%s contains %q, which is not hers", what, m)
		}
	}
}

// jsonText is s as encoding/json writes it inside a string.
func jsonText(s string) string {
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}

// My data: the export holds every kind of data the member has, and
// nothing of anyone else's; as JSON and as a ZIP with a summary whose
// text is escaped; reading it writes nothing; only for the signed in.
func TestExportHoldsAllOfMineAndNothingOfOthers(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		cw := newCareWorld(t, db)
		_, feed := kariWorld(t, db, cw)

		before := testkit.Counts(t, db)
		r := cw.kari.Get("/api/v1/me/export")
		mustStatus(t, r, 200)
		if after := testkit.Counts(t, db); !reflect.DeepEqual(before, after) {
			t.Errorf("reading my data wrote rows: %v → %v", before, after)
		}
		if got := r.Header.Get("Content-Disposition"); got != `attachment; filename=reconnect-my-data-`+cw.Clock.Now().UTC().Format("2006-01-02")+`.json` {
			t.Errorf("disposition %q", got)
		}
		if r.Header.Get("Cache-Control") != "no-store" || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
			t.Errorf("headers %v", r.Header)
		}
		checkMarkers(t, "JSON", r.Body, feed)
		var d struct {
			Consents []struct{ Kind string }
			Forum    struct {
				Reactions []struct {
					PostID string `json:"post_id"`
					Kind   string
				}
				Watches []struct {
					ThreadID string `json:"thread_id"`
				}
				Alerts []struct {
					PostID string `json:"post_id"`
				} `json:"crisis_alerts"`
			}
			Reveals struct {
				Received []struct{ Pseudonym string } `json:"received"`
			}
			Conversations []struct {
				Kind     string
				With     []string
				Messages []struct{ Author, Text string }
			}
			Toolbox struct {
				Items []struct {
					Tool    string
					History []json.RawMessage
				}
				Shares []struct{ Provider string }
			}
			AccessLog []struct {
				Viewer string
				Kind   string
			} `json:"access_log"`
			Events struct {
				Attended []struct{ Title string } `json:"attendance"`
			}
			Calendar *struct {
				Enabled bool
			} `json:"calendar_feed"`
			Notifications []struct{ Kind string }
		}
		r.JSON(t, &d)
		if len(d.Consents) == 0 || len(d.Notifications) == 0 || d.Calendar == nil || !d.Calendar.Enabled {
			t.Errorf("consents %v, notices %v, feed %v", d.Consents, d.Notifications, d.Calendar)
		}
		if len(d.Forum.Reactions) != 1 || d.Forum.Reactions[0].PostID != cw.reply || d.Forum.Reactions[0].Kind != "hug" {
			t.Errorf("reactions %+v", d.Forum.Reactions)
		}
		if len(d.Forum.Alerts) != 1 {
			t.Errorf("crisis alerts %+v", d.Forum.Alerts)
		}
		watched := false
		for _, w := range d.Forum.Watches {
			watched = watched || w.ThreadID == cw.localThread // the others she watches as their writer
		}
		if !watched {
			t.Errorf("watches %+v", d.Forum.Watches)
		}
		tools := map[string]int{}
		for _, it := range d.Toolbox.Items {
			tools[it.Tool] += 1 + 100*len(it.History)
		}
		if len(tools) != 7 || tools["medications"] != 101 {
			t.Errorf("toolbox %v", tools)
		}
		if len(d.Toolbox.Shares) != 1 || d.Toolbox.Shares[0].Provider != "Per Provider" {
			t.Errorf("shares %+v", d.Toolbox.Shares)
		}
		var journalRead bool
		for _, a := range d.AccessLog {
			journalRead = journalRead || (a.Viewer == "Per Provider" && a.Kind == "journal")
		}
		if !journalRead {
			t.Errorf("access log %+v", d.AccessLog)
		}
		if len(d.Events.Attended) != 1 || d.Events.Attended[0].Title != "EKSPORTKAFE" {
			t.Errorf("attendance %+v", d.Events.Attended)
		}
		for _, c := range d.Conversations {
			for _, m := range c.Messages {
				// Peers by pseudonym, providers and herself by name in care.
				if want := map[string]string{"MOD-TIL-KARI": "Fjordvik-verten", "PER-SVARER-KARI": "Per Provider", "KARI-OMSORG-TEKST": "Kari Nordmann"}[m.Text]; want != "" && m.Author != want {
					t.Errorf("%q by %q, want %q", m.Text, m.Author, want)
				}
			}
		}

		// The ZIP: data.json and an escaped summary in her language.
		r = cw.kari.Get("/api/v1/me/export?format=zip")
		mustStatus(t, r, 200)
		if !strings.HasSuffix(r.Header.Get("Content-Disposition"), `.zip`) || r.Header.Get("Content-Type") != "application/zip" {
			t.Errorf("zip headers %v", r.Header)
		}
		files := unzip(t, r.Body)
		if len(files) != 2 || files["data.json"] == nil || files["summary.html"] == nil {
			t.Fatalf("zip holds %d files", len(files))
		}
		checkMarkers(t, "data.json", files["data.json"], feed)
		page := files["summary.html"]
		checkMarkers(t, "summary.html", page, feed, "<script")
		if !bytes.Contains(page, []byte("KARIPOST-EDITED &lt;script&gt;alert(1)&lt;/script&gt;")) {
			t.Error("summary.html does not show the post's text escaped")
		}
		if !bytes.Contains(page, []byte(`<html lang="nb">`)) || !bytes.Contains(page, []byte("Mine data i ReConnect")) {
			t.Error("summary.html is not in Bokmål")
		}
		if p := cw.kari.Get("/settings/my-data"); p.Status != 200 || len(unzip(t, p.Body)) != 2 {
			t.Errorf("the settings page's download: %d", p.Status)
		}
		if p := cw.kari.Get("/settings"); !strings.Contains(p.Text(), `href="/settings/my-data"`) {
			t.Error("the settings page has no download link")
		}
		if r := cw.kari.Get("/api/v1/me/export?format=pdf"); r.Status != 400 {
			t.Errorf("unknown format: %d", r.Status)
		}

		// Nobody else's export holds her words; the signed out get none.
		r = cw.ola.Get("/api/v1/me/export")
		mustStatus(t, r, 200)
		for _, m := range []string{"KARIDRAFT-utkast", "Kari Nordmann", "KARI-DAGBOK", "KARI-PAMELDING-NOTAT"} {
			if strings.Contains(r.Text(), m) {
				t.Errorf("Morgengry's export holds %q", m)
			}
		}
		if !strings.Contains(r.Text(), "OLA-UTKAST") || !strings.Contains(r.Text(), "Ola Hemmeligsen") {
			t.Error("Morgengry's export lacks her own data")
		}
		// The provider: the care conversation with Kari by name (the
		// client fails on any pseudonym), never another's forum or toolbox.
		r = cw.provider.Get("/api/v1/me/export?format=zip")
		mustStatus(t, r, 200)
		for name, b := range unzip(t, r.Body) {
			for _, m := range []string{"Havbris", "KARI-DAGBOK", "KARIPOST", "Sjøsprøyt"} {
				if bytes.Contains(b, []byte(m)) {
					t.Errorf("the provider's %s holds %q", name, m)
				}
			}
			if !bytes.Contains(b, []byte("KARI-OMSORG-TEKST")) || !bytes.Contains(b, []byte("Per Provider")) {
				t.Errorf("the provider's %s lacks their care conversation", name)
			}
		}
		anon := cw.Client(t)
		if r := anon.Get("/api/v1/me/export"); r.Status != 401 {
			t.Errorf("anonymous export: %d", r.Status)
		}
		if r := anon.Get("/settings/my-data"); r.Status == 200 {
			t.Errorf("anonymous download: %d", r.Status)
		}
	})
}

func unzip(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a ZIP: %v", err)
	}
	out := map[string][]byte{}
	for _, f := range z.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name], err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// The e-mail address is sealed at rest; the export holds it opened, only
// for its owner.
func TestExportOpensMyEmailAddress(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env, _ := startWithMail(t, db)
		const address = "eksport-havbris@example.no"
		member, other := env.As(t, "member"), env.As(t, "member2")
		other.Forbid = []string{address}
		mustStatus(t, member.Form("/settings/email", url.Values{"email": {address}}), 303)
		var sealed string
		if err := db.QueryRowContext(context.Background(), `SELECT address FROM email_addresses WHERE user_id = $1`, env.Member.ID).Scan(&sealed); err != nil {
			t.Fatal(err)
		}
		r := member.Get("/api/v1/me/export")
		mustStatus(t, r, 200)
		if !strings.Contains(r.Text(), `"email": "`+address+`"`) || strings.Contains(r.Text(), sealed) {
			t.Errorf("my export's address: %.600s", r.Body)
		}
		mustStatus(t, other.Get("/api/v1/me/export"), 200)
	})
}

// Every role gets an export of what is theirs: the account, and nothing
// of the forum or toolbox for roles that have none.
func TestExportForEveryRole(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env := webtest.Start(t, db)
		for _, login := range []string{"admin", "moderator", "provider", "researcher", "member2"} {
			r := env.As(t, login).Get("/api/v1/me/export?format=zip")
			mustStatus(t, r, 200)
			files := unzip(t, r.Body)
			var d struct {
				Profile struct{ Login, Role string }
				Forum   struct{ Posts []any }
			}
			if err := json.Unmarshal(files["data.json"], &d); err != nil {
				t.Fatalf("%s: %v", login, err)
			}
			if d.Profile.Login != login || d.Profile.Role == "" || len(d.Forum.Posts) != 0 || !bytes.Contains(files["summary.html"], []byte(login)) {
				t.Errorf("%s's export: %+v", login, d)
			}
		}
	})
}

// A member with a new consent document to answer can still download her
// data, from the page link and the API, before (or instead of) accepting.
func TestExportWhileConsentIsDue(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env := webtest.Start(t, db)
		mustStatus(t, env.As(t, "admin").Do("POST", "/api/v1/admin/consent-documents", map[string]any{"kind": "terms", "title_nb": "Vilkår 2", "title_en": "Terms 2",
			"body_nb": "Ny tekst", "body_en": "New text"}), 201)
		c := env.Client(t)
		c.Form("/login", url.Values{"login": {"member"}, "password": {testkit.Password}})
		if r := c.Get("/settings"); r.Status != 303 {
			t.Fatalf("the consent gate is not up: %d", r.Status)
		}
		if r := c.Get("/settings/my-data"); r.Status != 200 || len(unzip(t, r.Body)) != 2 {
			t.Errorf("download with consent due: %d", r.Status)
		}
		if r := c.Get("/api/v1/me/export"); r.Status != 200 {
			t.Errorf("API export with consent due: %d", r.Status)
		}
	})
}
