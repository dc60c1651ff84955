package e2e

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"reconnect/internal/testkit"
)

// artifact keeps a file a person may want to look at after the run:
// in $RECONNECT_TEST_ARTIFACTS when set (CI sets it), else in the
// test's temporary directory.
func artifact(t *testing.T, name string, data []byte) {
	t.Helper()
	dir := os.Getenv("RECONNECT_TEST_ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("kept %s", p)
}

// The crisis plan, filled in as a member would, prints on one A4 page:
// Chromium renders the print view with print media, the PDF it makes
// has exactly one page, and a screenshot and the PDF are kept. The
// toolbox pages pass the accessibility audit.
func TestCrisisPlanPrintsOnOnePage(t *testing.T) {
	env := start(t)
	tb := NewTab(t, env, Norwegian)
	tb.SignIn("member", testkit.Password)
	tb.Go("/toolbox")
	tb.Audit("toolbox")
	tb.Go("/toolbox/crisis-plan")
	tb.Audit("crisis plan form")
	long := func(s string) string { return strings.Repeat(s+" ", 4) }
	tb.Type("#f-warning_signs", long("Jeg slutter å svare på meldinger og blir liggende lenge om morgenen."))
	tb.Type("#f-self_help", long("Gå en tur langs sjøen, høre på musikk og lage noe varmt å drikke."))
	tb.Type("#f-distractions", long("Kafeen på torsdager, biblioteket og søsteren min."))
	tb.Type("#f-people_to_ask", long("Søsteren min Anne (900 00 000) og naboen Per."))
	tb.Type("#pro-name-3", "Fastlegen")
	tb.Type("#pro-phone-3", "22 33 44 55")
	tb.Type("#f-safer_surroundings", long("Gi medisinene til Anne å oppbevare når det er tungt."))
	tb.Type("#f-matters_most", long("Katten min, sjøen om morgenen og at jeg en dag skal jobbe igjen."))
	tb.Click(`main form[action="/toolbox/crisis-plan"] button[type=submit]`)
	tb.WantText("main", "Lagret")

	tb.Go("/toolbox/crisis-plan/print")
	tb.Audit("crisis plan print view")
	tb.Do("print media", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	}))
	if Eval[bool](tb, `getComputedStyle(document.querySelector("header.site")).display !== "none"`) {
		t.Error("the site header shows in print")
	}
	var shot, pdf []byte
	beyond, css := true, true
	tb.Do("screenshot and PDF", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		s, err := cdp.Call(ctx, t, page.CaptureScreenshot, page.CaptureScreenshotParams{CaptureBeyondViewport: &beyond})
		if err != nil {
			return err
		}
		p, err := cdp.Call(ctx, t, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &css})
		shot, pdf = s.Data, p.Data
		return err
	}))
	artifact(t, "crisis-plan-print.png", shot)
	artifact(t, "crisis-plan-print.pdf", pdf)
	if n := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdf, -1)); n != 1 {
		t.Errorf("the crisis plan prints on %d pages, want 1", n)
	}
	text := tb.Text("main")
	for _, want := range []string{"Søsteren min Anne", "Fastlegen", "22 33 44 55", "113"} {
		if !strings.Contains(text, want) {
			t.Errorf("the print view lacks %q", want)
		}
	}

	// The other tools' pages pass the audit too, with a mood chart.
	tb.Do("screen media", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
		return err
	}))
	for _, m := range []string{"2", "4"} {
		tb.Go("/toolbox/journal")
		tb.Type("#f-text", "Et notat")
		tb.Do("choosing a mood", chromedp.Click(chromedp.CSS(`#f-mood input[value="`+m+`"]`)))
		tb.Click(`main form[action="/toolbox/journal"] button[type=submit]`)
	}
	tb.Audit("journal with mood chart")

	// The network map, drawn by the server, kept as a screenshot.
	for _, p := range []string{
		`{"name":"Mamma","kind":"family","closeness":"inner"}`, `{"name":"Jonas","kind":"friend","closeness":"inner"}`,
		`{"name":"Anne","kind":"family","closeness":"inner"}`, `{"name":"DPS Fjordvik","kind":"professional","closeness":"middle"}`,
		`{"name":"Kafégjengen","kind":"organisation","closeness":"middle"}`, `{"kind":"peer","closeness":"outer","pseudonym":"Morgengry"}`,
		`{"name":"Fastlegen","kind":"professional","closeness":"outer"}`,
	} {
		status := Eval[int](tb, `fetch("/api/v1/toolbox/network",{method:"POST",headers:{"Content-Type":"application/json"},body:`+jsString(p)+`}).then(r=>r.status)`, awaitPromise)
		if status != 201 {
			t.Fatalf("adding %s: %d", p, status)
		}
	}
	tb.Go("/toolbox/network")
	tb.Audit("network map")
	if n := Eval[int](tb, `document.querySelectorAll("svg[data-ecomap] g.person").length`); n != 7 {
		t.Errorf("%d people on the map, want 7", n)
	}
	var mapShot []byte
	tb.Do("network map screenshot", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		s, err := cdp.Call(ctx, t, page.CaptureScreenshot, page.CaptureScreenshotParams{CaptureBeyondViewport: &beyond})
		mapShot = s.Data
		return err
	}))
	artifact(t, "network-map.png", mapShot)
	tb.Go("/toolbox/goals")
	tb.Audit("goals")
	tb.Go("/toolbox/medications")
	tb.Audit("medications")
}
