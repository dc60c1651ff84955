package identity

import (
	"context"
	"database/sql"
	"strconv"

	"reconnect/internal/apperr"
	"reconnect/internal/audit"
	"reconnect/internal/sqldb"
)

// deleteAudited runs a DELETE that must remove the row id and records
// action in the audit log, in one transaction. When nothing is deleted
// (no such row, or not the actor's) the answer is not_found.
func (s *Service) deleteAudited(ctx context.Context, actorID int64, query string, args []any, action, kind string, id int64) error {
	return s.db.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, query, args...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.NotFound()
		}
		return audit.Append(ctx, tx, &audit.Record{Chain: audit.ChainAdmin, At: s.now(), ActorID: actorID,
			Action: action, TargetKind: kind, TargetID: strconv.FormatInt(id, 10)})
	})
}

// queryStrings returns the single text column of a query's rows.
func queryStrings(ctx context.Context, q sqldb.Querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
