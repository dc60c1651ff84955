package web_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"time"

	"reconnect/internal/web/api"
)

// badInput is one generated bad request for a route. Inputs that must be
// refused get a 4xx in the API error shape and change nothing; the
// others are text or values a member may legitimately send (SQL or
// template metacharacters, look-alikes, odd but valid numbers), which may
// be accepted but never with a 5xx.
type badInput struct {
	name        string
	contentType string
	body        []byte
	path        string // replaces the route's path when set
	refuse      bool   // must be refused
	status      int    // the exact status when refused; 0: any 4xx
}

// badUTF8 stands in a marshalled body for bytes json.Marshal would not
// write; raw replaces it afterwards.
const badUTF8 = "@@RAW@@"

// jsonField is one field of a request body, found by reflection.
type jsonField struct {
	path   []string
	t      reflect.Type // pointers removed
	quoted bool         // an api.ID or an int with the ,string option: digits in a JSON string
}

var (
	timeType = reflect.TypeOf(time.Time{})
	apiID    = reflect.TypeOf(api.ID(0))
	isDate   = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	isClock  = regexp.MustCompile(`^\d{2}:\d{2}$`)
)

// jsonFields lists the fields a request type decodes, nested objects
// included (two levels).
func jsonFields(t reflect.Type, prefix []string, depth int) []jsonField {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || t == timeType {
		return nil
	}
	var out []jsonField
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" || !sf.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		ft := sf.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if sf.Anonymous && name == "" {
			out = append(out, jsonFields(ft, prefix, depth)...)
			continue
		}
		if name == "" {
			name = sf.Name
		}
		p := append(append([]string(nil), prefix...), name)
		f := jsonField{path: p, t: ft, quoted: ft == apiID || strings.Contains(opts, "string")}
		out = append(out, f)
		if ft.Kind() == reflect.Struct && ft != timeType && depth < 2 {
			out = append(out, jsonFields(ft, p, depth+1)...)
		}
	}
	return out
}

// body is a JSON object being mutated.
type body map[string]any

func copyBody(v map[string]any) body {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	var out body
	if err := json.Unmarshal(b, &out); err != nil {
		panic(err)
	}
	return out
}

// set puts v at path, making objects on the way; remove deletes it.
func (b body) set(path []string, v any, remove bool) {
	m := map[string]any(b)
	for _, k := range path[:len(path)-1] {
		next, ok := m[k].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[k] = next
		}
		m = next
	}
	if remove {
		delete(m, path[len(path)-1])
		return
	}
	m[path[len(path)-1]] = v
}

func (b body) get(path []string) any {
	var cur any = map[string]any(b)
	for _, k := range path {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[k]
	}
	return cur
}

// encode marshals b, puts raw in place of the badUTF8 marker and writes
// rawJSON values as they are.
func (b body) encode(raw string) []byte {
	out, err := json.Marshal(map[string]any(b))
	if err != nil {
		panic(err)
	}
	if raw != "" {
		out = bytes.ReplaceAll(out, []byte(badUTF8), []byte(raw))
	}
	return rawMarker.ReplaceAllFunc(out, func(m []byte) []byte {
		v, _ := hex.DecodeString(string(rawMarker.FindSubmatch(m)[1]))
		return v
	})
}

// rawJSON is a value written into the body as is (numbers json.Marshal
// cannot write, such as 1e400, or not JSON at all).
type rawJSON string

var rawMarker = regexp.MustCompile(`"@@JSON:([0-9a-f]*)@@"`)

func (r rawJSON) MarshalJSON() ([]byte, error) {
	return []byte(`"@@JSON:` + hex.EncodeToString([]byte(r)) + `@@"`), nil
}

