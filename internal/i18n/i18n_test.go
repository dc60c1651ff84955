package i18n_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"reconnect/internal/i18n"
	"reconnect/internal/mail"
	"reconnect/internal/notify"
)

func TestBothLanguagesHaveTheSameKeys(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	nb, en := cat.Keys(i18n.NB), cat.Keys(i18n.EN)
	for _, k := range nb {
		if !cat.Has(i18n.EN, k) {
			t.Errorf("%q missing in English", k)
		}
		if strings.TrimSpace(cat.T(i18n.NB, k)) == "" {
			t.Errorf("%q empty in Bokmål", k)
		}
	}
	for _, k := range en {
		if !cat.Has(i18n.NB, k) {
			t.Errorf("%q missing in Bokmål", k)
		}
		if strings.TrimSpace(cat.T(i18n.EN, k)) == "" {
			t.Errorf("%q empty in English", k)
		}
	}
	// Placeholders match between the languages.
	ph := regexp.MustCompile(`\{[a-z_]+\}`)
	for _, k := range nb {
		a, b := ph.FindAllString(cat.T(i18n.NB, k), -1), ph.FindAllString(cat.T(i18n.EN, k), -1)
		sort.Strings(a)
		sort.Strings(b)
		if strings.Join(a, ",") != strings.Join(b, ",") {
			t.Errorf("%q placeholders differ: nb %v, en %v", k, a, b)
		}
	}
}

