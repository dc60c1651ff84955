package web_test

import (
	"encoding/xml"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

// svgDoc is what the ecomap test reads back from the SVG.
type svgDoc struct {
	Circles []struct {
		Class string `xml:"class,attr"`
		CX    string `xml:"cx,attr"`
		CY    string `xml:"cy,attr"`
		R     string `xml:"r,attr"`
		Ring  string `xml:"data-ring,attr"`
	} `xml:"circle"`
	Groups []struct {
		Class  string `xml:"class,attr"`
		Ring   string `xml:"data-ring,attr"`
		Circle struct {
			CX string `xml:"cx,attr"`
			CY string `xml:"cy,attr"`
		} `xml:"circle"`
		Text string `xml:"text"`
	} `xml:"g"`
}

func atoi(s string) float64 { n, _ := strconv.Atoi(s); return float64(n) }

// The network map: people on their rings around the member, drawn as
// SVG with a table as its text alternative; a peer added by pseudonym
// shows to the member by pseudonym, and never to a provider.
func TestNetworkMap(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		cw := newCareWorld(t, db)
		k := cw.kari
		for _, p := range []map[string]any{
			{"name": "Mamma", "kind": "family", "closeness": "inner"},
			{"name": "Jonas", "kind": "friend", "closeness": "inner", "note": "Ringer på søndager"},
			{"name": "DPS Fjordvik", "kind": "professional", "closeness": "middle"},
			{"name": "", "kind": "peer", "closeness": "outer", "pseudonym": "Morgengry"},
		} {
			created(t, k.Do("POST", "/api/v1/toolbox/network", p), "id")
		}
		before := testkit.Counts(t, db)
		for name, p := range map[string]map[string]any{
			"closeness outside the rings": {"name": "X", "kind": "friend", "closeness": "far"},
			"unknown kind":                {"name": "X", "kind": "enemy", "closeness": "inner"},
			"unknown pseudonym":           {"kind": "peer", "closeness": "inner", "pseudonym": "Finnesikke"},
			"oneself":                     {"kind": "peer", "closeness": "inner", "pseudonym": "Havbris"},
			"no name, no pseudonym":       {"kind": "friend", "closeness": "inner"},
		} {
			if r := k.Do("POST", "/api/v1/toolbox/network", p); r.Status != 400 {
				t.Errorf("%s: %d %s", name, r.Status, r.Body)
			}
		}
		if after := testkit.Counts(t, db); after["toolbox_items"] != before["toolbox_items"] {
			t.Error("refused people were stored")
		}

		page := k.Get("/toolbox/network")
		svg := regexp.MustCompile(`(?s)<svg[^>]*data-ecomap.*?</svg>`).FindString(page.Text())
		var doc svgDoc
		if err := xml.Unmarshal([]byte(svg), &doc); err != nil {
			t.Fatalf("the ecomap is not well-formed SVG: %v\n%s", err, svg)
		}
		radius := map[string]float64{}
		var cx, cy float64
		for _, c := range doc.Circles {
			if strings.HasPrefix(c.Class, "ring ") {
				radius[c.Ring], cx, cy = atoi(c.R), atoi(c.CX), atoi(c.CY)
			}
		}
		if len(radius) != 3 || !(radius["inner"] < radius["middle"] && radius["middle"] < radius["outer"]) {
			t.Fatalf("rings: %v", radius)
		}
		if len(doc.Groups) != 4 {
			t.Fatalf("%d people drawn, want 4", len(doc.Groups))
		}
		labels := map[string]string{}
		for _, g := range doc.Groups {
			d := math.Hypot(atoi(g.Circle.CX)-cx, atoi(g.Circle.CY)-cy)
			if math.Abs(d-radius[g.Ring]) > 1.5 {
				t.Errorf("%s is %.1f from the centre, not on the %s ring (%v)", g.Text, d, g.Ring, radius[g.Ring])
			}
			labels[g.Text] = g.Ring
		}
		if labels["Mamma"] != "inner" || labels["DPS Fjordvik"] != "middle" || labels["Morgengry"] != "outer" {
			t.Errorf("labels and rings: %v", labels)
		}
		if !strings.Contains(page.Text(), `<caption id="eco-table-caption">`) || !strings.Contains(page.Text(), "Ringer på søndager") {
			t.Error("no text alternative")
		}

		// Shared with the provider: the map and table, a peer as "a peer".
		created(t, k.Do("POST", "/api/v1/toolbox/shares", map[string]any{"item_kind": "network", "provider_id": id(cw.Provider.ID)}), "id")
		r := cw.provider.Get("/shared/" + id(cw.Member.ID) + "/network")
		if r.Status != 200 || !strings.Contains(r.Text(), "Mamma") || !strings.Contains(r.Text(), "En likeperson") {
			t.Errorf("the provider's map: %d", r.Status)
		}
		if r := cw.provider.Get("/api/v1/toolbox/network?member_id=" + id(cw.Member.ID)); strings.Contains(r.Text(), "peer_id") {
			t.Errorf("the provider learns a peer's account: %s", r.Body)
		}
	})
}
