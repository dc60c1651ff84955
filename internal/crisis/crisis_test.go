package crisis

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"
)

// level checks one text against the default lists.
func level(t *testing.T, text string, want Level) Result {
	t.Helper()
	res := Default().Check(text)
	if res.Level != want {
		t.Errorf("%q: got %s %+v, want %s", text, res.Level, res.Matches, want)
	}
	return res
}

func TestIdiomsDoNotMatch(t *testing.T) {
	for _, text := range []string{
		"Jeg døde av latter",
		"jeg dør av kjedsomhet her",
		"Jeg vil dø av skam når jeg tenker på festen",
		"Vi drepte tiden med kortspill",
		"Dette dreper meg",
		"Jeg ler meg i hjel",
		"Kan jeg henge meg på?",
		"Jeg skjøt meg selv i foten der",
		"Jeg kuttet meg på kniven mens jeg lagde middag",
		"Jeg skal gjøre slutt på det med ham",
		"Jeg tar livet med ro",
		"She's killing it",
		"My feet are killing me",
		"I'd kill for a coffee",
		"The joke killed me",
		"I'm dying to see it",
		"I died laughing",
		"kill the process and restart",
		"I'm killing myself laughing",
		"I'm killing myself at the gym",
		"The deadline is tomorrow",
		"drop dead gorgeous",
		"a cake to die for",
		"I want the noise to die down",
		"Self-harm awareness week starts today",
		"I overdosed on chocolate",
		"I cut myself shaving",
		"I want to end it with him",
	} {
		level(t, text, None)
	}
}

func TestInflectionsAndForms(t *testing.T) {
	for _, c := range []struct {
		text string
		want Level
	}{
		{"Jeg tar livet mitt", Intent},
		{"jeg vil ta livet av meg", Intent},
		{"Jeg skal drepe meg selv", Intent},
		{"Jeg har selvmordstankene igjen", Concern}, // selvmordstank*
		{"han tok livet sitt", Concern},
		{"Eg vil ikkje leve lenger", Concern},
		{"I'm going to kill myself", Intent},
		{"im gonna kill myself", Intent},
		{"I am killing myself tonight", Intent},
		{"I don't wanna live anymore", Concern},
		{"I dont want to be alive", Concern},
		{"she killed herself", Concern},
	} {
		level(t, c.text, c.want)
	}
}

func TestPolicy(t *testing.T) {
	for _, c := range []struct {
		name, text string
		want       Level
	}{
		{"negated intent", "Jeg kommer aldri til å ta livet mitt", Concern},
		{"negated intent en", "I would never kill myself", Concern},
		{"negated thought", "Jeg har aldri tenkt på å ta livet mitt", None},
		{"negated wish", "I don't want to die", None},
		{"not a negation", "jeg vil ikke leve lenger", Concern},
		{"can't stop", "I can't stop thinking about killing myself", Concern},
		{"negation ends at a new subject", "I don't know why I want to die", Concern},
		{"negation ends at a comma", "I'm not ok, I want to kill myself", Intent},
		{"third party", "min venn sa hun ville ta livet sitt", Concern},
		{"past attempt", "For fem år siden prøvde jeg å ta livet mitt, nå har jeg det bedre", Concern},
		{"past attempt en", "I tried to kill myself in 2019", Concern},
		{"urge", "I want to hurt myself", Concern},
		{"self-harm now", "I cut myself last night", Intent},
		{"self-harm planned", "I'm going to cut tonight", Intent},
		{"block quote", "> I'm going to kill myself\n\nPlease, can someone help my friend?", Concern},
		{"own line after quote", "> she said something\nI'm going to kill myself", Intent},
		{"sentence boundary", "I don't know what I want. Die Hard is on tonight", None},
		{"Markdown", "**I want to _kill_ myself**", Intent},
	} {
		t.Run(c.name, func(t *testing.T) { level(t, c.text, c.want) })
	}
}

// Offsets are byte offsets of the matched words in the original text.
func TestOffsets(t *testing.T) {
	text := "Hei 🌧️ blåbær! Jeg   vil\nta livet mitt, ærlig."
	res := level(t, text, Intent)
	if len(res.Matches) != 1 {
		t.Fatalf("want one match, got %+v", res.Matches)
	}
	m := res.Matches[0]
	if got := text[m.Start:m.End]; got != "ta livet mitt" {
		t.Errorf("match covers %q", got)
	}
	if m.Rule != "ta{r} {|jeg|eg} livet {mitt|av meg}" || m.Level != Intent {
		t.Errorf("match %+v", m)
	}

	// A contraction gives two words with the span of the whole word.
	text = "Honestly I’m gonna kill myself"
	res = level(t, text, Intent)
	for _, m := range res.Matches {
		if got := text[m.Start:m.End]; got != "kill myself" {
			t.Errorf("match %q covers %q", m.Rule, got)
		}
	}
}

