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
})();
