package web_test

import (
	"fmt"
	"html"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"reconnect/internal/i18n"
	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
	"reconnect/internal/testkit/webtest"
)

// formRoutes are the page routes that take a POST, with who posts them
// and the fields they read (a plausible value each). A POST page route
// missing here fails TestBadFormsAreRefusedAndChangeNothing.
var formRoutes = []struct {
	path, as string
	fields   map[string]string
}{
	{"/language", "guest", map[string]string{"lang": "en", "next": "/"}},
	{"/login", "", map[string]string{"login": "nobody.here", "password": "wrong but well-formed"}},
	{"/auth/eid/start", "", map[string]string{"next": "/"}},
	{"/register", "", map[string]string{"invitation": "0000-0000-0000-0000-0000", "login": "x1234", "password": "long enough password", "pseudonym": "Ny", "accept_terms": "1"}},
	{"/consent", "member", map[string]string{"accept_terms": "1", "study_consent": "0", "next": "/"}},
	{"/onboarding/pseudonym", "member", map[string]string{"pseudonym": "Ny Her"}},
	{"/onboarding/name", "member", map[string]string{"name": "Kari"}},
	{"/onboarding/welcome", "member", map[string]string{}},
	{"/settings/language", "member", map[string]string{"language": "nb"}},
	{"/settings/password", "member", map[string]string{"current_password": "x", "new_password": "y"}},
	{"/settings/tokens", "member", map[string]string{"token_name": "t"}},
	{"/settings/pseudonym", "spare.name", map[string]string{"pseudonym": "Ny Her"}},
	{"/settings/study", "member", map[string]string{"study": "0"}},
	{"/settings/passkeys/{post}/remove", "member", map[string]string{}},
	{"/settings/tokens/{post}/revoke", "member", map[string]string{}},
	{"/settings/email", "member", map[string]string{"email": "havbris@example.no"}},
	{"/settings/email/notices", "member", map[string]string{"notices": "1"}},
	{"/settings/email/remove", "member", map[string]string{}},
	{"/settings/calendar", "member", map[string]string{"show_titles": "0"}},
	{"/settings/calendar/new-link", "member", map[string]string{}},
	{"/settings/calendar/titles", "member", map[string]string{"show_titles": "1"}},
	{"/settings/calendar/off", "member", map[string]string{}},
	{"/settings/email/verify", "member", map[string]string{"token": "AAAA-BBBB-CCCC-DDDD-EEEE"}},
	{"/settings/delete", "member", map[string]string{"forum_posts": "keep_anonymous", "confirm_delete": ""}},
	{"/settings/delete/cancel", "member", map[string]string{}},
	{"/settings/notifications", "member", map[string]string{"quiet_start": "22:00", "quiet_end": "07:00", "digest_hour": "8"}},
	{"/notifications/{notice}/read", "member", map[string]string{}},
	{"/notifications/read", "member", map[string]string{}},
	{"/people/reveal", "member", map[string]string{"to_pseudonym": "Morgengry", "shown_name": "Kari", "note": "n"}},
	{"/people/reveals/{reveal}/stop", "member", map[string]string{}},
	{"/people/ask", "member", map[string]string{"to_pseudonym": "Morgengry", "shown_name": "Kari"}},
	{"/people/requests/{request}/answer", "member", map[string]string{"answer": "decline"}},
	{"/people/requests/{request2}/withdraw", "member", map[string]string{}},
	{"/forum/new", "member", map[string]string{"category_id": "{category}", "title": "Tittel", "body": "Hei"}},
	{"/forum/threads/{thread}/reply", "member", map[string]string{"body": "Hei"}},
	{"/forum/threads/{thread}/watch", "member", map[string]string{"level": "watch"}},
	{"/forum/posts/{post}/edit", "member", map[string]string{"body": "Hei"}},
	{"/forum/posts/{post}/react", "member2", map[string]string{"kind": "support"}},
	{"/privacy-check", "member", map[string]string{"text": "hei"}},
	{"/circles", "member", map[string]string{"name": "Sirkel", "member_pseudonyms": "Morgengry"}},
	{"/circles/{circle}/invite", "member", map[string]string{"pseudonyms": "Morgengry"}},
	{"/circles/{circle}/join", "member2", map[string]string{}},
	{"/circles/{circle}/decline", "member2", map[string]string{}},
	{"/circles/{circle}/leave", "member2", map[string]string{}},
	{"/circles/{circle}/remove", "member", map[string]string{"pseudonym": "Morgengry"}},
	{"/invitations", "admin", map[string]string{"role": "service_user", "community_id": "{fjordvik}"}},
	{"/invitations/{post}/revoke", "admin", map[string]string{}},
	{"/admin/communities", "admin", map[string]string{"name": "N", "slug": "n", "timezone": "Europe/Oslo"}},
	{"/admin/documents", "admin", map[string]string{"kind": "privacy", "title_nb": "a", "title_en": "b", "body_nb": "c", "body_en": "d"}},
	{"/admin/reserved-pseudonyms", "admin", map[string]string{"word": "Ordet"}},
	{"/admin/reserved-pseudonyms/{post}/remove", "admin", map[string]string{}},
	{"/forum/settings/words", "member", map[string]string{"words": "ord"}},
	{"/forum/posts/{post}/flag", "member2", map[string]string{"reason": "spam", "note": "n"}},
	{"/care/link", "member", map[string]string{"code": "AAAA-BBBB-CCCC-DDDD-EEEE"}},
	{"/messages/new", "member", map[string]string{"to": "{provider}", "subject": "Hei", "body": "Hei"}},
	{"/messages/{conversation}", "member", map[string]string{"body": "Hei"}},
	{"/messages/{conversation}/close", "member", map[string]string{}},
	{"/toolbox/crisis-plan", "member", map[string]string{"warning_signs": "x", "pro_name": "Legevakt", "pro_phone": "116 117"}},
	{"/toolbox/shares", "member", map[string]string{"tool": "goals", "provider": "{provider}"}},
	{"/toolbox/shares/{post}", "member", map[string]string{}},
	{"/toolbox/activities/{activity}/done", "member", map[string]string{}},
	{"/events/new", "admin", map[string]string{"community_id": "{fjordvik}", "kind": "cafe", "title": "Kafé", "date": "2026-12-01", "start": "17:00", "end": "19:00", "place": "Biblioteket", "capacity": "10"}},
	{"/events/reminders", "member", map[string]string{"minutes_before": "60"}},
	{"/events/{event}/rsvp", "member", map[string]string{"status": "going", "note": "n", "shown": "count"}},
	{"/events/{event}/edit", "admin", map[string]string{"title": "Kafé", "date": "2026-12-01", "start": "17:00", "end": "19:00", "place": "B", "capacity": "5"}},
	{"/events/{event}/occurrence", "admin", map[string]string{"at": "1795856400", "action": "cancel"}},
	{"/events/{event}/attendance", "admin", map[string]string{"at": "1795856400", "pseudonyms": "a"}},
	{"/events/{event}/lifts", "member", map[string]string{"action": "offer", "seats": "2", "area": "Sentrum"}},
	{"/events/{event}/flag", "member", map[string]string{"reason": "spam"}},
	{"/events/{event}/reflection", "member", map[string]string{}},
	{"/toolbox/journal", "member", map[string]string{"text": "x", "mood": "3"}},
	{"/toolbox/goals/{goal}", "member", map[string]string{"title": "Mål", "area": "hope", "target_date": "2027-01-01"}},
	{"/local-links", "admin", map[string]string{"name": "Sted", "community_id": "{fjordvik}", "web": "https://example.no"}},
	{"/local-links/{post}", "admin", map[string]string{"name": "Sted"}},
	{"/library/exercise/new", "admin", map[string]string{"category": "coping", "title_nb": "a2", "title_en": "b2", "body_nb": "c", "body_en": "d"}},
	{"/library/exercise/{exercise}", "member", map[string]string{"text": "x"}},
	{"/library/exercise/{exercise}/edit", "admin", map[string]string{"category": "coping", "title_nb": "a", "title_en": "b", "body_nb": "c", "body_en": "d"}},
	{"/moderation/posts/{post}/hide", "moderator", map[string]string{"reason": "Ikke greit"}},
	{"/moderation/threads/{thread}/title", "moderator", map[string]string{"title": "Ny tittel"}},
	{"/moderation/members/{spare.sanction}/mute", "moderator", map[string]string{"reason": "Ro ned", "until": "2026-12-24"}},
	{"/admin/care", "admin", map[string]string{"provider_id": "{provider}", "member_login": "member2", "member_name": "Mona"}},
	{"/admin/care/{post}/end", "admin", map[string]string{}},
	{"/admin/forum/categories", "admin", map[string]string{"slug": "ny", "name_nb": "Ny", "name_en": "New"}},
	{"/admin/forum/categories/{category}", "admin", map[string]string{"slug": "generelt", "name_nb": "Generelt", "name_en": "General"}},
	{"/admin/places", "admin", map[string]string{"community_id": "{fjordvik}", "name": "Et sted"}},
	{"/admin/places/{post}/remove", "admin", map[string]string{}},
	{"/admin/identity-lookup", "admin", map[string]string{"pseudonym": "Havbris", "reason": "en lang nok grunn"}},
	{"/admin/accounts/{spare.role}", "admin", map[string]string{"role": "service_user"}},
	{"/forum/posts/{post}/delete", "member", map[string]string{}},
	{"/logout", "spare.break", map[string]string{}},
}

