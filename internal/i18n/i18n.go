// Package i18n holds every user-facing string in Norwegian Bokmål and
// English. Messages are flat keys ("err.not_found") with {name}
// placeholders.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"golang.org/x/text/language"
)

// Lang is a supported language code.
type Lang string

// The supported languages; Bokmål is the default.
const (
	NB Lang = "nb"
	EN Lang = "en"
)

// Supported lists the languages in the order they are offered.
var Supported = []Lang{NB, EN}

// Each language's catalogue is nb.json / en.json plus any feature files
// named like privacy.nb.json, merged; a key defined twice is an error.
//
//go:embed *.json
var files embed.FS

// Catalog looks up messages. It is read-only after Load.
type Catalog struct {
	msgs    map[Lang]map[string]string
	matcher language.Matcher
}

// Load reads the embedded catalogues.
func Load() (*Catalog, error) {
	c := &Catalog{msgs: map[Lang]map[string]string{}}
	for _, l := range Supported {
		names, err := fs.Glob(files, "*"+string(l)+".json")
		if err != nil {
			return nil, err
		}
		m := map[string]string{}
		for _, name := range names {
			if name != string(l)+".json" && !strings.HasSuffix(name, "."+string(l)+".json") {
				continue
			}
			b, err := files.ReadFile(name)
			if err != nil {
				return nil, err
			}
			part := map[string]string{}
			if err := json.Unmarshal(b, &part); err != nil {
				return nil, fmt.Errorf("i18n %s: %w", name, err)
			}
			for k, v := range part {
				if _, dup := m[k]; dup {
					return nil, fmt.Errorf("i18n %s: key %q defined twice", name, k)
				}
				m[k] = v
			}
		}
		c.msgs[l] = m
	}
	// Norwegian in any form (no, nn, nb) is served Bokmål.
	c.matcher = language.NewMatcher([]language.Tag{language.Make("nb"), language.English, language.Norwegian, language.Make("nn")})
	return c, nil
}

// Parse returns the supported language named by s.
func Parse(s string) (Lang, bool) {
	switch Lang(s) {
	case NB, EN:
		return Lang(s), true
	}
	return "", false
}

// Match picks the best supported language for an Accept-Language header,
// defaulting to Bokmål.
func (c *Catalog) Match(acceptLanguage string) Lang {
	if acceptLanguage == "" {
		return NB
	}
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return NB
	}
	_, idx, conf := c.matcher.Match(tags...)
	if conf == language.No {
		return NB
	}
	if idx == 1 {
		return EN
	}
	return NB
}

// T returns the message for key in lang with {name} placeholders filled
// from args given as name, value pairs. A missing key returns the key
// itself so the gap is visible; the catalogue test keeps that from
// shipping.
func (c *Catalog) T(lang Lang, key string, args ...string) string {
	m, ok := c.msgs[lang]
	if !ok {
		m = c.msgs[NB]
	}
	s, ok := m[key]
	if !ok {
		return key
	}
	if len(args) >= 2 && strings.IndexByte(s, '{') >= 0 {
		pairs := make([]string, 0, len(args))
		for i := 0; i+1 < len(args); i += 2 {
			pairs = append(pairs, "{"+args[i]+"}", args[i+1])
		}
		s = strings.NewReplacer(pairs...).Replace(s)
	}
	return s
}

// Has reports whether key exists in lang.
func (c *Catalog) Has(lang Lang, key string) bool {
	_, ok := c.msgs[lang][key]
	return ok
}

// Keys returns the sorted keys of lang's catalogue.
func (c *Catalog) Keys(lang Lang) []string {
	keys := make([]string, 0, len(c.msgs[lang]))
	for k := range c.msgs[lang] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
