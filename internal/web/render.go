package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/config"
	"reconnect/internal/forum"
	"reconnect/internal/i18n"
	"reconnect/internal/identity"
	"reconnect/internal/toolbox"
	"reconnect/internal/web/httpx"
)

//go:embed templates
var templateFS embed.FS

// views holds one parsed template set per page and language. Each
// language has its own set so that {{t "key"}} needs no language
// argument.
type views struct {
	pages map[i18n.Lang]map[string]*template.Template
}

func loadViews(cat *i18n.Catalog, a *assets) (*views, error) {
	files, err := fs.Glob(templateFS, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	v := &views{pages: map[i18n.Lang]map[string]*template.Template{}}
	for _, lang := range i18n.Supported {
		base, err := template.New("layout.html").Funcs(funcs(cat, lang, a)).
			ParseFS(templateFS, "templates/layout.html", "templates/partials/*.html")
		if err != nil {
			return nil, err
		}
		v.pages[lang] = map[string]*template.Template{}
		for _, f := range files {
			t, err := template.Must(base.Clone()).ParseFS(templateFS, f)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", f, err)
			}
			v.pages[lang][strings.TrimSuffix(path.Base(f), ".html")] = t
		}
	}
	return v, nil
}

// oslo is the deployment's display time zone until communities bring
// their own.
var oslo = mustLoad("Europe/Oslo")

func mustLoad(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

func funcs(cat *i18n.Catalog, lang i18n.Lang, a *assets) template.FuncMap {
	return template.FuncMap{
		// t is called for nearly every string on a page, so it takes
		// exactly one argument: variadic calls through reflection
		// allocate on every call. tv fills {name} placeholders.
		"t": func(key string) string { return cat.T(lang, key) },
		"tv": func(key string, args ...any) string {
			s := make([]string, len(args))
			for i, x := range args {
				s[i] = fmt.Sprint(x)
			}
			return cat.T(lang, key, s...)
		},
		"tf": func(key string, args []string) string {
			return cat.T(lang, key, args...)
		},
		"asset": a.url,
		"loc": func(m map[string]string) string {
			if s, ok := m[string(lang)]; ok {
				return s
			}
			return m["nb"]
		},
		"date":         func(t time.Time) string { return formatDate(lang, t) },
		"postHTML":     postHTML,
		"hm":           func(t time.Time) string { return t.In(oslo).Format("15:04") },
		"unix":         func(t time.Time) int64 { return t.Unix() },
		"ymd":          func(t time.Time) string { return t.In(oslo).Format("2006-01-02") },
		"input":        newInput,
		"optional":     optional,
		"doctitle":     func(d identity.Document) string { return d.Title(string(lang)) },
		"catname":      func(c forum.Category) string { return c.Name(string(lang)) },
		"catdesc":      func(c forum.Category) string { return c.Description(string(lang)) },
		"authorOf":     func(p, shown string, mod bool) authorView { return authorView{p, shown, mod} },
		"replies":      func(posts int) int { return max(posts-1, 0) },
		"inc":          func(n int) int { return n + 1 },
		"join":         strings.Join,
		"size":         fileSize,
		"planSections": func() []string { return toolbox.PlanSections },
		"list":         func(xs ...string) []string { return xs },
		"lang":         func() string { return string(lang) },
		"shortdate": func(t time.Time) string {
			if lang == i18n.EN {
				return t.Format("2 Jan")
			}
			return t.Format("2.1.")
		},
		"versionItem": func(tool string, v toolbox.Version) toolbox.Item {
			return toolbox.Item{Tool: tool, Data: v.Data, UpdatedAt: v.ChangedAt}
		},
		// planNo numbers the plan's text sections around the fifth,
		// the professionals to contact.
		"planNo": func(i int) int {
			if i >= 4 {
				return i + 2
			}
			return i + 1
		},
		"shareBox": func(d *toolboxData, tool string, item int64, back string) shareBox {
			return shareBox{Data: d, Tool: tool, Item: item, Back: back}
		},
		"hasReactions": func(rs []forum.Reaction) bool {
			for _, r := range rs {
				if r.Count > 0 {
					return true
				}
			}
			return false
		},
		"dochtml": func(d identity.Document) template.HTML { return d.HTML(string(lang)) },
	}
}

// Page is what every template gets.
type Page struct {
	Title  string // i18n key
	Lang   i18n.Lang
	User   *identity.User
	Path   string // this page's path and query, for the language switch
	Crisis []config.CrisisLine
	Flash  string // i18n key of a one-time notice
	Unread int    // the member's unread notices
	// UnreadMessages counts conversations with unread messages.
	UnreadMessages int
	Passkeys       bool // passkeys are available on this deployment
	Form           *Form
	Data           any
}

// renderPartial writes one named template of a page's set, without the
// layout (for fragments fetched by scripts).
func (s *Server) renderPartial(w http.ResponseWriter, r *http.Request, page, name string, data any) error {
	t := s.views.pages[httpx.LangFrom(r.Context())][page]
	if t == nil {
		return apperr.Internal(fmt.Errorf("no template %s", page))
	}
	buf := bufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufs.Put(buf)
	if err := t.ExecuteTemplate(buf, name, data); err != nil {
		return apperr.Internal(err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, err := w.Write(buf.Bytes())
	return err
}

var bufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render writes the page template name with status.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p *Page) {
	lang := httpx.LangFrom(r.Context())
	t := s.views.pages[lang][name]
	if t == nil {
		s.log.Error("no such template", "name", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	p.Lang, p.User, p.Crisis, p.Passkeys = lang, httpx.UserFrom(r.Context()), s.cfg.Crisis, s.passkeys != nil
	if p.Path == "" {
		p.Path = r.URL.Path
		if r.Method == http.MethodGet && r.URL.RawQuery != "" {
			p.Path = r.URL.RequestURI()
		}
	}
	if p.Flash == "" {
		p.Flash = s.takeFlash(w, r)
	}
	if p.User != nil && p.User.OnboardedAt != nil {
		if n, err := s.notes.Unread(r.Context(), p.User.ID); err == nil {
			p.Unread = n
		}
		if n, err := s.msgs.Unread(r.Context(), p.User); err == nil {
			p.UnreadMessages = n
		}
	}
	buf := bufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufs.Put(buf)
	if err := t.ExecuteTemplate(buf, "layout.html", p); err != nil {
		s.log.Error("render", "name", name, "err", httpx.SafeError(err))
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// authorView is what the "author" partial shows.
type authorView struct {
	Pseudonym, ShownName string
	Moderator            bool
}

// fileSize shows a byte count as KB or MB.
func fileSize(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d KB", (n+1023)/1024)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

// shareBox is what the share-box partial needs.
type shareBox struct {
	Data *toolboxData
	Tool string
	Item int64
	Back string
}
