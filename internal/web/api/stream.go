package api

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"reconnect/internal/identity"
)

// keepAlive is how often an idle stream sends a comment, so proxies and
// browsers keep the connection open.
const keepAlive = 25 * time.Second

// stream is the Server-Sent Events endpoint. With ?thread=ID it carries
// that thread's events — IDs only; the browser fetches what changed
// through the pages, which check permissions — provided the caller may
// see the thread.
func (a *API) stream(w http.ResponseWriter, r *http.Request, u *identity.User) error {
	threadID, err := queryID(r, "thread")
	if err != nil {
		return err
	}
	topic := "user:" + strconv.FormatInt(u.ID, 10)
	if threadID != 0 {
		if _, err := a.Forum.ThreadByID(r.Context(), u, threadID); err != nil {
			return err
		}
		topic = "thread:" + strconv.FormatInt(threadID, 10)
	}
	events, stop := a.Live.Subscribe(topic)
	defer stop()
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Time{}) // the server's write timeout is for ordinary responses
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, ": connected\nretry: 3000\n\n")
	if err := rc.Flush(); err != nil {
		return nil
	}
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return nil
		case <-a.Done:
			return nil
		case <-tick.C:
			fmt.Fprint(w, ": ping\n\n")
		case m := <-events:
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", m.Event, m.Data)
		}
		if err := rc.Flush(); err != nil {
			return nil
		}
	}
}
