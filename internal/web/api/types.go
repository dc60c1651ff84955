package api

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/invopop/jsonschema"

	"reconnect/internal/identity"
)

// ID is an object ID, a string in JSON as API.md requires.
type ID int64

// MarshalJSON writes the ID as a JSON string.
func (id ID) MarshalJSON() ([]byte, error) {
	return []byte(`"` + strconv.FormatInt(int64(id), 10) + `"`), nil
}

// UnmarshalJSON accepts only a string of digits.
func (id *ID) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return &json.UnmarshalTypeError{Value: "number", Type: idType}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return &json.UnmarshalTypeError{Value: "string", Type: idType}
	}
	*id = ID(n)
	return nil
}

// JSONSchema describes the ID for the OpenAPI document.
func (ID) JSONSchema() *jsonschema.Schema {
	return &jsonschema.Schema{Type: "string", Pattern: "^[0-9]+$", Description: "object ID"}
}

func optionalID(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// User is an account as others may see it: never a real name, and the
// pseudonym only for forum roles.
type User struct {
	ID          ID        `json:"id"`
	Role        string    `json:"role"`
	Pseudonym   string    `json:"pseudonym,omitempty"`
	CommunityID string    `json:"community_id,omitempty"`
	Language    string    `json:"language"`
	CreatedAt   time.Time `json:"created_at"`
}

func userJSON(u *identity.User) User {
	return User{ID: ID(u.ID), Role: string(u.Role), Pseudonym: u.Pseudonym,
		CommunityID: optionalID(u.CommunityID), Language: u.Language, CreatedAt: u.CreatedAt}
}

// Me is the signed-in account as its owner sees it.
type Me struct {
	User
	Login                 string    `json:"login"`
	RealName              string    `json:"real_name,omitempty"`
	ModeratorCommunityIDs []string  `json:"moderator_community_ids,omitempty"`
	Consents              []Consent `json:"consents"`
}

// Consent is one recorded acceptance.
type Consent struct {
	Kind        string     `json:"kind"`
	Version     string     `json:"version"`
	AcceptedAt  time.Time  `json:"accepted_at"`
	WithdrawnAt *time.Time `json:"withdrawn_at,omitempty"`
}

// UserEnvelope wraps a user.
type UserEnvelope struct {
	User any `json:"user"`
	// DeletionCancelled: signing in cancelled the account deletion the
	// member had asked for.
	DeletionCancelled bool `json:"deletion_cancelled,omitempty"`
}

// Community is a municipality or service area.
type Community struct {
	ID        ID        `json:"id"`
	Slug      string    `json:"slug"`
	Name      string    `json:"name"`
	Timezone  string    `json:"timezone"`
	CreatedAt time.Time `json:"created_at"`
}

// Invitation as listed; the code appears only in the create response.
type Invitation struct {
	ID          ID         `json:"id"`
	Code        string     `json:"code,omitempty"`
	Role        string     `json:"role"`
	CommunityID string     `json:"community_id,omitempty"`
	Status      string     `json:"status"`
	CreatedAt   time.Time  `json:"created_at"`
	ExpiresAt   time.Time  `json:"expires_at"`
	UsedAt      *time.Time `json:"used_at,omitempty"`
	MemberName  string     `json:"member_name,omitempty"` // a provider's own invitations only
}

// Token is a personal access token as listed.
type Token struct {
	ID         ID         `json:"id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
}

// Account is a row in the administrators' account list.
type Account struct {
	ID          ID         `json:"id"`
	Login       string     `json:"login"`
	Role        string     `json:"role"`
	CommunityID string     `json:"community_id,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	DisabledAt  *time.Time `json:"disabled_at,omitempty"`
}

// List is a page of items with the cursor for the next page.
type List[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
}
