package export

import (
	"context"
	"database/sql"
	"strconv"
	"time"
)

// each runs a query over the caller's own rows and hands every row to
// row. Only sections without a service method use it.
func (s *Service) each(ctx context.Context, q string, args []any, row func(scan func(...any) error) error) error {
	rows, err := s.d.DB.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

// when returns a nullable time as a UTC pointer.
func when(n sql.NullTime) *time.Time {
	if !n.Valid {
		return nil
	}
	t := n.Time.UTC()
	return &t
}

// sid writes an ID as the API does; 0 is no ID.
func sid(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}
