package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/care"
	"reconnect/internal/identity"
	"reconnect/internal/toolbox"
	"reconnect/internal/web/api"
)

var memberOnly = []identity.Role{identity.ServiceUser}

// listTools are the tools with a list page (the crisis plan is one page).
var listTools = map[string]bool{toolbox.Goals: true, toolbox.Medications: true, toolbox.Journal: true, toolbox.Network: true, toolbox.Activities: true}

// toolFields are each tool's form fields, in order.
var toolFields = map[string][]string{
	toolbox.Goals:       {"title", "why", "area", "target_date", "steps", "reflection", "archived"},
	toolbox.Medications: {"name", "strength", "dose", "when", "purpose", "prescriber", "started", "stopped", "notes", "side_effects"},
	toolbox.Journal:     {"text", "mood"},
	toolbox.Network:     {"name", "kind", "closeness", "pseudonym", "note"},
	toolbox.Activities:  {"what", "day", "time", "with_whom", "goal_id", "repeat", "until"},
	toolbox.CrisisPlan:  {"warning_signs", "self_help", "distractions", "people_to_ask", "professionals", "safer_surroundings", "matters_most"},
}

type toolboxData struct {
	Tool      string
	Items     []toolbox.Item
	Item      *toolbox.Item
	History   []toolbox.Version
	Team      []care.Link     // providers the member may share with
	Shares    []toolbox.Share // live shares of this tool (or of everything, on the hub)
	Areas     []string
	Sections  []string
	Contacts  []toolbox.Contact // rows for the crisis plan's professionals
	Steps     []toolbox.Step    // rows for a goal's steps
	MoodChart *moodChart
	Week      *week
	Goals     []toolbox.Item // to link an activity to
	Repeats   []string
	Map       *ecomap
	Kinds     []string
	Rings     []string
}

func (s *Server) toolboxData(r *http.Request, u *identity.User, tool string) (*toolboxData, error) {
	d := &toolboxData{Tool: tool, Areas: toolbox.LifeAreas, Sections: toolbox.PlanSections, Kinds: toolbox.PersonKinds, Rings: toolbox.Rings, Repeats: toolbox.Repeats}
	ls, err := s.care.Team(r.Context(), u)
	if err != nil {
		return nil, err
	}
	for _, l := range ls {
		if l.Status == care.Active {
			d.Team = append(d.Team, l)
		}
	}
	shs, err := s.toolbox.Shares(r.Context(), u)
	if err != nil {
		return nil, err
	}
	for _, sh := range shs {
		if tool == "" || sh.Tool == tool {
			d.Shares = append(d.Shares, sh)
		}
	}
	return d, nil
}

// showToolbox is the toolbox's front page.
func (s *Server) showToolbox(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	d, err := s.toolboxData(r, u, "")
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "toolbox", &Page{Title: "toolbox.title", Data: d})
	return nil
}

// showTool lists a tool's items with a form for a new one.
func (s *Server) showTool(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	tool := r.PathValue("tool")
	if !listTools[tool] {
		return apperr.NotFound()
	}
	return s.renderTool(w, r, u, tool, http.StatusOK, NewForm(toolFields[tool]...))
}

func (s *Server) renderTool(w http.ResponseWriter, r *http.Request, u *identity.User, tool string, status int, f *Form) error {
	d, err := s.toolboxData(r, u, tool)
	if err != nil {
		return err
	}
	if d.Items, err = s.toolbox.Mine(r.Context(), u, tool); err != nil {
		return err
	}
	d.Steps = make([]toolbox.Step, 3)
	switch tool {
	case toolbox.Journal:
		d.MoodChart = newMoodChart(d.Items)
	case toolbox.Network:
		d.Map = newEcomap(d.Items, s.ownerLabel(r.Context(), u, d.Items))
	case toolbox.Activities:
		if d.Week, err = newWeek(r.URL.Query().Get("week"), d.Items, time.Now()); err != nil {
			return err
		}
		if f.Get("day") == "" {
			f.Values["day"] = d.Week.Days[0].Date
		}
	}
	if tool == toolbox.Activities || tool == toolbox.Goals {
		if d.Goals, err = s.toolbox.Mine(r.Context(), u, toolbox.Goals); err != nil {
			return err
		}
	}
	s.render(w, r, status, "toolbox_"+strings.ReplaceAll(tool, "-", "_"), &Page{Title: "toolbox." + tool + ".title", Form: f, Data: d})
	return nil
}

// createTool adds an item from the tool's form.
func (s *Server) createTool(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	tool := r.PathValue("tool")
	if !listTools[tool] {
		return apperr.NotFound()
	}
	f := NewForm(toolFields[tool]...)
	if err := readForm(r, f); err != nil {
		return err
	}
	c, err := formContent(tool, r, nil)
	if err == nil {
		err = api.Prepare(r.Context(), s.ids, s.toolbox, s.db, u, c)
	}
	if err == nil {
		_, err = s.toolbox.Create(r.Context(), u, tool, c)
	}
	if err != nil {
		status, other := f.setError(err)
		if other != nil {
			return other
		}
		return s.renderTool(w, r, u, tool, status, f)
	}
	s.redirectWith(w, r, "/toolbox/"+tool, "flash.toolbox_saved")
	return nil
}

