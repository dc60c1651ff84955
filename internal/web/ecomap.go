package web

import (
	"context"
	"math"

	"reconnect/internal/identity"
	"reconnect/internal/toolbox"
)

// ecomap is the network map drawn by the server as SVG: the member in
// the centre, three rings (inner, middle, outer) and each person on
// their ring, spread evenly. The table beside it is its text
// alternative.
type ecomap struct {
	Size, C int
	Rings   []ecoRing
	Nodes   []ecoNode
}

type ecoRing struct {
	Name string
	R    int
}

type ecoNode struct {
	ID             int64
	X, Y, LX, LY   int
	Anchor         string
	Label, Kind    string
	Ring, Note     string
	Peer, Revealed bool
}

var ringRadius = map[string]int{"inner": 95, "middle": 175, "outer": 255}

// newEcomap places the people; label names each for the viewer.
func newEcomap(items []toolbox.Item, label func(*toolbox.Person) string) *ecomap {
	m := &ecomap{Size: 640, C: 320}
	for _, r := range toolbox.Rings {
		m.Rings = append(m.Rings, ecoRing{Name: r, R: ringRadius[r]})
	}
	byRing := map[string][]toolbox.Item{}
	for i := len(items) - 1; i >= 0; i-- { // oldest first, so places stay put
		if p, ok := items[i].Data.(*toolbox.Person); ok {
			byRing[p.Closeness] = append(byRing[p.Closeness], items[i])
		}
	}
	for ri, ring := range toolbox.Rings {
		its := byRing[ring]
		r := float64(ringRadius[ring])
		for i, it := range its {
			p := it.Data.(*toolbox.Person)
			a := 2*math.Pi*float64(i)/float64(len(its)) - math.Pi/2 + float64(ri)*0.45
			cos, sin := math.Cos(a), math.Sin(a)
			n := ecoNode{ID: it.ID, X: m.C + int(math.Round(r*cos)), Y: m.C + int(math.Round(r*sin)), Label: label(p), Kind: p.Kind, Ring: ring, Note: p.Note,
				Peer: p.PeerID != 0, LX: m.C + int(math.Round((r+16)*cos)), LY: m.C + int(math.Round((r+16)*sin)) + 4, Anchor: "middle"}
			switch {
			case cos > 0.3:
				n.Anchor = "start"
			case cos < -0.3:
				n.Anchor = "end"
			}
			if sin < -0.9 {
				n.LY -= 8
			} else if sin > 0.9 {
				n.LY += 8
			}
			m.Nodes = append(m.Nodes, n)
		}
	}
	return m
}

// ownerLabel names a person for the member: their name, else a peer's
// shown name where the peer revealed it to her, else the pseudonym.
func (s *Server) ownerLabel(ctx context.Context, u *identity.User, items []toolbox.Item) func(*toolbox.Person) string {
	var peers []int64
	for _, it := range items {
		if p, ok := it.Data.(*toolbox.Person); ok && p.PeerID != 0 {
			peers = append(peers, p.PeerID)
		}
	}
	shown, _ := s.ids.ShownNames(ctx, u.ID, peers)
	pseudonyms := map[int64]string{}
	for _, id := range peers {
		if p, err := s.ids.UserByID(ctx, id); err == nil {
			pseudonyms[id] = p.Pseudonym
		}
	}
	return func(p *toolbox.Person) string {
		switch {
		case p.Name != "":
			return p.Name
		case shown[p.PeerID] != "":
			return shown[p.PeerID] + " (" + pseudonyms[p.PeerID] + ")"
		default:
			return pseudonyms[p.PeerID]
		}
	}
}
