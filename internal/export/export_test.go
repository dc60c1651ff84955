package export_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"reconnect/internal/apperr"
	"reconnect/internal/export"
	"reconnect/internal/i18n"
)

func sample() export.Data {
	var d export.Data
	d.Format, d.MadeAt = export.Format, time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	d.Profile = export.Profile{Login: "kari", Role: "service_user", Language: "en", Pseudonym: `Hav"bris`}
	d.Forum.Posts = []export.Post{{ID: "1", Text: `<img src=x onerror=alert(1)> & "quoted"`, ThreadTitle: "<b>title</b>"}}
	d.Toolbox.Items = []export.Item{{ID: "2", Tool: "journal", Content: json.RawMessage(`{"text":"<script>x</script>","mood":3,"empty":""}`)}}
	return d
}

// The summary escapes everything a member or anyone else wrote, in the
// language asked for, and loads or runs nothing.
func TestSummaryEscapesAllText(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := export.Summary(&b, sample(), cat, i18n.EN); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, bad := range []string{"<img", "<script", "<b>title", "http://", "https://"} {
		if strings.Contains(page, bad) {
			t.Errorf("summary contains %q", bad)
		}
	}
	for _, want := range []string{`<html lang="en">`, "My data in ReConnect", "&lt;img src=x onerror=alert(1)&gt; &amp; &#34;quoted&#34;", "&lt;b&gt;title&lt;/b&gt;",
		"text: &lt;script&gt;x&lt;/script&gt;", "mood: 3", "Hav&#34;bris"} {
		if !strings.Contains(page, want) {
			t.Errorf("summary lacks %q", want)
		}
	}
	if strings.Contains(page, "empty:") {
		t.Error("empty toolbox fields are shown")
	}
}

// The ZIP holds exactly data.json, which decodes to the same data, and
// summary.html; JSON is the default; other formats are bad input.
func TestDownloadFormats(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	d := sample()
	f, err := export.Download(d, "", cat, i18n.NB)
	if err != nil || f.Name != "reconnect-my-data-2026-11-26.json" || !strings.HasPrefix(f.ContentType, "application/json") {
		t.Fatalf("json: %v %q %q", err, f.Name, f.ContentType)
	}
	var back export.Data
	if err := json.Unmarshal(f.Body, &back); err != nil || back.Forum.Posts[0].Text != d.Forum.Posts[0].Text || !back.MadeAt.Equal(d.MadeAt) {
		t.Errorf("JSON round trip: %v %+v", err, back.Forum.Posts)
	}
	if !bytes.Contains(f.Body, []byte(`"made_at": "2026-11-26T09:00:00Z"`)) {
		t.Errorf("times are not RFC 3339 UTC: %.200s", f.Body)
	}
	z, err := export.Download(d, "zip", cat, i18n.NB)
	if err != nil || z.Name != "reconnect-my-data-2026-11-26.zip" || z.ContentType != "application/zip" {
		t.Fatalf("zip: %v %q", err, z.Name)
	}
	r, err := zip.NewReader(bytes.NewReader(z.Body), int64(len(z.Body)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range r.File {
		names = append(names, f.Name)
	}
	if strings.Join(names, ",") != "data.json,summary.html" {
		t.Errorf("zip holds %v", names)
	}
	if _, err := export.Download(d, "pdf", cat, i18n.NB); !apperr.Is(err, apperr.KindInvalid) {
		t.Errorf("pdf: %v", err)
	}
}
