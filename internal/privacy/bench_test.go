package privacy

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// generatedNames returns n distinct invented full names built from
// syllables, some with middle names, to stand in for a large member base.
func generatedNames(n int) []string {
	first := []string{"Kari", "Ola", "Ingrid", "Per", "Åse", "Liv", "Ahmed", "Máret", "Siri", "Jon", "Nora", "Emil",
		"Sofie", "Jakob", "Aisha", "Lars", "Maja", "Nils", "Ida", "Ánte", "Eirik", "Hanne", "Tor", "Marte", "Sindre"}
	a := []string{"Fjell", "Berg", "Dal", "Sol", "Strand", "Bakke", "Vik", "Lund", "Haug", "Myr", "Skog", "Nes", "Holm",
		"Å", "Bø", "Li", "Sæter", "Grav", "Hov", "Ek", "Lien", "Rød", "Hol", "Tangen", "Stein", "Moe", "Øy", "Bjørk"}
	b := []string{"heim", "stad", "land", "berg", "vik", "bakken", "dal", "rud", "ås", "li", "seth", "haug", "sen",
		"mo", "nes", "gård", "lund", "vold", "tun", "stø"}
	out := make([]string, 0, n)
	for i := 0; len(out) < n; i++ {
		name := first[i%len(first)]
		if i%7 == 0 {
			name += " " + first[(i/7)%len(first)]
		}
		sur := a[(i/len(first))%len(a)] + b[(i/len(first)/len(a))%len(b)]
		if k := i / (len(first) * len(a) * len(b)); k > 0 {
			sur += fmt.Sprint("-", a[k%len(a)], b[(k/len(a))%len(b)])
		}
		out = append(out, name+" "+sur)
	}
	return out
}

var bigNames = sync.OnceValue(func() *Names { return NewNames(generatedNames(100000)) })

// typicalPost is a 400-character post with a place, a date and a name.
const typicalPost = "Hei alle sammen. Har hatt en tung uke med lite søvn og mye uro i kroppen, " +
	"men i dag klarte jeg endelig å gå en tur langs Storgata og videre ned til Bryggeparken. " +
	"Det hjalp litt å se folk og kjenne sola. Ingrid Solberg sa på caféen at det er lov å ta små steg, " +
	"og det prøver jeg å huske. Skal prøve igjen på tirsdag. Takk for at dere er her, " +
	"det betyr mer enn dere tror. Klem fra meg, ha en fin kveld 🌱"

func BenchmarkCheck(b *testing.B) {
	c := testContext()
	c.Members = bigNames()
	long := strings.Repeat(typicalPost+" Ring 412 34 567 eller skriv til kari@example.no. ", 50)
	long = string([]rune(long)[:MaxText])
	for _, bc := range []struct {
		name string
		text string
	}{{"post400", typicalPost}, {"text20000", long}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(bc.text)))
			for b.Loop() {
				Check(bc.text, c)
			}
		})
	}
}

func BenchmarkNewNames100k(b *testing.B) {
	names := generatedNames(100000)
	b.ReportAllocs()
	for b.Loop() {
		NewNames(names)
	}
}
