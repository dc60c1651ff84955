package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/research"
)

var researchers = []identity.Role{identity.Researcher}

// researchData is the research page.
type researchData struct {
	Report      *research.Report
	Communities []identity.Community
	ReportCSV   template.URL // the downloads for the period shown
	ExportCSV   template.URL
	Weeks       *barChart
	PostsPer    *barChart
}

// barChart is a simple server-drawn bar chart.
type barChart struct {
	Width, Height int
	Bars          []bar
	Max           int
}

type bar struct {
	X, Y, W, H int
	Value      int
	Label      string
}

func newBarChart(values []int, labels []string) *barChart {
	if len(values) == 0 {
		return nil
	}
	const w, h, pad = 600, 160, 10
	c := &barChart{Width: w, Height: h}
	for _, v := range values {
		c.Max = max(c.Max, v)
	}
	if c.Max == 0 {
		c.Max = 1
	}
	bw := (w - 2*pad) / len(values)
	for i, v := range values {
		bh := v * (h - 2*pad) / c.Max
		c.Bars = append(c.Bars, bar{X: pad + i*bw, Y: h - pad - bh, W: max(bw-2, 1), H: bh, Value: v, Label: labels[i]})
	}
	return c
}

// showResearch is the researcher's report page: a period and community
// form, the figures, two charts and the downloads.
func (s *Server) showResearch(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	ctx := r.Context()
	f := NewForm("from", "to", "community_id")
	qs := r.URL.Query()
	now := s.research.Now().In(oslo)
	f.Values["from"], f.Values["to"] = now.AddDate(0, 0, -183).Format("2006-01-02"), now.AddDate(0, 0, 1).Format("2006-01-02")
	for _, k := range []string{"from", "to", "community_id"} {
		if v := qs.Get(k); v != "" {
			f.Values[k] = v
		}
	}
	d := &researchData{}
	var err error
	if d.Communities, err = s.ids.Communities(ctx); err != nil {
		return err
	}
	q := research.Query{}
	fe := apperr.Invalid("err.fix_fields")
	if q.From, err = time.ParseInLocation("2006-01-02", f.Get("from"), oslo); err != nil {
		fe.WithField("from", "field.date.invalid")
	}
	if q.To, err = time.ParseInLocation("2006-01-02", f.Get("to"), oslo); err != nil {
		fe.WithField("to", "field.date.invalid")
	}
	if v := f.Get("community_id"); v != "" && v != "0" {
		if q.Community, err = strconv.ParseInt(v, 10, 64); err != nil {
			fe.WithField("community_id", "field.community.unknown")
		}
	}
	status := http.StatusOK
	if len(fe.Fields) > 0 {
		err = fe
	} else {
		var rep research.Report
		if rep, err = s.research.Build(ctx, u, q); err == nil {
			d.Report = &rep
			vals := url.Values{"from": {q.From.Format(time.RFC3339)}, "to": {q.To.Format(time.RFC3339)}}
			if q.Community != 0 {
				vals.Set("community_id", strconv.FormatInt(q.Community, 10))
			}
			d.ReportCSV = template.URL("/api/v1/research/report?format=csv&" + vals.Encode()) // #nosec G203 -- constant path; query from url.Values.Encode of parsed dates and an integer
			d.ExportCSV = template.URL("/api/v1/research/export.csv?" + vals.Encode())        // #nosec G203 -- constant path; query from url.Values.Encode
			var active []int
			var labels []string
			for _, wk := range rep.Weeks {
				active, labels = append(active, wk.Active), append(labels, wk.Start.Format("2006-01-02"))
			}
			d.Weeks = newBarChart(active, labels)
			var pl []string
			for i := range rep.PostsPer {
				pl = append(pl, strconv.Itoa(i+1))
			}
			d.PostsPer = newBarChart(rep.PostsPer, pl)
		}
	}
	if err != nil {
		var other error
		if status, other = f.setError(err); other != nil {
			return other
		}
	}
	s.render(w, r, status, "research", &Page{Title: "research.title", Form: f, Data: d})
	return nil
}
