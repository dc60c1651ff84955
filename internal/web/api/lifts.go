package api

import (
	"net/http"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/web/httpx"
)

// LiftRequest offers seats or asks for a lift to one occurrence (the
// next when occurs_at is empty), from a coarse area (a neighbourhood,
// never an address). "offer": true or "ask": true may stand for kind.
type LiftRequest struct {
	Kind     string     `json:"kind,omitempty"`
	Offer    bool       `json:"offer,omitempty"`
	Ask      bool       `json:"ask,omitempty"`
	OccursAt *time.Time `json:"occurs_at,omitempty"`
	Seats    int        `json:"seats"`
	Area     string     `json:"area"`
	Note     string     `json:"note"`
}

// BuddyRequest asks for someone to meet before and arrive together.
type BuddyRequest struct {
	OccursAt *time.Time `json:"occurs_at,omitempty"`
	Area     string     `json:"area"`
	Note     string     `json:"note"`
}

// LiftJSON is an open offer or ask, by pseudonym.
type LiftJSON struct {
	ID        ID     `json:"id"`
	Kind      string `json:"kind"`
	Pseudonym string `json:"pseudonym"`
	Seats     int    `json:"seats"`
	Area      string `json:"area"`
	Note      string `json:"note,omitempty"`
	Mine      bool   `json:"mine,omitempty"`
	Matched   bool   `json:"matched"`
}

// LiftMatchJSON is a suggestion to travel together involving me.
type LiftMatchJSON struct {
	ID             ID   `json:"id"`
	FromLift       ID   `json:"from_lift_id"`
	ToLift         ID   `json:"to_lift_id"`
	ForMe          bool `json:"for_me"`
	Agreed         bool `json:"agreed"`
	Declined       bool `json:"declined"`
	ConversationID ID   `json:"conversation_id,omitempty"`
}

// LiftsJSON lists an occurrence's lifts.
type LiftsJSON struct {
	OccursAt time.Time       `json:"occurs_at"`
	Lifts    []LiftJSON      `json:"lifts"`
	Matches  []LiftMatchJSON `json:"matches"`
}

// ProposeRequest suggests travelling together: my lift with theirs.
type ProposeRequest struct {
	MyLift ID `json:"my_lift_id"`
}

// DecideRequest agrees to or declines a suggestion made to me.
type DecideRequest struct {
	Agree bool `json:"agree"`
}

// Created names what was created.
type Created struct {
	ID ID `json:"id"`
}

func (a *API) liftRoutes() []Route {
	coming := "service users and peer moderators who answered going or maybe"
	return []Route{
		{"POST", "/api/v1/events/{id}/lifts", a.authed(a.addLift), Doc{Summary: "Offer seats or ask for a lift (coarse area only)", Access: coming, Request: LiftRequest{}, Response: Created{}, Status: 201}},
		{"POST", "/api/v1/events/{id}/buddies", a.authed(a.addBuddy), Doc{Summary: "Ask for a meet-before buddy to arrive together", Access: coming, Request: BuddyRequest{}, Response: Created{}, Status: 201}},
		{"GET", "/api/v1/events/{id}/lifts", a.authed(a.listLifts), Doc{Summary: "Open offers and asks for an occurrence (?at=), and suggestions involving me", Access: coming + ", and the host",
			Response: LiftsJSON{}, Status: 200, Query: []Param{{"at", "RFC 3339 start of the occurrence"}}}},
		{"DELETE", "/api/v1/lifts/{id}", a.authed(a.withdrawLift), Doc{Summary: "Withdraw my offer or ask", Access: "its owner", Status: 204}},
		{"POST", "/api/v1/lifts/{id}/propose", a.authed(a.proposeLift), Doc{Summary: "Suggest travelling together (an offer with an ask, or two buddy asks); the other decides", Access: "owner of my_lift_id",
			Request: ProposeRequest{}, Response: Created{}, Status: 201}},
		{"POST", "/api/v1/lift-matches/{id}", a.authed(a.decideLift), Doc{Summary: "Agree to or decline a suggestion; agreeing opens a conversation under pseudonyms that closes a week after the event", Access: "the one asked",
			Request: DecideRequest{}, Response: LiftMatchJSON{}, Status: 200}},
	}
}

func (a *API) addLift(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	var in LiftRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	switch {
	case in.Kind != "" && (in.Offer || in.Ask), in.Offer && in.Ask:
		return apperr.Invalid("err.fix_fields").WithField("kind", "field.lift.kind")
	case in.Offer:
		in.Kind = "offer"
	case in.Ask:
		in.Kind = "ask"
	}
	if in.Kind == "buddy" {
		return apperr.Invalid("err.fix_fields").WithField("kind", "field.lift.kind")
	}
	return a.lift(w, r, u, in.Kind, in.OccursAt, in.Seats, in.Area, in.Note)
}

func (a *API) addBuddy(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	var in BuddyRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	return a.lift(w, r, u, "buddy", in.OccursAt, 1, in.Area, in.Note)
}

func (a *API) lift(w http.ResponseWriter, r *http.Request, u *identity.User, kind string, at *time.Time, seats int, area, note string) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	e, err := a.Events.Get(r.Context(), u, id)
	if err != nil {
		return err
	}
	o, err := a.occurrenceAt(r, e, at)
	if err != nil {
		return err
	}
	lid, err := a.Events.AddLift(r.Context(), u, id, o.At, kind, seats, area, note)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, Created{ID: ID(lid)})
	return nil
}

func (a *API) listLifts(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	e, o, err := a.eventAt(r, u)
	if err != nil {
		return err
	}
	lifts, matches, err := a.Events.Lifts(r.Context(), u, e, o.At)
	if err != nil {
		return err
	}
	out := LiftsJSON{OccursAt: o.At.UTC(), Lifts: []LiftJSON{}, Matches: []LiftMatchJSON{}}
	for _, l := range lifts {
		out.Lifts = append(out.Lifts, LiftJSON{ID: ID(l.ID), Kind: l.Kind, Pseudonym: l.Pseudonym, Seats: l.Seats, Area: l.Area, Note: l.Note, Mine: l.Mine, Matched: l.Matched})
	}
	for _, m := range matches {
		out.Matches = append(out.Matches, LiftMatchJSON{ID: ID(m.ID), FromLift: ID(m.FromLift), ToLift: ID(m.ToLift), ForMe: m.ForMe, Agreed: m.Agreed, Declined: m.Declined, ConversationID: ID(m.ConversationID)})
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (a *API) withdrawLift(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := a.Events.WithdrawLift(r.Context(), u, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) proposeLift(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in ProposeRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	m, err := a.Events.Propose(r.Context(), u, int64(in.MyLift), id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, Created{ID: ID(m)})
	return nil
}

func (a *API) decideLift(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in DecideRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	conv, err := a.Events.Decide(r.Context(), u, id, in.Agree)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, LiftMatchJSON{ID: ID(id), Agreed: in.Agree, Declined: !in.Agree, ConversationID: ID(conv)})
	return nil
}
