package privacy

import "strings"

// isProfileURL reports whether u (lower-case, with or without scheme)
// points at a person's profile on a social network: facebook.com/kari,
// instagram.com/kari, x.com/kari/status/1, tiktok.com/@kari,
// linkedin.com/in/kari, youtube.com/@kari, github.com/kari, or any
// "host/@name" (Mastodon and similar). Links to posts, groups, events
// and the networks' own pages are not profiles. Personal home pages are
// out of scope: nothing in a bare domain says whose it is.
func isProfileURL(u string) bool {
	for _, p := range []string{"https://", "http://"} {
		u = strings.TrimPrefix(u, p)
	}
	host, path, ok := strings.Cut(u, "/")
	if !ok || path == "" {
		return false
	}
	for _, p := range []string{"www.", "m.", "mobile.", "web.", "mbasic."} {
		host = strings.TrimPrefix(host, p)
	}
	segs := strings.Split(path, "/")
	first := segs[0]
	if strings.HasPrefix(first, "profile.php") {
		return host == "facebook.com"
	}
	for i, s := range segs {
		s, _, _ = strings.Cut(s, "?")
		s, _, _ = strings.Cut(s, "#")
		segs[i] = s
	}
	first = segs[0]
	second := ""
	if len(segs) > 1 {
		second = segs[1]
	}
	rule, known := profileHosts[host]
	if !known {
		// Mastodon, Pixelfed and friends: any host, path "/@name".
		return strings.Contains(host, ".") && len(first) > 1 && first[0] == '@'
	}
	return rule(first, second)
}

// notUser lists first path segments that are a network's own pages.
var notUser = set("groups", "events", "pages", "watch", "marketplace", "help", "policies", "privacy", "login",
	"share", "sharer", "sharer.php", "photo.php", "photo", "photos", "hashtag", "gaming", "reel", "reels", "story.php",
	"permalink.php", "plugins", "dialog", "l.php", "business", "ads", "p", "explore", "accounts", "tv", "direct",
	"about", "legal", "home", "search", "i", "settings", "intent", "notifications", "messages", "tos", "signup",
	"compose", "features", "topics", "pricing", "collections", "trending", "sponsors", "join", "enterprise",
	"security", "site", "contact", "apps", "orgs", "watch?v=", "terms", "jobs", "developers")

func anyUser(first, _ string) bool { return first != "" && !notUser[first] }
func atUser(first, _ string) bool  { return len(first) > 1 && first[0] == '@' }

var profileHosts = map[string]func(first, second string) bool{
	"facebook.com":  anyUser,
	"fb.com":        anyUser,
	"instagram.com": instagram,
	"instagr.am":    instagram,
	"x.com":         anyUser,
	"twitter.com":   anyUser,
	"tiktok.com":    atUser,
	"threads.net":   atUser,
	"github.com":    anyUser,
	"linkedin.com": func(first, second string) bool {
		return (first == "in" || first == "pub") && second != ""
	},
	"snapchat.com": func(first, second string) bool {
		return first == "add" && second != "" || atUser(first, second)
	},
	"youtube.com": func(first, second string) bool {
		return atUser(first, second) || (first == "channel" || first == "c" || first == "user") && second != ""
	},
	"bsky.app": func(first, second string) bool { return first == "profile" && second != "" },
}

func instagram(first, second string) bool {
	if first == "stories" {
		return second != ""
	}
	return anyUser(first, second)
}
