package markup

import (
	"strings"
	"testing"
)

func TestRenderIsSafe(t *testing.T) {
	r := New()
	cases := []struct{ in, want, never string }{
		{"**hei** _du_", "<strong>hei</strong>", ""},
		{"før <script>alert(1)</script> etter", "etter", "<script"},
		{`<img src=x onerror=alert(1)>`, "", "<img"},
		{"![bilde](https://evil.example/x.png)", "", "<img"},
		{"[klikk](javascript:alert(1))", "klikk", "javascript:"},
		{"[lenke](https://example.org/a)", `<a href="https://example.org/a" rel="nofollow ugc noopener">lenke</a>`, ""},
		{"se https://example.org nå", `rel="nofollow ugc noopener"`, ""},
		{"# Stor overskrift", "<h4>Stor overskrift</h4>", "<h1"},
		{`<a href="https://x" onclick="y">x</a>`, "", "onclick"},
		{"[x](https://a.example \"title\")", `rel="nofollow ugc noopener"`, "title="},
		{"<style>body{}</style>", "", "<style"},
		{"<iframe src=https://x></iframe>", "", "<iframe"},
	}
	for _, c := range cases {
		got := string(r.HTML(c.in))
		if c.want != "" && !strings.Contains(got, c.want) {
			t.Errorf("%q -> %q, want it to contain %q", c.in, got, c.want)
		}
		if c.never != "" && strings.Contains(got, c.never) {
			t.Errorf("%q -> %q contains %q", c.in, got, c.never)
		}
	}
}

func BenchmarkRender400(b *testing.B) {
	r := New()
	src := strings.Repeat("Jeg har hatt en **tung** uke, men i dag gikk jeg en tur. Se https://example.org for mer. ", 5)
	for b.Loop() {
		r.HTML(src)
	}
}
