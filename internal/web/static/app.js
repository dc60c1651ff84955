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

  // One stream of the member's own events per page (IDs only, never
  // content). Peer moderators hear of crisis alerts at once; everyone
  // with conversations sees the Messages badge follow new messages, and
  // an open conversation shows new messages and read receipts as they
  // come, fetched through the permission-checked page.
  var alertText = document.body.getAttribute("data-crisis-alert");
  var badgeLink = document.querySelector("[data-messages-badge]");
  var noticesLink = document.querySelector("[data-notices-badge]");
  // setBadge shows count on a navigation link (none at 0).
  var setBadge = function (link, count) {
    var badge = link.querySelector(".badge");
    if (count === 0) {
      if (badge) {
        badge.remove();
      }
      return;
    }
    if (!badge) {
      badge = document.createElement("span");
      badge.className = "badge";
      link.appendChild(document.createTextNode(" "));
      link.appendChild(badge);
    }
    var hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    hidden.textContent = " " + document.body.getAttribute("data-unread");
    badge.textContent = String(count);
    badge.appendChild(hidden);
  };
  if ((alertText || badgeLink || noticesLink) && window.EventSource) {
    var es = new EventSource("/api/v1/stream");
    es.addEventListener("open", function () { document.body.setAttribute("data-alerts", "open"); });
    if (noticesLink) {
      // Every page's Notices badge follows new and read notices: the
      // event carries the unread count, never any text.
      var onNotice = function (e) {
        try {
          var n = JSON.parse(e.data).unread;
          if (typeof n === "number") {
            setBadge(noticesLink, n);
          }
        } catch (err) {}
      };
      es.addEventListener("notice", onNotice);
      es.addEventListener("notice_read", onNotice);
    }
    if (alertText) {
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
    }
    if (badgeLink) {
      var list = document.getElementById("messages");
      var refreshBadge = function () {
        fetch("/api/v1/conversations/unread", { credentials: "same-origin" }).then(function (r) {
          return r.ok ? r.json() : null;
        }).then(function (res) {
          if (!res) {
            return;
          }
          setBadge(badgeLink, res.count);
        }).catch(function () {});
      };
      var refreshConversation = function () {
        fetch(location.pathname, { credentials: "same-origin" }).then(function (r) {
          return r.ok ? r.text() : null;
        }).then(function (html) {
          if (!html) {
            return;
          }
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("messages");
          if (fresh && list) {
            list.replaceWith(document.adoptNode(fresh));
            list = fresh;
          }
          refreshBadge();
        }).catch(function () {});
      };
      var mine = function (e) {
        try {
          return list && JSON.parse(e.data).conversation_id === list.getAttribute("data-conversation");
        } catch (err) {
          return false;
        }
      };
      es.addEventListener("message", function (e) {
        if (mine(e)) {
          refreshConversation();
        } else {
          refreshBadge();
        }
      });
      es.addEventListener("message_read", function (e) {
        if (mine(e)) {
          refreshConversation();
        }
      });
    }
    window.addEventListener("pagehide", function () { es.close(); });
  }
})();
