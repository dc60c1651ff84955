package identity

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"unicode/utf8"

	"reconnect/internal/apperr"
	"reconnect/internal/sqldb"
)

// Limits on what a member writes when revealing themselves.
const (
	shownNameMax  = 40
	revealNoteMax = 200
)

// peerByPseudonym finds an active forum member by pseudonym (any case or
// look-alike spelling of it). Only forum members can be found: a
// pseudonym never leads to staff.
func peerByPseudonym(ctx context.Context, q sqldb.Querier, p, field string) (User, error) {
	bad := apperr.Invalid("err.fix_fields").WithField(field, "field.peer.unknown")
	if !singleLine(p) || utf8.RuneCountInString(p) > 60 {
		return User{}, bad
	}
	u, err := scanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u
		WHERE u.pseudonym_key = $1 AND u.role IN ('service_user', 'peer_moderator') AND u.disabled_at IS NULL`, pseudonymKey(clean(p))))
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, bad
	}
	return u, err
}

// checkShown validates a shown name and note for a reveal.
func checkShown(fe fieldErrors, shownName, note string) (string, string) {
	if !singleLine(shownName) {
		fe.add("shown_name", "field.invalid_characters")
	}
	shownName = clean(shownName)
	if n := utf8.RuneCountInString(shownName); n < 1 || n > shownNameMax {
		fe.add("shown_name", "field.shown_name.length")
	}
	if !utf8.ValidString(note) || strings.ContainsRune(note, 0) {
		fe.add("note", "field.invalid_characters")
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > revealNoteMax {
		fe.add("note", "field.reveal_note.length")
	}
	return shownName, note
}

// ShownNames returns, for the viewer, the names that members among ids
// have chosen to show them (active reveals only). Every place that shows
// pseudonyms to a member passes them through this, for that viewer only.
func (s *Service) ShownNames(ctx context.Context, viewerID int64, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 || viewerID == 0 {
		return out, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT from_user, shown_name FROM reveals WHERE to_user = $1 AND stopped_at IS NULL`, viewerID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	want := make(map[int64]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	for rows.Next() {
		var from int64
		var name string
		if err := rows.Scan(&from, &name); err != nil {
			return nil, err
		}
		if want[from] {
			out[from] = name
		}
	}
	return out, rows.Err()
}

// PeerByMention finds the forum member an @mention names: the mention's
// key must equal a pseudonym's key (so "@Stille_Vann" and "@stillevann"
// both find "Stille Vann").
func (s *Service) PeerByMention(ctx context.Context, q sqldb.Querier, mention string) (User, error) {
	u, err := scanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u
		WHERE u.pseudonym_key = $1 AND u.role IN ('service_user', 'peer_moderator') AND u.disabled_at IS NULL`, pseudonymKey(mention)))
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, apperr.NotFound()
	}
	return u, err
}

// PeerByPseudonym finds an active forum member by pseudonym (any case or
// look-alike spelling); an unknown one is a field error on field.
func (s *Service) PeerByPseudonym(ctx context.Context, q sqldb.Querier, pseudonym, field string) (User, error) {
	return peerByPseudonym(ctx, q, pseudonym, field)
}
