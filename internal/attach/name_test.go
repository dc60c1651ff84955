package attach

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSafeName(t *testing.T) {
	cases := []struct{ in, kind, want string }{
		{`C:\Users\kari\Desktop\scan.pdf`, PDF, "scan.pdf"},
		{"../../etc/passwd", PDF, "passwd.pdf"},
		{"invoice\u202Egpj.exe", PDF, "invoicegpj.pdf"},
		{"photo\u2066.jpg\u2069", JPEG, "photo.jpg"},
		{"\u202Aa\u202Bb\u202Cc\u202Dd\u2067e\u2068f.png", PNG, "abcdef.png"},
		{"a\x00b\nc\x7f.pdf", PDF, "abc.pdf"},
		{"", PNG, "attachment.png"},
		{"  ... ", PDF, "attachment.pdf"},
		{"dir/", JPEG, "attachment.jpg"},
		{".htaccess", PNG, "htaccess.png"},
		{"report v2.1", PDF, "report v2.1.pdf"},
		{"holiday.JPEG", JPEG, "holiday.jpg"},
		{"holiday.jpeg.exe", JPEG, "holiday.jpeg.jpg"},
		{`what?"is":this<>|*.png`, PNG, "what__is__this____.png"},
		{"\xff\xfeabc.png", PNG, "abc.png"},
		{"a\u030a.pdf", PDF, "\u00e5.pdf"},
		{"tab\there.pdf", PDF, "tabhere.pdf"},
		{"nbsp\u00a0here.pdf", PDF, "nbsp here.pdf"},
	}
	for _, c := range cases {
		if got := safeName(c.in, c.kind); got != c.want {
			t.Errorf("safeName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	long := safeName(strings.Repeat("å", 300)+".pdf", PDF)
	if n := utf8.RuneCountInString(long); n != maxNameRunes || !strings.HasSuffix(long, "å.pdf") {
		t.Errorf("long name: %d runes, %q…", n, long[len(long)-10:])
	}
}
