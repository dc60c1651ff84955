package web

import (
	"context"
	"net/http"
	"sync"
	"time"
	"unicode/utf8"

	"reconnect/internal/apperr"
	"reconnect/internal/identity"
	"reconnect/internal/privacy"
)

// namesIndexTTL is how old the index of real names may grow before it is
// rebuilt (in the background; checks use the old one meanwhile).
const namesIndexTTL = 5 * time.Minute

// checker runs the identifying-details check with what the server knows:
// the author's own name, the community's places and every real name.
type checker struct {
	ids *identity.Service

	mu       sync.Mutex
	names    *privacy.Names
	built    time.Time
	building bool
}

func (c *checker) index(ctx context.Context) (*privacy.Names, error) {
	c.mu.Lock()
	names, stale, building := c.names, time.Since(c.built) > namesIndexTTL, c.building
	if names != nil && stale && !building {
		c.building = true
		go c.rebuild(context.WithoutCancel(ctx))
	}
	c.mu.Unlock()
	if names != nil {
		return names, nil
	}
	return c.rebuild(ctx)
}

func (c *checker) rebuild(ctx context.Context) (*privacy.Names, error) {
	all, err := c.ids.AllRealNames(ctx)
	idx := privacy.NewNames(all)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.building = false
	if err != nil {
		return c.names, err
	}
	c.names, c.built = idx, time.Now()
	return idx, nil
}

// NewChecker returns the identifying-details check over what identity
// knows (own name, places, every real name), for the forum and the API.
func NewChecker(ids *identity.Service) func(context.Context, *identity.User, string) ([]privacy.Finding, error) {
	return (&checker{ids: ids}).check
}

// check returns the findings for a draft by u. Too long a text is a 400.
func (c *checker) check(ctx context.Context, u *identity.User, text string) ([]privacy.Finding, error) {
	if !utf8.ValidString(text) {
		return nil, apperr.New(apperr.KindInvalid, "invalid_utf8", "err.invalid_utf8")
	}
	if utf8.RuneCountInString(text) > privacy.MaxText {
		return nil, apperr.Invalid("err.fix_fields").WithField("text", "field.text.too_long")
	}
	names, err := c.index(ctx)
	if err != nil {
		return nil, err
	}
	pc := privacy.Context{Members: names}
	if own, err := c.ids.OwnRealName(ctx, u.ID); err != nil {
		return nil, err
	} else if own != "" {
		pc.AuthorNames = []string{own}
	}
	if u.CommunityID != 0 {
		places, err := c.ids.Places(ctx, u.CommunityID)
		if err != nil {
			return nil, err
		}
		for _, p := range places {
			pc.Places = append(pc.Places, p.Name)
		}
	}
	return privacy.Check(text, pc), nil
}

type checkData struct {
	Findings []privacy.Finding
	Checked  bool
}

// showPrivacyCheck lets a member check a draft before posting it.
func (s *Server) showPrivacyCheck(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	s.render(w, r, http.StatusOK, "privacy_check", &Page{Title: "privacy_check.title", Form: NewForm("text"), Data: &checkData{}})
	return nil
}

func (s *Server) runPrivacyCheck(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	f := NewForm("text")
	if err := readForm(r, f); err != nil {
		return err
	}
	findings, err := s.check(r.Context(), u, f.Get("text"))
	if err != nil {
		status, other := f.setError(err)
		if other != nil {
			return other
		}
		s.render(w, r, status, "privacy_check", &Page{Title: "privacy_check.title", Form: f, Data: &checkData{}})
		return nil
	}
	s.render(w, r, http.StatusOK, "privacy_check", &Page{Title: "privacy_check.title", Form: f, Data: &checkData{Findings: findings, Checked: true}})
	return nil
}
