package identity

// Role is what an account is for. It decides what the account may see.
type Role string

// The roles. Only service users and peer moderators use the forum.
const (
	ServiceUser   Role = "service_user"
	PeerModerator Role = "peer_moderator"
	Provider      Role = "provider"
	Admin         Role = "admin"
	Researcher    Role = "researcher"
)

// Roles lists every role in display order.
var Roles = []Role{ServiceUser, PeerModerator, Provider, Admin, Researcher}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// UsesForum reports whether accounts of this role write in the forum and
// therefore carry a pseudonym. Providers never do.
func (r Role) UsesForum() bool { return r == ServiceUser || r == PeerModerator }

// NeedsCommunity reports whether an account of this role must belong to
// a home community.
func (r Role) NeedsCommunity() bool { return r == ServiceUser || r == PeerModerator }

// canInvite reports whether actor may create an invitation for role.
// Administrators invite anyone; peer moderators and providers invite
// service users.
func canInvite(actor *User, role Role) bool {
	switch actor.Role {
	case Admin:
		return role.Valid()
	case PeerModerator, Provider:
		return role == ServiceUser
	}
	return false
}
