package attach

import (
	"bytes"
	"strings"
	"testing"
)

func TestCleanPDFAcceptedUnchanged(t *testing.T) {
	cases := map[string][]byte{
		"plain": simplePDF(),
		// Stream data that happens to hold short names, as binary data
		// can, is not mistaken for a dictionary.
		"binary stream": simplePDF(pdfStream("/Type /XObject /Subtype /Image /Width 8 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8",
			[]byte("/JS /XFA"))),
		// Newer PDFs keep dictionaries in compressed object streams.
		"object stream": simplePDF(objectStream(7, "<< /Type /Annot /Subtype /Link /A << /S /URI /URI (https://helsenorge.no) >> >>")),
		"open action":   simplePDF("<< /D [3 0 R /Fit] /S /GoTo >>"),
	}
	for name, in := range cases {
		f, err := Clean("Epikrise 2024.pdf", in)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if f.Type != PDF || f.Name != "Epikrise 2024.pdf" || !bytes.Equal(f.Data, in) {
			t.Errorf("%s: got %q %q, changed %v", name, f.Type, f.Name, !bytes.Equal(f.Data, in))
		}
	}
}

func TestActivePDFRefused(t *testing.T) {
	active := map[string][]byte{
		"javascript":       simplePDF("<< /S /JavaScript /JS (app.alert('hi')) >>"),
		"escaped name":     simplePDF("<< /S /J#61vaScript /J#53 (app.alert('hi')) >>"),
		"js only":          simplePDF("<< /JS (app.alert('hi')) >>"),
		"launch":           simplePDF("<< /S /Launch /F (cmd.exe) >>"),
		"embedded file":    simplePDF(pdfStream("/Type /EmbeddedFile", []byte("MZ"))),
		"xfa":              simplePDF("<< /Fields [] /XFA 9 0 R >>"),
		"in object stream": simplePDF(objectStream(7, "<< /Type /Action /S /JavaScript /JS (app.alert(1)) >>")),
	}
	for name, in := range active {
		f, err := Clean("letter.pdf", in)
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		wantRefused(t, f, err, 400, "field.attachment.pdf_active", "letter", "alert")
	}
}

func TestUncheckablePDFRefused(t *testing.T) {
	bogusObjStm := pdfStream("/Type /ObjStm /N 1 /First 4 /Filter /ASCII85Decode", []byte("<~9jqo^~>"))
	cases := map[string][]byte{
		"encrypted":              simplePDF("<< /Filter /Standard /V 2 /R 3 /O <00> /U <00> /P -4 >>", "<< /Encrypt 6 0 R >>"),
		"object stream not zlib": simplePDF(bogusObjStm),
		"object stream hidden":   simplePDF("<< /Type /ObjStm /N 0 /First 0 /Length 0 >>"),
		"object stream predictor": simplePDF(strings.Replace(objectStream(7, "<< /S /URI /URI (x) >>"),
			"/Filter", "/DecodeParms << /Predictor 12 /Columns 4 >> /Filter", 1)),
	}
	for name, in := range cases {
		f, err := Clean("letter.pdf", in)
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		wantRefused(t, f, err, 400, "field.attachment.pdf_unchecked")
	}
}

func TestBrokenPDFRefused(t *testing.T) {
	in := simplePDF()
	f, err := Clean("cut.pdf", in[:len(in)/2])
	wantRefused(t, f, err, 400, "field.attachment.damaged")
}