// cannotExist are forms whose object the fixture cannot make: no passkey
// without a browser, no eID sign-in without an eID provider, no
// attendance before the occurrence has begun (the fixture's clock stands
// before it). They answer 404 to everything, which is still checked.
var cannotExist = map[string]bool{"/settings/passkeys/{post}/remove": true, "/auth/eid/start": true, "/events/{event}/attendance": true}

// formInputs are the bad inputs for a form: those that must be refused
// (text that is not UTF-8 or holds NUL in a field the form reads, IDs in
// the path that cannot name anything) and the rest (missing, doubled,
// huge or odd values, metacharacters), which may be accepted, shown
// again with a 4xx, or redirected, but never answered with a 5xx.
func formInputs(path string, fields map[string]string) []badInput {
	var out []badInput
	add := func(name string, refuse bool, vals url.Values, raw string) {
		body := vals.Encode()
		if raw != "" {
			body = strings.ReplaceAll(body, url.QueryEscape(badUTF8), raw)
		}
		out = append(out, badInput{name: name, contentType: "application/x-www-form-urlencoded", body: []byte(body), refuse: refuse})
	}
	valid := func() url.Values {
		v := url.Values{}
		for k, s := range fields {
			v.Set(k, s)
		}
		return v
	}
	names := []string{}
	for k := range fields {
		names = append(names, k)
	}
	sort.Strings(names)
	// Fields a form may meet although it reads none of them, so that
	// every form gets seven.
	for _, k := range []string{"id", "next", "name", "body", "text", "reason", "title"} {
		if _, ok := fields[k]; !ok && len(names) < 7 {
			names = append(names, k)
		}
	}
	values := append(append([]string(nil), legitText...), strings.Repeat("x", 300_000), "-1", "1e400", "99999999999999999999",
		"٣", "2026-02-30", "25:99", "0", "on", "true", "[]", "{}")
	for i, k := range names {
		_, read := fields[k]
		for _, raw := range []string{"%FF%FE", "%C0%AF", "%ED%A0%80", "a%00b"} {
			v := valid()
			v.Set(k, badUTF8)
			add(fmt.Sprintf("%s in %s", raw, k), read, v, raw)
		}
		for j := 0; j < 8; j++ {
			s := values[(i*8+j)%len(values)]
			v := valid()
			v.Set(k, s)
			add(fmt.Sprintf("%q in %s", short(s), k), false, v, "")
		}
		v := valid()
		v.Del(k)
		add("missing "+k, false, v, "")
		v = valid()
		v.Add(k, "second")
		v.Add(k, "third")
		add("three of "+k, false, v, "")
	}
	v := valid()
	v.Set(badUTF8, "x")
	add("invalid UTF-8 in a field name", false, v, "%FF")
	for _, raw := range []string{"%zz=1", "a=%", "a=1;b=2", "=", "&&&", strings.Repeat("a=1&", 20000)} {
		out = append(out, badInput{name: "malformed " + short(raw), contentType: "application/x-www-form-urlencoded", body: []byte(valid().Encode() + "&" + raw)})
	}
	out = append(out, badInput{name: "body over the limit", contentType: "application/x-www-form-urlencoded", body: []byte(valid().Encode() + "&x=" + strings.Repeat("a", 2<<20))})
	out = append(out, badInput{name: "JSON instead", contentType: "application/json", body: []byte(`{"a":1}`)})
	out = append(out, badInput{name: "multipart junk", contentType: "multipart/form-data; boundary=x", body: []byte("--x\r\njunk")})
	ph := regexp.MustCompile(`\{[a-z.]+\}`)
	for _, loc := range ph.FindAllStringIndex(path, -1) {
		for _, junk := range []string{"-1", "0", "99999999999999999999", "1;DROP%20TABLE%20users", "%2e%2e", "..%2F..%2Fetc%2Fpasswd", "%00",
			"%D9%A1", "%EF%BC%91", "1.0", "0x1", "abc", "1%27%20OR%201=1", "%7B%7B.%7D%7D", "%FF%FE", "9223372036854775808"} {
			p := path[:loc[0]] + junk + path[loc[1]:]
			out = append(out, badInput{name: "path " + junk, contentType: "application/x-www-form-urlencoded", body: []byte(valid().Encode()), path: p, refuse: true})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].refuse && !out[j].refuse })
	return out
}

