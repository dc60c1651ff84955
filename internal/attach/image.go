package attach

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"

	"github.com/disintegration/imaging"
)

// Image limits, checked from the header before decoding. 50 megapixels
// admits 48-megapixel phone photos; the side limit stops absurd strips.
const (
	maxPixels = 50_000_000
	maxSide   = 12_000
)

// cleanImage decodes a JPEG or PNG, applies the EXIF orientation and writes
// the pixels anew. Go's encoders write no metadata segments or chunks at all,
// so nothing from the upload but the pixels survives. limit bounds the
// output size.
func cleanImage(data []byte, kind string, limit int) ([]byte, error) {
	decodeConfig := png.DecodeConfig
	if kind == JPEG {
		decodeConfig = jpeg.DecodeConfig
	}
	cfg, err := decodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, invalid("field.attachment.damaged", err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > maxSide || cfg.Height > maxSide ||
		cfg.Width*cfg.Height > maxPixels {
		return nil, invalid("field.attachment.dimensions", nil)
	}
	// The content starts with this format's signature, so image.Decode
	// inside imaging picks the same decoder; imaging reads the JPEG's EXIF
	// orientation on the way.
	img, err := imaging.Decode(bytes.NewReader(data), imaging.AutoOrientation(true))
	if err != nil {
		return nil, invalid("field.attachment.damaged", err)
	}
	var buf bytes.Buffer
	if kind == PNG {
		for _, level := range []png.CompressionLevel{png.DefaultCompression, png.BestCompression} {
			buf.Reset()
			enc := png.Encoder{CompressionLevel: level}
			if err := enc.Encode(&buf, img); err != nil {
				return nil, invalid("field.attachment.damaged", err)
			}
			if buf.Len() <= limit {
				return buf.Bytes(), nil
			}
		}
		return nil, tooLarge()
	}
	// A low-quality upload re-encoded at 88 can grow past the limit, so
	// lower qualities are tried before giving up.
	if n, ok := img.(*image.NRGBA); ok {
		// imaging returns rotated images as NRGBA. A decoded JPEG is opaque,
		// so the same bytes are a valid RGBA, which image/jpeg encodes
		// several times faster than through the generic At path.
		img = &image.RGBA{Pix: n.Pix, Stride: n.Stride, Rect: n.Rect}
	}
	for _, q := range []int{88, 75, 60} {
		buf.Reset()
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: q}); err != nil {
			return nil, invalid("field.attachment.damaged", err)
		}
		if buf.Len() <= limit {
			return buf.Bytes(), nil
		}
	}
	return nil, tooLarge()
}
