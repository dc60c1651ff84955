// Package live fans events out to connected browsers (Server-Sent
// Events). Events are small JSON objects of IDs, never content: a
// browser that learns of a new post fetches it through the normal,
// permission-checked page.
//
// On SQLite everything runs in one process and events are delivered
// after the change commits. On PostgreSQL an event is sent with NOTIFY
// once the change has committed; every node LISTENs and delivers what
// arrives to its own subscribers, so several nodes share one stream.
// Events are sent by one goroutine per node, packed many to a NOTIFY,
// outside the change's transaction: PostgreSQL serialises the commits of
// all transactions that NOTIFY, so a NOTIFY inside every reply made the
// replies of all nodes commit one at a time, and a crisis alert to
// 2,000 moderators held that lock for 4,000 NOTIFYs.
package live

import (
	"context"
	"database/sql"
	"encoding/json"
	"log/slog"
	"sync"

	"reconnect/internal/sqldb"
)

const channel = "reconnect_live"

// Message is what goes over the wire between nodes.
type Message struct {
	Topic string          `json:"topic"`
	Event string          `json:"event"`
	Data  json.RawMessage `json:"data"`
}

// Hub holds this node's subscribers. Safe for concurrent use.
type Hub struct {
	db   *sqldb.DB
	log  *slog.Logger
	mu   sync.Mutex
	subs map[string]map[chan Message]struct{}

	sendOnce sync.Once
	out      chan Message // PostgreSQL: events waiting for NOTIFY
}

// New returns a hub; call Run to receive other nodes' events on
// PostgreSQL.
func New(db *sqldb.DB, log *slog.Logger) *Hub {
	return &Hub{db: db, log: log, subs: map[string]map[chan Message]struct{}{}}
}

// Run listens for events from all nodes until ctx ends (PostgreSQL).
func (h *Hub) Run(ctx context.Context) {
	h.db.Listen(ctx, channel, func(payload string) {
		for _, m := range unpack(payload) {
			h.deliver(m)
		}
	}, func(err error) { h.log.Warn("live: listen", "err", err) })
}

// Subscribe returns a channel of the topic's events and a function to
// stop. Slow subscribers miss events rather than slow everyone down.
func (h *Hub) Subscribe(topic string) (<-chan Message, func()) {
	ch := make(chan Message, 16)
	h.mu.Lock()
	if h.subs[topic] == nil {
		h.subs[topic] = map[chan Message]struct{}{}
	}
	h.subs[topic][ch] = struct{}{}
	h.mu.Unlock()
	return ch, func() {
		h.mu.Lock()
		delete(h.subs[topic], ch)
		if len(h.subs[topic]) == 0 {
			delete(h.subs, topic)
		}
		h.mu.Unlock()
	}
}

func (h *Hub) deliver(m Message) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.subs[m.Topic] {
		select {
		case ch <- m:
		default:
		}
	}
}

// Publish sends an event about topic once tx commits: through NOTIFY on
// PostgreSQL (to every node), in-process on SQLite. Outside a
// transaction it sends at once.
func (h *Hub) Publish(ctx context.Context, q sqldb.Querier, topic, event string, data any) error {
	b, err := json.Marshal(data)
	if err != nil {
		return err
	}
	m := Message{Topic: topic, Event: event, Data: b}
	send := h.deliver
	if h.db.Engine == sqldb.Postgres {
		send = h.enqueue
	}
	if tx, ok := q.(*sql.Tx); ok {
		h.db.OnCommit(tx, func() { send(m) })
		return nil
	}
	send(m)
	return nil
}
