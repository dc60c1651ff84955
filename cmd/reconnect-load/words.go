package main

// Word lists for synthetic Bokmål and English posts. Content words are
// drawn with Zipf-like weights (earlier entries are more common), so a
// few words appear in a large share of posts and most are rare.

type lang struct {
	openers, closers            []string
	subjects, transitive        []string
	intransitive, adverbials    []string
	adjectives, nouns           []string
	helps, asks, hard, connects []string
	infinitives                 []string
	week                        string   // a sentence with %s for an adjective
	at                          string   // "på" or "in", before a place
	titleTemplates              []string // %s: a noun, %a: an adjective
}

var nb = lang{
	openers: []string{"Hei alle sammen!", "Takk for at du deler dette.", "Kjenner meg så godt igjen.", "Godt å lese dette.", "Hei!",
		"Så fint at du skriver her.", "Jeg har lest med en stund, men skriver for første gang nå.", "Klem til deg.", "Huff, det høres tungt ut."},
	closers: []string{"Ha en fin dag videre.", "Ta vare på deg selv.", "Vi sees på kafeen.", "Takk for at dere er her.", "Klem fra meg.",
		"Håper det går bedre snart.", "Du er ikke alene.", "Godt å ha dette stedet."},
	subjects: []string{"jeg", "vi", "du", "hun", "han", "mange av oss", "legen min", "behandleren min", "mamma", "søsteren min",
		"kollegaen min", "naboen", "samboeren min", "likepersonen", "fastlegen", "broren min"},
	transitive: []string{"trenger", "savner", "prøver", "kjenner på", "tenker mye på", "snakker om", "liker", "ser fram til",
		"husker", "merker", "grubler over", "unngår", "finner trøst i", "skriver om", "lærer meg", "jobber med", "tåler ikke", "har glemt"},
	intransitive: []string{"sover dårlig", "våkner tidlig", "går tur", "blir sliten", "føler meg tom", "har det bedre", "får ikke sove",
		"orker lite", "ligger våken", "gråter litt", "ler igjen", "puster rolig", "kjenner uro", "trekker meg unna", "holder ut",
		"får panikk", "sitter stille", "drikker te", "hører på musikk", "lager middag", "ringer en venn", "går til fastlegen"},
	adverbials: []string{"om natta", "hver dag", "i helgene", "denne uka", "etter jobb", "på morgenen", "i det siste", "av og til",
		"ofte", "sjelden", "nesten alltid", "om kvelden", "i høst", "hele vinteren", "siden jul", "før kafeen", "klokka fire",
		"i to måneder", "når det regner", "på søndager"},
	adjectives: []string{"god", "tung", "liten", "stor", "rolig", "vanskelig", "ny", "fin", "lang", "kort", "ensom", "trygg",
		"sliten", "glad", "redd", "varm", "kald", "mørk", "lys", "stille", "sterk", "sår", "ærlig", "modig", "forsiktig", "uvant"},
	nouns: []string{"søvn", "angst", "energi", "turen", "skogen", "kafeen", "medisinene", "fastlegen", "samtalen", "jobben",
		"familien", "vennene mine", "musikk", "trening", "dagboka", "pusteøvelser", "hverdagen", "natta", "helga", "tankene",
		"bekymringene", "kroppen", "maten", "sola", "havet", "fjellet", "hunden", "katten", "barna", "foreldrene mine",
		"behandlingen", "gruppa", "møtet", "timen", "ventelista", "sykmeldingen", "økonomien", "leiligheten", "bussen", "vinteren",
		"høsten", "mørket", "lyset", "rutiner", "pauser", "grenser", "skam", "sorg", "håp", "mestring", "tilbakefall", "framgang",
		"søvnrytmen", "dusjen", "kaffen", "telefonen", "nyhetene", "sosiale medier", "naturen", "strikking", "hagen", "biblioteket"},
	helps:    []string{"Det som hjelper meg er", "Det som ga meg energi var", "Jeg har god erfaring med", "Det som tapper meg er", "Noe som har hjulpet litt er"},
	asks:     []string{"Har noen tips om", "Hvordan takler dere", "Er det flere som sliter med", "Hva gjør dere med", "Noen som har erfaring med"},
	hard:     []string{"Det er vanskelig å", "Jeg synes det er tungt å", "Det føles godt å", "Jeg prøver å", "Jeg klarte å"},
	connects: []string{"og", "men", "fordi", "så", "selv om", "når"},
	infinitives: []string{"sove", "komme meg ut", "be om hjelp", "si nei", "holde rutinene", "møte opp", "ta imot hjelp",
		"være alene", "stå opp", "spise ordentlig", "fortelle det til noen", "slippe taket"},
	week: "Det har vært en %s uke", at: "på",
	titleTemplates: []string{"Noen som har tips om %s?", "En %a dag", "Om %s", "Hvordan takler dere %s?", "%s og %s", "Tanker om %s",
		"En liten seier i dag", "Trenger å skrive litt", "%a uke", "Spørsmål om %s", "Hva hjelper mot %s?", "Takk for i går"},
}

