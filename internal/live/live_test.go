package live

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"

	"reconnect/internal/sqldb"
	"reconnect/internal/testkit"
)

// Events published in a change reach subscribers once it commits, in
// order, on every node (PostgreSQL: through packed NOTIFYs); a change
// that rolls back sends nothing. 15 events of 1,500 bytes in one change
// (a subscriber holds 16) need several NOTIFY payloads.
func TestEventsFollowCommitsAcrossNodes(t *testing.T) {
	testkit.Twins(t, func(t *testing.T, a, b *sqldb.DB) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		ha, hb := New(a, log), New(b, log)
		go ha.Run(ctx)
		go hb.Run(ctx)
		// On SQLite there is one process: the node that writes delivers.
		recv := hb
		if a.Engine == sqldb.SQLite {
			recv = ha
		}
		ch, stop := recv.Subscribe("thread:1")
		defer stop()
		if a.Engine == sqldb.Postgres {
			waitListening(t, ha, hb, ch)
		}
		const n = 15
		boom := errors.New("boom")
		if err := a.Write(ctx, func(tx *sql.Tx) error {
			if err := ha.Publish(ctx, tx, "thread:1", "post", map[string]string{"id": "rolled-back"}); err != nil {
				return err
			}
			return boom
		}); !errors.Is(err, boom) {
			t.Fatal(err)
		}
		if err := a.Write(ctx, func(tx *sql.Tx) error {
			for i := range n {
				if err := ha.Publish(ctx, tx, "thread:1", "post", map[string]string{"id": strconv.Itoa(i), "pad": strings.Repeat("x", 1500)}); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		for i := range n {
			select {
			case m := <-ch:
				if want := `"id":"` + strconv.Itoa(i) + `"`; !strings.Contains(string(m.Data), want) {
					t.Fatalf("event %d: %s", i, m.Data)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("only %d of %d events arrived", i, n)
			}
		}
	})
}

// waitListening publishes probes until hb delivers one, so the test does
// not race the LISTEN connections being set up.
func waitListening(t *testing.T, ha, hb *Hub, ch <-chan Message) {
	t.Helper()
	probe, stop := hb.Subscribe("probe")
	defer stop()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if err := ha.Publish(context.Background(), ha.db, "probe", "probe", 1); err != nil {
			t.Fatal(err)
		}
		select {
		case <-probe:
			return
		case <-time.After(100 * time.Millisecond):
		}
	}
	t.Fatal("the second node never heard the first")
}

// Packed payloads stay under PostgreSQL's limit and unpack to the same
// events; a single event goes as a plain object.
func TestPackUnpack(t *testing.T) {
	var ms []Message
	for i := range 500 {
		ms = append(ms, Message{Topic: "user:" + strconv.Itoa(i), Event: "notice", Data: []byte(`{"id":"` + strconv.Itoa(i) + `"}`)})
	}
	ps := pack(ms)
	if len(ps) < 2 {
		t.Fatalf("%d payloads for 500 events", len(ps))
	}
	var got []Message
	for _, p := range ps {
		if len(p) > 8000 {
			t.Fatalf("payload of %d bytes", len(p))
		}
		got = append(got, unpack(p)...)
	}
	if len(got) != len(ms) {
		t.Fatalf("%d events back, want %d", len(got), len(ms))
	}
	for i := range ms {
		if got[i].Topic != ms[i].Topic || string(got[i].Data) != string(ms[i].Data) {
			t.Fatalf("event %d: %+v, want %+v", i, got[i], ms[i])
		}
	}
	one := pack(ms[:1])
	if len(one) != 1 || one[0][0] != '{' {
		t.Fatalf("one event: %q", one)
	}
	if unpack("not json") != nil || unpack("[1,2]") != nil {
		t.Error("garbage unpacked into events")
	}
}