// Every form, posted by the right role from our own origin, with at
// least 100 bad inputs: none gets a 5xx or shows Go or SQL error text;
// those that must be refused get a 4xx; a refused one changes nothing
// and answers with a page in the member's language that says what is
// wrong (the language by setting when signed in, half the inputs each).
func TestBadFormsAreRefusedAndChangeNothing(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *sqldb.DB) {
		env := webtest.Start(t, db)
		w := newBadWorld(t, env)
		covered := map[string]bool{}
		for _, f := range formRoutes {
			p := w.pattern("POST", w.fill(t, f.path))
			if !strings.HasPrefix(p, "POST ") {
				t.Fatalf("%s resolves to %q", f.path, p)
			}
			covered[p] = true
		}
		for _, p := range env.App.Web.Patterns() {
			if strings.HasPrefix(p, "POST /") && !strings.HasPrefix(p, "POST /api/") && !covered[p] {
				t.Errorf("%s takes a form but is not in formRoutes (badinput_forms_test.go): add it", p)
			}
		}
		w.clients["guest"] = env.Client(t) // the language form sets a cookie: its own client
		rows := newRowCounter(t, db)
		lc := newLanguageCheck(t)
		tried, refused := 0, 0
		for _, f := range formRoutes {
			c := w.clients[f.as]
			fields := map[string]string{}
			for k, v := range f.fields {
				fields[k] = w.fill(t, v)
			}
			inputs := formInputs(f.path, fields)
			if len(inputs) < 100 {
				t.Errorf("%s: only %d bad inputs", f.path, len(inputs))
			}
			statuses, sent := map[int]int{}, 0
			c.Header["Sec-Fetch-Site"] = "same-origin"
			for pass, lang := range []i18n.Lang{"nb", "en"} {
				c.Lang = string(lang)
				if f.as != "" && f.as != "guest" && !changesLanguage[f.path] {
					mustStatus(t, c.Do("PATCH", "/api/v1/me/preferences", map[string]any{"language": lang}), 200)
				}
				watch := &changeWatch{rows: rows}
				watch.start(t)
				for i := pass; i < len(inputs); i += 2 * sampleStride() {
					in := inputs[i]
					path := w.fill(t, f.path)
					if in.path != "" {
						path = w.fill(t, in.path)
					}
					where := fmt.Sprintf("POST %s, %s (%s)", f.path, in.name, lang)
					if !in.refuse {
						watch.settle(t, where)
					}
					r := c.Raw("POST", path, in.contentType, in.body)
					tried++
					sent++
					statuses[r.Status]++
					switch {
					case r.Status >= 500:
						t.Errorf("%s: %d %.300s", where, r.Status, r.Body)
					case in.refuse && (r.Status < 400 || r.Status >= 500):
						t.Errorf("%s: %d, must be refused", where, r.Status)
					}
					if l := leaked(r.Body, in.body); l != "" {
						t.Errorf("%s: internal text %s: %.300s", where, l, r.Body)
					}
					if r.Status >= 400 && r.Status < 500 {
						refused++
						if p := formPageProblem(r, lang, lc, changesLanguage[f.path]); p != "" {
							t.Errorf("%s: %d: %s", where, r.Status, p)
						}
					}
					watch.answered(t, in.name, r.Status)
				}
				watch.settle(t, fmt.Sprintf("POST %s (%s)", f.path, lang))
			}
			c.Lang = ""
			delete(c.Header, "Sec-Fetch-Site")
			if (statuses[403] == sent || statuses[404] == sent) && !cannotExist[f.path] {
				t.Errorf("%s: every input got the same %v: the caller cannot use the form", f.path, statuses)
			}
		}
		t.Logf("bad form posts tried: %d over %d forms (%d refused, each page checked for its language and message)%s", tried, len(formRoutes), refused, sampleNote())
	})
}

