package privacy

// The fixed context used by the corpus and the unit tests: an author,
// the place list of the fictional municipality Fjordvik, and a few other
// members. Every name and place here is invented.
var (
	testAuthor = []string{"Kari Nordmann"}
	testPlaces = []string{"Fjordvik", "Fjordvik Coop", "Storgata", "Kiwi Granlia", "Fjordvik legesenter",
		"Fjordvik bibliotek", "Granlia", "Havnekaféen", "Sjøbadet", "Fjordvik DPS", "Fjordhallen", "Bryggeparken",
		"Lundetjern", "Vággeluokta", "Rema 1000 Sjøgata"}
	testMembers = []string{"Kari Nordmann", "Ola Nordmann", "Ingrid Solberg", "Máret Ánne Guttorm", "Per Olav Dahl",
		"Åse Bjørnstad", "Liv Haugland", "Ahmed Rahimi", "Tor-Arne Vik", "Siri Fjellheim", "Jon Berg"}
)

func testContext() Context {
	return Context{AuthorNames: testAuthor, Places: testPlaces, Members: NewNames(testMembers)}
}
