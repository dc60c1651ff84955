// Package demo fills a fresh database with fictional content so that a
// newcomer can try every role. Later features add their content here.
package demo

import (
	"context"
	"fmt"
	"time"

	"reconnect/internal/care"
	"reconnect/internal/events"
	"reconnect/internal/forum"
	"reconnect/internal/identity"
	"reconnect/internal/messages"
	"reconnect/internal/moderation"
	"reconnect/internal/toolbox"
)

// Password is the demo accounts' shared password. The demo binds to
// localhost only.
const Password = "demo-passord-2026" // #nosec G101 -- the demo's published password for throwaway demo data, printed at start

// Account is a demo login to print.
type Account struct {
	Login, Role, Shows, Community string
}

// Result is what Seed made.
type Result struct {
	Accounts   []Account
	Invitation string // an open invitation for a new service user
}

// Seed creates two fictional municipalities — small rural Fjordvik and
// large suburban Granlia — and one account per role.
func Seed(ctx context.Context, ids *identity.Service, fs *forum.Service, mods *moderation.Service, msgs *messages.Service, links *care.Service, tools *toolbox.Service, evs *events.Service) (*Result, error) {
	admin, err := ids.CreateUser(ctx, nil, identity.NewUser{Login: "admin", Password: Password, Role: identity.Admin, Name: "Demo Administrator"})
	if err != nil {
		return nil, fmt.Errorf("demo admin: %w", err)
	}
	if err := ids.CompleteOnboarding(ctx, &admin); err != nil {
		return nil, err
	}
	fjordvik, err := ids.CreateCommunity(ctx, &admin, identity.NewCommunity{Name: "Fjordvik kommune", Slug: "fjordvik"})
	if err != nil {
		return nil, err
	}
	granlia, err := ids.CreateCommunity(ctx, &admin, identity.NewCommunity{Name: "Granlia bydel", Slug: "granlia"})
	if err != nil {
		return nil, err
	}
	// Local places the identifying-details check warns about.
	for c, places := range map[int64][]string{
		fjordvik.ID: {"Fjordvik Coop", "Storgata", "Fjordvik legesenter", "Havnekaféen", "Fjordvik bibliotek"},
		granlia.ID:  {"Granlia senter", "Kiwi Granlia", "Granliaveien", "Granlia frivilligsentral"},
	} {
		for _, p := range places {
			if _, err := ids.AddPlace(ctx, &admin, c, p); err != nil {
				return nil, err
			}
		}
	}
	res := &Result{Accounts: []Account{{Login: "admin", Role: "admin", Shows: "Demo Administrator"}}}
	users := []struct {
		login     string
		role      identity.Role
		community identity.Community
		pseudonym string
		name      string
	}{
		{"likeperson", identity.PeerModerator, fjordvik, "Fjordvik-verten", ""},
		{"tjenestebruker", identity.ServiceUser, fjordvik, "Havbris", ""},
		{"tjenestebruker2", identity.ServiceUser, granlia, "Morgengry", ""},
		{"behandler", identity.Provider, granlia, "", "Ada Berg, sykepleier"},
		{"forsker", identity.Researcher, identity.Community{}, "", "Demo Forsker"},
	}
	for _, x := range users {
		u, err := ids.CreateUser(ctx, &admin, identity.NewUser{Login: x.login, Password: Password, Role: x.role,
			CommunityID: x.community.ID, Pseudonym: x.pseudonym, Name: x.name})
		if err != nil {
			return nil, fmt.Errorf("demo %s: %w", x.login, err)
		}
		shows := x.pseudonym
		if shows == "" {
			shows = x.name
		}
		if err := ids.CompleteOnboarding(ctx, &u); err != nil {
			return nil, err
		}
		res.Accounts = append(res.Accounts, Account{Login: u.Login, Role: string(u.Role), Shows: shows, Community: x.community.Name})
		if x.role == identity.PeerModerator {
			mods := []int64{granlia.ID}
			if err := ids.UpdateAccount(ctx, &admin, u.ID, identity.AccountChange{ModeratorCommunityIDs: &mods}); err != nil {
				return nil, err
			}
		}
	}
	if err := seedPeers(ctx, ids); err != nil {
		return nil, err
	}
	if err := seedForum(ctx, ids, fs, mods, fjordvik.ID); err != nil {
		return nil, err
	}
	if err := seedCheckIn(ctx, ids, msgs); err != nil {
		return nil, err
	}
	if err := seedCare(ctx, ids, msgs, links, &admin); err != nil {
		return nil, err
	}
	if err := seedToolbox(ctx, ids, tools); err != nil {
		return nil, err
	}
	if err := seedEvents(ctx, ids, evs, fjordvik, granlia); err != nil {
		return nil, fmt.Errorf("demo events: %w", err)
	}
	inv, err := ids.CreateInvitation(ctx, &admin, identity.NewInvitation{Role: identity.ServiceUser, CommunityID: granlia.ID, ValidDays: 90})
	if err != nil {
		return nil, err
	}
	res.Invitation = inv.Code
	return res, nil
}

// seedPeers lets the demo show what members can do with each other:
// Havbris has revealed to Morgengry, the moderator asks Havbris whether
// to get to know each other, and Havbris has a circle Morgengry is
// invited to.
func seedPeers(ctx context.Context, ids *identity.Service) error {
	users := map[string]identity.User{}
	for _, login := range []string{"tjenestebruker", "tjenestebruker2", "likeperson"} {
		accts, err := ids.LoginLookupForDemo(ctx, login)
		if err != nil {
			return err
		}
		users[login] = accts
	}
	havbris, morgengry, verten := users["tjenestebruker"], users["tjenestebruker2"], users["likeperson"]
	if _, err := ids.RevealTo(ctx, &havbris, morgengry.Pseudonym, "Kari", "Den med grønt skjerf på kafeen"); err != nil {
		return err
	}
	if _, err := ids.AskToKnow(ctx, &verten, havbris.Pseudonym, "Mona", "Vi snakket sammen på kafeen i mars"); err != nil {
		return err
	}
	_, err := ids.CreateCircle(ctx, &havbris, "Kafégjengen", []string{morgengry.Pseudonym})
	return err
}

