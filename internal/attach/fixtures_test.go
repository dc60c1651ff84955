package attach

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

// photo is a w×h picture with a red block in its top-left corner, so a
// test can tell which way up it is, and some texture so it compresses like
// a photo.
func photo(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{uint8(x * 7), uint8(y * 5), uint8((x*x + y*3) % 251), 255}
			if x < w/4 && y < h/4 {
				c = color.RGBA{250, 0, 0, 255}
			}
			img.Set(x, y, c)
		}
	}
	return img
}

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

// exifTIFF is a little-endian TIFF block as phones write it: IFD0 with
// Make, Model, Orientation and a pointer to a GPS IFD with latitude and
// longitude (59°54'30.12"N 10°45'12.34"E).
func exifTIFF(orientation uint16) []byte {
	le := binary.LittleEndian
	var b bytes.Buffer
	w := func(v any) { _ = binary.Write(&b, le, v) }
	entry := func(tag, typ uint16, count, value uint32) { w(tag); w(typ); w(count); w(value) }
	const (
		ifd0   = 8
		makeAt = ifd0 + 2 + 4*12 + 4 // 62
		model  = makeAt + 9          // 71, "SnoopCam\x00" is 9 bytes
		gps    = model + 14 + 1      // 86, "SpyPhone 9000\x00" plus a pad byte
		lat    = gps + 2 + 4*12 + 4  // 140
		long   = lat + 24            // 164
	)
	b.WriteString("II")
	w(uint16(42))
	w(uint32(ifd0))
	w(uint16(4))
	entry(0x010F, 2, 9, makeAt)
	entry(0x0110, 2, 14, model)
	entry(0x0112, 3, 1, uint32(orientation))
	entry(0x8825, 4, 1, gps)
	w(uint32(0))
	b.WriteString("SnoopCam\x00SpyPhone 9000\x00\x00")
	w(uint16(4))
	entry(0x0001, 2, 2, uint32('N'))
	entry(0x0002, 5, 3, lat)
	entry(0x0003, 2, 2, uint32('E'))
	entry(0x0004, 5, 3, long)
	w(uint32(0))
	for _, r := range []uint32{59, 1, 54, 1, 3012, 100, 10, 1, 45, 1, 1234, 100} {
		w(r)
	}
	return b.Bytes()
}

// jpegSegment is a marker segment: FF, marker, big-endian length, payload.
func jpegSegment(marker byte, payload []byte) []byte {
	seg := []byte{0xFF, marker, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	return append(seg, payload...)
}

// jpegWithMetadata puts an Exif APP1 (GPS, make, model, orientation), an
// XMP APP1, an ICC APP2 and a comment right after the SOI of a JPEG.
func jpegWithMetadata(plain []byte, orientation uint16) []byte {
	var b bytes.Buffer
	b.Write(plain[:2])
	b.Write(jpegSegment(0xE1, append([]byte("Exif\x00\x00"), exifTIFF(orientation)...)))
	b.Write(jpegSegment(0xE1, []byte("http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta><exif:GPSLatitude>59,54.5N</exif:GPSLatitude></x:xmpmeta>")))
	b.Write(jpegSegment(0xE2, []byte("ICC_PROFILE\x00\x01\x01fake-profile-bytes")))
	b.Write(jpegSegment(0xFE, []byte("taken at Storgata 1, Oslo")))
	b.Write(plain[2:])
	return b.Bytes()
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
	b.Write(pngChunk("eXIf", exifTIFF(1)))
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
