package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

// Kari, with data of every kind, asks to delete her account keeping her
// posts; signing in cancels it; she asks again and the cooling-off
// passes. Then nothing of her remains in any table but the tombstone
// (her account row without login, pseudonym or name) and, for her
// provider until the care retention ends, the care conversation, which
// shows her as a former member. Her kept post reads "tidligere medlem".
func TestDeletionLeavesNothingPersonal(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		cw := newCareWorld(t, db)
		kari, ola, mod := cw.kari, cw.ola, cw.mod
		kariID := cw.Member.ID
		const keptText = "Det hjalp å gå en tur hver morgen."

		// Everything a member can have.
		must2xx(t, kari.Do("POST", "/api/v1/consents", map[string]any{"accept_required": true, "study": true}))
		kept := created(t, kari.Do("POST", "/api/v1/forum/threads/"+cw.localThread+"/posts", map[string]any{"body": keptText}), "post.id")
		must2xx(t, kari.Do("POST", "/api/v1/forum/posts/"+cw.reply+"/reactions", map[string]any{"kind": "support"}))
		must2xx(t, kari.Do("PUT", "/api/v1/forum/drafts/reply:"+cw.thread, map[string]any{"body": "Et utkast jeg aldri sendte"}))
		must2xx(t, kari.Do("PUT", "/api/v1/forum/threads/"+cw.thread+"/watch", map[string]any{"level": "watch"}))
		must2xx(t, kari.Get("/forum/threads/"+cw.localThread))
		must2xx(t, kari.Do("POST", "/api/v1/reveals", map[string]any{"to_pseudonym": "Morgengry", "shown_name": "Kari N.", "note": "fra kafeen"}))
		must2xx(t, ola.Do("POST", "/api/v1/reveals", map[string]any{"to_pseudonym": "Havbris", "shown_name": "Ola", "note": ""}))
		must2xx(t, kari.Do("POST", "/api/v1/reveal-requests", map[string]any{"to_pseudonym": "Fjordvik-verten", "shown_name": "Kari N."}))
		modConv := created(t, mod.Do("POST", "/api/v1/conversations", map[string]any{"participant_pseudonyms": []string{"Havbris"}, "subject": "Hei", "body": "Hvordan går det?"}), "id")
		must2xx(t, kari.Do("POST", "/api/v1/conversations/"+modConv+"/messages", map[string]any{"body": "Bedre, takk."}))
		careConv := created(t, kari.Do("POST", "/api/v1/conversations", map[string]any{"participant_ids": []string{id(cw.Provider.ID)},
			"subject": "Søvnen", "body": "Jeg sover dårlig etter at dosen ble endret."}), "id")
		must2xx(t, cw.provider.Do("POST", "/api/v1/conversations/"+careConv+"/messages", map[string]any{"body": "Vi ser på dosen på torsdag."}))
		created(t, kari.Do("POST", "/api/v1/toolbox/goals", map[string]any{"title": "Gå tur", "area": "hope"}), "id")
		created(t, kari.Do("POST", "/api/v1/toolbox/journal", map[string]any{"text": "En god dag", "mood": 4}), "id")
		must2xx(t, kari.Do("POST", "/api/v1/toolbox/crisis-plan", map[string]any{"warning_signs": "Sover lite"}))
		must2xx(t, kari.Do("POST", "/api/v1/toolbox/shares", map[string]any{"item_kind": "goals", "provider_id": id(cw.Provider.ID)}))
		start := testkit.Start.Add(50 * time.Hour).Truncate(time.Hour)
		cafe := created(t, mod.Do("POST", "/api/v1/events", map[string]any{"community_id": id(cw.Fjordvik.ID), "kind": "cafe", "title": "Torsdagskafé",
			"starts_at": start, "ends_at": start.Add(2 * time.Hour), "place": map[string]any{"name": "Biblioteket"}}), "id")
		must2xx(t, kari.Do("POST", "/api/v1/events/"+cafe+"/rsvp", map[string]any{"status": "going", "note": "Første gang, litt nervøs", "shown": "pseudonym"}))
		created(t, kari.Do("POST", "/api/v1/events/"+cafe+"/lifts", map[string]any{"kind": "offer", "seats": 2, "area": "Sentrum"}), "id")
		must2xx(t, kari.Do("PUT", "/api/v1/me/reminders", map[string]any{"minutes_before": []int{60}, "email_shows_event": true}))
		walk := start.Add(24 * 10 * time.Hour)
		gathering := created(t, kari.Do("POST", "/api/v1/events", map[string]any{"community_id": id(cw.Fjordvik.ID), "kind": "gathering", "title": "Tur i parken",
			"starts_at": walk, "ends_at": walk.Add(time.Hour), "place": map[string]any{"name": "Parken"}}), "id")
		must2xx(t, mod.Do("POST", "/api/v1/events/"+gathering+"/rsvp", map[string]any{"status": "going"}))
		must2xx(t, kari.Do("POST", "/api/v1/calendar-feed", map[string]any{"show_titles": false}))
		must2xx(t, kari.Do("POST", "/api/v1/auth/tokens", map[string]any{"name": "telefonen"}))
		// A researcher's export gives her a study code.
		if r := cw.As(t, "researcher").Get("/api/v1/research/export.csv?from=2026-01-01&to=2027-01-01"); r.Status != 200 || !strings.Contains(r.Text(), "P-") {
			t.Fatalf("research export: %d %s", r.Status, r.Body)
		}
		// E-mail is off in this world; her address (sealed, so only the
		// row's user ID can show it is left) and a queued e-mail are
		// stored as the mail service would leave them; her name as eID
		// gives it.
		address, err := cw.App.Config.DataKeys.Seal("email_addresses", "address", kariID, "k.nordmann@example.no")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, `INSERT INTO email_addresses (user_id, address, verified_at, notices, updated_at) VALUES ($1, $2, $3, TRUE, $3)`,
			kariID, address, testkit.Start); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{
			`INSERT INTO mail_outbox (user_id, kind, link, created_at, next_attempt_at) VALUES ($1, 'message', '/messages', $2, $2)`,
			`INSERT INTO real_names (user_id, full_name, source, updated_at) VALUES ($1, 'Kari Nordmann', 'eid', $2)`,
		} {
			if _, err := db.ExecContext(ctx, q, kariID, testkit.Start); err != nil {
				t.Fatal(err)
			}
		}

		// She asks on the settings page: the box must be ticked.
		before := testkit.Counts(t, db)
		r := kari.Form("/settings/delete", url.Values{"forum_posts": {"keep_anonymous"}})
		if r.Status != 400 || !strings.Contains(r.Text(), "Kryss av for at du vil slette kontoen din") {
			t.Fatalf("unconfirmed request: %d %s", r.Status, cw.Logs.String())
		}
		if after := testkit.Counts(t, db); after["deletion_requests"] != before["deletion_requests"] || after["audit_log"] != before["audit_log"] {
			t.Fatal("an unconfirmed request wrote something")
		}
		mustStatus(t, kari.Form("/settings/delete", url.Values{"forum_posts": {"keep_anonymous"}, "confirm_delete": {"yes"}}), 303)
		if p := kari.Get("/settings"); !strings.Contains(p.Text(), "Kontoen din slettes 03.12.2026") || !strings.Contains(p.Text(), "Avbryt slettingen") {
			t.Fatalf("the settings page does not show the date: %.300s", p.Body)
		}
		// Signing in during the cooling-off cancels it, and she is told.
		again := cw.Client(t)
		mustStatus(t, again.Form("/login", url.Values{"login": {"member"}, "password": {testkit.Password}}), 303)
		if home := again.Get("/"); !strings.Contains(home.Text(), "Slettingen av kontoen din er avbrutt") {
			t.Error("the next page does not say the deletion was cancelled")
		}
		var due time.Time
		var st struct {
			Pending bool   `json:"pending"`
			DueAt   string `json:"due_at"`
		}
		again.Get("/api/v1/me/deletion").JSON(t, &st)
		if st.Pending {
			t.Fatal("signing in did not cancel the deletion")
		}

		// The café happens; the host records that she came.
		cw.Clock.Set(start.Add(90 * time.Minute))
		mod, kari = cw.As(t, "moderator"), cw.As(t, "member")
		must2xx(t, mod.Do("POST", "/api/v1/events/"+cafe+"/attendance", map[string]any{"pseudonyms": []string{"Havbris"}}))

		// She asks again, over the API.
		r = kari.Do("DELETE", "/api/v1/me", map[string]any{"forum_posts": "keep_anonymous"})
		mustStatus(t, r, 202)
		r.JSON(t, &st)
		due, err = time.Parse(time.RFC3339, st.DueAt)
		if err != nil || !due.Equal(cw.Clock.Now().Add(7*24*time.Hour)) {
			t.Fatalf("due_at %q", st.DueAt)
		}
		mustStatus(t, kari.Do("DELETE", "/api/v1/me", map[string]any{"forum_posts": "delete"}), 409)
		var sessions int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sessions WHERE user_id = $1`, kariID).Scan(&sessions); err != nil || sessions == 0 {
			t.Fatalf("sessions before: %d %v", sessions, err)
		}

		name := []string{"Havbris", "Kari Nordmann"}
		equal := []string{"member", "acct:member"}
		if n := len(traces(t, db, kariID, name, equal, nil)); n < 30 {
			t.Fatalf("before the deletion the scan finds only %d traces of her", n)
		}
		// Nothing happens before the due time.
		cw.Clock.Set(due.Add(-time.Minute))
		if n, err := cw.App.Deletion.Purge(ctx); err != nil || n != 0 {
			t.Fatalf("purge before due: %d %v", n, err)
		}
		cw.Clock.Set(due.Add(time.Minute))
		if n, err := cw.App.Deletion.Purge(ctx); err != nil || n != 1 {
			t.Fatalf("purge: %d %v", n, err)
		}
		if n, err := cw.App.Deletion.Purge(ctx); err != nil || n != 0 {
			t.Fatalf("a second purge: %d %v", n, err)
		}

		retained := idsOf(t, db, `SELECT id FROM conversations WHERE retain_until IS NOT NULL`)
		if len(retained) != 1 {
			t.Fatalf("retained conversations: %v", retained)
		}
		inRetained := func(table string, r row) bool {
			switch table {
			case "conversations":
				return retained[r.int("id")]
			case "conversation_participants", "messages", "message_attachments":
				return retained[r.int("conversation_id")]
			case "access_log": // the provider's reads during retention
				return r.int("owner_id") == kariID
			}
			return false
		}
		tombstone := func(table string, r row) bool {
			switch table {
			case "users":
				login, _ := text(r["login"])
				return r.int("id") == kariID && strings.HasPrefix(login, "#deleted-") && r["pseudonym"] == nil && r["password_hash"] == nil && r["deleted_at"] != nil
			case "audit_log": // history is hash-chained and never rewritten; it holds IDs, never names
				return true
			}
			return inRetained(table, r)
		}
		if left := traces(t, db, kariID, name, equal, tombstone); len(left) > 0 {
			t.Errorf("after the deletion: %s", strings.Join(left, "\n"))
		}
		if n := idsOf(t, db, `SELECT id FROM audit_log WHERE action = 'account.deleted' AND target_id = $1 AND actor_id IS NULL`, id(kariID)); len(n) != 1 {
			t.Error("no tombstone in the audit log")
		}

		// Her kept post stays, by a former member, in both languages.
		modNow := cw.As(t, "moderator")
		p := modNow.Get("/forum/threads/" + cw.localThread)
		if !strings.Contains(p.Text(), keptText) || !strings.Contains(p.Text(), "tidligere medlem") || strings.Contains(p.Text(), "Havbris") {
			t.Errorf("the kept post on the thread page: %d", p.Status)
		}
		modNow.Lang = "en"
		must2xx(t, modNow.Do("PATCH", "/api/v1/me/preferences", map[string]any{"language": "en"}))
		if p := modNow.Get("/forum/threads/" + cw.localThread + "#post-" + kept); !strings.Contains(p.Text(), "former member") {
			t.Error("the kept post in English")
		}
		olaNow := cw.As(t, "member2")
		if s := olaNow.Get("/forum/search?q=" + url.QueryEscape("Hvordan har dere det")); !strings.Contains(s.Text(), "tidligere medlem") || strings.Contains(s.Text(), "Havbris") {
			t.Errorf("search shows her thread's first post without her pseudonym: %d", s.Status)
		}
		// The gathering she proposed is cancelled, the moderator told.
		if n := idsOf(t, db, `SELECT id FROM events WHERE id = $1 AND cancelled_at IS NOT NULL AND host_id IS NULL`, atoi64(gathering)); len(n) != 1 {
			t.Error("her gathering was not cancelled")
		}
		// Her account is gone for signing in.
		if r := cw.Client(t).Do("POST", "/api/v1/auth/login", map[string]string{"login": "member", "password": testkit.Password}); r.Status != 401 {
			t.Errorf("sign-in after deletion: %d", r.Status)
		}

		// The provider still reads the care conversation, with her as a
		// former member and no name; after the care retention it is gone.
		prov := cw.As(t, "provider")
		prov.Forbid = append(prov.Forbid, "Kari Nordmann")
		c := prov.Get("/api/v1/conversations/" + careConv)
		if c.Status != 200 || !strings.Contains(c.Text(), "tidligere medlem") || !strings.Contains(c.Text(), "Vi ser på dosen") {
			t.Fatalf("the provider's view during retention: %d %.300s", c.Status, c.Body)
		}
		if p := prov.Get("/messages/" + careConv); p.Status != 200 || !strings.Contains(p.Text(), "tidligere medlem") {
			t.Errorf("the conversation page during retention: %d", p.Status)
		}
		if r := prov.Do("POST", "/api/v1/conversations/"+careConv+"/messages", map[string]any{"body": "Hallo?"}); r.Status != 409 {
			t.Errorf("writing to a deleted member: %d", r.Status)
		}
		cw.Clock.Set(due.Add(366 * 24 * time.Hour))
		// Failed sign-ins as "member" (anyone's, like the one above) are
		// counted under that name until housekeeping clears them.
		if err := cw.App.Identity.CleanThrottle(ctx); err != nil {
			t.Fatal(err)
		}
		purged, err := cw.App.Deletion.Retain(ctx)
		if err != nil || purged.CareConversations != 1 {
			t.Fatalf("retention: %+v %v", purged, err)
		}
		if r := cw.As(t, "provider").Get("/api/v1/conversations/" + careConv); r.Status != 404 {
			t.Errorf("the conversation after retention: %d", r.Status)
		}
		onlyTomb := func(table string, r row) bool {
			return table == "audit_log" || (table == "users" && tombstone(table, r))
		}
		if left := traces(t, db, kariID, name, equal, onlyTomb); len(left) > 0 {
			t.Errorf("after the care retention: %s", strings.Join(left, "\n"))
		}
	})
}
