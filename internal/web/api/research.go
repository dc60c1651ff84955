package api

import (
	"encoding/csv"
	"net/http"
	"time"

	"reconnect/internal/identity"
	"reconnect/internal/research"
	"reconnect/internal/web/httpx"
)

// ReportJSON is the study report for a period. Counts are numbers, or
// the string "<3" where a community's small count is hidden.
type ReportJSON struct {
	From             time.Time       `json:"from"`
	To               time.Time       `json:"to"`
	CommunityID      ID              `json:"community_id,omitempty"`
	Suppressed       bool            `json:"small_counts_hidden"`
	Consenting       research.Cell   `json:"consenting_participants"`
	Active           research.Cell   `json:"active_participants"`
	Posts            research.Cell   `json:"posts_written"`
	Threads          research.Cell   `json:"threads_started"`
	PostViews        research.Cell   `json:"post_views"`
	Posters          research.Cell   `json:"participants_who_posted"`
	Reactions        research.Cell   `json:"reactions"`
	Logins           LoginsJSON      `json:"logins_per_participant"`
	Cafes            research.Cell   `json:"cafes_held"`
	PerCafe          [2]int          `json:"participants_per_cafe"`
	CafeParticipants research.Cell   `json:"distinct_cafe_participants"`
	Answers          research.Cell   `json:"event_answers"`
	CareMessages     research.Cell   `json:"care_messages_sent"`
	Toolbox          []ToolUseJSON   `json:"toolbox_use"`
	Weeks            []WeekJSON      `json:"weeks"`
	Communities      []CommunityJSON `json:"communities,omitempty"`
}

// LoginsJSON summarises sign-ins per participant.
type LoginsJSON struct {
	Median float64       `json:"median"`
	Min    int           `json:"min"`
	Max    int           `json:"max"`
	Over15 research.Cell `json:"more_than_15"`
}

// ToolUseJSON is one tool's use.
type ToolUseJSON struct {
	Tool  string        `json:"tool"`
	Uses  research.Cell `json:"uses"`
	Users research.Cell `json:"participants"`
}

// WeekJSON is one week's activity.
type WeekJSON struct {
	Start  time.Time `json:"week_start"`
	Active int       `json:"active_participants"`
	Posts  int       `json:"posts"`
}

// CommunityJSON is one community's figures, small counts hidden.
type CommunityJSON struct {
	ID         ID            `json:"id"`
	Name       string        `json:"name"`
	Consenting research.Cell `json:"consenting_participants"`
	Active     research.Cell `json:"active_participants"`
	Posts      research.Cell `json:"posts_written"`
	Posters    research.Cell `json:"participants_who_posted"`
	PostViews  research.Cell `json:"post_views"`
	Cafes      research.Cell `json:"cafes_held"`
}

func (a *API) researchRoutes() []Route {
	q := []Param{{"from", "RFC 3339 time or YYYY-MM-DD (default: 183 days ago)"}, {"to", "RFC 3339 time or YYYY-MM-DD (default: now)"}, {"community_id", "one community (small counts hidden)"}}
	return []Route{
		{"GET", "/api/v1/research/report", a.authed(a.researchReport), Doc{Summary: "Usage figures of consenting participants for a period (?format=csv for a table)", Access: "researchers",
			Response: ReportJSON{}, Status: 200, Query: append(q, Param{"format", "csv"})}},
		{"GET", "/api/v1/research/export.csv", a.authed(a.researchExport), Doc{Summary: "One row per consenting participant under a random study code, counts only", Access: "researchers",
			Status: 200, Query: q, Raw: "text/csv"}},
	}
}

// researchQuery reads the period and community.
func (a *API) researchQuery(r *http.Request) (research.Query, error) {
	qs := r.URL.Query()
	now := a.Research.Now()
	from, err := parseWhen("from", qs.Get("from"), now.AddDate(0, 0, -183))
	if err != nil {
		return research.Query{}, err
	}
	to, err := parseWhen("to", qs.Get("to"), now)
	if err != nil {
		return research.Query{}, err
	}
	c, err := queryID(r, "community_id")
	return research.Query{From: from, To: to, Community: c}, err
}

func (a *API) researchReport(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	q, err := a.researchQuery(r)
	if err != nil {
		return err
	}
	rep, err := a.Research.Build(r.Context(), u, q)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("format") == "csv" {
		writeCSV(w, "research-report.csv", research.ReportRows(rep))
		return nil
	}
	out := ReportJSON{From: rep.From.UTC(), To: rep.To.UTC(), CommunityID: ID(rep.Community), Suppressed: rep.Suppressed, Consenting: rep.Consenting, Active: rep.Active,
		Posts: rep.Posts, Threads: rep.Threads, PostViews: rep.PostViews, Posters: rep.Posters, Reactions: rep.Reactions,
		Logins: LoginsJSON{Median: rep.LoginsMedian, Min: rep.LoginsMin, Max: rep.LoginsMax, Over15: rep.LoginsOver15},
		Cafes:  rep.Cafes, PerCafe: [2]int{rep.PerCafeMin, rep.PerCafeMax}, CafeParticipants: rep.CafeParticipants, Answers: rep.Answers, CareMessages: rep.CareMessages,
		Toolbox: []ToolUseJSON{}, Weeks: []WeekJSON{}}
	for _, t := range rep.Toolbox {
		out.Toolbox = append(out.Toolbox, ToolUseJSON{Tool: t.Tool, Uses: t.Uses, Users: t.Users})
	}
	for _, wk := range rep.Weeks {
		out.Weeks = append(out.Weeks, WeekJSON{Start: wk.Start.UTC(), Active: wk.Active, Posts: wk.Posts})
	}
	for _, c := range rep.Communities {
		out.Communities = append(out.Communities, CommunityJSON{ID: ID(c.ID), Name: c.Name, Consenting: c.Consenting, Active: c.Active, Posts: c.Posts, Posters: c.Posters,
			PostViews: c.PostViews, Cafes: c.Cafes})
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (a *API) researchExport(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	q, err := a.researchQuery(r)
	if err != nil {
		return err
	}
	rows, err := a.Research.Export(r.Context(), u, q)
	if err != nil {
		return err
	}
	writeCSV(w, "participants.csv", append([][]string{research.ExportHeader}, rows...))
	return nil
}

// writeCSV sends rows as a CSV download.
func writeCSV(w http.ResponseWriter, name string, rows [][]string) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	cw := csv.NewWriter(w)
	_ = cw.WriteAll(rows)
}
