// Browser glue for staff mode (issue 6): the JavaScript half of src/platform/staff_web.cpp.
//  - the staff token in this device's localStorage (entered once, removable)
//  - GETs with "Authorization: Bearer <token>", answers handed to C++ or saved as a file
//  - files saved as downloads through a Blob
//  - this device's queued and held responses read from IndexedDB (TellusWeb.outbox/held)
"use strict";
(function () {
  const TOKEN_KEY = "tellus.staffToken";
  function module() { return window.Module; }

  function done(id, status, text) {
    const bytes = new TextEncoder().encode(text || "");
    const ptr = module()._malloc(Math.max(1, bytes.length));
    module().HEAPU8.set(bytes, ptr);
    try { module()._tellus_staff_done(id, status, ptr, bytes.length); } finally { module()._free(ptr); }
  }

  function urlAsksForStaff() { return location.hash === "#staff"; }
  function clearStaffUrl() {
    if (location.hash) history.replaceState(null, "", location.pathname + location.search);
  }

  function storedToken() {
    try { return localStorage.getItem(TOKEN_KEY) || ""; } catch { return ""; }
  }
  function storeToken(token) { try { localStorage.setItem(TOKEN_KEY, token); } catch { /* storage refused: asked again next time */ } }
  function forgetToken() { try { localStorage.removeItem(TOKEN_KEY); } catch { /* nothing kept */ } }

  function get(url, token) {
    // credentials "omit": the token is the only credential; no-store: staff data is never cached.
    return fetch(url, { headers: { Authorization: "Bearer " + token }, cache: "no-store", credentials: "omit" });
  }
  function fetchWithToken(id, url, token) {
    get(url, token)
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
  function download(id, url, token, name) {
    get(url, token)
      .then(async (r) => {
        if (r.ok) saveBlob(name, await r.blob());
        return r.status;
      })
      .catch(() => 0)
      .then((status) => done(id, status, ""));
  }

  function readDevice(id) {
    Promise.all([window.TellusWeb.outbox(), window.TellusWeb.held()])
      .then(([queued, held]) => JSON.stringify({ queued, held }))
      .catch(() => JSON.stringify({ queued: [], held: [], error: true }))
      .then((json) => done(id, 200, json));
  }

  function localDate() {
    const d = new Date();
    const two = (n) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
  }

  window.TellusStaff = { urlAsksForStaff, clearStaffUrl, storedToken, storeToken, forgetToken, fetchWithToken, download, saveFile,
    readDevice, localDate };
  // Typing "#staff" after the address of an open app also opens staff mode.
  window.addEventListener("hashchange", () => { if (urlAsksForStaff() && module() && module()._tellus_wake) module()._tellus_wake(); });
})();