// Text that may be legitimate in free text: accepted or refused, never a
// 5xx, and stored verbatim when accepted.
var legitText = []string{
	`'; DROP TABLE users; --`, `" OR 1=1 --`, `1' UNION SELECT password_hash FROM users --`, `Robert'); DELETE FROM sessions;--`,
	`{{.}}{{template "x"}}`, `{{define "a"}}{{end}}`, `<script>alert(1)</script>`, `$1 ?1 :name @x %s %d %v %n`,
	"\u202eevil\u202c", "a\u200bb\u200d", "e\u0301e\u0301", "🙂🙃👍🏽", `\'\"\\`, "../../../etc/passwd", "%2e%2e%2f%00",
	"${jndi:ldap://x/a}", "null", "-1", "99999999999999999999", " ", "", "\t\n\r", "\x01\x1b[31m\x7f", "\u0085\u2028\u2029",
	"\u00a0\u3000", "\ufeffBOM", "NaN", strings.Repeat("ø", 300),
}

// lookalike swaps Latin letters for Cyrillic and Greek ones that look the same.
var lookalike = strings.NewReplacer("a", "а", "e", "е", "o", "о", "p", "р", "c", "с", "x", "х", "y", "у", "i", "і", "H", "Н", "M", "М", "K", "Κ", "B", "В")