var en = lang{
	openers: []string{"Hi everyone!", "Thanks for sharing this.", "I recognise myself so much in this.", "Good to read this.", "Hello!",
		"I have been reading for a while but this is my first post.", "Sending you a hug.", "That sounds really hard."},
	closers: []string{"Have a good day.", "Take care of yourself.", "See you at the café.", "Thanks for being here.", "Hugs from me.",
		"Hope it gets better soon.", "You are not alone."},
	subjects: []string{"I", "we", "you", "she", "he", "many of us", "my doctor", "my therapist", "my mother", "my sister",
		"my colleague", "my neighbour", "my partner", "the peer supporter"},
	transitive: []string{"need", "miss", "try", "struggle with", "think a lot about", "talk about", "like", "look forward to",
		"remember", "notice", "dread", "avoid", "find comfort in", "write about", "am learning", "work on", "can't stand"},
	intransitive: []string{"sleep badly", "wake up early", "go for a walk", "get tired", "feel empty", "feel better", "can't sleep",
		"feel anxious", "lie awake", "cry a little", "laugh again", "breathe slowly", "feel restless", "withdraw", "hold on",
		"panic", "sit quietly", "drink tea", "listen to music", "cook dinner", "call a friend"},
	adverbials: []string{"at night", "every day", "on weekends", "this week", "after work", "in the morning", "lately",
		"sometimes", "often", "rarely", "almost always", "in the evening", "this autumn", "all winter", "since Christmas"},
	adjectives: []string{"good", "heavy", "small", "big", "calm", "difficult", "new", "nice", "long", "short", "lonely", "safe",
		"tired", "happy", "scared", "warm", "cold", "dark", "bright", "quiet", "strong", "honest", "brave", "careful"},
	nouns: []string{"sleep", "anxiety", "energy", "the walk", "the forest", "the café", "my medication", "my doctor", "the conversation",
		"my job", "my family", "my friends", "music", "exercise", "my journal", "breathing exercises", "everyday life", "the nights",
		"the weekend", "my thoughts", "worries", "my body", "food", "the sun", "the sea", "the mountains", "my dog", "my cat",
		"the kids", "my parents", "treatment", "the group", "the meeting", "the appointment", "the waiting list", "sick leave",
		"money", "my flat", "the bus", "winter", "darkness", "routines", "breaks", "boundaries", "shame", "grief", "hope", "relapse"},
	helps:    []string{"What helps me is", "What gave me energy was", "I have had good experiences with", "What drains me is"},
	asks:     []string{"Does anyone have tips for", "How do you cope with", "Does anyone else struggle with", "Any experience with"},
	hard:     []string{"It is hard to", "I find it difficult to", "It feels good to", "I am trying to", "I managed to"},
	connects: []string{"and", "but", "because", "so", "even though", "when"},
	infinitives: []string{"sleep", "get out", "ask for help", "say no", "keep routines", "show up", "accept help",
		"be alone", "get up", "eat properly", "tell someone", "let go"},
	week: "It has been a %s week", at: "in",
	titleTemplates: []string{"Any tips for %s?", "A %a day", "About %s", "How do you cope with %s?", "%s and %s",
		"Thoughts on %s", "A small win today", "Need to write a bit", "Question about %s", "What helps with %s?"},
}

// Compound parts: Bokmål builds new words by joining nouns, which gives
// the long tail of rare words in a real forum.
var compoundHeads = []string{"søvn", "kafé", "tur", "dag", "natt", "jobb", "angst", "venne", "familie", "mat", "tanke", "hjelpe",
	"skog", "fjell", "kropps", "hode", "musikk", "vinter", "sommer", "morgen", "kvelds", "helge", "pause", "trenings", "hverdags"}
var compoundTails = []string{"problem", "rytme", "gruppe", "tips", "plan", "bok", "øvelse", "lyd", "time", "samtale", "tur",
	"stund", "mønster", "vane", "glede", "sorg", "kaffe", "lys", "tanker", "rutine", "uro", "ro", "hjelp", "dag", "venn"}

// Syllables for names of places, pets and things: rarer still.
var syllables = []string{"bre", "ka", "lund", "vik", "sel", "mo", "stad", "heim", "rud", "ås", "dal", "by", "nes", "tor",
	"gran", "li", "fjord", "holm", "sand", "berg", "øy", "ran", "vol", "ha"}

// Rare words, each in about one post in 4,000: the search benchmark's
// rare term is one of them.
var rareWords = []string{"moltebær", "kajakk", "tyttebærsyltetøy", "nordlyset", "vedovnen", "hengekøye", "strikkeklubben",
	"badstue", "fuglekasse", "trekkspill", "solformørkelse", "pepperkakehus", "isbading", "akvarell", "skiskyting", "origami"}

// links appear in a few posts; goldmark's linkify turns them into links.
var links = []string{"https://www.helsenorge.no/psykisk-helse/", "https://www.mentalhelse.no/", "https://www.rop.no/",
	"https://example.org/sovnrad"}