// seedCheckIn is a peer moderator's check-in note to Havbris, answered.
func seedCheckIn(ctx context.Context, ids *identity.Service, msgs *messages.Service) error {
	verten, err := ids.LoginLookupForDemo(ctx, "likeperson")
	if err != nil {
		return err
	}
	havbris, err := ids.LoginLookupForDemo(ctx, "tjenestebruker")
	if err != nil {
		return err
	}
	id, err := msgs.Start(ctx, &verten, "Havbris", "En hilsen før torsdag",
		"Hei! Jeg så at du skrev om de lange dagene. Du er hjertelig velkommen på kafeen torsdag – og helt greit om du ikke orker. Si fra om du vil prate.")
	if err != nil {
		return err
	}
	return msgs.Reply(ctx, &havbris, id, "Takk for at du spurte. Jeg prøver å komme, kanskje litt sent.")
}

// seedCare links the nurse Ada Berg to Havbris's account (as Kari
// Solberg, the name Ada knows) and gives them a short conversation.
func seedCare(ctx context.Context, ids *identity.Service, msgs *messages.Service, links *care.Service, admin *identity.User) error {
	ada, err := ids.LoginLookupForDemo(ctx, "behandler")
	if err != nil {
		return err
	}
	kari, err := ids.LoginLookupForDemo(ctx, "tjenestebruker")
	if err != nil {
		return err
	}
	if _, err := links.Link(ctx, admin, ada.ID, kari.ID, "Kari Solberg"); err != nil {
		return err
	}
	sent, err := msgs.StartCare(ctx, &kari, []int64{ada.ID}, "Søvnen etter ny dose",
		"Hei Ada. Etter at dosen ble satt ned for to uker siden, sover jeg dårligere. Jeg våkner rundt fire og får ikke sove igjen. Er det vanlig i starten, eller bør vi se på det før neste time?", nil)
	if err != nil {
		return err
	}
	if _, err := msgs.Get(ctx, &ada, sent.ConversationID); err != nil {
		return err
	}
	if err := msgs.Reply(ctx, &ada, sent.ConversationID,
		"Hei Kari, takk for at du sier fra. Det er ganske vanlig de første ukene etter en nedtrapping. Prøv gjerne å skrive ned når du legger deg og våkner fram til timen vår på tirsdag, så ser vi på det sammen. Blir det mye verre, ring meg på kontoret."); err != nil {
		return err
	}
	return msgs.Reply(ctx, &kari, sent.ConversationID, "Takk, det gjør jeg. Vi ses tirsdag.")
}

// seedToolbox gives Havbris a crisis plan shared with Ada, a goal with
// steps, a weekly walk and a few journal entries with moods.
func seedToolbox(ctx context.Context, ids *identity.Service, tools *toolbox.Service) error {
	kari, err := ids.LoginLookupForDemo(ctx, "tjenestebruker")
	if err != nil {
		return err
	}
	ada, err := ids.LoginLookupForDemo(ctx, "behandler")
	if err != nil {
		return err
	}
	plan, err := tools.Create(ctx, &kari, toolbox.CrisisPlan, &toolbox.Plan{
		WarningSigns:  "Jeg slutter å svare på meldinger og blir liggende lenge om morgenen.",
		SelfHelp:      "Gå en tur langs sjøen. Høre på musikk. Lage noe varmt å drikke.",
		Distractions:  "Kafeen på torsdager. Biblioteket.",
		PeopleToAsk:   "Søsteren min Anne.",
		Professionals: []toolbox.Contact{{Name: "Medisinsk nødhjelp", Phone: "113"}, {Name: "Legevakt", Phone: "116 117"}, {Name: "Ada Berg, DPS", Phone: "22 33 44 55"}},
		SaferSurround: "Anne tar vare på medisinene når det er tungt.",
		MattersMost:   "Katten min, og at jeg en dag skal jobbe igjen.",
	})
	if err != nil {
		return err
	}
	if _, err := tools.Share(ctx, &kari, toolbox.CrisisPlan, plan.ID, ada.ID); err != nil {
		return err
	}
	goal, err := tools.Create(ctx, &kari, toolbox.Goals, &toolbox.Goal{Title: "Komme meg ut hver dag", Why: "Jeg sover bedre og tankene blir lettere.", Area: "health",
		Steps: []toolbox.Step{{Text: "Gå til postkassen", Done: true}, {Text: "Gå rundt kvartalet", Done: true}, {Text: "Gå til kafeen"}}})
	if err != nil {
		return err
	}
	if _, err := tools.Create(ctx, &kari, toolbox.Activities, &toolbox.Activity{What: "Tur langs sjøen", Day: time.Now().Format("2006-01-02"),
		Time: "10:00", Repeat: "weekly", GoalID: goal.ID}); err != nil {
		return err
	}
	for _, e := range []toolbox.Entry{{Text: "Tung dag, men jeg kom meg ut.", Mood: 2}, {Text: "Kafeen i dag. Godt å se kjente.", Mood: 4}, {Text: "Roligere.", Mood: 3}} {
		if _, err := tools.Create(ctx, &kari, toolbox.Journal, &e); err != nil {
			return err
		}
	}
	return nil
}
