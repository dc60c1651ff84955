// Package markup turns member-written Markdown into safe HTML, once, when
// the text is saved; pages then insert the stored HTML as it is.
//
// goldmark renders (raw HTML in the source is escaped, never passed on)
// and bluemonday sanitises the result against an allow-list: no images,
// no scripts, no styles, links only to http, https and mailto, each link
// marked rel="nofollow ugc noopener".
package markup

import (
	"bytes"
	"html/template"
	"regexp"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Rel is the rel attribute of every member-written link.
const Rel = "nofollow ugc noopener"

// Renderer converts Markdown to sanitised HTML. Safe for concurrent use.
type Renderer struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

// New returns a renderer.
func New() *Renderer {
	md := goldmark.New(
		goldmark.WithExtensions(extension.Linkify, extension.Strikethrough),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(relTransformer{}, 100))),
	)
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "em", "strong", "del", "blockquote", "ul", "ol", "li", "code", "pre", "hr", "h3", "h4")
	p.AllowAttrs("start").Matching(regexp.MustCompile(`^[0-9]{1,6}$`)).OnElements("ol")
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("rel").Matching(regexp.MustCompile(`^` + Rel + `$`)).OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto")
	p.AllowRelativeURLs(true) // our own links, such as @mentions
	p.RequireParseableURLs(true)
	// Headings in posts are demoted: h1/h2 belong to the page.
	p.AllowElements("h3", "h4")
	return &Renderer{md: md, policy: p}
}

// HTML renders Markdown to sanitised HTML.
func (r *Renderer) HTML(src string) template.HTML {
	var buf bytes.Buffer
	if err := r.md.Convert([]byte(src), &buf); err != nil {
		// goldmark fails only on writer errors; fall back to escaped text.
		return template.HTML(template.HTMLEscapeString(src)) // #nosec G203 -- escaped text
	}
	// #nosec G203 -- sanitised by the allow-list policy above.
	return template.HTML(r.policy.SanitizeBytes(demote.ReplaceAll(buf.Bytes(), []byte("<${1}h4>"))))
}

// demote turns h1, h2 and h3 into h4, below the page's own headings.
var demote = regexp.MustCompile(`<(/?)h[1-3]>`)

// relTransformer marks every link, written or auto-linked.
type relTransformer struct{}

func (relTransformer) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch n.(type) {
			case *ast.Link, *ast.AutoLink:
				n.SetAttributeString("rel", []byte(Rel))
			}
		}
		return ast.WalkContinue, nil
	})
}
