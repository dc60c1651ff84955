package toolbox

import (
	"strings"
	"time"

	"reconnect/internal/apperr"
)

// Tools, by the name used in routes and the access log.
const (
	Goals       = "goals"
	CrisisPlan  = "crisis-plan"
	Medications = "medications"
	Journal     = "journal"
	Network     = "network"
	Exercises   = "exercises" // a member's private responses to library exercises
	Activities  = "activities"
)

// Content is one item of a tool. check tidies it and records every
// problem in fe; now is when the change is made.
type Content interface {
	check(fe *apperr.Error, now time.Time)
}

// New returns an empty item of tool, or nil for an unknown tool.
func New(tool string) Content {
	switch tool {
	case Goals:
		return &Goal{}
	case CrisisPlan:
		return &Plan{}
	case Medications:
		return &Medication{}
	case Journal:
		return &Entry{}
	case Network:
		return &Person{}
	case Exercises:
		return &Response{}
	case Activities:
		return &Activity{}
	}
	return nil
}

// Known reports whether tool is a toolbox tool.
func Known(tool string) bool { return New(tool) != nil }

// LifeAreas are the areas a goal can belong to: the five recovery
// processes (CHIME) and the everyday ones.
var LifeAreas = []string{"connectedness", "hope", "identity", "meaning", "empowerment", "health", "home", "work", "daily_life"}

// Goal is something the member works towards.
type Goal struct {
	Title       string       `json:"title"`
	Why         string       `json:"why"`
	Area        string       `json:"area"`
	Steps       []Step       `json:"steps"`
	TargetDate  string       `json:"target_date,omitempty"` // YYYY-MM-DD
	Reflections []Reflection `json:"reflections"`
	// Reflection adds a dated reflection when saved; it is never stored.
	Reflection string `json:"reflection,omitempty"`
	Archived   bool   `json:"archived"`
}

// Step is one step towards a goal.
type Step struct {
	Text string `json:"text"`
	Done bool   `json:"done"`
}

// Reflection is a dated thought about a goal.
type Reflection struct {
	At   time.Time `json:"at"`
	Text string    `json:"text"`
}

// Progress is the share of steps done, 0–100.
func (g *Goal) Progress() int {
	if len(g.Steps) == 0 {
		return 0
	}
	n := 0
	for _, s := range g.Steps {
		if s.Done {
			n++
		}
	}
	return n * 100 / len(g.Steps)
}

func (g *Goal) check(fe *apperr.Error, now time.Time) {
	g.Title = text(fe, "title", g.Title, 1, 140, true)
	g.Why = text(fe, "why", g.Why, 0, 2000, false)
	if !oneOf(g.Area, LifeAreas) {
		fe.WithField("area", "field.area.unknown")
	}
	if len(g.Steps) > 30 {
		fe.WithField("steps", "field.steps.count")
	}
	steps := g.Steps[:0]
	for _, s := range g.Steps {
		if s.Text = text(fe, "steps", s.Text, 0, 200, true); s.Text != "" {
			steps = append(steps, s)
		}
	}
	g.Steps = steps
	g.TargetDate = date(fe, "target_date", g.TargetDate)
	if len(g.Reflections) > 200 {
		fe.WithField("reflections", "field.reflections.count")
	}
	for i := range g.Reflections {
		g.Reflections[i].Text = text(fe, "reflections", g.Reflections[i].Text, 1, 2000, false)
	}
	if r := text(fe, "reflection", g.Reflection, 0, 2000, false); r != "" {
		g.Reflections = append(g.Reflections, Reflection{At: now.UTC(), Text: r})
	}
	g.Reflection = ""
}

// Plan is the crisis plan, in the structure of a safety plan.
type Plan struct {
	WarningSigns  string    `json:"warning_signs"`
	SelfHelp      string    `json:"self_help"`
	Distractions  string    `json:"distractions"` // people and places that help me think of other things
	PeopleToAsk   string    `json:"people_to_ask"`
	Professionals []Contact `json:"professionals"` // prefilled with the deployment's crisis numbers
	SaferSurround string    `json:"safer_surroundings"`
	MattersMost   string    `json:"matters_most"`
}

// Contact is a professional or service to contact.
type Contact struct {
	Name  string `json:"name"`
	Phone string `json:"phone"`
}

// PlanSections are the plan's text sections in order (i18n keys
// toolbox.plan.<name>).
var PlanSections = []string{"warning_signs", "self_help", "distractions", "people_to_ask", "safer_surroundings", "matters_most"}

// Section returns a text section by name.
func (p *Plan) Section(name string) string {
	switch name {
	case "warning_signs":
		return p.WarningSigns
	case "self_help":
		return p.SelfHelp
	case "distractions":
		return p.Distractions
	case "people_to_ask":
		return p.PeopleToAsk
	case "safer_surroundings":
		return p.SaferSurround
	case "matters_most":
		return p.MattersMost
	}
	return ""
}

func (p *Plan) check(fe *apperr.Error, _ time.Time) {
	for _, f := range []struct {
		name string
		v    *string
	}{{"warning_signs", &p.WarningSigns}, {"self_help", &p.SelfHelp}, {"distractions", &p.Distractions}, {"people_to_ask", &p.PeopleToAsk},
		{"safer_surroundings", &p.SaferSurround}, {"matters_most", &p.MattersMost}} {
		*f.v = text(fe, f.name, *f.v, 0, 4000, false)
	}
	if len(p.Professionals) > 20 {
		fe.WithField("professionals", "field.professionals.count")
	}
	out := p.Professionals[:0]
	for _, c := range p.Professionals {
		c.Name = text(fe, "professionals", c.Name, 0, 100, true)
		c.Phone = phone(fe, "professionals", c.Phone)
		if c.Name != "" || c.Phone != "" {
			out = append(out, c)
		}
	}
	p.Professionals = out
}