// showToolItem is one item's page: its form, history and sharing.
func (s *Server) showToolItem(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	tool := r.PathValue("tool")
	id, err := pathInt(r, "id")
	if err != nil || !listTools[tool] {
		return apperr.NotFound()
	}
	return s.renderToolItem(w, r, u, tool, id, http.StatusOK, nil)
}

func (s *Server) renderToolItem(w http.ResponseWriter, r *http.Request, u *identity.User, tool string, id int64, status int, f *Form) error {
	it, err := s.toolbox.Get(r.Context(), u, tool, id)
	if err != nil {
		return err
	}
	d, err := s.toolboxData(r, u, tool)
	if err != nil {
		return err
	}
	d.Item = &it
	if f == nil {
		f = itemForm(tool, it.Data)
	}
	if g, ok := it.Data.(*toolbox.Goal); ok {
		d.Steps = append(append([]toolbox.Step{}, g.Steps...), make([]toolbox.Step, 3)...)
	}
	if tool == toolbox.Activities {
		if d.Goals, err = s.toolbox.Mine(r.Context(), u, toolbox.Goals); err != nil {
			return err
		}
	}
	if tool == toolbox.Medications {
		if d.History, err = s.toolbox.History(r.Context(), u, tool, id); err != nil {
			return err
		}
	}
	s.render(w, r, status, "toolbox_item", &Page{Title: "toolbox." + tool + ".title", Form: f, Data: d})
	return nil
}

// saveToolItem changes an item, or deletes it.
func (s *Server) saveToolItem(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	tool := r.PathValue("tool")
	id, err := pathInt(r, "id")
	if err != nil || !listTools[tool] {
		return apperr.NotFound()
	}
	f := NewForm(toolFields[tool]...)
	if err := readForm(r, f); err != nil {
		return err
	}
	if r.PostForm.Get("delete") != "" {
		if err := s.toolbox.Delete(r.Context(), u, tool, id); err != nil {
			return err
		}
		s.redirectWith(w, r, "/toolbox/"+tool, "flash.toolbox_deleted")
		return nil
	}
	it, err := s.toolbox.Get(r.Context(), u, tool, id)
	if err != nil {
		return err
	}
	c, err := formContent(tool, r, it.Data)
	if err == nil {
		err = api.Prepare(r.Context(), s.ids, s.toolbox, s.db, u, c)
	}
	if err == nil {
		_, err = s.toolbox.Update(r.Context(), u, tool, id, c)
	}
	if err != nil {
		status, other := f.setError(err)
		if other != nil {
			return other
		}
		return s.renderToolItem(w, r, u, tool, id, status, f)
	}
	s.redirectWith(w, r, "/toolbox/"+tool+"/"+strconv.FormatInt(id, 10), "flash.toolbox_saved")
	return nil
}

// showPlan is the crisis plan: its form (prefilled with the crisis
// numbers when new), and sharing.
func (s *Server) showPlan(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	return s.renderPlan(w, r, u, http.StatusOK, nil)
}

func (s *Server) plan(r *http.Request, u *identity.User) (*toolbox.Item, error) {
	its, err := s.toolbox.Mine(r.Context(), u, toolbox.CrisisPlan)
	if err != nil || len(its) == 0 {
		return nil, err
	}
	return &its[0], nil
}

func (s *Server) renderPlan(w http.ResponseWriter, r *http.Request, u *identity.User, status int, f *Form) error {
	d, err := s.toolboxData(r, u, toolbox.CrisisPlan)
	if err != nil {
		return err
	}
	if d.Item, err = s.plan(r, u); err != nil {
		return err
	}
	p := &toolbox.Plan{Professionals: s.crisisContacts(r)}
	if d.Item != nil {
		p = d.Item.Data.(*toolbox.Plan)
	}
	if f == nil {
		f = itemForm(toolbox.CrisisPlan, p)
	}
	d.Contacts = append(append([]toolbox.Contact{}, p.Professionals...), make([]toolbox.Contact, 3)...)
	if f.HasErrors() {
		d.Contacts = formContacts(r)
	}
	s.render(w, r, status, "toolbox_crisis_plan", &Page{Title: "toolbox.crisis-plan.title", Form: f, Data: d})
	return nil
}

func (s *Server) crisisContacts(r *http.Request) []toolbox.Contact {
	var out []toolbox.Contact
	for _, l := range s.cfg.Crisis {
		name := l.Name[string(s.langOf(r))]
		if name == "" {
			name = l.Name["nb"]
		}
		out = append(out, toolbox.Contact{Name: name, Phone: l.Number})
	}
	return out
}

