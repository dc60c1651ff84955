package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"reconnect/internal/apperr"
	"reconnect/internal/toolbox"
)

// formContent builds a tool's content from its form. For a goal, the
// stored reflections (from old) are kept and the form's new reflection
// is added when saved.
func formContent(tool string, r *http.Request, old toolbox.Content) (toolbox.Content, error) {
	v := r.PostForm.Get
	switch tool {
	case toolbox.Goals:
		g := &toolbox.Goal{Title: v("title"), Why: v("why"), Area: v("area"), TargetDate: v("target_date"), Reflection: v("reflection"), Archived: v("archived") != ""}
		if o, ok := old.(*toolbox.Goal); ok {
			g.Reflections = o.Reflections
		}
		done := map[string]bool{}
		for _, d := range r.PostForm["step_done"] {
			done[d] = true
		}
		for i, text := range r.PostForm["step"] {
			if strings.TrimSpace(text) != "" {
				g.Steps = append(g.Steps, toolbox.Step{Text: text, Done: done[strconv.Itoa(i)]})
			}
		}
		return g, nil
	case toolbox.Medications:
		return &toolbox.Medication{Name: v("name"), Strength: v("strength"), Dose: v("dose"), When: v("when"), Purpose: v("purpose"),
			Prescriber: v("prescriber"), Started: v("started"), Stopped: v("stopped"), Notes: v("notes"), SideEffects: v("side_effects")}, nil
	case toolbox.Journal:
		e := &toolbox.Entry{Text: v("text")}
		if m := v("mood"); m != "" {
			n, err := strconv.Atoi(m)
			if err != nil {
				return nil, apperr.Invalid("err.fix_fields").WithField("mood", "field.mood.range")
			}
			e.Mood = n
		}
		return e, nil
	case toolbox.Activities:
		a := &toolbox.Activity{What: v("what"), Day: v("day"), Time: v("time"), WithWhom: v("with_whom"), Repeat: v("repeat"), Until: v("until")}
		if g := v("goal_id"); g != "" {
			n, err := strconv.ParseInt(g, 10, 64)
			if err != nil {
				return nil, apperr.Invalid("err.fix_fields").WithField("goal_id", "field.item.unknown")
			}
			a.GoalID = n
		}
		if o, ok := old.(*toolbox.Activity); ok {
			a.Done = o.Done
		}
		return a, nil
	case toolbox.Network:
		p := &toolbox.Person{Name: v("name"), Kind: v("kind"), Closeness: v("closeness"), Note: v("note"), Pseudonym: v("pseudonym")}
		if o, ok := old.(*toolbox.Person); ok && p.Pseudonym == "" {
			p.PeerID = o.PeerID
		}
		return p, nil
	case toolbox.CrisisPlan:
		return &toolbox.Plan{WarningSigns: v("warning_signs"), SelfHelp: v("self_help"), Distractions: v("distractions"), PeopleToAsk: v("people_to_ask"),
			SaferSurround: v("safer_surroundings"), MattersMost: v("matters_most"), Professionals: formContacts(r)}, nil
	}
	return nil, apperr.NotFound()
}

// formContacts reads the crisis plan's rows of professionals.
func formContacts(r *http.Request) []toolbox.Contact {
	names, phones := r.PostForm["pro_name"], r.PostForm["pro_phone"]
	var out []toolbox.Contact
	for i := range names {
		c := toolbox.Contact{Name: names[i]}
		if i < len(phones) {
			c.Phone = phones[i]
		}
		out = append(out, c)
	}
	return out
}

// itemForm fills a tool's form from stored content.
func itemForm(tool string, c toolbox.Content) *Form {
	f := NewForm(toolFields[tool]...)
	set := func(k, v string) { f.Values[k] = v }
	switch x := c.(type) {
	case *toolbox.Goal:
		set("title", x.Title)
		set("why", x.Why)
		set("area", x.Area)
		set("target_date", x.TargetDate)
		if x.Archived {
			set("archived", "1")
		}
	case *toolbox.Medication:
		for k, v := range map[string]string{"name": x.Name, "strength": x.Strength, "dose": x.Dose, "when": x.When, "purpose": x.Purpose,
			"prescriber": x.Prescriber, "started": x.Started, "stopped": x.Stopped, "notes": x.Notes, "side_effects": x.SideEffects} {
			set(k, v)
		}
	case *toolbox.Entry:
		set("text", x.Text)
		if x.Mood > 0 {
			set("mood", strconv.Itoa(x.Mood))
		}
	case *toolbox.Activity:
		for k, v := range map[string]string{"what": x.What, "day": x.Day, "time": x.Time, "with_whom": x.WithWhom, "repeat": x.Repeat, "until": x.Until} {
			set(k, v)
		}
		if x.GoalID != 0 {
			set("goal_id", strconv.FormatInt(x.GoalID, 10))
		}
	case *toolbox.Person:
		set("name", x.Name)
		set("kind", x.Kind)
		set("closeness", x.Closeness)
		set("note", x.Note)
	case *toolbox.Plan:
		for _, name := range toolbox.PlanSections {
			set(name, x.Section(name))
		}
	}
	return f
}

// moodChart is the journal's moods over time, drawn as an SVG line by
// the server; the entries list is its text alternative.
type moodChart struct {
	Width, Height int
	Points        string // polyline points
	Dots          []moodDot
	Rows          []int // y of the 1–5 grid lines
}

type moodDot struct {
	X, Y int
	Mood int
}

func newMoodChart(items []toolbox.Item) *moodChart {
	const w, h, pad = 600, 160, 20
	var dots []moodDot
	var moods []int
	for i := len(items) - 1; i >= 0; i-- { // oldest first
		if e, ok := items[i].Data.(*toolbox.Entry); ok && e.Mood > 0 {
			moods = append(moods, e.Mood)
		}
	}
	if len(moods) < 2 {
		return nil
	}
	if len(moods) > 60 {
		moods = moods[len(moods)-60:]
	}
	y := func(m int) int { return h - pad - (m-1)*(h-2*pad)/4 }
	var pts []string
	for i, m := range moods {
		x := pad + i*(w-2*pad)/(len(moods)-1)
		dots = append(dots, moodDot{X: x, Y: y(m), Mood: m})
		pts = append(pts, fmt.Sprintf("%d,%d", x, y(m)))
	}
	c := &moodChart{Width: w, Height: h, Points: strings.Join(pts, " "), Dots: dots}
	for m := 1; m <= 5; m++ {
		c.Rows = append(c.Rows, y(m))
	}
	return c
}