// Medication is one medication, current or stopped.
type Medication struct {
	Name        string `json:"name"`
	Strength    string `json:"strength"`
	Dose        string `json:"dose"`
	When        string `json:"when"`
	Purpose     string `json:"purpose"`
	Prescriber  string `json:"prescriber"`
	Started     string `json:"started,omitempty"` // YYYY-MM-DD
	Stopped     string `json:"stopped,omitempty"` // YYYY-MM-DD; stopped medications stay in the history
	Notes       string `json:"notes"`
	SideEffects string `json:"side_effects"`
}

func (m *Medication) check(fe *apperr.Error, _ time.Time) {
	m.Name = text(fe, "name", m.Name, 1, 100, true)
	m.Strength = text(fe, "strength", m.Strength, 0, 50, true)
	m.Dose = text(fe, "dose", m.Dose, 0, 100, true)
	m.When = text(fe, "when", m.When, 0, 100, true)
	m.Purpose = text(fe, "purpose", m.Purpose, 0, 200, true)
	m.Prescriber = text(fe, "prescriber", m.Prescriber, 0, 100, true)
	m.Started = date(fe, "started", m.Started)
	m.Stopped = date(fe, "stopped", m.Stopped)
	if m.Started != "" && m.Stopped != "" && m.Stopped < m.Started {
		fe.WithField("stopped", "field.stopped.before_started")
	}
	m.Notes = text(fe, "notes", m.Notes, 0, 2000, false)
	m.SideEffects = text(fe, "side_effects", m.SideEffects, 0, 2000, false)
}

// Entry is a short journal entry with an optional mood.
type Entry struct {
	Text string `json:"text"`
	Mood int    `json:"mood,omitempty"` // 1 (very low) to 5 (very good); 0: not given
}

func (e *Entry) check(fe *apperr.Error, _ time.Time) {
	e.Text = text(fe, "text", e.Text, 1, 4000, false)
	if e.Mood < 0 || e.Mood > 5 {
		fe.WithField("mood", "field.mood.range")
	}
}

// text tidies a text field and records a problem when it is too short,
// too long, not UTF-8, holds NUL or (oneLine) a line break.
func text(fe *apperr.Error, field, s string, lo, hi int, oneLine bool) string {
	return fe.Text(field, "field.toolbox."+field, s, lo, hi, oneLine)
}

// date checks an optional YYYY-MM-DD date between 1900 and 2100.
func date(fe *apperr.Error, field, s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil || t.Year() < 1900 || t.Year() > 2100 {
		fe.WithField(field, "field.date.invalid")
	}
	return s
}

func phone(fe *apperr.Error, field, s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 30 || strings.Trim(s, "+0123456789 -()") != "" {
		fe.WithField(field, "field.phone.invalid")
	}
	return s
}

func oneOf(s string, set []string) bool {
	for _, v := range set {
		if s == v {
			return true
		}
	}
	return false
}

// Kinds of people and places on the network map, and its rings.
var (
	PersonKinds = []string{"family", "friend", "peer", "professional", "organisation"}
	Rings       = []string{"inner", "middle", "outer"}
)

// Person is someone (or a service, group or place) on the network map.
// A peer from ReConnect is kept by account (PeerID, resolved from a
// pseudonym by the caller) and is never shown to a provider as such.
type Person struct {
	Name      string `json:"name"`
	Kind      string `json:"kind"`
	Closeness string `json:"closeness"`
	Note      string `json:"note"`
	// Pseudonym names a peer when adding; the caller resolves it to
	// PeerID and clears it.
	Pseudonym string `json:"pseudonym,omitempty"`
	PeerID    int64  `json:"peer_id,omitempty,string"`
}

func (p *Person) check(fe *apperr.Error, _ time.Time) {
	lo := 1
	if p.PeerID != 0 {
		lo = 0 // a peer can go by their pseudonym or shown name
	}
	p.Name = text(fe, "name", p.Name, lo, 100, true)
	if !oneOf(p.Kind, PersonKinds) {
		fe.WithField("kind", "field.kind.unknown")
	}
	if !oneOf(p.Closeness, Rings) {
		fe.WithField("closeness", "field.closeness.unknown")
	}
	p.Note = text(fe, "note", p.Note, 0, 500, false)
	if p.Pseudonym != "" {
		fe.WithField("pseudonym", "field.pseudonym.unknown")
	}
}

// ForProvider is what a provider may see of a person: never which
// ReConnect account a peer is.
func (p *Person) ForProvider() { p.PeerID, p.Pseudonym = 0, "" }

// Response is a member's private answer to an exercise in the library.
type Response struct {
	ExerciseID int64  `json:"exercise_id,string"`
	Text       string `json:"text"`
}

func (r *Response) check(fe *apperr.Error, _ time.Time) {
	if r.ExerciseID <= 0 {
		fe.WithField("exercise_id", "field.item.unknown")
	}
	r.Text = text(fe, "text", r.Text, 1, 4000, false)
}
