package e2e

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// privacyCheck sends a text naming one of Fjordvik's places (each a
// payload) together with a payload through the identifying-details
// check as Havbris: the check page shows the text back and the
// findings with excerpts of it. Then, in a loaded new-thread form, the
// check as you type shows the findings in all the places and payloads,
// built by forum.js.
func (x *xssWorld) privacyCheck(t *testing.T, places []string) {
	var pcs []pageCheck
	for i, p := range x.payloads {
		text := fmt.Sprintf("Vi møttes ved %s i går.\n\n%s", places[i%len(places)], lines(p, 1, 5000))
		pcs = append(pcs, pageCheck{what: fmt.Sprintf("privacy check of payload %d", i), path: "/privacy-check", items: 2,
			form: url.Values{"text": {text}}, statuses: []int{http.StatusOK}, opts: checkOpts{Posts: -1, Wants: []want{wantValue("#f-text", text)}}})
	}
	x.fetch(x.tabsAs(t, "member"), pcs)

	tb := x.signedIn(t, "member")
	tb.Go("/forum/new")
	// All the places and as many payloads as the check takes: the
	// detector finds words (one-word places, e-mail addresses in the
	// payloads), and forum.js lists them with their excerpts.
	text := "Vi var ved " + strings.Join(places, ". Vi var ved ") + "."
	n := 0
	for _, p := range x.payloads {
		if len(text)+len(p) > 20000 {
			break
		}
		text += "\n\n" + p
		n++
	}
	Eval[bool](tb, `(function (text) { var a = document.getElementById("f-body"); a.value = text;
		a.dispatchEvent(new Event("input", {bubbles: true})); return true; })(`+jsString(text)+`)`)
	if !await(tb, `document.querySelectorAll("#new-check li").length > 0`, 5*time.Second) {
		t.Fatal("the check as you type found nothing")
	}
	v := Eval[verdict](tb, "("+xssCheckJS+")(document, "+mustJSON(t, checkOpts{Posts: -1, Live: true})+")")
	v.Status = http.StatusOK
	x.judge(t, pageCheck{what: "check as you type", path: "/forum/new", items: n + len(places)}, v, true)
	tb.checkProblems()
}
