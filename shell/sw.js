// Tellus service worker: the app starts with no network after one online visit.
// - The app's files are cached as one versioned set (a stale tellus.js with a new tellus.wasm fails
//   to start, so they always come from the same set). The version is stamped at build time.
// - The survey, the list of languages (api/v1/languages), the catalogs (i18n/<code>.json) and the
//   server's upload limits (api/v1/limits) are fetched from the network first (for at most 7 s),
//   falling back to the last good copy: a clinic's new or corrected language reaches the device on
//   its next start, and the device still starts offline in every language it had.
// - Only good copies are kept: a Wi-Fi sign-in page (a "captive portal" answers every address with
//   200 text/html) or a broken file must never replace the copy that lets the kiosk start offline.
// - Uploads (POST) are never touched: the app's outbox handles them.
"use strict";
const VERSION = "__TELLUS_VERSION__";
const CACHE = `tellus-app-${VERSION}`;
const RUNTIME = "tellus-runtime";
// The catalogs are not part of the set: they are the server's (its --i18n folder), not the build's.
const APP_FILES = ["./", "index.html", "style.css", "tellus-config.js", "tellus-text.js", "tellus-web.js", "tellus-staff.js", "tellus.js",
  "tellus.wasm", "manifest.webmanifest"];
const LANGUAGES_URL = "api/v1/languages";
const LIMITS_URL = "api/v1/limits";
// A survey or catalog fetch that hangs (a portal that never answers, a dying link) must not keep a
// patient waiting at a blank screen: after this long the last good copy is used.
const SURVEY_NETWORK_TIMEOUT_MS = 7000;  // under the app's own 10 s, so the app gets this copy rather than giving up

// [SECTION] What a good copy is

const mediaType = (response) => (response.headers.get("Content-Type") || "").split(";")[0].trim().toLowerCase();
const isPlainObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

// What the app's survey loader (src/core/survey.cpp) cannot do without: an id, a version, questions.
function isSurvey(value) {
  return isPlainObject(value) && typeof value.id === "string" && value.id !== "" && Number.isInteger(value.version) &&
    value.version >= 1 && Array.isArray(value.questions) && value.questions.length > 0;
}
// A translation catalog: one object of strings (src/core/catalog.cpp) naming its language.
function isCatalog(value) {
  return isPlainObject(value) && Object.keys(value).length > 0 && Object.values(value).every((v) => typeof v === "string") &&
    typeof value["language.name"] === "string" && value["language.name"].trim() !== "";
}
// The server's list of languages (src/core/languages.cpp reads it): at least one with a code and a name.
const LANGUAGE_CODE = /^[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2})?$/;
function isLanguageList(value) {
  return isPlainObject(value) && Array.isArray(value.languages) &&
    value.languages.some((l) => isPlainObject(l) && typeof l.code === "string" && LANGUAGE_CODE.test(l.code) &&
      typeof l.name === "string" && l.name.trim() !== "");
}

// The server's upload limits (src/core/served_limits.cpp reads them): positive whole numbers.
const isPositiveWhole = (value) => Number.isInteger(value) && value >= 1;
function isLimits(value) {
  return isPlainObject(value) && isPlainObject(value.upload) && isPositiveWhole(value.upload.max_bytes) &&
    isPositiveWhole(value.upload.max_responses);
}

async function isJsonOfShape(response, shape) {
  if (mediaType(response) !== "application/json") return false;
  try { return shape(await response.clone().json()); } catch { return false; }
}
async function startsWith(response, magic) {
  const bytes = new Uint8Array(await response.clone().arrayBuffer());
  return magic.every((b, i) => bytes[i] === b);
}
async function mentions(response, text) { return (await response.clone().text()).includes(text); }

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];  // "\0asm"
// The media types each kind of app file may come with. Anything else (above all text/html for a
// file that is not a page) is somebody else's answer.
const EXPECTED = [
  [/\.wasm$/, ["application/wasm"], (r) => startsWith(r, WASM_MAGIC)],
  [/\.m?js$/, ["text/javascript", "application/javascript"]],
  [/\.css$/, ["text/css"]],
  [/\/i18n\/[^/]+\.json$/, ["application/json"], (r) => isJsonOfShape(r, isCatalog)],
  [/\.json$/, ["application/json"]],
  [/\.webmanifest$/, ["application/manifest+json", "application/json"]],
  [/\.ttf$/, ["font/ttf", "font/sfnt", "application/font-sfnt", "application/x-font-ttf"]],
  [/\.otf$/, ["font/otf", "font/sfnt", "application/font-sfnt", "application/x-font-otf"]],
  [/\.woff2?$/, ["font/woff", "font/woff2"]],
  // The app's own page, not a sign-in page that is also HTML: it loads the app's script.
  [/(\/|\.html)$/, ["text/html"], (r) => mentions(r, "tellus-web.js")],
];

