package attach

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/jpeg"
	"image/png"
	"reconnect/internal/attach/attachtest"
	"testing"
)

func encodeJPEG(t testing.TB, img image.Image) []byte {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encodePNG(t testing.TB, img image.Image) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// pngChunk is a PNG chunk with its CRC.
func pngChunk(typ string, data []byte) []byte {
	c := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	c = append(c, typ...)
	c = append(c, data...)
	return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))
}

// pngWithMetadata puts tEXt, iTXt and eXIf chunks after the IHDR of a PNG
// (8-byte signature, then IHDR of 25 bytes).
func pngWithMetadata(plain []byte) []byte {
	var b bytes.Buffer
	b.Write(plain[:33])
	b.Write(pngChunk("tEXt", []byte("Comment\x00taken at Storgata 1, Oslo")))
	b.Write(pngChunk("iTXt", []byte("XML:com.adobe.xmp\x00\x00\x00\x00\x00<x:xmpmeta/>")))
	b.Write(pngChunk("eXIf", attachtest.ExifTIFF(1)))
	b.Write(plain[33:])
	return b.Bytes()
}

// pngHeaderOnly is a PNG signature and IHDR claiming w×h pixels, then a
// tiny IDAT and IEND: a decompression bomb's header.
func pngHeaderOnly(w, h uint32) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 6, 0, 0, 0)
	b := []byte("\x89PNG\r\n\x1a\n")
	b = append(b, pngChunk("IHDR", ihdr)...)
	b = append(b, pngChunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})...)
	return append(b, pngChunk("IEND", nil)...)
}

// pdfDoc builds a PDF with a correct cross-reference table from object
// bodies; object 1 must be the catalog.
func pdfDoc(objs ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// pdfStream is a stream object body with a direct /Length.
func pdfStream(dict string, data []byte) string {
	return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
}

// simplePDF is a one-page "Hello" PDF with extra objects appended.
func simplePDF(extra ...string) []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		pdfStream("", []byte("BT /F1 24 Tf 72 700 Td (Hello) Tj ET")),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	return pdfDoc(append(objs, extra...)...)
}

// objectStream packs dictionaries into a compressed object stream
// numbered from first.
func objectStream(first int, dicts ...string) string {
	var head, body bytes.Buffer
	for i, d := range dicts {
		fmt.Fprintf(&head, "%d %d ", first+i, body.Len())
		body.WriteString(d + "\n")
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	_, _ = zw.Write(append(head.Bytes(), body.Bytes()...))
	_ = zw.Close()
	return pdfStream(fmt.Sprintf("/Type /ObjStm /N %d /First %d /Filter /FlateDecode", len(dicts), head.Len()), z.Bytes())
}