// changesLanguage are forms whose inputs may change the language the
// answer is in (or end the session that holds it).
var changesLanguage = map[string]bool{"/language": true, "/settings/language": true, "/logout": true}

var (
	htmlLang    = regexp.MustCompile(`<html lang="([a-z]+)"`)
	pageMessage = regexp.MustCompile(`<p class="lead">(.*?)</p>|<div class="error-summary"[^>]*>\s*<h2[^>]*>[^<]*</h2>\s*(?:<p>(.*?)</p>)?|<li><a href="#f-[^"]*">(.*?)</a></li>`)
)

// formPageProblem says what is wrong with a refused form's page: it is
// in the caller's language and says what went wrong in it.
func formPageProblem(r *webtest.Response, lang i18n.Lang, lc *languageCheck, anyLang bool) string {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
		return "not a page: " + r.Header.Get("Content-Type")
	}
	m := htmlLang.FindSubmatch(r.Body)
	if m == nil {
		return "no language on the page"
	}
	if !anyLang && string(m[1]) != string(lang) {
		return fmt.Sprintf("a page in %s", m[1])
	}
	found := false
	for _, mm := range pageMessage.FindAllSubmatch(r.Body, -1) {
		for _, g := range mm[1:] {
			if len(g) == 0 {
				continue
			}
			found = true
			if p := lc.problem(i18n.Lang(m[1]), html.UnescapeString(string(g))); p != "" {
				return p
			}
		}
	}
	if !found {
		return "no error message on the page"
	}
	return ""
}
