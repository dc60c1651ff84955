// ReConnect forum: live replies, the identifying-details check as you
// type, draft saving and delete confirmation. Every forum page works
// without this file.
(function () {
  "use strict";
  if (!window.fetch) {
    return;
  }

  function debounce(fn, ms) {
    var t = null;
    return function () {
      clearTimeout(t);
      t = setTimeout(fn, ms);
    };
  }
  function postJSON(url, method, body) {
    return fetch(url, {
      method: method, credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(body)
    });
  }

  // Live replies: the stream names new posts; each is fetched through
  // the page, which checks permissions, and appended.
  var posts = document.querySelector("#posts[data-live]");
  if (posts && window.EventSource) {
    var status = document.getElementById("live-status");
    var es = new EventSource("/api/v1/stream?thread=" + posts.getAttribute("data-thread"));
    var load = function (id, replace) {
      fetch("/forum/posts/" + id + "/fragment", { credentials: "same-origin" }).then(function (r) {
        return r.ok ? r.text() : "";
      }).then(function (html) {
        if (!html) { return; }
        var box = document.createElement("div");
        box.innerHTML = html;
        var post = box.firstElementChild;
        var old = document.getElementById("post-" + id);
        if (old) {
          old.replaceWith(post);
        } else if (!replace) {
          posts.appendChild(post);
          if (status) {
            var by = post.querySelector(".post-by .author");
            status.textContent = status.getAttribute("data-new-post").replace("{pseudonym}", by ? by.firstChild.textContent.trim() : "");
          }
        }
      });
    };
    es.addEventListener("open", function () { posts.setAttribute("data-live", "open"); });
    es.addEventListener("post", function (e) { load(JSON.parse(e.data).post_id, false); });
    es.addEventListener("post_edited", function (e) { load(JSON.parse(e.data).post_id, true); });
    es.addEventListener("post_deleted", function (e) { load(JSON.parse(e.data).post_id, true); });
    window.addEventListener("pagehide", function () { es.close(); });
  }

  // The identifying-details check as you type.
  document.querySelectorAll("textarea[data-privacy-check]").forEach(function (area) {
    var out = document.getElementById(area.getAttribute("data-privacy-check"));
    if (!out) { return; }
    var title = area.form && area.form.elements.title;
    var run = debounce(function () {
      var text = (title ? title.value + "\n\n" : "") + area.value;
      if (text.trim().length < 3) { out.textContent = ""; return; }
      postJSON("/api/v1/privacy/check", "POST", { text: text.slice(0, 20000) }).then(function (r) {
        return r.ok ? r.json() : { findings: [] };
      }).then(function (res) {
        out.textContent = "";
        var hint = area.form && area.form.querySelector("[data-crisis-hint]");
        if (hint) { hint.hidden = !res.crisis; }
        if (!res.findings || !res.findings.length) { return; }
        var ul = document.createElement("ul");
        res.findings.forEach(function (f) {
          var li = document.createElement("li");
          var b = document.createElement("strong");
          b.textContent = "«" + f.excerpt + "»";
          li.appendChild(b);
          li.appendChild(document.createTextNode(" — " + f.advice));
          ul.appendChild(li);
        });
        out.appendChild(ul);
      });
    }, 800);
    area.addEventListener("input", run);
    if (title) { title.addEventListener("input", run); }
  });

  // Drafts save themselves while writing.
  document.querySelectorAll("textarea[data-draft]").forEach(function (area) {
    var key = area.getAttribute("data-draft");
    var title = area.form && area.form.elements.title;
    var save = debounce(function () {
      postJSON("/api/v1/forum/drafts/" + encodeURIComponent(key), "PUT", { title: title ? title.value : "", body: area.value });
    }, 2000);
    area.addEventListener("input", save);
    if (title) { title.addEventListener("input", save); }
  });

  // Ask before deleting.
  document.querySelectorAll("button[data-confirm]").forEach(function (b) {
    b.addEventListener("click", function (e) {
      if (!window.confirm(b.getAttribute("data-confirm"))) { e.preventDefault(); }
    });
  });
})();
