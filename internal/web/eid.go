package web

import (
	"context"
	"errors"
	"net/http"
	"sync"

	"reconnect/internal/apperr"
	"reconnect/internal/eid"
	"reconnect/internal/i18n"
	"reconnect/internal/web/httpx"
)

// eidProvider discovers the eID provider on first use and keeps trying
// until it answers, so a provider that is down at start does not stop
// the server.
type eidProvider struct {
	cfg    eid.Config
	httpc  *http.Client
	mu     sync.Mutex
	client *eid.Client
}

func (p *eidProvider) get(ctx context.Context) (*eid.Client, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.client != nil {
		return p.client, nil
	}
	c, err := eid.New(ctx, p.cfg, p.httpc, nil)
	if err != nil {
		return nil, err
	}
	p.client = c
	return c, nil
}

// eidEnabled reports whether national eID sign-in is configured.
func (s *Server) eidEnabled() bool { return s.eid != nil }

// startEID sends the browser to the provider, with a fresh flow whose
// state, nonce and PKCE verifier stay on the server.
func (s *Server) startEID(w http.ResponseWriter, r *http.Request) {
	if s.eid == nil {
		s.notFound(w, r)
		return
	}
	f := NewForm()
	if err := readForm(r, f); err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.eid.get(r.Context())
	if err != nil {
		s.log.Error("eid discovery", "err", httpx.SafeError(err))
		s.fail(w, r, apperr.New(apperr.KindInternal, "eid_unavailable", "err.eid_unavailable"))
		return
	}
	flow, err := s.ids.StartEIDFlow(r.Context(), f.Get("invitation"), localPath(f.Get("next")))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, c.AuthURL(flow.State, flow.Nonce, flow.Verifier), http.StatusSeeOther)
}

// eidCallback finishes the flow: checks state, exchanges the code,
// verifies the ID token, and signs in (or creates the invited account).
// The national ID number is hashed at once and never logged.
func (s *Server) eidCallback(w http.ResponseWriter, r *http.Request) {
	if s.eid == nil {
		s.notFound(w, r)
		return
	}
	q := r.URL.Query()
	ctx := r.Context()
	flow, err := s.ids.TakeEIDFlow(ctx, q.Get("state"))
	if err != nil {
		s.eidFailed(w, r, err)
		return
	}
	if q.Get("error") != "" {
		s.eidFailed(w, r, apperr.New(apperr.KindUnauthorized, "eid_cancelled", "err.eid_cancelled"))
		return
	}
	c, err := s.eid.get(ctx)
	if err != nil {
		s.eidFailed(w, r, apperr.New(apperr.KindInternal, "eid_unavailable", "err.eid_unavailable"))
		return
	}
	id, err := c.Exchange(ctx, q.Get("code"), flow.Verifier, flow.Nonce)
	if err != nil {
		// The reason (signature, audience, nonce, level …) goes to the
		// log; the person gets a plain refusal.
		s.log.Warn("eid refused", "err", httpx.SafeError(err))
		code := apperr.KindInternal
		if errors.Is(err, eid.ErrRefused) {
			code = apperr.KindUnauthorized
		}
		s.eidFailed(w, r, apperr.New(code, "eid_refused", "err.eid_refused"))
		return
	}
	u, err := s.ids.EIDSignIn(ctx, id.PID, id.Name, flow.Invitation)
	if err != nil {
		s.eidFailed(w, r, err)
		return
	}
	st, err := s.ids.SignIn(ctx, s.cookie.Read(r), u.ID)
	token := st.Token
	if err == nil {
		err = s.ids.MarkEIDSession(ctx, token, id.SID)
	}
	if err == nil && st.DeletionCancelled {
		s.flash(w, "flash.deletion_cancelled")
	}
	if err == nil {
		err = s.keepChosenLanguage(r, &u)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.cookie.Set(w, token)
	next := flow.Next
	if u.OnboardedAt == nil || next == "" {
		next = "/onboarding"
		if u.OnboardedAt != nil {
			next = "/"
		}
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// eidFailed shows the sign-in page with what went wrong.
func (s *Server) eidFailed(w http.ResponseWriter, r *http.Request, err error) {
	f := NewForm("login", "password")
	status, other := f.setError(err)
	if other != nil {
		if e := apperr.From(other); e.Kind != apperr.KindInternal {
			f.Message, status = e.Message, apperr.Status(e.Kind)
		} else {
			s.fail(w, r, other)
			return
		}
	}
	s.render(w, r, status, "login", &Page{Title: "login.title", Form: f, Data: &loginData{EID: s.eidEnabled()}})
}

// eidLogout is the front-channel logout the provider loads in a hidden
// frame when the person signs out elsewhere: every local session started
// from that provider session ends.
func (s *Server) eidLogout(w http.ResponseWriter, r *http.Request) {
	if s.eid == nil {
		s.notFound(w, r)
		return
	}
	c, err := s.eid.get(r.Context())
	q := r.URL.Query()
	if err == nil && q.Get("iss") == c.Issuer() {
		if _, err := s.ids.EndEIDSessions(r.Context(), q.Get("sid")); err != nil {
			s.log.Error("eid logout", "err", httpx.SafeError(err))
		}
	}
	// The provider's page frames this response; allow exactly that.
	if err == nil {
		w.Header().Set("Content-Security-Policy", "default-src 'none'; frame-ancestors "+originOf(c.Issuer()))
		w.Header().Del("X-Frame-Options")
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte(s.cat.T(i18n.NB, "flash.signed_out")))
}
