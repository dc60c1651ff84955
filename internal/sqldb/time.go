package sqldb

import (
	"fmt"
	"time"
)

// Time scans a nullable time from either engine, including from SQLite
// expressions such as MAX(created_at), which lose the column's declared
// type and arrive as integer microseconds.
type Time struct {
	Time  time.Time
	Valid bool
}

// Scan implements sql.Scanner.
func (t *Time) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*t = Time{}
	case time.Time:
		*t = Time{Time: x.UTC(), Valid: true}
	case int64:
		*t = Time{Time: time.UnixMicro(x).UTC(), Valid: true}
	default:
		return fmt.Errorf("sqldb.Time: cannot scan %T", v)
	}
	return nil
}

// Ptr returns the time, or nil when NULL.
func (t Time) Ptr() *time.Time {
	if !t.Valid {
		return nil
	}
	return &t.Time
}
