package api

import (
	"net/http"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/web/httpx"
)

// PrivacyCheckRequest is a draft to check.
type PrivacyCheckRequest struct {
	Text string `json:"text"`
}

// PrivacyFinding is one detail that may identify someone. start and end
// count Unicode code points (in JavaScript, use Array.from(text)).
type PrivacyFinding struct {
	Kind    string `json:"kind"`
	Excerpt string `json:"excerpt"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Advice  string `json:"advice"`
	Strong  bool   `json:"strong,omitempty"`
}

// PrivacyCheck lists the findings; empty when nothing was found. It
// advises, it never blocks.
type PrivacyCheck struct {
	Findings []PrivacyFinding `json:"findings"`
	// Crisis is "concern" or "intent" when the draft has suicide or
	// self-harm language: show the crisis numbers. The draft is not sent
	// to anyone.
	Crisis string `json:"crisis,omitempty"`
}

func (a *API) privacyCheck(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	if !u.Role.UsesForum() {
		return apperr.NotFound()
	}
	var in PrivacyCheckRequest
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	fs, err := a.CheckPrivacy(r.Context(), u, in.Text)
	if err != nil {
		return err
	}
	out := PrivacyCheck{Findings: make([]PrivacyFinding, 0, len(fs)), Crisis: a.Moderation.Level(in.Text)}
	for _, f := range fs {
		out.Findings = append(out.Findings, PrivacyFinding{Kind: string(f.Kind), Excerpt: f.Excerpt, Start: f.Start, End: f.End,
			Advice: a.Catalog.T(a.lang(r), f.Advice), Strong: f.Strong})
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}
