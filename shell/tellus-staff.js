// Browser glue for staff mode (issues 6 and 11): the JavaScript half of src/platform/staff_web.cpp.
//  - requests with "Authorization: Bearer <session or token>", answers handed to C++ or saved as
//    a file. Nothing that grants access is kept here: no storage, no cookies, no address.
//  - files saved as downloads through a Blob
"use strict";
(function () {
  // Builds before issue 11 kept the staff token in localStorage: take it off every device. Once
  // the page has loaded and is idle: a first touch of localStorage can block the page for a
  // moment while the browser opens it, and the first screen should not wait for that (issue 16).
  const forgetOldToken = () => {
    try { localStorage.removeItem("tellus.staffToken"); } catch { /* storage refused: nothing kept */ }
  };
  window.addEventListener("load", () => {
    if ("requestIdleCallback" in window) requestIdleCallback(forgetOldToken, { timeout: 1000 });
    else setTimeout(forgetOldToken, 0);
  });
  function module() { return window.Module; }

  // Answers go back through the one registry of pending calls (tellus-web.js).
  function done(id, status, text) { window.TellusWeb.done(id, status, text); }

  function urlAsksForStaff() { return location.hash === "#staff"; }
  function clearStaffUrl() {
    if (location.hash) history.replaceState(null, "", location.pathname + location.search);
  }

  function send(method, url, bearer, body) {
    // credentials "omit": the bearer is the only credential; no-store: staff data is never cached.
    const headers = { Authorization: "Bearer " + bearer };
    if (body) headers["Content-Type"] = "application/json";
    return fetch(url, { method, headers, body: body || undefined, cache: "no-store", credentials: "omit" });
  }
  // The open staff session, in this page's memory only, so that closing or reloading the page
  // ends it on the server too (a kiosk reloaded by whoever walks up must not leave it usable).
  let open = null;
  function holdSession(url, bearer) { open = bearer ? { url, bearer } : null; }
  window.addEventListener("pagehide", () => {
    if (!open) return;
    fetch(open.url, { method: "DELETE", headers: { Authorization: "Bearer " + open.bearer }, keepalive: true, credentials: "omit" })
      .catch(() => { /* the server ends it after 15 idle minutes anyway */ });
    open = null;
  });

  function request(id, method, url, bearer, body) {
    send(method, url, bearer, body)
      .then(async (r) => [r.status, await r.text()])
      .catch(() => [0, ""])
      .then(([status, text]) => done(id, status, text));
  }

  function saveBlob(name, blob) {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    a.style.display = "none";
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 10000);
  }
  function saveFile(name, mime, content) { saveBlob(name, new Blob([content], { type: mime })); }
  function download(id, url, bearer, name) {
    send("GET", url, bearer)
      .then(async (r) => {
        if (r.ok) saveBlob(name, await r.blob());
        return r.status;
      })
      .catch(() => 0)
      .then((status) => done(id, status, ""));
  }

  function localDate() {
    const d = new Date();
    const two = (n) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
  }

  window.TellusStaff = { urlAsksForStaff, clearStaffUrl, request, holdSession, download, saveFile, localDate };
  // Typing "#staff" after the address of an open app also opens staff mode.
  window.addEventListener("hashchange", () => { if (urlAsksForStaff() && module() && module()._tellus_wake) module()._tellus_wake(); });
})();
