// Tellus service worker: the app starts with no network after one online visit.
// - The app's files are cached as one versioned set (a stale tellus.js with a new tellus.wasm fails
//   to start, so they always come from the same set). The version is stamped at build time.
// - The survey is fetched from the network first, falling back to the last good copy.
// - Uploads (POST) are never touched: the app's outbox handles them.
"use strict";
const VERSION = "__TELLUS_VERSION__";
const CACHE = `tellus-app-${VERSION}`;
const RUNTIME = "tellus-runtime";
importScripts("tellus-config.js");  // the catalogs there are (generated at build time)
const APP_FILES = ["./", "index.html", "style.css", "tellus-config.js", "tellus-web.js", "tellus-staff.js", "tellus.js", "tellus.wasm",
  "manifest.webmanifest", "fonts/NotoSans-tellus.ttf", "fonts/NotoSansSC-names.otf",
  ...self.TellusConfig.languages.map((lang) => `i18n/${lang}.json`)];

// "no-cache" revalidates with the ETag the page's own download just stored: a 304, not a second
// download of the wasm on a first visit over mobile data.
self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE)
    .then((cache) => cache.addAll(APP_FILES.map((f) => new Request(f, { cache: "no-cache" }))))
    .then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith("tellus-app-") && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

async function networkFirst(request) {
  const cache = await caches.open(RUNTIME);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (e) {
    const cached = await cache.match(request);
    if (cached) return cached;
    throw e;
  }
}

async function appFile(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request, { ignoreSearch: request.mode === "navigate" });
  if (cached) return cached;
  const response = await fetch(request);
  // Files outside the set (the Chinese font, fetched only when someone picks Chinese) are kept too.
  if (response.ok) (await caches.open(RUNTIME)).put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.includes("/api/v1/surveys/")) {
    event.respondWith(networkFirst(request));
  } else if (!url.pathname.includes("/api/") && url.pathname !== "/healthz") {
    event.respondWith(appFile(request).catch(async () => (await caches.open(RUNTIME)).match(request)
      .then((r) => r || Response.error())));
  }
});
