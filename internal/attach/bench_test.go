package attach

import (
	"reconnect/internal/attach/attachtest"
	"testing"
)

// BenchmarkCleanJPEG cleans a 3000×2000 (6-megapixel) photo with EXIF, held
// upright and sideways (orientation 6, which costs a rotation).
func BenchmarkCleanJPEG(b *testing.B) {
	plain := encodeJPEG(b, attachtest.Photo(3000, 2000))
	for _, c := range []struct {
		name        string
		orientation uint16
	}{{"upright", 1}, {"rotated", 6}} {
		in := attachtest.JPEGWithMetadata(plain, c.orientation)
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Clean("photo.jpg", in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
