package demo

import (
	"context"

	"reconnect/internal/forum"
	"reconnect/internal/identity"
	"reconnect/internal/moderation"
)

// seedForum adds categories and a few warm, fictional threads, among
// them a pinned reflection exercise from the peer moderator.
func seedForum(ctx context.Context, ids *identity.Service, fs *forum.Service, mods *moderation.Service, fjordvik int64) error {
	admin, err := ids.LoginLookupForDemo(ctx, "admin")
	if err != nil {
		return err
	}
	cats := map[string]forum.Category{}
	for i, c := range []forum.CategoryInput{
		{Slug: "hverdagen", NameNB: "Hverdagen", NameEN: "Everyday life", DescNB: "Små og store ting i hverdagen.", DescEN: "Small and big things in everyday life."},
		{Slug: "sovn-og-kropp", NameNB: "Søvn og kropp", NameEN: "Sleep and body", DescNB: "Søvn, mat, bevegelse og medisiner.", DescEN: "Sleep, food, exercise and medication."},
		{Slug: "hap-og-mestring", NameNB: "Håp og mestring", NameEN: "Hope and coping", DescNB: "Det som hjelper, og det som gir håp.", DescEN: "What helps, and what gives hope."},
		{Slug: "refleksjon", NameNB: "Refleksjon før kafeen", NameEN: "Reflection before the café", DescNB: "Øvelser fra likepersonen før hvert kafétreff.", DescEN: "Exercises from the peer moderator before each café."},
		{Slug: "fjordvik", NameNB: "Fjordvik", NameEN: "Fjordvik", DescNB: "Bare for oss i Fjordvik.", DescEN: "Only for us in Fjordvik.", CommunityID: fjordvik, RequiresApproval: true},
	} {
		c.Position = i * 10
		cat, err := fs.CreateCategory(ctx, &admin, c)
		if err != nil {
			return err
		}
		cats[c.Slug] = cat
	}
	users := map[string]identity.User{}
	for _, l := range []string{"likeperson", "tjenestebruker", "tjenestebruker2"} {
		if users[l], err = ids.LoginLookupForDemo(ctx, l); err != nil {
			return err
		}
	}
	verten, havbris, morgengry := users["likeperson"], users["tjenestebruker"], users["tjenestebruker2"]
	ex, _, err := fs.CreateThread(ctx, &verten, forum.NewThread{CategoryID: cats["refleksjon"].ID, Title: "Før kafeen på torsdag: hva gir deg energi?",
		Body: "Hei alle sammen!\n\nFør vi møtes på torsdag vil jeg gjerne at vi tenker litt på dette:\n\n1. Hva er én ting som ga deg energi denne uka, uansett hvor liten?\n2. Hva tapper deg for energi?\n3. Er det noe du vil prøve mer av?\n\nSkriv gjerne her, eller bare ta det med deg i tankene. Det finnes ingen feil svar. Vel møtt! 🌱"})
	if err != nil {
		return err
	}
	if err := mods.SetThread(ctx, &verten, ex.ID, moderation.Pin); err != nil {
		return err
	}
	if _, err := fs.Reply(ctx, &havbris, ex.ID, forum.NewPost{Body: "Det som ga meg energi var en tur i skogen på søndag. Jeg gikk bare en halvtime, men det kjentes godt etterpå. Det som tapper meg er når jeg ligger våken om natta og tenker."}); err != nil {
		return err
	}
	sleep, _, err := fs.CreateThread(ctx, &morgengry, forum.NewThread{CategoryID: cats["sovn-og-kropp"].ID, Title: "Noen som har tips om søvn?",
		Body: "Jeg har sovet dårlig i flere uker nå. Jeg sovner greit, men våkner klokka fire og får ikke sove igjen. Har noen av dere funnet noe som hjelper?"})
	if err != nil {
		return err
	}
	for _, r := range []struct {
		who  *identity.User
		body string
	}{
		{&havbris, "Kjenner meg så godt igjen. Det som har hjulpet meg litt er å stå opp samme tid hver dag, også i helgene. Og å ikke ligge og se på telefonen når jeg våkner."},
		{&verten, "Takk for at du deler dette, @Morgengry. Det er tungt å våkne så tidlig. Mange av oss har kjent på det. Kanskje vi kan snakke litt om søvn på neste kafé også? Og husk at fastlegen eller behandleren din kan være en god å ta det opp med."},
	} {
		if _, err := fs.Reply(ctx, r.who, sleep.ID, forum.NewPost{Body: r.body}); err != nil {
			return err
		}
	}
	hope, _, err := fs.CreateThread(ctx, &havbris, forum.NewThread{CategoryID: cats["hap-og-mestring"].ID, Title: "En liten seier i dag",
		Body: "Jeg ville bare dele at jeg klarte å ringe og bestille time i dag. Det har jeg utsatt i to måneder. Det føles som en stor ting for meg."})
	if err != nil {
		return err
	}
	p, err := fs.Reply(ctx, &morgengry, hope.ID, forum.NewPost{Body: "Så bra! Det er ikke lite, det er modig. 💛"})
	if err != nil {
		return err
	}
	for _, r := range []struct {
		who  *identity.User
		post int64
		kind string
	}{{&morgengry, hope.LastPostID, "brave"}, {&verten, hope.LastPostID, "support"}, {&havbris, p.ID, "thanks"}} {
		if err := fs.React(ctx, r.who, r.post, r.kind); err != nil {
			return err
		}
	}
	_, _, err = fs.CreateThread(ctx, &havbris, forum.NewThread{CategoryID: cats["hverdagen"].ID, Title: "Hva gjør dere når dagene blir lange?",
		Body: "Nå som det er mørkt så tidlig, blir dagene lange. Jeg prøver å ha én ting å gjøre hver dag, om det så bare er å handle. Hva gjør dere?"})
	if err != nil {
		return err
	}
	// Something for the moderator's queue: a reply that says too much
	// about where its author works, posted anyway, and flagged by a
	// member who worries about that.
	tmi, err := fs.Reply(ctx, &havbris, sleep.ID, forum.NewPost{Acknowledge: true,
		Body: "Jeg sover bedre de dagene jeg har vakt på kjøkkenet på Fjordvik sykehjem. Da er jeg sliten på en god måte."})
	if err != nil {
		return err
	}
	_, err = mods.Flag(ctx, &morgengry, tmi.ID, "identity", "Jeg tror dette kan vise hvem som skrev det.")
	return err
}
