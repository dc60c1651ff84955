package web_test

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"testing"
	"time"

	"reconnect/internal/identity"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit/webtest"
)

// caller is one class of caller in the authorization matrix.
type caller int

const (
	asAnon      caller = iota
	asMember           // A: Havbris, Fjordvik; owns the objects the matrix aims at
	asModerator        // peer moderator of Fjordvik
	asProvider         // linked to A
	asUnlinked         // a provider linked to nobody
	asResearcher
	asAdmin
	asSuspended // a Fjordvik member suspended from the forum
	asMuted     // a Fjordvik member muted in the forum
	asOutsider  // a Fjordvik member outside A's circle
	asOther     // B: Morgengry, Granlia, in A's circle; owns objects of B's own
	nCallers
)

var callerNames = [nCallers]string{"anonymous", "member", "moderator", "provider", "unlinked-provider", "researcher", "admin", "suspended", "muted", "circle-outsider", "other-owner"}

func (c caller) String() string { return callerNames[c] }

// authzWorld is the care world with one object of every kind that has an
// ID in a path, each owned by A (Havbris) unless its name says otherwise,
// and one signed-in client per caller class.
type authzWorld struct {
	*careWorld
	db      *sqldb.DB
	clients [nCallers]*webtest.Client
	logins  [nCallers]string

	modThread, modPost    string // A's thread and post for moderator actions
	careConv, attachment  string // A's care conversation with the provider, and its attachment
	modConv               string // the moderator's conversation with A
	liftConv              string // A's lift conversation with her neighbour
	items                 map[string]string
	share                 string // A shares her journal entry with the provider
	reveal                string // A shows B who she is
	notice                string // a notice to A
	cafe, gathering       string // the moderator's café, A's gathering (both Fjordvik)
	cafeAt                time.Time
	lift, neighbourAsk    string // A's offer, her neighbour's ask on the café
	liftMatch             string // the neighbour proposes travelling with A; A decides
	exercise, info        string // library pages
	localLink             string
	place, reserved       string // admin objects
	invitation            string // the moderator's invitation
	memberID, neighbourID string
	spareProvider         int64
	neighbour             *webtest.Client
	seq                   int
}

// addUser creates an onboarded account.
func addUser(t *testing.T, w *careWorld, login, pseudonym string, role identity.Role) identity.User {
	t.Helper()
	nu := identity.NewUser{Login: login, Role: role}
	if role == identity.ServiceUser {
		nu.CommunityID, nu.Pseudonym = w.Fjordvik.ID, pseudonym
	} else {
		nu.Name = pseudonym
	}
	return w.Onboarded(t, nu)
}

