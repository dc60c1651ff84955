package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// ledger is what one writer sent and what the server acknowledged.
// Writers never retry, so an unacknowledged write may be present at
// most once and an acknowledged one exactly once.
type ledger struct {
	postAcked   map[string]int64 // marker -> post ID
	postUnacked map[string]bool
	msgAcked    []int64 // message IDs
	msgUnacked  int
	rsvps       []rsvpTry // in the order sent
	rejected    []string  // non-2xx answers: never expected
	gone        bool      // the last call found no server
}

type rsvpTry struct {
	note  string
	acked bool
}

func newLedger() *ledger {
	return &ledger{postAcked: map[string]int64{}, postUnacked: map[string]bool{}}
}

// marker makes a unique lowercase word, so the privacy check sees
// nothing identifying in it.
var markerSeq atomic.Int64

func marker() string {
	n := markerSeq.Add(1)
	b := []byte("merke")
	for ; n > 0; n /= 26 {
		b = append(b, byte('a'+n%26))
	}
	return string(b)
}

// writer sends posts, messages and RSVPs in turn as one member until
// stop is closed; it returns how many writes were acknowledged.
func writer(base, token string, f fixture, l *ledger, stop <-chan struct{}, onAck func()) (acked int) {
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	l.gone = false
	for i := 0; ; i++ {
		select {
		case <-stop:
			return acked
		default:
		}
		m := marker()
		var ok bool
		switch i % 3 {
		case 0:
			var out struct{ Post struct{ ID string } }
			ok = l.call(client, base+"/api/v1/forum/threads/"+strconv.FormatInt(f.thread, 10)+"/posts", token,
				map[string]any{"body": "En liten hilsen " + m + " til alle her."}, &out)
			if id, err := strconv.ParseInt(out.Post.ID, 10, 64); ok && err == nil {
				l.postAcked[m] = id
			} else {
				l.postUnacked[m] = true
			}
		case 1:
			var out struct {
				MessageID string `json:"message_id"`
			}
			ok = l.call(client, base+"/api/v1/conversations", token, map[string]any{
				"participant_ids": []string{strconv.FormatInt(f.provider, 10)}, "subject": "Hilsen", "body": "Hei, en kort hilsen " + m + "."}, &out)
			if id, err := strconv.ParseInt(out.MessageID, 10, 64); ok && err == nil {
				l.msgAcked = append(l.msgAcked, id)
			} else {
				l.msgUnacked++
			}
		case 2:
			status := []string{"going", "maybe"}[i/3%2]
			var out struct{ Status string }
			ok = l.call(client, base+"/api/v1/events/"+strconv.FormatInt(f.event, 10)+"/rsvp", token,
				map[string]any{"status": status, "note": m}, &out)
			ok = ok && out.Status == status
			l.rsvps = append(l.rsvps, rsvpTry{note: m, acked: ok})
		}
		if ok {
			acked++
			onAck()
		} else if l.gone {
			return acked // the server is down: stop until the next cycle
		}
	}
}

// call POSTs in as JSON and decodes a 2xx answer into out. A failed
// connection is an unacknowledged write; an answer other than 2xx is
// recorded as rejected.
func (l *ledger) call(c *http.Client, url, token string, in, out any) bool {
	body, _ := json.Marshal(in)
	req, _ := http.NewRequest("POST", url, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		l.gone = true
		return false
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		var e bytes.Buffer
		_, _ = e.ReadFrom(resp.Body)
		l.rejected = append(l.rejected, fmt.Sprintf("%s: %d %s", url, resp.StatusCode, e.String()))
		return false
	}
	// The body may be cut off by the kill: then it is not acknowledged.
	return json.NewDecoder(resp.Body).Decode(out) == nil
}

// runWriters runs one writer per token against base until stop closes;
// first is closed at the first acknowledged write.
func runWriters(base string, f fixture, ls []*ledger, stop <-chan struct{}, first chan<- struct{}) int {
	var wg sync.WaitGroup
	var total atomic.Int64
	var once sync.Once
	onAck := func() { once.Do(func() { close(first) }) }
	for i, tok := range f.tokens {
		wg.Go(func() { total.Add(int64(writer(base, tok, f, ls[i], stop, onAck))) })
	}
	wg.Wait()
	return int(total.Load())
}
