// ReConnect: small progressive enhancements. Every page works without
// this file.
(function () {
  "use strict";

  // Move focus to the error summary so screen reader users hear what
  // needs fixing first.
  var summary = document.querySelector("[data-focus]");
  if (summary) {
    summary.focus();
  }

  // Copy buttons next to one-time secrets (invitation codes, tokens).
  // Labels come from the page, in the member's language.
  var label = document.body.getAttribute("data-copy");
  var done = document.body.getAttribute("data-copied");
  document.querySelectorAll("code.copy").forEach(function (code) {
    if (!navigator.clipboard) {
      return;
    }
    var b = document.createElement("button");
    b.type = "button";
    b.className = "secondary copy-button";
    b.textContent = label;
    b.addEventListener("click", function () {
      navigator.clipboard.writeText(code.textContent).then(function () {
        b.textContent = done;
      });
    });
    code.insertAdjacentElement("afterend", b);
  });

  // Check a pseudonym as it is typed (debounced), so the member learns
  // before submitting whether it is free. The form still works without.
  document.querySelectorAll("[data-check-pseudonym]").forEach(function (out) {
    var input = document.getElementById(out.getAttribute("data-check-pseudonym"));
    if (!input || !window.fetch) {
      return;
    }
    var timer = null;
    var seq = 0;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var value = input.value.trim();
      if (value.length < 3) {
        out.textContent = "";
        return;
      }
      timer = setTimeout(function () {
        var mine = ++seq;
        fetch("/api/v1/pseudonyms/check", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          credentials: "same-origin",
          body: JSON.stringify({ pseudonym: value })
        }).then(function (r) { return r.json(); }).then(function (res) {
          if (mine !== seq) {
            return;
          }
          out.className = "hint live " + (res.available ? "ok" : "problem");
          out.textContent = res.available ? document.body.getAttribute("data-available") : res.problem;
        }).catch(function () { out.textContent = ""; });
      }, 400);
    });
  });

  // Peer moderators hear of crisis alerts at once, on any page: the
  // event carries IDs only; the banner links to the queue.
  var alertText = document.body.getAttribute("data-crisis-alert");
  if (alertText && window.EventSource) {
    var es = new EventSource("/api/v1/stream");
    es.addEventListener("open", function () { document.body.setAttribute("data-alerts", "open"); });
    es.addEventListener("crisis_alert", function () {
      var box = document.getElementById("crisis-alert");
      if (!box) {
        box = document.createElement("div");
        box.id = "crisis-alert";
        box.className = "crisis-box";
        box.setAttribute("role", "alert");
        var main = document.getElementById("main");
        main.insertBefore(box, main.firstChild);
      }
      box.textContent = alertText + " ";
      var a = document.createElement("a");
      a.href = "/moderation";
      a.textContent = document.body.getAttribute("data-crisis-link");
      box.appendChild(a);
    });
    window.addEventListener("pagehide", function () { es.close(); });
  }
})();
