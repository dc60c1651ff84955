package crisis

import (
	"strings"
	"testing"
)

// Typical posts of about 450 characters, with one phrase each.
const (
	postNB = "Hei alle sammen. Har hatt en tung uke med lite søvn og mye uro i kroppen, " +
		"og i går var jeg hos fastlegen som økte dosen på medisinen min. Det hjalp å snakke med noen, " +
		"men om kvelden kom tankene tilbake og jeg orker ikke mer av dette. Jeg prøver å gå turer langs sjøen " +
		"og å ringe søsteren min når det blir ille. Har også begynt i en samtalegruppe på DPS. Takk for at dere er her, det betyr mer enn dere tror. " +
		"Klem fra meg, ha en fin kveld 🌱"
	postEN = "Hi everyone. It's been a rough week with hardly any sleep and a lot of restlessness, " +
		"and yesterday my GP raised the dose of my meds. It helped to talk to someone, but in the evening " +
		"the thoughts came back and honestly I don't want to live like this anymore. I'm trying to go for " +
		"walks by the sea and to call my sister when it gets bad. I also joined a group at the clinic. Thanks for being here, it means more " +
		"than you know. Hugs, have a good evening 🌱"
)

func BenchmarkCheck(b *testing.B) {
	d := Default()
	long := strings.Repeat(postNB+" "+postEN+" ", 25)
	long = strings.ToValidUTF8(long[:20000], "")
	for _, bc := range []struct {
		name string
		text string
	}{{"post_nb", postNB}, {"post_en", postEN}, {"text20000", long}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(bc.text)))
			for b.Loop() {
				d.Check(bc.text)
			}
		})
	}
}

// BenchmarkNew builds a detector from the built-in lists, as Default does
// once per process.
func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(nbList, enList); err != nil {
			b.Fatal(err)
		}
	}
}