func newAuthzWorld(t *testing.T, db *sqldb.DB) *authzWorld {
	t.Helper()
	cw := newCareWorld(t, db)
	w := &authzWorld{careWorld: cw, db: db, items: map[string]string{}, memberID: id(cw.Member.ID)}
	ctx := context.Background()
	sus := addUser(t, cw, "suspended", "Stengtute", identity.ServiceUser)
	mut := addUser(t, cw, "muted", "Stilleste", identity.ServiceUser)
	addUser(t, cw, "outsider", "Utenforbla", identity.ServiceUser)
	nb := addUser(t, cw, "neighbour", "Naboskogen", identity.ServiceUser)
	addUser(t, cw, "target", "Maalskive", identity.ServiceUser) // moderators sanction this one
	w.neighbourID = id(nb.ID)
	for _, s := range []struct {
		uid  int64
		kind string
	}{{sus.ID, "suspend"}, {mut.ID, "mute"}} {
		if _, err := db.ExecContext(ctx, `INSERT INTO sanctions (user_id, kind, reason, created_at) VALUES ($1, $2, 'Matrise.', $3)`, s.uid, s.kind, cw.Clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	w.logins = [nCallers]string{"", "member", "moderator", "provider", "provider2", "researcher", "admin", "suspended", "muted", "outsider", "member2"}
	w.clients[asAnon] = cw.Client(t)
	w.clients[asMember], w.clients[asModerator], w.clients[asOther] = cw.kari, cw.mod, cw.ola
	w.clients[asProvider], w.clients[asUnlinked], w.clients[asAdmin] = cw.provider, cw.provider2, cw.admin
	for _, c := range []caller{asResearcher, asSuspended, asMuted, asOutsider} {
		w.clients[c] = cw.As(t, w.logins[c])
	}
	k, mod, neighbour := cw.kari, cw.mod, cw.As(t, "neighbour")
	w.neighbour = neighbour
	for _, c := range []caller{asProvider, asUnlinked, asResearcher} {
		w.clients[c].Forbid = []string{"Havbris", "Morgengry", sharedTitle, circleTitle}
	}
	for _, c := range []caller{asOutsider, asModerator, asSuspended, asMuted} {
		w.clients[c].Forbid = []string{circleTitle, circleWord}
	}

	// Forum objects for moderator actions.
	var tc struct {
		Thread struct{ ID string }
		Post   struct{ ID string }
	}
	r := k.Do("POST", "/api/v1/forum/threads", map[string]any{"category_id": cw.local, "title": "Til moderering", "body": "En vanlig tekst."})
	mustStatus(t, r, 201)
	r.JSON(t, &tc)
	w.modThread, w.modPost = tc.Thread.ID, tc.Post.ID

	// Conversations: care with an attachment, with the moderator.
	r = upload(k, "/api/v1/conversations", map[string]string{"participant_ids": id(cw.Provider.ID), "subject": "Hemmelig emne", "body": "Hemmelig tekst"},
		map[string][]byte{"bilde.png": smallPNG()})
	w.careConv = created(t, r, "id")
	var conv struct {
		Messages []struct{ Attachments []struct{ ID string } }
	}
	k.Get("/api/v1/conversations/"+w.careConv).JSON(t, &conv)
	w.attachment = conv.Messages[0].Attachments[0].ID
	w.modConv = created(t, mod.Do("POST", "/api/v1/conversations", map[string]any{"participant_pseudonyms": []string{"Havbris"}, "subject": "Hei", "body": "Hei Havbris"}), "id")

	// Toolbox: one item of every tool, a share.
	var ex struct{ Items []struct{ ID string } }
	k.Get("/api/v1/library/exercises").JSON(t, &ex)
	if len(ex.Items) == 0 {
		t.Fatal("no exercises")
	}
	w.exercise = ex.Items[0].ID
	for tool, body := range map[string]map[string]any{
		"goals":       {"title": "Mål", "area": "hope"},
		"activities":  {"what": "Tur", "day": "2026-11-30"},
		"network":     {"name": "Venn", "kind": "friend", "closeness": "inner"},
		"crisis-plan": {"warning_signs": "Søvn"},
		"exercises":   {"exercise_id": w.exercise, "text": "Svar"},
		"medications": {"name": "Medisin", "started": "2026-01-01"},
		"journal":     {"text": "Dagbok", "mood": 3},
	} {
		w.items[tool] = created(t, k.Do("POST", "/api/v1/toolbox/"+tool, body), "id")
	}
	w.share = created(t, k.Do("POST", "/api/v1/toolbox/shares", map[string]any{"item_kind": "journal", "item_id": w.items["journal"], "provider_id": id(cw.Provider.ID)}), "id")
	created(t, k.Do("POST", "/api/v1/toolbox/shares", map[string]any{"item_kind": "network", "provider_id": id(cw.Provider.ID)}), "id")

	// People: a reveal to B; a notice to A.
	w.reveal = created(t, k.Do("POST", "/api/v1/reveals", map[string]any{"to_pseudonym": "Morgengry", "shown_name": "Kari"}), "id")
	var notes struct{ Items []struct{ ID string } }
	k.Get("/api/v1/notifications").JSON(t, &notes)
	if len(notes.Items) == 0 {
		t.Fatal("A has no notice")
	}
	w.notice = notes.Items[0].ID

	// Events: a café A goes to and offers a lift to, a gathering she hosts,
	// the neighbour's ask and proposal; a lift conversation.
	w.cafeAt = cw.Clock.Now().Add(48 * time.Hour).Truncate(time.Minute)
	event := func(c *webtest.Client, kind, title string) string {
		return created(t, c.Do("POST", "/api/v1/events", map[string]any{"community_id": id(cw.Fjordvik.ID), "kind": kind, "title": title,
			"starts_at": w.cafeAt, "ends_at": w.cafeAt.Add(time.Hour), "place": map[string]any{"name": "Biblioteket"}, "capacity": 10}), "id")
	}
	w.cafe = event(mod, "cafe", "Matrisekafé")
	w.gathering = event(k, "gathering", "Matrisetreff")
	mustStatus(t, k.Do("POST", "/api/v1/events/"+w.cafe+"/rsvp", map[string]any{"status": "going"}), 200)
	mustStatus(t, neighbour.Do("POST", "/api/v1/events/"+w.cafe+"/rsvp", map[string]any{"status": "going"}), 200)
	w.lift = created(t, k.Do("POST", "/api/v1/events/"+w.cafe+"/lifts", map[string]any{"kind": "offer", "seats": 2, "area": "Sentrum"}), "id")
	w.neighbourAsk = created(t, neighbour.Do("POST", "/api/v1/events/"+w.cafe+"/lifts", map[string]any{"kind": "ask", "seats": 1, "area": "Nordbyen"}), "id")
	w.liftMatch = created(t, neighbour.Do("POST", "/api/v1/lifts/"+w.lift+"/propose", map[string]any{"my_lift_id": w.neighbourAsk}), "id")
	// A second pair, agreed, opens the lift conversation.
	buddyA := created(t, k.Do("POST", "/api/v1/events/"+w.cafe+"/buddies", map[string]any{"area": "Sentrum"}), "id")
	buddyN := created(t, neighbour.Do("POST", "/api/v1/events/"+w.cafe+"/buddies", map[string]any{"area": "Sentrum"}), "id")
	m2 := created(t, neighbour.Do("POST", "/api/v1/lifts/"+buddyA+"/propose", map[string]any{"my_lift_id": buddyN}), "id")
	var lm struct {
		ConversationID string `json:"conversation_id"`
	}
	r = k.Do("POST", "/api/v1/lift-matches/"+m2, map[string]any{"agree": true})
	mustStatus(t, r, 200)
	r.JSON(t, &lm)
	w.liftConv = lm.ConversationID
	if w.liftConv == "" {
		t.Fatalf("no lift conversation: %s", r.Body)
	}

	// Admin objects, library, invitations, the calendar feed.
	adm := cw.admin
	w.info = created(t, adm.Do("POST", "/api/v1/library/info", map[string]any{"title_nb": "Info", "title_en": "Info", "body_nb": "Tekst", "body_en": "Text"}), "id")
	w.place = created(t, adm.Do("POST", "/api/v1/admin/places", map[string]any{"community_id": id(cw.Fjordvik.ID), "name": "Matriseveien"}), "id")
	w.reserved = created(t, adm.Do("POST", "/api/v1/admin/reserved-pseudonyms", map[string]any{"word": "Matriseord"}), "id")
	w.invitation = created(t, mod.Do("POST", "/api/v1/invitations", map[string]any{"role": "service_user", "community_id": id(cw.Fjordvik.ID)}), "id")
	r = mod.Form("/local-links", map[string][]string{"community_id": {id(cw.Fjordvik.ID)}, "name": {"Frivilligsentralen"}, "description": {"Hjelp"}, "phone": {"12345678"}})
	if r.Status != 303 {
		t.Fatalf("local link: %d %.300s", r.Status, r.Body)
	}
	var links struct{ Items []struct{ ID string } }
	k.Get("/api/v1/library/links").JSON(t, &links)
	if len(links.Items) == 0 {
		t.Fatal("no local link")
	}
	w.localLink = links.Items[0].ID
	return w
}

// token gives A a fresh access token and returns its ID.
func (w *authzWorld) token(t *testing.T) string {
	return created(t, w.kari.Do("POST", "/api/v1/auth/tokens", map[string]any{"name": "matrise"}), "id")
}

// passkey gives A a passkey (stored directly: the ceremony needs a
// browser) and returns its ID.
func (w *authzWorld) passkey(t *testing.T) string {
	var n int64
	err := w.db.Write(context.Background(), func(tx *sql.Tx) error {
		return tx.QueryRowContext(context.Background(), `INSERT INTO passkeys (user_id, credential_id, name, credential, created_at) VALUES ($1, $2, 'Matrise', '{}', $3) RETURNING id`,
			w.Member.ID, "cred-"+w.next(), w.Clock.Now()).Scan(&n)
	})
	if err != nil {
		t.Fatal(err)
	}
	return id(n)
}

// newPost gives A a fresh post in her thread.
func (w *authzWorld) newPost(t *testing.T) string {
	return created(t, w.kari.Do("POST", "/api/v1/forum/threads/"+w.thread+"/posts", map[string]any{"body": "Nok et innlegg."}), "post.id")
}

// ask has c ask a member to know each other and returns the request.
func (w *authzWorld) ask(t *testing.T, c *webtest.Client, pseudonym string) string {
	return created(t, c.Do("POST", "/api/v1/reveal-requests", map[string]any{"to_pseudonym": pseudonym, "shown_name": "Kari"}), "id")
}

// spareLink links a spare provider with the neighbour and returns the
// link, for routes that end links.
func (w *authzWorld) spareLink(t *testing.T) string {
	if w.spareProvider == 0 {
		w.spareProvider = addUser(t, w.careWorld, "provider3", "Siv Spare", identity.Provider).ID
	}
	nb, _ := strconv.ParseInt(w.neighbourID, 10, 64)
	return created(t, w.admin.Do("POST", "/api/v1/care-team/links", map[string]any{"provider_id": id(w.spareProvider), "member_id": id(nb), "member_name": "Nina Nabo"}), "id")
}

// perCaller builds a request for each caller, for rows where more than
// one caller may act on an object once.
func perCaller(build func(t *testing.T, w *authzWorld) rq) func(*testing.T, *authzWorld, caller) rq {
	return func(t *testing.T, w *authzWorld, _ caller) rq { return build(t, w) }
}

// perRow builds a route's request once, the first time a caller needs it,
// for rows aimed at an object made for that route.
func perRow(build func(t *testing.T, w *authzWorld) rq) func(*testing.T, *authzWorld, caller) rq {
	var r *rq
	return func(t *testing.T, w *authzWorld, _ caller) rq {
		if r == nil {
			x := build(t, w)
			r = &x
		}
		return *r
	}
}

// next returns a number new on every call, for unique names.
func (w *authzWorld) next() string {
	w.seq++
	return strconv.Itoa(w.seq)
}

// tool gives A a fresh item of tool.
func (w *authzWorld) tool(t *testing.T, tool string) string {
	body := map[string]map[string]any{
		"goals":       {"title": "Mål", "area": "hope"},
		"activities":  {"what": "Tur", "day": "2026-11-30"},
		"network":     {"name": "Venn", "kind": "friend", "closeness": "inner"},
		"crisis-plan": {"warning_signs": "Søvn"},
		"exercises":   {"exercise_id": w.exercise, "text": "Svar"},
		"medications": {"name": "Medisin", "started": "2026-01-01"},
		"journal":     {"text": "Dagbok", "mood": 3},
	}[tool]
	return created(t, w.kari.Do("POST", "/api/v1/toolbox/"+tool, body), "id")
}

// event gives A a fresh gathering.
func (w *authzWorld) event(t *testing.T) string {
	return created(t, w.kari.Do("POST", "/api/v1/events", map[string]any{"community_id": id(w.Fjordvik.ID), "kind": "gathering", "title": "Treff " + w.next(),
		"starts_at": w.cafeAt, "ends_at": w.cafeAt.Add(time.Hour), "place": map[string]any{"name": "Biblioteket"}, "capacity": 10}), "id")
}

// feedFile gives A a new calendar feed address and returns its file name.
func (w *authzWorld) feedFile(t *testing.T) string {
	var f struct {
		URL string `json:"url"`
	}
	r := w.kari.Do("POST", "/api/v1/calendar-feed", map[string]any{})
	mustStatus(t, r, 201)
	r.JSON(t, &f)
	return f.URL[strings.LastIndex(f.URL, "/")+1:]
}

// newCircle has A make a circle with B in it and returns its ID.
func (w *authzWorld) newCircle(t *testing.T) string {
	c := created(t, w.kari.Do("POST", "/api/v1/circles", map[string]any{"name": "Sirkel " + w.next(), "member_pseudonyms": []string{"Morgengry"}}), "id")
	mustStatus(t, w.ola.Do("POST", "/api/v1/circles/"+c+"/join", nil), 204)
	return c
}

// invite has the moderator make an invitation and returns its ID.
func (w *authzWorld) invite(t *testing.T) string {
	return created(t, w.mod.Do("POST", "/api/v1/invitations", map[string]any{"role": "service_user", "community_id": id(w.Fjordvik.ID)}), "id")
}

// at is the form value naming the café's and the gathering's occurrence.
func (w *authzWorld) at() string { return strconv.FormatInt(w.cafeAt.Unix(), 10) }

// newShare has A share her goal with the provider and returns the share.
func (w *authzWorld) newShare(t *testing.T) string {
	return created(t, w.kari.Do("POST", "/api/v1/toolbox/shares", map[string]any{"item_kind": "goals", "item_id": w.items["goals"], "provider_id": id(w.Provider.ID)}), "id")
}
