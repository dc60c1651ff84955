package markup_test

import (
	"strings"
	"testing"

	"golang.org/x/net/html"

	"reconnect/internal/markup"
)

// Whatever Markdown a member writes, the rendered HTML, parsed as a
// browser would, holds no script, frame, style, form or embedded
// object, no event-handler or style attribute, and no link or source
// to a javascript:, vbscript: or data: URL: the sanitiser's promise.
func FuzzRender(f *testing.F) {
	for _, s := range []string{"**fet** og _kursiv_", "<script>alert(1)</script>", "[x](javascript:alert(1))", "![i](data:text/html;base64,PHNjcmlwdD4=)",
		"<img src=x onerror=alert(1)>", "<a href=\"http://e\" onclick=\"x()\">a</a>", "<iframe src=//e></iframe>", "<style>*{}</style>", "[a](JaVaScRiPt:x)",
		"```\n<script>\n```", "<svg onload=alert(1)>", "<form><button>x</button></form>", "&lt;script&gt;", "[a](  javascript:x)", "<<script>script>", "0 onclick="} {
		f.Add(s)
	}
	r := markup.New()
	banned := map[string]bool{"script": true, "iframe": true, "frame": true, "style": true, "form": true, "input": true, "button": true, "svg": true, "math": true,
		"object": true, "embed": true, "link": true, "meta": true, "base": true, "textarea": true, "select": true}
	f.Fuzz(func(t *testing.T, src string) {
		out := string(r.HTML(src))
		z := html.NewTokenizer(strings.NewReader(out))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				return
			}
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			tok := z.Token()
			if banned[tok.Data] {
				t.Fatalf("%q rendered a <%s>: %s", src, tok.Data, out)
			}
			for _, a := range tok.Attr {
				key, val := strings.ToLower(a.Key), strings.ToLower(strings.TrimSpace(a.Val))
				if strings.HasPrefix(key, "on") || key == "style" || key == "srcdoc" || key == "formaction" {
					t.Fatalf("%q rendered the attribute %s: %s", src, key, out)
				}
				if (key == "href" || key == "src") && (strings.HasPrefix(val, "javascript:") || strings.HasPrefix(val, "vbscript:") || strings.HasPrefix(val, "data:")) {
					t.Fatalf("%q rendered %s=%q: %s", src, key, a.Val, out)
				}
			}
		}
	})
}