// Every key the code and templates use exists. Keys are recognised as
// quoted strings in a catalogue namespace ("err.", "field.", …); keys
// built at run time from a prefix (role names, statuses) are listed in
// dynamic below.
func TestEveryUsedKeyExists(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	namespaces := map[string]bool{}
	for _, k := range cat.Keys(i18n.NB) {
		namespaces[strings.SplitN(k, ".", 2)[0]] = true
	}
	fileName := regexp.MustCompile(`\.(html|go|css|js|json|svg|db)$`)
	auditAction := regexp.MustCompile(`Action:\s*"[^"]*"`)
	quoted := regexp.MustCompile(`"([a-z][a-z_]*(?:\.[a-z0-9_]+)+)"`)
	root, _ := filepath.Abs("../..")
	used := map[string]string{}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == ".git") {
			return filepath.SkipDir
		}
		if !strings.HasSuffix(p, ".html") && !(strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go")) {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		html := strings.HasSuffix(p, ".html")
		// Audit action names ("consent.publish") are not messages.
		src := auditAction.ReplaceAllString(string(b), "")
		for _, m := range quoted.FindAllStringSubmatch(src, -1) {
			// In templates every dotted, key-shaped string is a key; in Go
			// code only those in a catalogue namespace are.
			if (html || namespaces[strings.SplitN(m[1], ".", 2)[0]]) && !fileName.MatchString(m[1]) {
				used[m[1]] = p
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(used) < 100 {
		t.Fatalf("found only %d keys in use; is the scan broken?", len(used))
	}
	roles := []string{"service_user", "peer_moderator", "provider", "admin", "researcher"}
	for _, r := range roles {
		used["role."+r] = "dynamic"
		used["home.lead."+r] = "dynamic"
		used["register.lead."+r] = "dynamic"
	}
	for _, r := range []string{"admin", "peer_moderator", "provider"} {
		used["home.card.invitations.text."+r] = "dynamic"
	}
	for _, s := range []string{"open", "used", "expired"} {
		used["invitations.status."+s] = "dynamic"
	}
	for _, a := range []string{"join", "decline", "leave", "remove"} {
		used["flash.circle_"+a] = "dynamic"
	}
	for _, k := range []string{"support", "hug", "brave", "thanks", "metoo"} {
		used["reaction."+k] = "dynamic"
	}
	for _, k := range []string{"identity_lookup", "reveal_received", "reveal_request", "circle_invite", "mention", "thread_reply"} {
		used["notice."+k] = "dynamic"
	}
	for _, k := range []string{"terms", "privacy", "non_emergency", "study"} {
		used["document.kind."+k] = "dynamic"
	}
	delete(used, "flash.circle_")
	delete(used, "flash.crisis_")
	delete(used, "flash.moderation.")
	for _, k := range []string{"post_held", "post_hidden", "post_restored", "post_approved", "sanction", "sanction_lifted", "crisis_alert", "message", "care_message"} {
		used["notice."+k] = "dynamic"
	}
	for _, k := range notify.Kinds {
		used["notify.kind."+k.Name] = "dynamic"
	}
	for _, g := range notify.Groups {
		used["notify.group."+g] = "dynamic"
	}
	for _, kind := range mail.LetterKinds { // mail.<kind>.*, by notice kind
		for _, part := range []string{"subject", "one", "many"} {
			used["mail."+kind+"."+part] = "dynamic"
		}
	}
	for _, f := range []string{"title", "why", "steps", "reflections", "reflection", "warning_signs", "self_help", "distractions", "people_to_ask",
		"safer_surroundings", "matters_most", "professionals", "name", "strength", "dose", "when", "purpose", "prescriber", "notes", "side_effects", "text", "note", "what", "with_whom"} {
		used["field.toolbox."+f] = "dynamic" // internal/toolbox text checks
	}
	for _, k := range []string{"conversation", "attachment", "identity_lookup", "goals", "crisis-plan", "medications", "journal", "network", "exercises", "activities"} {
		used["access_log.kind."+k] = "dynamic"
	}
	used["notice.toolbox_shared"] = "dynamic"
	used["notice.event_promoted"] = "dynamic"
	for _, k := range []string{"activity", "cafe", "gathering"} {
		used["toolbox.calendar.kind."+k] = "dynamic"
	}
	for _, k := range []string{"going", "maybe"} {
		used["toolbox.calendar.answer."+k] = "dynamic"
	}
	for _, f := range []string{"title", "description", "place", "address", "accessibility", "travel", "note", "area"} {
		used["field.event."+f] = "dynamic" // internal/events text checks
	}
	for _, k := range []string{"unsafe", "identity", "spam", "other"} {
		used["events.flag.reason."+k] = "dynamic"
	}
	for _, k := range []string{"event_reminder", "event_changed", "lift_proposed", "lift_matched", "gathering_new", "gathering_flagged"} {
		used["notice."+k] = "dynamic"
	}
	for _, k := range []string{"cafe", "gathering"} {
		used["events.kind."+k] = "dynamic"
		used["events.host_role."+k] = "dynamic"
	}
	for _, k := range []string{"going", "maybe", "not_today"} {
		used["events.answer."+k] = "dynamic"
		used["events.answer.choose_"+k] = "dynamic"
	}
	for _, k := range []string{"count", "pseudonym", "revealed"} {
		used["events.shown."+k] = "dynamic"
	}
	for _, k := range []string{"weekly", "fortnightly", "monthly_nth"} {
		used["events.repeat."+k] = "dynamic"
	}
	for _, k := range []string{"10080", "2880", "1440", "240", "120", "60", "30"} {
		used["events.reminders.m"+k] = "dynamic"
	}
	for _, k := range []string{"offer", "ask", "buddy"} {
		used["events.lifts.kind."+k] = "dynamic"
		used["events.lifts.choose_"+k] = "dynamic"
	}
	for _, k := range []string{"none", "weekly", "fortnightly", "monthly", "monthly_last"} {
		used["events.form.repeat_"+k] = "dynamic"
	}
	for _, tool := range []string{"goals", "crisis-plan", "medications", "journal", "network", "exercises", "activities"} {
		for _, part := range []string{"title", "text", "item"} {
			used["toolbox."+tool+"."+part] = "dynamic"
		}
	}
	for _, a := range []string{"connectedness", "hope", "identity", "meaning", "empowerment", "health", "home", "work", "daily_life"} {
		used["toolbox.area."+a] = "dynamic"
	}
	for _, k := range []string{"family", "friend", "peer", "professional", "organisation"} {
		used["toolbox.kind."+k] = "dynamic"
	}
	for _, r := range []string{"inner", "middle", "outer"} {
		used["toolbox.ring."+r] = "dynamic"
	}
	for _, r := range []string{"none", "daily", "weekdays", "weekly", "fortnightly"} {
		used["toolbox.repeat."+r] = "dynamic"
	}
	for d := 0; d < 7; d++ {
		used["weekday."+strconv.Itoa(d)] = "dynamic"
	}
	for _, c := range []string{"mindfulness", "coping", "symptoms"} {
		used["library.category."+c] = "dynamic"
	}
	for _, f := range []string{"title_nb", "title_en", "body_nb", "body_en", "name", "description", "address"} {
		used["field.library."+f] = "dynamic"
	}
	for _, m := range []string{"1", "2", "3", "4", "5"} {
		used["toolbox.mood."+m] = "dynamic"
	}
	for _, p := range []string{"warning_signs", "self_help", "distractions", "people_to_ask", "safer_surroundings", "matters_most"} {
		used["toolbox.plan."+p] = "dynamic"
		used["toolbox.plan."+p+".hint"] = "dynamic"
	}
	for _, k := range []string{"concern", "intent"} {
		used["flash.crisis_"+k] = "dynamic"
		used["moderation.level."+k] = "dynamic"
	}
	for _, k := range []string{"hide", "restore", "dismiss", "approve", "followed-up", "thread_saved", "member_saved", "acknowledge"} {
		used["flash.moderation."+k] = "dynamic"
	}
	for _, k := range []string{"hurtful", "identity", "spam", "worried", "other"} {
		used["flag.reason."+k] = "dynamic"
	}
	for _, k := range []string{"muted", "filtered"} {
		used["forum.collapsed."+k] = "dynamic"
	}
	for _, k := range []string{"crisis", "flagged", "pending"} {
		used["moderation.kind."+k] = "dynamic"
	}
	for _, k := range []string{"post.hold", "post.hide", "post.restore", "post.approve", "flags.dismiss", "thread.lock", "thread.unlock",
		"thread.pin", "thread.unpin", "thread.move", "thread.retitle", "member.mute", "member.suspend", "member.mute.lift",
		"member.suspend.lift", "alert.followed_up", "post.acknowledge"} {
		used["moderation.action_name."+k] = "dynamic"
	}
	for _, k := range []string{"phone", "email", "profile_link", "address", "postcode", "national_id", "place", "own_name", "member_name", "date_place"} {
		used["privacy.kind."+k] = "dynamic"
		used["privacy.advice."+k] = "dynamic"
	}
	for k, where := range used {
		for _, l := range i18n.Supported {
			if !cat.Has(l, k) {
				t.Errorf("key %q used in %s is missing in %s", k, where, l)
			}
		}
	}
}

func TestMatchAcceptLanguage(t *testing.T) {
	cat, _ := i18n.Load()
	cases := map[string]i18n.Lang{
		"": i18n.NB, "en": i18n.EN, "en-GB,en;q=0.9": i18n.EN, "nb-NO": i18n.NB, "no": i18n.NB, "nn": i18n.NB,
		"de-DE": i18n.NB, "sv,en;q=0.5": i18n.EN, "garbage;;;": i18n.NB, "nb;q=0.1,en;q=0.9": i18n.EN,
	}
	for in, want := range cases {
		if got := cat.Match(in); got != want {
			t.Errorf("Match(%q) = %s, want %s", in, got, want)
		}
	}
	if got := cat.T(i18n.EN, "err.too_many_attempts", "minutes", "5"); got != "Too many attempts. Wait 5 minutes and try again." {
		t.Errorf("placeholder: %q", got)
	}
}
