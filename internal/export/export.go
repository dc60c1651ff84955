// Package export gathers everything ReConnect holds about one member into
// a single document (the "My data" export): JSON for machines, a ZIP
// with that JSON and a readable HTML summary for people.
//
// Each section is read through the service that owns it where it has a
// method, so its permission rules and decryption apply; where none
// exists the section reads only the caller's own rows. Other people
// appear only as the caller already sees them: peers by pseudonym (or
// the name they chose to reveal), providers by name in care. Reading
// one's own data writes nothing, except that a provider's export of a
// care conversation goes to the member's access log like any reading.
package export

import (
	"context"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/calfeed"
	"reconnect/internal/care"
	"reconnect/internal/events"
	"reconnect/internal/forum"
	"reconnect/internal/identity"
	"reconnect/internal/mail"
	"reconnect/internal/messages"
	"reconnect/internal/notify"
	"reconnect/internal/sqldb"
	"reconnect/internal/toolbox"
)

// Format names the document's layout; it changes when fields are
// renamed or removed (added fields keep it).
const Format = "reconnect-my-data/1"

// Deps are the services an export reads from. Calendar and Mail may be
// nil (the section is then left out).
type Deps struct {
	DB       *sqldb.DB
	Identity *identity.Service
	Forum    *forum.Service
	Messages *messages.Service
	Care     *care.Service
	Toolbox  *toolbox.Service
	Events   *events.Service
	Calendar *calfeed.Service
	Notify   *notify.Service
	Mail     *mail.Service
	Now      func() time.Time
}

// Service builds exports.
type Service struct{ d Deps }

// New returns the service.
func New(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Service{d: d}
}

// Build gathers everything about u. Any signed-in account may call it
// for itself; sections a role has nothing in stay empty.
func (s *Service) Build(ctx context.Context, u *identity.User) (Data, error) {
	d := empty()
	d.Format, d.MadeAt = Format, s.d.Now().UTC()
	steps := []func(context.Context, *identity.User, *Data) error{
		s.profile, s.consents, s.pseudonyms, s.signIns,
		s.reveals, s.circles, s.forum,
		s.careTeam, s.conversations, s.toolbox, s.accessLog,
		s.events, s.calendar, s.notices,
	}
	for _, step := range steps {
		if err := step(ctx, u, &d); err != nil && !apperr.Is(err, apperr.KindNotFound) {
			return Data{}, err
		}
	}
	return d, nil
}

// utc returns t in UTC, or nil for nil.
func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	v := t.UTC()
	return &v
}
