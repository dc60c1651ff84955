package attach

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/jpeg"
	"image/png"
	"runtime"
	"strings"
	"testing"

	"reconnect/internal/apperr"
	"reconnect/internal/attach/attachtest"
)

// wantRefused checks that err is an *apperr.Error with the status and field
// key, that the File is zero, and that the error text leaks neither name
// nor content.
func wantRefused(t *testing.T, f File, err error, status int, key string, secrets ...string) {
	t.Helper()
	var e *apperr.Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v, want *apperr.Error", err)
	}
	if got := apperr.Status(e.Kind); got != status {
		t.Errorf("status %d, want %d", got, status)
	}
	if e.Fields[Field] != key {
		t.Errorf("field key %q, want %q", e.Fields[Field], key)
	}
	if f.Name != "" || f.Type != "" || f.Data != nil {
		t.Errorf("half a result returned: %q %q %d bytes", f.Name, f.Type, len(f.Data))
	}
	for _, s := range secrets {
		if strings.Contains(err.Error(), s) {
			t.Errorf("error text %q contains %q", err.Error(), s)
		}
	}
}

func TestJPEGMetadataStrippedAndOrientationApplied(t *testing.T) {
	in := attachtest.JPEGWithMetadata(encodeJPEG(t, attachtest.Photo(120, 80)), 6)
	for _, s := range []string{"Exif", "SnoopCam", "xmpmeta", "Storgata"} {
		if !bytes.Contains(in, []byte(s)) {
			t.Fatalf("fixture lacks %q", s)
		}
	}
	f, err := Clean("IMG_0001.JPG", in)
	if err != nil {
		t.Fatal(err)
	}
	if f.Type != JPEG || f.Name != "IMG_0001.jpg" {
		t.Errorf("got %q %q", f.Type, f.Name)
	}
	for _, s := range []string{"Exif", "SnoopCam", "SpyPhone", "xmpmeta", "ICC_PROFILE", "Storgata", "GPS"} {
		if bytes.Contains(f.Data, []byte(s)) {
			t.Errorf("output still contains %q", s)
		}
	}
	markers := jpegMarkers(t, f.Data)
	for _, m := range markers {
		if m >= 0xE0 && m <= 0xEF || m == 0xFE {
			t.Errorf("output has marker FF%02X (APPn or comment); markers %X", m, markers)
		}
	}
	img, err := jpeg.Decode(bytes.NewReader(f.Data))
	if err != nil {
		t.Fatal(err)
	}
	// Orientation 6: stored 120×80, shown rotated 90° clockwise, so the red
	// top-left corner ends up top-right.
	if b := img.Bounds(); b.Dx() != 80 || b.Dy() != 120 {
		t.Fatalf("size %v, want 80×120 (orientation applied)", b.Size())
	}
	if r, g, _, _ := img.At(75, 5).RGBA(); r>>8 < 200 || g>>8 > 60 {
		t.Errorf("top-right is not red: r=%d g=%d", r>>8, g>>8)
	}
}

// jpegMarkers lists the markers up to and including SOS, and checks the
// file ends with EOI.
func jpegMarkers(t *testing.T, b []byte) []byte {
	t.Helper()
	var ms []byte
	for i := 2; i+4 <= len(b); {
		if b[i] != 0xFF {
			t.Fatalf("no marker at %d", i)
		}
		m := b[i+1]
		ms = append(ms, m)
		if m == 0xDA {
			break
		}
		i += 2 + int(binary.BigEndian.Uint16(b[i+2:]))
	}
	if !bytes.HasSuffix(b, []byte{0xFF, 0xD9}) {
		t.Error("no EOI at the end")
	}
	return ms
}

func TestPNGChunksStripped(t *testing.T) {
	in := pngWithMetadata(encodePNG(t, attachtest.Photo(40, 30)))
	f, err := Clean("screen.png", in)
	if err != nil {
		t.Fatal(err)
	}
	if f.Type != PNG || f.Name != "screen.png" {
		t.Errorf("got %q %q", f.Type, f.Name)
	}
	for i := 8; i < len(f.Data); {
		n := int(binary.BigEndian.Uint32(f.Data[i:]))
		switch typ := string(f.Data[i+4 : i+8]); typ {
		case "IHDR", "PLTE", "tRNS", "IDAT", "IEND":
		default:
			t.Errorf("output has chunk %s", typ)
		}
		i += 12 + n
	}
	for _, s := range []string{"Storgata", "SnoopCam", "xmp"} {
		if bytes.Contains(f.Data, []byte(s)) {
			t.Errorf("output still contains %q", s)
		}
	}
	img, err := png.Decode(bytes.NewReader(f.Data))
	if err != nil || img.Bounds().Dx() != 40 || img.Bounds().Dy() != 30 {
		t.Fatalf("decode: %v, %v", err, img)
	}
}