// fieldInputs generates the bad values for one field of valid.
func fieldInputs(valid map[string]any, f jsonField, round int) []badInput {
	var out []badInput
	name := strings.Join(f.path, ".")
	cur := copyBody(valid).get(f.path)
	add := func(label string, refuse bool, v any, remove bool) {
		b := copyBody(valid)
		b.set(f.path, v, remove)
		out = append(out, badInput{name: label + " in " + name, contentType: "application/json", body: b.encode(""), refuse: refuse})
	}
	addRaw := func(label string, refuse bool, raw string) {
		b := copyBody(valid)
		b.set(f.path, badUTF8, false)
		out = append(out, badInput{name: label + " in " + name, contentType: "application/json", body: b.encode(raw), refuse: refuse})
	}
	refuse := func(label string, vs ...any) {
		for _, v := range vs {
			add(fmt.Sprintf("%s %s", label, short(v)), true, v, false)
		}
	}
	allow := func(label string, vs ...any) {
		for _, v := range vs {
			add(fmt.Sprintf("%s %s", label, short(v)), false, v, false)
		}
	}
	add("null", false, nil, false)
	add("missing", false, nil, true)
	s, _ := cur.(string)
	switch {
	case f.t == timeType:
		refuse("malformed time", 12345, true, []string{"x"}, map[string]int{"a": 1}, "2026-13-01T00:00:00Z", "2026-02-30T10:00:00Z",
			"2026-12-01T25:00:00Z", "tomorrow", "2026-12-01", "2026-12-01 17:00:00", "", "10000-01-01T00:00:00Z", "2026-12-01T17:00:00",
			"2026-12-01T17:00:00+25:00", "'; DROP TABLE events; --")
		allow("time out of range", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1970-01-01T00:00:00Z", "2026-12-01T17:00:00+14:00", "2026-12-01T17:00:00.999999999-12:00")
	case f.quoted:
		refuse("not an ID", 12345, true, []string{"1"}, map[string]int{"a": 1}, "-1", "x", "1;DROP TABLE users", "١٢", "１", "", " 1", "1.5",
			"99999999999999999999", "0x1", "1e3", "../1", "%31")
		allow("ID that names nothing", "0", "9223372036854775807", "+1", "00000000000000000001")
	case f.t.Kind() == reflect.String:
		refuse("wrong type", 12345, true, -1.5, []string{"x"}, map[string]int{"a": 1})
		addRaw("invalid UTF-8", true, "\xff\xfe")
		addRaw("overlong UTF-8", true, "\xc0\xaf")
		addRaw("UTF-16 surrogate bytes", true, "\xed\xa0\x80")
		addRaw("lone surrogate escape", false, `\ud800`)
		add("over the limit", true, strings.Repeat("x", 300_000), false)
		add("NUL", true, "a\x00b", false)
		switch {
		case isDate.MatchString(s):
			refuse("bad date", "2026-02-30", "2026-13-01", "99999-01-01", "01.12.2026", "tomorrow", "1899-12-31", "2101-01-01", "2026-1-1", "2026-12-01'--")
			allow("odd date", "1900-01-01", "2100-12-31", "")
		case isClock.MatchString(s):
			refuse("bad time of day", "25:00", "12:60", "noon", "-1:00", "24:01", "7", "07:00:00:00")
			allow("odd time of day", "00:00", "23:59")
		}
		if s != "" && lookalike.Replace(s) != s {
			allow("look-alike", lookalike.Replace(s), strings.ToUpper(s), " "+s+" ", s+"\u200b", strings.Map(func(r rune) rune {
				if r >= '!' && r <= '~' {
					return r + 0xFEE0 // fullwidth
				}
				return r
			}, s))
		}
		for i := 0; i < 6; i++ {
			v := legitText[(round*6+i)%len(legitText)]
			allow("text", v, s+v)
		}
	case f.t.Kind() == reflect.Bool:
		refuse("wrong type", "true", 1, 0, []bool{true}, map[string]int{"a": 1}, "", "yes", rawJSON("tru"))
	case f.t.Kind() >= reflect.Int && f.t.Kind() <= reflect.Uint64:
		refuse("wrong type", "1", true, []int{1}, map[string]int{"a": 1}, 1.5, -0.5, rawJSON("1e400"), rawJSON("99999999999999999999"),
			rawJSON("-99999999999999999999"), rawJSON("0x10"), rawJSON("01"), rawJSON("NaN"), rawJSON("Infinity"), rawJSON("-"), rawJSON("1e"))
		allow("odd number", -1, 0, -2147483649, 2147483648, int64(9223372036854775807), int64(-9223372036854775808), rawJSON("1e2"), rawJSON("-0"), 100000)
	case f.t.Kind() == reflect.Float32 || f.t.Kind() == reflect.Float64:
		refuse("wrong type", "1", true, []int{1}, map[string]int{"a": 1}, rawJSON("1e400"), rawJSON("NaN"))
		allow("odd number", -1, 0, 1e300, -1e-300)
	case f.t.Kind() == reflect.Slice:
		refuse("wrong type", "x", 1, true, map[string]int{"a": 1})
		et := f.t.Elem()
		for et.Kind() == reflect.Pointer {
			et = et.Elem()
		}
		switch {
		case et == apiID:
			refuse("bad ID in list", []any{1}, []any{"-1"}, []any{"x"}, []any{"1;DROP TABLE users"}, []any{[]string{"1"}}, []any{"99999999999999999999"})
			allow("odd list", []any{"0"}, []any{"1", "1", "1"}, []any{}, []any{nil})
		case et.Kind() == reflect.String:
			refuse("wrong element", []any{1}, []any{true}, []any{[]string{"x"}}, []any{map[string]int{"a": 1}})
			var many []string
			for i := 0; i < 5000; i++ {
				many = append(many, fmt.Sprintf("w%d", i))
			}
			allow("odd list", []any{}, []any{nil}, []any{"", ""}, []any{`'; DROP TABLE users; --`, "{{.}}"}, many)
		case et.Kind() == reflect.Struct:
			refuse("wrong element", []any{"x"}, []any{1}, []any{map[string]any{"no_such_field": 1}}, []any{[]any{}})
			allow("odd list", []any{}, []any{map[string]any{}}, []any{nil})
		case et.Kind() >= reflect.Int && et.Kind() <= reflect.Uint64:
			refuse("wrong element", []any{"x"}, []any{1.5}, []any{rawJSON("1e400")}, []any{true})
			allow("odd list", []any{}, []any{-1}, []any{0, 0, 0}, []any{int64(9223372036854775807)})
		}
	case f.t.Kind() == reflect.Map:
		refuse("wrong type", "x", 1, true, []string{"x"})
		if et := f.t.Elem(); et.Kind() == reflect.Struct || et.Kind() == reflect.Map {
			refuse("wrong value", map[string]any{"x": "y"}, map[string]any{"x": 1})
		}
		allow("odd object", map[string]any{}, map[string]any{"no_such_key": map[string]any{}})
	case f.t.Kind() == reflect.Struct:
		refuse("wrong type", "x", 1, true, []string{"x"}, map[string]any{"no_such_field": 1})
		allow("empty object", map[string]any{})
	}
	return out
}

// short names a value in a case name.
func short(v any) string {
	s := fmt.Sprintf("%#v", v)
	if b, err := json.Marshal(v); err == nil {
		s = string(b)
	}
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return s
}

// malformedBodies are bodies that are not one JSON object of the right
// shape: every one must be refused.
func malformedBodies() []badInput {
	var out []badInput
	add := func(name string, status int, body string) {
		out = append(out, badInput{name: name, contentType: "application/json", body: []byte(body), refuse: true, status: status})
	}
	for _, b := range []string{"", "{", "}", `{"a":}`, `{"a" 1}`, `{,}`, `{'a':1}`, `{"a":1,}`, `[]`, `[{}]`, `"hello"`, `42`, `true`,
		`{} {}`, `{}garbage`, `{}]`, `{"a":NaN}`, `{"a":Infinity}`, `{"a":0x10}`, `{"a":01}`, `{"a":"\u00"}`, `{"a":"\x"}`,
		"{\"a\":\"\x01\"}", "{\"a\":\"line\nbreak\"}", `{/*c*/}`, `// c` + "\n{}", "\xef\xbb\xbf{}", "{}\x00", "\x00{}",
		`{"a":1}{"b":2}`, `{"a":[1,2}`, `{"a":{"b":1}`, `nul`, `{"a":tru}`, "{\"\xff\":1}", "{\"name\": \"\xff\xfe\"}",
		"\xff\xfe{\x00}\x00", `{"is_admin": true}`, `{"id": "1", "user_id": "2"}`, `{"__proto__": {"admin": true}}`,
		`{"": 1}`, `{"role": "admin", "is_admin": true, "x": [1]}`, `{"a":1e400}`, `{"a":-}`, `{"a":.5}`, `{"a":+1}`, `{"a":1.}`,
		`{"a":"\ud800"}x`, `{"a":undefined}`, `{a:1}`, `{"a":1;}`, `{"a"=1}`, `{"a":[}`, `{"a":"b"` + "\n", `<xml/>`, `a=1&b=2`,
		`{"a":` + strings.Repeat("9", 5000) + `}`, "{\"a\":\"\t\"}", `{"\u0000":1}`, `{"a":"\u0000"}`, `{"x":{"__proto__":1}}`, `[[[]]]`,
		strings.Repeat("[", 20000) + strings.Repeat("]", 20000), `{"a":` + strings.Repeat(`{"a":`, 20000) + "1" + strings.Repeat("}", 20001)} {
		add(fmt.Sprintf("malformed %q", short(b)), 400, b)
	}
	huge := `{"name": "` + strings.Repeat("a", 2<<20) + `"}`
	add("body over the limit", 413, huge)
	add("body of white space over the limit", 413, "{"+strings.Repeat(" ", 1<<20+10)+"}")
	for _, ct := range []string{"application/x-www-form-urlencoded", "text/plain", "text/html", "application/xml", "application/octet-stream", "image/png", "application/jsonx", "not a media type", "application/json; charset"} {
		out = append(out, badInput{name: "content type " + ct, contentType: ct, body: []byte(`{}`), refuse: true, status: 400})
	}
	return out
}

// unknownFields adds fields the request type does not have: every one
// must be refused.
func unknownFields(valid map[string]any, known []jsonField) []badInput {
	has := map[string]bool{}
	for _, f := range known {
		has[strings.ToLower(f.path[0])] = true
	}
	var out []badInput
	for _, extra := range []string{"is_admin", "role", "id", "user_id", "admin", "created_at", "__proto__", "constructor", "", " ",
		"name\u0000", "Ｒole", "login;DROP TABLE users", "{{.}}", "../id"} {
		if has[strings.ToLower(extra)] {
			continue
		}
		b := copyBody(valid)
		b[extra] = true
		out = append(out, badInput{name: fmt.Sprintf("unknown field %q", extra), contentType: "application/json", body: b.encode(""), refuse: true, status: 400})
	}
	// The same field twice: Go takes the last; accepted or refused, never a 5xx.
	if len(known) > 0 {
		b := copyBody(valid)
		enc := b.encode("")
		k, _ := json.Marshal(known[0].path[0])
		dup := append([]byte(`{`+string(k)+`: 12345, `), enc[1:]...)
		out = append(out, badInput{name: "duplicate field " + known[0].path[0], contentType: "application/json", body: dup})
	}
	return out
}

// pathJunk replaces each {placeholder} in the route's path with IDs that
// cannot name anything: all refused with a 4xx.
func pathJunk(path string, valid map[string]any) []badInput {
	var out []badInput
	ph := regexp.MustCompile(`\{[a-z]+\}`)
	locs := ph.FindAllStringIndex(path, -1)
	for _, loc := range locs {
		for _, junk := range []string{"-1", "0", "99999999999999999999", "1;DROP%20TABLE%20users", "%2e%2e", "..%2F..%2Fetc%2Fpasswd",
			"%00", "%D9%A1", "%EF%BC%91", "1.0", "0x1", "1e3", "%201", "abc", "1%27%20OR%201=1", "%7B%7B.%7D%7D", "%FF%FE", "9223372036854775808"} {
			p := path[:loc[0]] + junk + path[loc[1]:]
			b := copyBody(valid).encode("")
			out = append(out, badInput{name: "path " + junk, contentType: "application/json", body: b, path: p, refuse: true})
		}
	}
	return out
}

// badInputs is the generated bad inputs for the route with index round,
// taking valid, whose request type is req (nil when only valid tells the
// fields). Every route gets every unknown field and path junk, up to 50
// values to refuse and 30 to allow spread over its fields, and a share of
// the malformed bodies (they fail in the decoder, the same for all
// routes, so the share turns with round). Inputs to refuse come first.
func badInputs(path string, valid map[string]any, req reflect.Type, round int) []badInput {
	var fields []jsonField
	if req != nil {
		fields = jsonFields(req, nil, 0)
	} else {
		for k, v := range valid {
			fields = append(fields, jsonField{path: []string{k}, t: reflect.TypeOf(v)})
		}
	}
	out := unknownFields(valid, fields)
	out = append(out, pathJunk(path, valid)...)
	var refuse, allow []badInput
	for i, f := range fields {
		for _, in := range fieldInputs(valid, f, i) {
			if in.refuse {
				refuse = append(refuse, in)
			} else {
				allow = append(allow, in)
			}
		}
	}
	out = append(out, spread(refuse, 50)...)
	out = append(out, spread(allow, 30)...)
	// At least 30 malformed bodies, and more where the route has few
	// fields, so that every route gets 110 inputs.
	malformed := malformedBodies()
	n := min(max(30, 110-len(out)), len(malformed))
	for k := 0; k < n; k++ {
		out = append(out, malformed[(round*30+k)%len(malformed)])
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].refuse && !out[j].refuse })
	return out
}

// spread picks at most n of ins, evenly.
func spread(ins []badInput, n int) []badInput {
	if len(ins) <= n {
		return ins
	}
	out := make([]badInput, 0, n)
	for k := 0; k < n; k++ {
		out = append(out, ins[k*len(ins)/n])
	}
	return out
}

// sampleStride: under the race detector every fifth input of each
// route and form is sent (each language still gets its half of those).
func sampleStride() int {
	if raceEnabled {
		return 5
	}
	return 1
}

func sampleNote() string {
	if raceEnabled {
		return "; a sample of one in five under the race detector"
	}
	return ""
}