async function isGoodAppFile(url, response) {
  if (!response.ok || response.type === "opaque") return false;
  const path = new URL(url).pathname;
  const rule = EXPECTED.find(([pattern]) => pattern.test(path));
  if (!rule) return mediaType(response) !== "text/html";
  const [, types, contentCheck] = rule;
  if (!types.includes(mediaType(response))) return false;
  return contentCheck ? contentCheck(response) : true;
}
async function isGoodSurvey(response) { return response.ok && isJsonOfShape(response, isSurvey); }
async function isGoodLanguageList(response) { return response.ok && isJsonOfShape(response, isLanguageList); }
async function isGoodCatalog(response) { return response.ok && isJsonOfShape(response, isCatalog); }
async function isGoodLimits(response) { return response.ok && isJsonOfShape(response, isLimits); }
const CATALOG_PATH = /\/i18n\/[^/]+\.json$/;

// [SECTION] Install and activate

// "no-cache" revalidates with the ETag the page's own download just stored: a 304, not a second
// download of the wasm on a first visit over mobile data. One bad file fails the whole install, so
// the previous version (and its cache) stays in charge rather than a set with a portal page in it.
async function installAppFiles() {
  const files = await Promise.all(APP_FILES.map(async (file) => {
    const request = new Request(file, { cache: "no-cache" });
    const response = await fetch(request);
    if (!(await isGoodAppFile(request.url, response)))
      throw new Error(`Tellus: ${file} came back as ${response.status} ${mediaType(response) || "(no type)"}, not the app's file`);
    return [request, response];
  }));
  // Stored only once every file is good: no half-filled set is left behind by a failed install.
  const cache = await caches.open(CACHE);
  await Promise.all(files.map(([request, response]) => cache.put(request, response)));
}

// The list of languages and the upload limits, kept as the last good copies so that the device
// starts offline with its language screen and the server's limits. Catalogs are kept as the app
// fetches them (a kiosk fetches every one as it starts, a phone only those it uses), not here: a
// phone's first visit downloads no catalog it does not need. Best effort: the server's answers are
// not part of the app, and never fail an install.
async function keepServerCopy(url, isGood) {
  try {
    const cache = await caches.open(RUNTIME);
    const response = await fetch(new Request(url, { cache: "no-cache" }));
    if (await isGood(response)) await cache.put(new Request(url), response);
  } catch (e) { /* offline, or a portal: the page's own fetches keep copies later */ }
}
const keepServerCopies = () => Promise.all([keepServerCopy(LANGUAGES_URL, isGoodLanguageList), keepServerCopy(LIMITS_URL, isGoodLimits)]);

self.addEventListener("install", (event) => {
  event.waitUntil(installAppFiles().then(keepServerCopies).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith("tellus-app-") && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

// [SECTION] Answering

// The survey, the list of languages, the catalogs and the limits: the network's answer when it is good (kept
// as the new last good copy); otherwise the last good copy; with none, whatever the network said
// (the app explains it, or falls back to what it has built in).
async function networkFirst(request, isGood) {
  const cache = await caches.open(RUNTIME);
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), SURVEY_NETWORK_TIMEOUT_MS);
  try {
    const response = await fetch(request, { signal: abort.signal });
    if (await isGood(response)) {
      await cache.put(request, response.clone());
      return response;
    }
    return (await cache.match(request)) || response;
  } catch (e) {
    const cached = await cache.match(request);
    if (cached) return cached;
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

async function appFile(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request, { ignoreSearch: request.mode === "navigate" });
  if (cached) return cached;
  const response = await fetch(request);
  // Files outside the set (the Chinese font, fetched only when someone picks Chinese) are kept too,
  // when they are good; a bad answer still reaches the page, which copes with a failed load.
  if (await isGoodAppFile(request.url, response)) await (await caches.open(RUNTIME)).put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.includes("/api/v1/surveys/")) {
    event.respondWith(networkFirst(request, isGoodSurvey));
  } else if (url.pathname.endsWith("/api/v1/languages")) {
    event.respondWith(networkFirst(request, isGoodLanguageList));
  } else if (url.pathname.endsWith("/api/v1/limits")) {
    event.respondWith(networkFirst(request, isGoodLimits));
  } else if (CATALOG_PATH.test(url.pathname)) {
    event.respondWith(networkFirst(request, isGoodCatalog));
  } else if (!url.pathname.includes("/api/") && url.pathname !== "/healthz") {
    event.respondWith(appFile(request).catch(async () => (await caches.open(RUNTIME)).match(request)
      .then((r) => r || Response.error())));
  }
});
