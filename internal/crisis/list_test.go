package crisis

import (
	"errors"
	"strings"
	"testing"
)

func mustNew(t *testing.T, lists ...string) *Detector {
	t.Helper()
	var bs [][]byte
	for _, l := range lists {
		bs = append(bs, []byte(l))
	}
	d, err := New(bs...)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// A deployment's own list, using every part of the syntax.
func TestCustomList(t *testing.T) {
	d := mustNew(t, `# a custom list
negate ikke
negate-stop jeg
negate-cancel slutte

intent   ta{r} livet {mitt|av meg}       # optional ending, phrase group
concern  drep{e|er} ~2 tid                # alternatives, gap
concern  {bare} forsvinne                 # optional word
concern  selvmordstank*                   # wildcard
concern  {vil {bare|så gjerne}|ønsker å} sove                # nested group
ignore   tar livet med ro
intent   self-harm now
`)
	for _, c := range []struct {
		text string
		want Level
		span string
	}{
		{"jeg ta livet mitt", Intent, "ta livet mitt"},
		{"jeg tar livet av meg", Intent, "tar livet av meg"},
		{"jeg tarr livet mitt", None, ""},
		{"drepe litt tid", Concern, "drepe litt tid"},
		{"dreper tid", Concern, "dreper tid"},
		{"drep tid", None, ""}, // {e|er} has no empty alternative
		{"drepe en hel del tid", None, ""},
		{"vil bare forsvinne", Concern, "bare forsvinne"},
		{"forsvinne", Concern, "forsvinne"},
		{"selvmordstankene", Concern, "selvmordstankene"},
		{"selvmord", None, ""},
		{"vil bare sove", Concern, "vil bare sove"},
		{"vil så gjerne sove", Concern, "vil så gjerne sove"},
		{"ønsker å sove", Concern, "ønsker å sove"},
		{"vil sove", None, ""},
		{"Self harm now", Intent, "Self harm now"},
		{"ikke ta livet mitt", Concern, "ta livet mitt"},         // negated: one level down
		{"ikke jeg ta livet mitt", Intent, "ta livet mitt"},      // the stop word ends the search
		{"ikke slutte å ta livet mitt", Intent, "ta livet mitt"}, // cancelled negator
		{"drepe ikke tid", None, ""},                             // negator in a gap
		{"jeg tar livet med ro", None, ""},                       // idiom
		{"jeg tar livet mitt. med ro", Intent, "tar livet mitt"}, // the idiom does not overlap
		{"jeg ta livet. mitt", None, ""},                         // no match across sentences
		{"drepe\u2026 tid", Concern, "drepe\u2026 tid"},          // an ellipsis is no sentence end
	} {
		res := d.Check(c.text)
		span := ""
		if len(res.Matches) > 0 {
			m := res.Matches[len(res.Matches)-1]
			span = c.text[m.Start:m.End]
		}
		if res.Level != c.want || span != c.span {
			t.Errorf("%q: got %s %q, want %s %q", c.text, res.Level, span, c.want, c.span)
		}
	}
}

// Skip words and phrases may stand between two words of a rule, up to
// maxSkip words in one place; never before the first or after the last
// word, never a negator, never across a sentence.
func TestSkip(t *testing.T) {
	d := mustNew(t, `negate ikke
negate-stop jeg
skip bare egentlig jeg {rett og slett} ikke
intent  ta{r} livet mitt
concern orke{r} ikke mer
concern vil ~1 dø
ignore  tar livet mitt tilbake
`)
	for _, c := range []struct {
		text string
		want Level
		span string
	}{
		{"i kveld tar jeg livet mitt", Intent, "tar jeg livet mitt"},             // V2
		{"tar egentlig bare livet mitt", Intent, "tar egentlig bare livet mitt"}, // two skips
		{"jeg orker rett og slett ikke mer", Concern, "orker rett og slett ikke mer"},
		{"jeg orker rett og bare ikke mer", None, ""},                                    // "og" alone is no skip word
		{"tar jeg egentlig bare jeg livet mitt", None, ""},                               // more than maxSkip words
		{"tar jeg egentlig bare livet mitt", Intent, "tar jeg egentlig bare livet mitt"}, // exactly maxSkip
		{"tar ikke livet mitt", None, ""},                                                // a negator is never skipped
		{"bare tar livet mitt bare", Intent, "tar livet mitt"},                           // not at the edges
		{"tar livet. bare mitt", None, ""},                                               // not across sentences
		{"vil bare egentlig dø", None, ""},                                               // a gap counts skip words like others
		{"tar jeg livet mitt tilbake", None, ""},                                         // idioms skip too
	} {
		res := d.Check(c.text)
		span := ""
		if len(res.Matches) > 0 {
			m := res.Matches[len(res.Matches)-1]
			span = c.text[m.Start:m.End]
		}
		if res.Level != c.want || span != c.span {
			t.Errorf("%q: got %s %q, want %s %q", c.text, res.Level, span, c.want, c.span)
		}
	}
}

func TestParse(t *testing.T) {
	d, err := Parse(strings.NewReader("\ufeffintent kill myself\n"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Rules() != 1 || d.Check("I'll KILL MYSELF").Level != Intent {
		t.Errorf("parsed list does not work")
	}
	if d.Check("Jeg vil ta livet mitt").Level != None {
		t.Errorf("a custom list alone does not include the defaults")
	}
}

// Bad lines give a *ParseError naming the list and line.
func TestParseErrors(t *testing.T) {
	for _, c := range []struct {
		list string
		line int
		msg  string
	}{
		{"intent kill myself\nurgent kill myself", 2, "unknown level"},
		{"\n\nintent", 3, "needs a pattern"},
		{"concern ta{r livet", 1, "missing }"},
		{"concern ta} livet", 1, "unexpected }"},
		{"concern ~2 livet", 1, "start or end with a gap"},
		{"concern livet ~2", 1, "start or end with a gap"},
		{"concern livet ~0 mitt", 1, "bad gap"},
		{"concern livet ~ mitt", 1, "bad gap"},
		{"concern livet ~12 mitt", 1, "bad gap"},
		{"concern li*vet", 1, "* only at the end"},
		{"concern ab*", 1, "at least 3 letters"},
		{"concern kill, myself", 1, "not a word"},
		{"concern a | b", 1, "| outside braces"},
		{"concern {a|}", 1, "no words at all"},
		{"concern ta{r|{x}}", 1, "endings only"},
		{"concern self-harm*", 1, "not a single word"},
		{"negate not really", 0, ""},
		{"negate don't", 1, "not a single word"},
		{"skip bare {rett og slett} {kind of}", 0, ""},
		{"skip {a b c d}", 1, "1 to 3 words"},
		{"skip a, b", 1, "not a word"},
		{"skip {a b", 1, "missing }"},
		{"# comment\nconcern kill myself\nintent kill   myself", 3, "duplicate rule"},
		{"concern " + strings.Repeat("{a|b|c} ", 8) + "x", 1, "alternatives"},
		{"concern x\xff", 1, "UTF-8"},
	} {
		_, err := New([]byte(c.list))
		if c.msg == "" {
			if err != nil {
				t.Errorf("%q: %v", c.list, err)
			}
			continue
		}
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%q: got %v, want a *ParseError", c.list, err)
			continue
		}
		if pe.List != 1 || pe.Line != c.line || !strings.Contains(pe.Msg, c.msg) {
			t.Errorf("%q: got %v, want line %d: %s", c.list, err, c.line, c.msg)
		}
		if !strings.Contains(err.Error(), "list 1, line ") {
			t.Errorf("%q: message %q does not name the line", c.list, err)
		}
	}

	// A duplicate across lists names the second list and both places.
	_, err := New([]byte("intent a b\n"), []byte("\nconcern a b\n"))
	var pe *ParseError
	if !errors.As(err, &pe) || pe.List != 2 || pe.Line != 2 || !strings.Contains(pe.Msg, "list 1, line 1") {
		t.Errorf("duplicate across lists: %v", err)
	}
}