// savePlan creates or changes the crisis plan.
func (s *Server) savePlan(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm(toolFields[toolbox.CrisisPlan]...)
	if err := readForm(r, f); err != nil {
		return err
	}
	cur, err := s.plan(r, u)
	if err != nil {
		return err
	}
	c, _ := formContent(toolbox.CrisisPlan, r, nil)
	if cur == nil {
		_, err = s.toolbox.Create(r.Context(), u, toolbox.CrisisPlan, c)
	} else {
		_, err = s.toolbox.Update(r.Context(), u, toolbox.CrisisPlan, cur.ID, c)
	}
	if err != nil {
		status, other := f.setError(err)
		if other != nil {
			return other
		}
		return s.renderPlan(w, r, u, status, f)
	}
	s.redirectWith(w, r, "/toolbox/crisis-plan", "flash.toolbox_saved")
	return nil
}

// showPlanPrint is the crisis plan on one A4 page.
func (s *Server) showPlanPrint(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	it, err := s.plan(r, u)
	if err != nil {
		return err
	}
	if it == nil {
		http.Redirect(w, r, "/toolbox/crisis-plan", http.StatusSeeOther)
		return nil
	}
	s.render(w, r, http.StatusOK, "toolbox_plan_print", &Page{Title: "toolbox.crisis-plan.title", Data: &toolboxData{Item: it, Sections: toolbox.PlanSections}})
	return nil
}

// shareTool shares an item or a whole tool with a provider, or (with a
// share ID in the path) stops a share.
func (s *Server) shareTool(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm("tool", "item", "provider", "back")
	if err := readForm(r, f); err != nil {
		return err
	}
	back := f.Get("back")
	if !strings.HasPrefix(back, "/toolbox") || strings.HasPrefix(back, "//") {
		back = "/toolbox"
	}
	if sid := r.PathValue("id"); sid != "" {
		id, err := strconv.ParseInt(sid, 10, 64)
		if err != nil {
			return apperr.NotFound()
		}
		if err := s.toolbox.Unshare(r.Context(), u, id); err != nil {
			return err
		}
		s.redirectWith(w, r, back, "flash.toolbox_unshared")
		return nil
	}
	item, _ := strconv.ParseInt(f.Get("item"), 10, 64)
	provider, _ := strconv.ParseInt(f.Get("provider"), 10, 64)
	if _, err := s.toolbox.Share(r.Context(), u, f.Get("tool"), item, provider); err != nil {
		// The error page says what was wrong (a 4xx, nothing written).
		e := apperr.From(err)
		for _, field := range []string{"item_kind", "item_id", "provider_id"} {
			if key := e.Fields[field]; key != "" {
				e.Message = key
				break
			}
		}
		return err
	}
	s.redirectWith(w, r, back, "flash.toolbox_shared")
	return nil
}

type sharedData struct {
	Shares   []toolbox.Share
	Member   string
	MemberID int64
	Tool     string
	Items    []toolbox.Item
	Sections []string
	Map      *ecomap
}

// showShared is a provider's "shared with me": per service user, what
// they share; no content until opened.
func (s *Server) showShared(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	shs, err := s.toolbox.SharedWithMe(r.Context(), u)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "shared", &Page{Title: "shared.title", Data: &sharedData{Shares: shs}})
	return nil
}

// showSharedTool shows a provider what a member shares of one tool;
// every item shown is one entry in the member's access log.
func (s *Server) showSharedTool(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	member, err := pathInt(r, "member")
	if err != nil {
		return err
	}
	tool := r.PathValue("tool")
	shs, err := s.toolbox.SharedWithMe(r.Context(), u)
	if err != nil {
		return err
	}
	d := &sharedData{MemberID: member, Tool: tool, Sections: toolbox.PlanSections}
	for _, sh := range shs {
		if sh.MemberID == member && sh.Tool == tool {
			d.Member = sh.Member
		}
	}
	if d.Member == "" {
		return apperr.NotFound()
	}
	if d.Items, err = s.toolbox.SharedTool(r.Context(), u, tool, member); err != nil {
		return err
	}
	if tool == toolbox.Network {
		aPeer := s.cat.T(s.langOf(r), "toolbox.person.a_peer")
		d.Map = newEcomap(d.Items, func(p *toolbox.Person) string {
			if p.Name != "" {
				return p.Name
			}
			return aPeer
		})
	}
	s.render(w, r, http.StatusOK, "shared_tool", &Page{Title: "shared.title", Data: d})
	return nil
}

// toggleDone marks one occurrence of an activity done, or not done.
func (s *Server) toggleDone(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	f := NewForm("date", "week")
	if err := readForm(r, f); err != nil {
		return err
	}
	it, err := s.toolbox.Get(r.Context(), u, toolbox.Activities, id)
	if err != nil {
		return err
	}
	a := it.Data.(*toolbox.Activity)
	if !a.Occurs(f.Get("date")) {
		return apperr.Invalid("field.date.not_planned").WithField("date", "field.date.not_planned")
	}
	a.Toggle(f.Get("date"))
	if _, err := s.toolbox.Update(r.Context(), u, toolbox.Activities, id, a); err != nil {
		return err
	}
	s.redirectWith(w, r, "/toolbox/activities?week="+url.QueryEscape(f.Get("date")), "flash.toolbox_saved")
	return nil
}
