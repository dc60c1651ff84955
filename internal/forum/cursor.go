package forum

import (
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"reconnect/internal/apperr"
)

// encodeCursor makes an opaque cursor from a time and an ID.
func encodeCursor(t time.Time, id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(t.UnixMicro(), 10) + "." + strconv.FormatInt(id, 10)))
}

// decodeCursor reads a cursor; "" starts from the newest.
func decodeCursor(c string) (time.Time, int64, error) {
	if c == "" {
		return time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), 1<<63 - 1, nil
	}
	bad := apperr.Invalid("err.fix_fields").WithField("cursor", "field.cursor.invalid")
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return time.Time{}, 0, bad
	}
	ts, id, ok := strings.Cut(string(b), ".")
	micro, err1 := strconv.ParseInt(ts, 10, 64)
	n, err2 := strconv.ParseInt(id, 10, 64)
	if !ok || err1 != nil || err2 != nil || n <= 0 {
		return time.Time{}, 0, bad
	}
	return time.UnixMicro(micro).UTC(), n, nil
}
