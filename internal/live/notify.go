package live

import (
	"context"
	"encoding/json"
	"time"
)

// maxPayload keeps a NOTIFY under PostgreSQL's 8,000-byte limit.
const maxPayload = 7800

// enqueue hands m to this node's sender, started on first use. It waits
// if the sender is behind (the queue holds thousands), so events are
// never dropped here.
func (h *Hub) enqueue(m Message) {
	h.sendOnce.Do(func() {
		h.out = make(chan Message, 8192)
		go h.sender()
	})
	h.out <- m
}

// sender sends queued events: all that are waiting, packed into as few
// NOTIFYs as fit, each its own short statement outside any change's
// transaction.
func (h *Hub) sender() {
	ctx := context.Background()
	for m := range h.out {
		batch := []Message{m}
	more:
		for len(batch) < 1000 {
			select {
			case m := <-h.out:
				batch = append(batch, m)
			default:
				break more
			}
		}
		for _, p := range pack(batch) {
			if err := h.notify(ctx, p); err != nil {
				h.log.Warn("live: notify", "err", err, "events", len(batch))
			}
		}
	}
}

func (h *Hub) notify(ctx context.Context, payload string) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	return h.db.Notify(ctx, h.db, channel, payload)
}

// pack turns events into NOTIFY payloads: one event as an object (as
// nodes before batching sent it), several as an array, each payload under
// maxPayload.
func pack(ms []Message) []string {
	var out []string
	var cur []json.RawMessage
	size := 2
	flush := func() {
		switch len(cur) {
		case 0:
		case 1:
			out = append(out, string(cur[0]))
		default:
			b, _ := json.Marshal(cur) // raw messages marshal as they are
			out = append(out, string(b))
		}
		cur, size = nil, 2
	}
	for _, m := range ms {
		b, err := json.Marshal(m)
		if err != nil {
			continue // a Message always marshals; Data is valid JSON from Publish
		}
		if size+len(b)+1 > maxPayload {
			flush()
		}
		cur = append(cur, b)
		size += len(b) + 1
	}
	flush()
	return out
}

// unpack reads a payload written by pack.
func unpack(payload string) []Message {
	if len(payload) > 0 && payload[0] == '[' {
		var ms []Message
		if json.Unmarshal([]byte(payload), &ms) != nil {
			return nil
		}
		return ms
	}
	var m Message
	if json.Unmarshal([]byte(payload), &m) != nil {
		return nil
	}
	return []Message{m}
}
