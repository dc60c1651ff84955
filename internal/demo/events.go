package demo

import (
	"context"
	"time"

	"reconnect/internal/events"
	"reconnect/internal/identity"
)

// seedEvents gives each community a monthly café hosted by the peer
// moderator (the first Tuesday in Fjordvik, the last Thursday in
// Granlia), a coffee gathering proposed by Havbris, a few answers and
// one lift offer.
func seedEvents(ctx context.Context, ids *identity.Service, evs *events.Service, fjordvik, granlia identity.Community) error {
	users := map[string]identity.User{}
	for _, login := range []string{"likeperson", "tjenestebruker", "tjenestebruker2"} {
		u, err := ids.LoginLookupForDemo(ctx, login)
		if err != nil {
			return err
		}
		users[login] = u
	}
	host, kari, ola := users["likeperson"], users["tjenestebruker"], users["tjenestebruker2"]
	oslo, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		return err
	}
	now := evs.Now().In(oslo)
	// nth weekday of the coming month (n = -1 for the last).
	day := func(wd time.Weekday, n int, hour, minute int) time.Time {
		first := time.Date(now.Year(), now.Month()+1, 1, hour, minute, 0, 0, oslo)
		if n > 0 {
			for first.Weekday() != wd {
				first = first.AddDate(0, 0, 1)
			}
			return first.AddDate(0, 0, 7*(n-1))
		}
		last := first.AddDate(0, 1, -1)
		for last.Weekday() != wd {
			last = last.AddDate(0, 0, -1)
		}
		return last
	}
	cafes := []struct {
		community identity.Community
		title     string
		start     time.Time
		nth       int
		place     string
		address   string
		access    string
		travel    string
	}{
		{fjordvik, "Kafé i Fjordvik", day(time.Tuesday, 1, 18, 0), 1, "Fjordvik bibliotek, møterom 2", "Storgata 12", "Trinnfri inngang og heis. Stille rom ved siden av.", "Buss 12 til Torget, to minutter å gå. Gratis parkering bak biblioteket."},
		{granlia, "Kafé i Granlia", day(time.Thursday, -1, 17, 30), -1, "Granlia frivilligsentral", "Granliaveien 4", "Inngang fra gårdsplassen uten trapp.", "T-bane til Granlia, fem minutter å gå."},
	}
	var first int64
	var firstAt time.Time
	for _, c := range cafes {
		id, err := evs.Create(ctx, &host, events.New{CommunityID: c.community.ID, Kind: events.Cafe, Title: c.title,
			Description: "En uformell kveld med kaffe og noe å bite i. Denne gangen snakker vi om **små steg** – ta gjerne med en tanke fra øvelsen i forumet.",
			Start:       c.start, End: c.start.Add(2 * time.Hour), Rule: events.Rule{Freq: events.MonthlyNth, Nth: c.nth},
			Place: c.place, Address: c.address, Accessibility: c.access, Travel: c.travel, Capacity: 15})
		if err != nil {
			return err
		}
		if first == 0 {
			first, firstAt = id, c.start
		} else if _, err := evs.Answer(ctx, &ola, id, c.start, events.Reply{Status: events.Going, Shown: events.ShownRevealed}); err != nil {
			return err
		}
	}
	if _, err := evs.Answer(ctx, &kari, first, firstAt, events.Reply{Status: events.Going, Note: "Første gang, litt spent.", Shown: events.ShownPseudonym}); err != nil {
		return err
	}
	if _, err := evs.AddLift(ctx, &kari, first, firstAt, events.LiftOffer, 2, "Fjordvik sentrum", "Kjører fra Coop kl. 17.40"); err != nil {
		return err
	}
	coffee := now.AddDate(0, 0, 5)
	coffee = time.Date(coffee.Year(), coffee.Month(), coffee.Day(), 11, 0, 0, 0, oslo)
	_, err = evs.Create(ctx, &kari, events.New{CommunityID: fjordvik.ID, Kind: events.Gathering, Title: "Kaffe på Havnekaféen",
		Description: "Noen som vil ta en kaffe og en tur langs havna etterpå? Helt uformelt.", Start: coffee, End: coffee.Add(90 * time.Minute),
		Place: "Havnekaféen", Accessibility: "Uteservering, flatt underlag."})
	return err
}
