// Browser glue for the Tellus app: the JavaScript half of src/platform/web.cpp.
// Implemented features:
//  - fetch of text and binary assets, handed to C++ (fetchText)
//  - the outbox in IndexedDB: saves confirmed on disk before "thank you", loads, removals, holds
//  - uploads with fetch() under a Web Lock (one tab at a time), timers and online/offline events
//  - the accessible twin layer: real DOM controls over the canvas, kept in sync (publishTwins)
//  - waking the render-on-demand loop on input
"use strict";
(function () {
  const DB_NAME = "tellus", OUTBOX = "outbox", HELD = "held";
  let db = null;

  // Calls into the wasm are only safe once its runtime has started (exports exist before that).
  let ready = false;
  function module() { return window.Module; }

  function toHeap(bytes) {
    const ptr = module()._malloc(Math.max(1, bytes.length));
    module().HEAPU8.set(bytes, ptr);
    return ptr;
  }
  function withCString(text, fn) {
    const bytes = new TextEncoder().encode(text + "\0");
    const ptr = toHeap(bytes);
    try { return fn(ptr); } finally { module()._free(ptr); }
  }

  // A named moment on the page's performance timeline, for bench/app's start-up breakdown (only
  // the first of each name counts there).
  function mark(name) { if (performance.mark) performance.mark(`tellus:${name}`); }

  // [SECTION] Fetch
  const surveyUrls = new Set();  // fetched again once the service worker controls the page, to cache them
  const getBytes = (url) => fetch(url, { cache: "no-cache" })
    .then(async (r) => ({ status: r.status, bytes: new Uint8Array(await r.arrayBuffer()) }))
    .catch(() => ({ status: 0, bytes: new Uint8Array(0) }));
  // What every start needs is requested at once, while the wasm is still compiling.
  const early = new Map();
  {
    const params = new URLSearchParams(location.search);
    // The survey, the server's list of languages (it names each one in itself) and the catalog of
    // the language the link names: the other catalogs come when a language is chosen (src/core/app_model.hpp).
    const config = window.TellusConfig;
    const urls = [];
    if (!params.get("api")) {
      urls.push("api/v1/surveys/" + (params.get("survey") || config.defaultSurvey), "api/v1/languages");
      const lang = params.get("lang");
      if (lang && /^[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2})?$/.test(lang)) urls.push(`i18n/${lang}.json`);
    }
    for (const url of urls) early.set(url, getBytes(url));
  }
  // The one way an answer goes back to C++: the id of a call in its registry (platform.hpp).
  function done(id, status, bytes) {
    const ptr = toHeap(bytes);
    try { module()._tellus_done(id, status, ptr, bytes.length); } finally { module()._free(ptr); }
  }
  function doneText(id, status, text) { done(id, status, new TextEncoder().encode(text || "")); }
  function callSoon(id, status, text) { setTimeout(() => doneText(id, status, text), 0); }
  function fetchText(id, url) {
    if (url.includes("api/v1/surveys/")) surveyUrls.add(url);
    const pending = early.get(url);
    early.delete(url);
    (pending || getBytes(url)).then(({ status, bytes }) => {
      done(id, status, bytes);  // C++ has parsed it when this returns
      const kind = url.includes("api/v1/surveys/") ? "survey" : url.startsWith("i18n/") ? "catalog" : "";
      if (kind) mark(`${kind}-parsed`);
    });
  }
  // The service worker's last good copy (sw.js keeps only copies that validated).
  function fetchCached(id, url) {
    const absolute = new URL(url, location.href).href;
    const read = "caches" in window ? caches.open("tellus-runtime").then((c) => c.match(absolute)) : Promise.resolve(undefined);
    read.then((r) => (r ? r.arrayBuffer().then((b) => done(id, 200, new Uint8Array(b))) : done(id, 0, new Uint8Array(0))))
      .catch(() => done(id, 0, new Uint8Array(0)));
  }

  // [SECTION] Durable storage (IndexedDB)
  function openDb() {
    if (db) return Promise.resolve(db);
    return new Promise((resolve, reject) => {
      let request;
      try { request = indexedDB.open(DB_NAME, 1); } catch (e) { reject(e); return; }
      request.onupgradeneeded = () => {
        const d = request.result;
        if (!d.objectStoreNames.contains(OUTBOX)) d.createObjectStore(OUTBOX, { keyPath: "id" });
        if (!d.objectStoreNames.contains(HELD)) d.createObjectStore(HELD, { keyPath: "id" });
      };
      request.onsuccess = () => { db = request.result; resolve(db); };
      request.onerror = () => reject(request.error);
    });
  }
  // One IndexedDB transaction over `stores`; resolves when it has committed ("strict": on disk).
  function transact(stores, mode, work) {
    return openDb().then((d) => new Promise((resolve, reject) => {
      const tx = d.transaction(stores, mode, { durability: "strict" });
      const result = work(tx);
      tx.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
      tx.onerror = tx.onabort = () => reject(tx.error);
    }));
  }
  function outboxPut(id, body, queuedAt) {
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
    transact([OUTBOX], "readwrite", (tx) => { tx.objectStore(OUTBOX).put({ id, body, queued_at: queuedAt, attempts: 0 }); })
      .then(() => true, (e) => { console.warn("Tellus: could not save on this device:", e && e.name); return false; })
      .then((ok) => withCString(id, (p) => module()._tellus_outbox_saved(p, ok ? 1 : 0)));
  }
  function outboxRemove(id) {
    transact([OUTBOX], "readwrite", (tx) => { tx.objectStore(OUTBOX).delete(id); }).catch(() => {});
  }
  function outboxHold(json) {
    const record = JSON.parse(json);
    transact([OUTBOX, HELD], "readwrite", (tx) => {
      tx.objectStore(OUTBOX).delete(record.id);
      tx.objectStore(HELD).put(record);
    }).catch(() => {});
  }
  function readAll(store) {
    return transact([store], "readonly", (tx) => tx.objectStore(store).getAll());
  }
  function outboxLoadAll() {
    Promise.all([readAll(OUTBOX), readAll(HELD)])
      .catch((e) => { console.warn("Tellus: could not read this device's storage:", e && e.name); return [[], []]; })
      .then(([queued, held]) => withCString(JSON.stringify({ queued, held }), (p) => module()._tellus_outbox_loaded(p)));
  }
  // Everything waiting on this device, and what the server refused (read-only: tests).
  function outbox() { return readAll(OUTBOX); }
  function held() { return readAll(HELD); }

  // [SECTION] Upload
  const UPLOAD_TIMEOUT_MS = 30000;
  const RESPONSE = 0, NETWORK_ERROR = 1, TIMEOUT = 2, REFUSED = 3;
  function uploadDone(batchId, kind, status, body, retryAfterMs) {
    withCString(batchId, (b) => withCString(body || "", (p) => module()._tellus_upload_done(b, kind, status, p, retryAfterMs || 0)));
  }
  async function post(url, body) {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), UPLOAD_TIMEOUT_MS);
    try {
      const r = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body, signal: abort.signal,
                                   cache: "no-store", credentials: "omit" });
      const retryAfter = Number(r.headers.get("Retry-After")) * 1000;
      return [RESPONSE, r.status, await r.text(), retryAfter > 0 ? retryAfter : 0];
    } catch (e) {
      return [abort.signal.aborted ? TIMEOUT : NETWORK_ERROR, 0, String(e && e.message || e), 0];
    } finally {
      clearTimeout(timer);
    }
  }
  // Two tabs on one phone share one outbox: a Web Lock lets only one of them upload at a time.
  function upload(url, batchId, body) {
    const run = (lock) => lock === null ? Promise.resolve([REFUSED, 0, "", 0]) : post(url, body);
    const work = navigator.locks ? navigator.locks.request("tellus-upload", { ifAvailable: true }, run) : run(true);
    work.then(([kind, status, text, retryAfter]) => uploadDone(batchId, kind, status, text, retryAfter));
  }
  function syncTick() { if (ready) module()._tellus_sync_tick(); }
  setInterval(syncTick, 1000);
  window.addEventListener("online", () => { if (ready) module()._tellus_sync_online(1); });
  window.addEventListener("offline", () => { if (ready) module()._tellus_sync_online(0); });

  // [SECTION] Twin layer
  const ACTIVATE = 0, SET_VALUE = 1;
  const elements = new Map();  // twin id -> element
  const groups = new Map();    // group id -> radiogroup element

  function act(kind, id, value) {
    withCString(id, (idPtr) => withCString(value || "", (valuePtr) => module()._tellus_twin_action(kind, idPtr, valuePtr)));
  }
  function focusChanged(id) { withCString(id, (p) => module()._tellus_twin_focus(p)); }

  function createTwin(t) {
    let el;
    if (t.role === "text") {
      el = document.createElement("p");  // what the screen says, in reading order; not a control
      el.className = "twin";
      el.dataset.id = t.id;
      return el;
    }
    if (t.role === "progressbar") {
      el = document.createElement("div");  // how far along: read, not operated, so not a tab stop
      el.setAttribute("role", "progressbar");
      el.className = "twin";
      el.dataset.id = t.id;
      return el;
    }
    if (t.role === "textbox" && t.secret) {
      // The staff token: a password field outside any form, not autofilled and not offered to a
      // password manager ("off"; kiosk set-up also turns saving off: docs). Enter signs in.
      el = document.createElement("input");
      el.type = "password";
      el.setAttribute("autocomplete", "off");
      el.setAttribute("autocapitalize", "off");
      el.spellcheck = false;
      el.addEventListener("input", () => act(SET_VALUE, el.dataset.id, el.value));
      el.addEventListener("keydown", (e) => {
        if (e.key !== "Enter" || e.isComposing) return;
        e.preventDefault();
        act(SET_VALUE, el.dataset.id, el.value);
        act(ACTIVATE, el.dataset.id);
      });
    } else if (t.role === "textbox") {
      el = document.createElement("textarea");
      el.dir = "auto";  // a comment reads in the direction it is typed in, whatever the screen's language
      // Off: autocorrect would rewrite a patient's words; we send exactly what they typed.
      el.setAttribute("autocapitalize", "sentences");
      el.setAttribute("autocomplete", "off");
      el.spellcheck = false;
      el.addEventListener("input", () => act(SET_VALUE, el.dataset.id, el.value));
      // The text box lies over the canvas and would swallow the mouse wheel: the screen beneath
      // must still scroll when the pointer rests on the box (its own text is drawn by the canvas).
      el.addEventListener("wheel", (e) => {
        e.preventDefault();
        module().canvas.dispatchEvent(new WheelEvent("wheel", { deltaX: e.deltaX, deltaY: e.deltaY, deltaMode: e.deltaMode,
          clientX: e.clientX, clientY: e.clientY, screenX: e.screenX, screenY: e.screenY, bubbles: true, cancelable: true }));
      }, { passive: false });
    } else {
      el = document.createElement("button");
      el.type = "button";
      if (t.role !== "button") el.setAttribute("role", t.role);
      el.addEventListener("click", () => {
        if (el.getAttribute("aria-disabled") === "true") return;
        // A radio only checks (as screen-reader and keyboard users expect); tapping a chosen
        // answer again on the canvas is what un-answers it.
        if (el.getAttribute("role") === "radio" && el.getAttribute("aria-checked") === "true") return;
        act(ACTIVATE, el.dataset.id);
      });
      if (t.role === "radio") el.addEventListener("keydown", (e) => moveInRadioGroup(el, e));
    }
    el.className = "twin";
    el.dataset.id = t.id;
    el.addEventListener("focus", () => focusChanged(el.dataset.id));
    el.addEventListener("blur", () => focusChanged(""));
    return el;
  }

  // Arrow keys move (and choose, like native radios) within a group; Tab leaves the group.
  function moveInRadioGroup(el, e) {
    const step = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[e.key];
    if (!step) return;
    e.preventDefault();
    const radios = [...el.parentNode.querySelectorAll('[role="radio"]')];
    const next = radios[(radios.indexOf(el) + step + radios.length) % radios.length];
    next.focus();
    if (next.getAttribute("aria-checked") !== "true") act(ACTIVATE, next.dataset.id);
  }
  // One tab stop per radio group: the chosen answer, or the first one.
  function rovingTabIndex(group) {
    const radios = [...group.querySelectorAll('[role="radio"]')];
    if (!radios.length) return;
    const stop = radios.find((r) => r.getAttribute("aria-checked") === "true") || radios[0];
    for (const r of radios) r.tabIndex = r === stop || r === document.activeElement ? 0 : -1;
  }

  function containerFor(t, root) {
    if (!t.group) return root;
    let g = groups.get(t.group);
    if (!g) {
      g = document.createElement("div");
      g.setAttribute("role", t.role === "radio" ? "radiogroup" : "group");
      g.dataset.group = t.group;
      groups.set(t.group, g);
    }
    g.setAttribute("aria-labelledby", "twin-heading");
    if (g.parentNode !== root) root.appendChild(g);
    return g;
  }

  function updateTwin(el, t) {
    const [x, y, w, h] = t.rect;
    el.style.left = x + "px"; el.style.top = y + "px"; el.style.width = w + "px"; el.style.height = h + "px";
    if (t.role === "text") {
      if (el.textContent !== t.name) el.textContent = t.name;
      return;
    }
    if (el.getAttribute("aria-label") !== t.name) el.setAttribute("aria-label", t.name);
    if (t.role === "progressbar") {
      // The words ("Question 3 of 11") are what a screen reader says, rather than "27 percent".
      el.setAttribute("aria-valuemin", String(t.min));
      el.setAttribute("aria-valuemax", String(t.max));
      el.setAttribute("aria-valuenow", t.value);
      el.setAttribute("aria-valuetext", t.name);
      return;
    }
    // Toggle buttons (high contrast, "Show token") say whether they are on; plain buttons say nothing.
    if ("pressed" in t) el.setAttribute("aria-pressed", String(t.pressed)); else el.removeAttribute("aria-pressed");
    if (t.role === "radio" || t.role === "checkbox") el.setAttribute("aria-checked", String(t.checked));
    if (t.disabled) el.setAttribute("aria-disabled", "true"); else el.removeAttribute("aria-disabled");
    if (t.role === "textbox") {
      if (t.secret) {
        const type = t.shown ? "text" : "password";
        if (el.type !== type) el.type = type;
      }
      if (t.max > 0) el.maxLength = t.max;
      if (el.value !== t.value && document.activeElement !== el) el.value = t.value;
    } else if (el.textContent !== t.name) {
      el.textContent = t.name;
    }
  }

  function startFailed(why) {
    console.warn("Tellus could not start:", why);
    const failed = document.getElementById("starting-failed");
    if (!failed) return;  // the app had drawn: its own screens explain
    failed.hidden = false;
    document.getElementById("starting-loading").hidden = true;
  }
  function publishTwins(json) {
    document.getElementById("starting")?.remove();  // the app's first screen is drawn (index.html)
    const layer = JSON.parse(json);
    const root = document.getElementById("twin-controls");
    // What the screen says is in this language and direction (the canvas mirrors for RTL), for
    // the twins and the live region alike.
    const page = document.documentElement;
    if (page.lang !== layer.lang) page.lang = layer.lang;
    if (page.dir !== layer.dir) page.dir = layer.dir;
    const heading = document.getElementById("twin-heading");
    if (heading.textContent !== layer.heading) heading.textContent = layer.heading;
    const status = document.getElementById("twin-status");
    if (status.textContent !== layer.status) status.textContent = layer.status;
    // Twins that are gone leave first, so they do not stand between the ones that are placed below.
    const seen = new Set(layer.twins.map((t) => t.id));
    for (const [id, el] of elements) if (!seen.has(id)) { el.remove(); elements.delete(id); }
    for (const [id, g] of groups) if (!g.children.length) { g.remove(); groups.delete(id); }
    let previous = null, previousTop = null;
    for (const t of layer.twins) {
      let el = elements.get(t.id);
      if (!el || el.dataset.role !== t.role) {
        if (el) el.remove();
        el = createTwin(t);
        el.dataset.role = t.role;
        elements.set(t.id, el);
      }
      updateTwin(el, t);
      const parent = containerFor(t, root);
      // Keep DOM order = drawing order, so Tab and reading follow the screen: each twin in place
      // within its group, and each group in place among the other twins (a new question's group
      // goes before the Back/Next buttons kept from the previous question, not after them).
      const top = parent === root ? el : parent;
      // (Only misplaced nodes move: moving a node takes keyboard focus away from it.)
      const placeAfter = (node, container, before) => {
        const inPlace = node.parentNode === container && (before ? node.previousSibling === before : node === container.firstChild);
        if (!inPlace) container.insertBefore(node, before ? before.nextSibling : container.firstChild);
      };
      if (top !== previousTop) placeAfter(top, root, previousTop);
      previousTop = top;
      if (parent !== root) placeAfter(el, parent, previous && previous.parentNode === parent ? previous : null);
      previous = el;
    }
    for (const [id, g] of groups) if (!g.children.length) { g.remove(); groups.delete(id); } else rovingTabIndex(g);
    if (layer.announce) {
      const live = document.getElementById("announce");
      live.textContent = "";
      setTimeout(() => { live.textContent = layer.announce; }, 50);
    }
  }

  // [SECTION] Read aloud
  let speaking = false, current = null;
  const synth = window.speechSynthesis;
  const voiceFor = (lang) => synth && synth.getVoices().find((v) => v.lang.toLowerCase().startsWith(lang.toLowerCase()));
  if (synth) synth.addEventListener("voiceschanged", () => wake());  // voices arrive after start-up
  function speechAvailable(lang) { return !!voiceFor(lang); }
  function speak(text, lang) {
    stopSpeaking();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.voice = voiceFor(lang);
    utterance.lang = utterance.voice.lang;
    utterance.rate = 0.9;  // a little slower than default: easier to follow
    // Only this utterance's end: a cancelled one ends late ("interrupted"), while the next speaks.
    utterance.onend = utterance.onerror = () => { if (current === utterance) { speaking = false; current = null; } wake(); };
    current = utterance;
    speaking = true;
    synth.speak(utterance);
  }
  // (Not when nothing was ever said: the first call into speech synthesis starts its engine,
  // which a screen change should not wait for.)
  function stopSpeaking() { if (synth && (speaking || synth.speaking || synth.pending)) synth.cancel(); speaking = false; }
  function isSpeaking() { return speaking; }

  // [SECTION] Kiosk
  // Browsers allow full screen only from a user's gesture: the first touch on a kiosk takes it.
  if (new URLSearchParams(location.search).get("mode") === "kiosk" && document.documentElement.requestFullscreen) {
    const goFullScreen = () => {
      if (!document.fullscreenElement) document.documentElement.requestFullscreen({ navigationUI: "hide" }).catch(() => {});
    };
    window.addEventListener("pointerdown", goFullScreen, { passive: true });
    window.addEventListener("keydown", goFullScreen, { passive: true });
  }

  // [SECTION] Waking the render loop
  function wake() { if (ready) module()._tellus_wake(); }
  // A deadline the app asked for: it draws only if something is due (an idle screen draws nothing).
  function timerFired() { if (ready) module()._tellus_timer(); }
  // One timer at a time, for the earliest deadline asked for: frames ask again every time they
  // draw, and stacking a timer per frame would keep an idle kiosk busy.
  let wakeTimer = null, wakeDue = Infinity;
  function wakeAfter(ms) {
    const due = performance.now() + ms;
    if (wakeTimer !== null && wakeDue <= due) return;
    clearTimeout(wakeTimer);
    wakeDue = due;
    wakeTimer = setTimeout(() => { wakeTimer = null; wakeDue = Infinity; timerFired(); }, ms);
  }
  for (const type of ["pointerdown", "pointermove", "pointerup", "keydown", "keyup", "wheel", "resize", "orientationchange", "visibilitychange"])
    window.addEventListener(type, wake, { passive: true });

  // [SECTION] Offline start
  // A new version installs in the background and is used from the next start: a kiosk reloads
  // between two patients (reloadIfUpdated), never in the middle of someone's survey.
  let updated = false;
  if ("serviceWorker" in navigator && location.protocol !== "file:") {
    const hadController = !!navigator.serviceWorker.controller;
    navigator.serviceWorker.addEventListener("controllerchange", () => {
      if (hadController) updated = true;
      // On a first visit the survey arrived before the worker could keep a copy: fetch it through it now.
      for (const url of surveyUrls) fetch(url, { cache: "no-cache" }).catch(() => {});
    });
    window.addEventListener("load", () => navigator.serviceWorker.register("sw.js").catch((e) => console.warn("Tellus: offline start unavailable:", e && e.message)));
  }
  function reloadIfUpdated() { if (updated) location.reload(); }

  function announce(text) {
    const live = document.getElementById("announce");
    live.textContent = "";
    setTimeout(() => { live.textContent = text; }, 50);
  }

  window.TellusWeb = { fetchText, fetchCached, callSoon, done: doneText, announce, outboxPut, outboxRemove, outboxHold, outboxLoadAll, outbox, held, upload, publishTwins, reloadIfUpdated,
    speechAvailable, speak, stopSpeaking, isSpeaking, wakeAfter, mark, startFailed };
  window.Module = window.Module || {};
  window.Module.canvas = document.getElementById("canvas");
  // The wasm failed to download or compile (Emscripten reports it here as "Aborted(...)"): the
  // page says so in words instead of "Loading" for ever. (No WebGL 2: main_web.cpp calls startFailed.)
  window.Module.printErr = (text) => {
    console.error(text);
    if (/^Aborted\(/.test(String(text))) startFailed(text);
  };
  window.Module.onRuntimeInitialized = () => { ready = true; mark("runtime-ready"); };
})();
