// Package attachtest builds pictures with the metadata phones write
// (Exif with GPS position, make, model and orientation; XMP; ICC; a
// comment), for tests of attachment cleaning at every level.
package attachtest

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"math"
)

// Photo is a w×h picture with a red block in its top-left corner, so a
// test can tell which way up it is, and some texture so it compresses like
// a Photo.
func Photo(w, h int) *image.RGBA {
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

// ExifTIFF is a little-endian TIFF block as phones write it: IFD0 with
// Make, Model, Orientation and a pointer to a GPS IFD with latitude and
// longitude (59°54'30.12"N 10°45'12.34"E).
func ExifTIFF(orientation uint16) []byte {
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

// JPEGSegment is a marker segment: FF, marker, big-endian length, payload.
func JPEGSegment(marker byte, payload []byte) []byte {
	n := len(payload) + 2
	if n > math.MaxUint16 {
		panic("attachtest: JPEG segment payload over 65533 bytes")
	}
	seg := []byte{0xFF, marker, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(n))
	return append(seg, payload...)
}

// JPEGWithMetadata puts an Exif APP1 (GPS, make, model, orientation), an
// XMP APP1, an ICC APP2 and a comment right after the SOI of a JPEG.
func JPEGWithMetadata(plain []byte, orientation uint16) []byte {
	var b bytes.Buffer
	b.Write(plain[:2])
	b.Write(JPEGSegment(0xE1, append([]byte("Exif\x00\x00"), ExifTIFF(orientation)...)))
	b.Write(JPEGSegment(0xE1, []byte("http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta><exif:GPSLatitude>59,54.5N</exif:GPSLatitude></x:xmpmeta>")))
	b.Write(JPEGSegment(0xE2, []byte("ICC_PROFILE\x00\x01\x01fake-profile-bytes")))
	b.Write(JPEGSegment(0xFE, []byte("taken at Storgata 1, Oslo")))
	b.Write(plain[2:])
	return b.Bytes()
}