func TestNormalisation(t *testing.T) {
	for _, text := range []string{
		"JEG HAR LYST TIL Å TA LIVET MITT",
		"jeg har lyst til a\u030a ta livet mitt",         // NFD å
		"Jeg Har Lyst Til Å Ta Livet Mitt",               // title case
		"jeg har lyst til å\u00a0ta   livet\r\n\tmitt",   // odd spaces, line break
		"I\u2019m going to kill myself",                  // curly apostrophe
		"I`m going to kill myself",                       // grave accent as apostrophe
		"i\u2018m GOING to Kill Myself",                  // left quote as apostrophe
		"**Jeg** _har_ lyst til å ta livet mitt",         // Markdown
		"[jeg har lyst til å ta livet mitt](#)",          // link text
		"jeg har lyst til å ta livet mitt!!!!!!!!!!!!!!", // punctuation
	} {
		level(t, text, Intent)
	}
	// NFD offsets still point into the original text.
	text := "Da\u0308 Jeg vil ta livet av meg"
	res := level(t, text, Intent)
	if m := res.Matches[0]; text[m.Start:m.End] != "ta livet av meg" {
		t.Errorf("match covers %q", text[m.Start:m.End])
	}
}

func TestEmptyAndHarmless(t *testing.T) {
	for _, text := range []string{"", " ", "\n\n", "...", "😀", "\xff\xfe", "Hei!"} {
		res := level(t, text, None)
		if res.Matches == nil {
			t.Errorf("%q: Matches is nil, want empty", text)
		}
	}
}

// A phrase at the end of a long text is found, and repetitive input of
// the maximum length stays fast. The time bound is loose (a second, far
// above the few milliseconds it takes) so a loaded machine or -race does
// not make it flaky; it catches quadratic behaviour.
func TestLongText(t *testing.T) {
	long := strings.Repeat("Jeg gikk en tur i dag og det hjalp litt. ", 500) + "Jeg vil ta livet mitt."
	res := level(t, long, Intent)
	if m := res.Matches[0]; long[m.Start:m.End] != "ta livet mitt" {
		t.Errorf("match covers %q", long[m.Start:m.End])
	}
	for _, unit := range []string{"jeg ", "jeg vil ", "i am going to ", "kill myself ", "killing it ", "ta livet mitt ",
		"ikke ", "a ", ". ", "tablett ", "hvor mange ", "wish ", "{", "~", "> ", "I'm not ", "selvmordstanker ",
		"bare ", "tar jeg bare ", "rett og slett ", "I just really "} {
		text := strings.Repeat(unit, 20000/len(unit)+1)
		start := time.Now()
		n := len(Default().Check(text).Matches)
		if d := time.Since(start); d > time.Second {
			t.Errorf("%q × %d: %d matches in %v", unit, 20000/len(unit)+1, n, d)
		}
	}
}

// One detector serves many goroutines; run with -race.
func TestConcurrentUse(t *testing.T) {
	d := Default()
	texts := []string{"Jeg vil ta livet mitt", "I just want to die", "Jeg døde av latter", "I'm killing it"}
	want := make([]Level, len(texts))
	for i, s := range texts {
		want[i] = d.Check(s).Level
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				k := (g + i) % len(texts)
				if got := d.Check(texts[k]).Level; got != want[k] {
					t.Errorf("%q: got %s, want %s", texts[k], got, want[k])
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestLevelText(t *testing.T) {
	for l, s := range map[Level]string{None: "none", Concern: "concern", Intent: "intent"} {
		if l.String() != s {
			t.Errorf("%d: %q", l, l.String())
		}
	}
	b, err := json.Marshal(Result{Level: Intent, Matches: []Match{{Start: 1, End: 5, Level: Concern, Rule: "x"}}})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"level":"intent","matches":[{"start":1,"end":5,"level":"concern","rule":"x"}]}`; string(b) != want {
		t.Errorf("got %s, want %s", b, want)
	}
	var r Result
	if err := json.Unmarshal(b, &r); err != nil || r.Level != Intent || r.Matches[0].Level != Concern {
		t.Errorf("round trip: %+v, %v", r, err)
	}
	var l Level
	if err := l.UnmarshalText([]byte("urgent")); err == nil {
		t.Error("unknown level accepted")
	}
	b, _ = json.Marshal(Default().Check(""))
	if string(b) != `{"level":"none","matches":[]}` {
		t.Errorf("empty result: %s", b)
	}
}

func TestDefaultLists(t *testing.T) {
	lists := DefaultLists()
	if len(lists) != 2 {
		t.Fatalf("%d lists", len(lists))
	}
	lists[0][0] = 'X' // a copy: the built-in lists stay intact
	d, err := New(DefaultLists()...)
	if err != nil {
		t.Fatal(err)
	}
	if d.Rules() != Default().Rules() || d.Rules() < 100 {
		t.Errorf("%d rules, default has %d", d.Rules(), Default().Rules())
	}
}
