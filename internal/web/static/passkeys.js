// ReConnect passkeys (WebAuthn). Signing in with a password or eID works
// without this file; passkeys need it, and appear only where the browser
// supports them.
(function () {
  "use strict";
  if (!window.PublicKeyCredential || !window.fetch) {
    return;
  }

  function b64u(buf) {
    var s = "";
    new Uint8Array(buf).forEach(function (b) { s += String.fromCharCode(b); });
    return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function unb64u(s) {
    s = s.replace(/-/g, "+").replace(/_/g, "/");
    while (s.length % 4) { s += "="; }
    var bin = atob(s), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { out[i] = bin.charCodeAt(i); }
    return out.buffer;
  }
  function creationOptions(o) {
    if (PublicKeyCredential.parseCreationOptionsFromJSON) {
      return PublicKeyCredential.parseCreationOptionsFromJSON(o);
    }
    o.challenge = unb64u(o.challenge);
    o.user.id = unb64u(o.user.id);
    (o.excludeCredentials || []).forEach(function (c) { c.id = unb64u(c.id); });
    return o;
  }
  function requestOptions(o) {
    if (PublicKeyCredential.parseRequestOptionsFromJSON) {
      return PublicKeyCredential.parseRequestOptionsFromJSON(o);
    }
    o.challenge = unb64u(o.challenge);
    (o.allowCredentials || []).forEach(function (c) { c.id = unb64u(c.id); });
    return o;
  }
  function credentialJSON(c) {
    if (c.toJSON) {
      return c.toJSON();
    }
    var r = c.response, out = { id: c.id, rawId: b64u(c.rawId), type: c.type, clientExtensionResults: c.getClientExtensionResults(), response: { clientDataJSON: b64u(r.clientDataJSON) } };
    if (r.attestationObject) { out.response.attestationObject = b64u(r.attestationObject); }
    if (r.authenticatorData) { out.response.authenticatorData = b64u(r.authenticatorData); }
    if (r.signature) { out.response.signature = b64u(r.signature); }
    if (r.userHandle) { out.response.userHandle = b64u(r.userHandle); }
    return out;
  }
  function post(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: body === undefined ? "{}" : JSON.stringify(body)
    }).then(function (res) {
      if (res.status === 204) { return {}; }
      return res.json().then(function (data) {
        if (!res.ok) { throw new Error(data.error ? data.error.message : res.statusText); }
        return data;
      });
    });
  }
  function create(beginURL, beginBody, finishURL) {
    return post(beginURL, beginBody).then(function (opts) {
      return navigator.credentials.create({ publicKey: creationOptions(opts.publicKey) });
    }).then(function (cred) { return post(finishURL, credentialJSON(cred)); });
  }
  function showError(box, err) {
    var out = box.querySelector("[data-passkey-error]");
    if (!out) { return; }
    out.hidden = false;
    // A cancelled or timed-out prompt is not worth a technical message.
    out.textContent = err && err.name === "NotAllowedError" ? out.getAttribute("data-cancelled") : (err && err.message) || out.getAttribute("data-cancelled");
  }

  // Join with a passkey from an invitation.
  document.querySelectorAll("[data-passkey-register]").forEach(function (box) {
    box.hidden = false;
    var form = box.querySelector("form");
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      create("/api/v1/auth/passkey/signup/begin",
        { invitation: form.elements.invitation.value, login: form.elements.login.value },
        "/api/v1/auth/passkey/signup/finish"
      ).then(function () { window.location = "/onboarding"; }, function (err) { showError(box, err); });
    });
  });

  // Sign in with a passkey.
  document.querySelectorAll("[data-passkey-login]").forEach(function (box) {
    box.hidden = false;
    box.querySelector("button").addEventListener("click", function () {
      post("/api/v1/auth/passkey/login/begin").then(function (opts) {
        return navigator.credentials.get({ publicKey: requestOptions(opts.publicKey) });
      }).then(function (cred) {
        return post("/api/v1/auth/passkey/login/finish", credentialJSON(cred));
      }).then(function () {
        window.location = box.getAttribute("data-next") || "/";
      }, function (err) { showError(box, err); });
    });
  });

  // Add a passkey in settings.
  document.querySelectorAll("[data-passkey-add]").forEach(function (box) {
    box.hidden = false;
    var form = box.querySelector("form");
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      create("/api/v1/passkeys/begin", undefined, "/api/v1/passkeys?name=" + encodeURIComponent(form.elements.name.value))
        .then(function () { window.location.reload(); }, function (err) { showError(box, err); });
    });
  });
})();
