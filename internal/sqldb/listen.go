package sqldb

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// Notify sends payload on a PostgreSQL channel inside tx; listeners on
// every node receive it when tx commits. Payloads carry IDs, never
// content.
func (db *DB) Notify(ctx context.Context, q Querier, channel, payload string) error {
	_, err := q.ExecContext(ctx, `SELECT pg_notify($1, $2)`, channel, payload)
	return err
}

// Listen calls handle for every notification on channel until ctx ends,
// reconnecting after errors. PostgreSQL only; on SQLite it returns at
// once, as everything runs in one process.
func (db *DB) Listen(ctx context.Context, channel string, handle func(payload string), onErr func(error)) {
	if db.Engine != Postgres {
		return
	}
	backoff := time.Second
	for ctx.Err() == nil {
		err := db.listenOnce(ctx, channel, handle)
		if ctx.Err() != nil {
			return
		}
		if onErr != nil {
			onErr(err)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 30*time.Second)
	}
}

func (db *DB) listenOnce(ctx context.Context, channel string, handle func(string)) error {
	conn, err := pgx.Connect(ctx, db.dsn)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize()); err != nil {
		return err
	}
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		handle(n.Payload)
	}
}