func TestTooLargeAndEmpty(t *testing.T) {
	big := make([]byte, MaxBytes+1)
	copy(big, "\x89PNG\r\n\x1a\n")
	f, err := Clean("big.png", big)
	wantRefused(t, f, err, 413, "field.attachment.size", "big")

	f, err = Clean("empty.pdf", nil)
	wantRefused(t, f, err, 400, "field.attachment.empty", "empty")

	// A re-encoded image over the limit is refused too, not returned.
	_, err = cleanImage(encodePNG(t, attachtest.Photo(200, 200)), PNG, 1000)
	wantRefused(t, File{}, err, 413, "field.attachment.size")
}

func TestTypeByContentNotName(t *testing.T) {
	html := []byte("<!DOCTYPE html><html><script>alert(1)</script></html>")
	f, err := Clean("photo-of-kari.jpg", html)
	wantRefused(t, f, err, 400, "field.attachment.type", "kari", "script")

	f, err = Clean("x.pdf", []byte("just some text, honestly a PDF"))
	wantRefused(t, f, err, 400, "field.attachment.type", "honestly")

	for name, data := range map[string][]byte{
		"drawing.png": []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`),
		"anim.jpg":    []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
		"notes.pdf":   []byte("PK\x03\x04\x14\x00\x00\x00"),
		"setup.jpg":   []byte("MZ\x90\x00\x03\x00\x00\x00"),
	} {
		f, err := Clean(name, data)
		wantRefused(t, f, err, 400, "field.attachment.type")
	}

	f, err = Clean("report.pdf", encodePNG(t, attachtest.Photo(10, 10)))
	if err != nil {
		t.Fatal(err)
	}
	if f.Type != PNG || f.Name != "report.png" {
		t.Errorf("got %q %q, want image/png report.png", f.Type, f.Name)
	}
}

func TestDamagedImages(t *testing.T) {
	j := encodeJPEG(t, attachtest.Photo(64, 64))
	f, err := Clean("a.jpg", j[:len(j)/2])
	wantRefused(t, f, err, 400, "field.attachment.damaged")

	p := encodePNG(t, attachtest.Photo(64, 64))
	f, err = Clean("a.png", p[:len(p)-20])
	wantRefused(t, f, err, 400, "field.attachment.damaged")

	f, err = Clean("a.jpg", []byte("\xFF\xD8\xFF"))
	wantRefused(t, f, err, 400, "field.attachment.damaged")
}

func TestDecompressionBombRefusedBeforeDecoding(t *testing.T) {
	jpegHuge := encodeJPEG(t, attachtest.Photo(16, 16))
	sof := bytes.Index(jpegHuge, []byte{0xFF, 0xC0})
	binary.BigEndian.PutUint16(jpegHuge[sof+5:], 20000) // height
	binary.BigEndian.PutUint16(jpegHuge[sof+7:], 20000) // width
	cases := map[string][]byte{
		"100000x100000.png": pngHeaderOnly(100000, 100000),
		"9000x9000.png":     pngHeaderOnly(9000, 9000), // sides fine, 81 megapixels
		"12001x10.png":      pngHeaderOnly(12001, 10),
		"20000x20000.jpg":   jpegHuge,
	}
	for name, data := range cases {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		f, err := Clean(name, data)
		runtime.ReadMemStats(&after)
		wantRefused(t, f, err, 400, "field.attachment.dimensions")
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 1<<20 {
			t.Errorf("%s: allocated %d bytes; pixels were allocated", name, grew)
		}
	}
}

func TestImageWithinLimitsAccepted(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 4000, 3))
	f, err := Clean("strip.png", encodePNG(t, img))
	if err != nil || f.Type != PNG {
		t.Fatalf("%v %q", err, f.Type)
	}
}
