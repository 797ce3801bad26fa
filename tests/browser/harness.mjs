// Shared helpers for browser tests: a real tellus-serve on a free loopback port, a real headless
// Chromium, and ways to act on the app through its accessible twin layer or the canvas.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { PNG } from 'pngjs';
import { fileURLToPath } from 'node:url';

export const repo = process.env.TELLUS_SOURCE_DIR ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const serveBinary = process.env.TELLUS_SERVE ?? path.join(repo, 'build/native/serve/tellus-serve');
export const webDir = process.env.TELLUS_WEB_DIR ?? path.join(repo, 'build/wasm/web');

export function catalog(lang) {
  return JSON.parse(readFileSync(path.join(repo, 'i18n', `${lang}.json`), 'utf8'));
}
export function survey(id = 'primary-care-visit') {
  return JSON.parse(readFileSync(path.join(repo, 'assets/surveys', `${id}.json`), 'utf8'));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

// Servers still running when the test process ends (a failed test skips its clean-up) are killed,
// so a failure reports at once instead of hanging until CTest's time-out.
const running = new Set();
process.on('exit', () => { for (const child of running) child.kill('SIGKILL'); });

// Staff tokens of the test servers' token file, one per role (a bare line is an admin's).
export const STAFF_TOKEN = 'browser-test-staff-token-0123456789';
export const VIEWER_TOKEN = 'browser-test-viewer-token-0123456789';
export const MANAGER_TOKEN = 'browser-test-manager-token-0123456789';

// Starts tellus-serve with a fresh SQLite file (or the one in `dataDir`, on `port`, to restart it);
// returns { url, port, dataDir, stop, kill, stored }.
export async function startServer({ extraArgs = [], dataDir, port } = {}) {
  const dir = dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'tellus-browser-'));
  port ??= await freePort();
  writeFileSync(path.join(dir, 'tokens'), `${STAFF_TOKEN}\nviewer QI lead ${VIEWER_TOKEN}\nmanager Office manager ${MANAGER_TOKEN}\n`);
  const child = spawn(serveBinary, ['--host', '127.0.0.1', '--port', String(port), '--db', path.join(dir, 'tellus.sqlite3'),
    '--web', webDir, '--surveys', path.join(repo, 'assets/surveys'), '--staff-token-file', path.join(dir, 'tokens'), ...extraArgs],
  { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  // Do not keep node alive for the server's sake: when the tests are done, the run ends.
  child.unref();
  child.stdout.unref();
  child.stderr.unref();
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`tellus-serve exited: ${output}`);
    try { if ((await fetch(url + 'healthz')).ok) break; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url, port, dataDir: dir, output: () => output,
    // Every response the server has stored, as staff would download them.
    stored: async () => {
      const r = await fetch(url + 'api/v1/responses?format=json', { headers: { Authorization: `Bearer ${STAFF_TOKEN}` } });
      if (!r.ok) throw new Error(`export failed: ${r.status} ${await r.text()}`);
      return r.json();
    },
    stop: async ({ keepData = false } = {}) => {
      if (child.exitCode === null) { child.kill('SIGTERM'); await new Promise((r) => child.once('exit', r)); }
      if (!keepData && !dataDir) rmSync(dir, { recursive: true, force: true });
    },
    kill: async () => { if (child.exitCode === null) { child.kill('SIGKILL'); await new Promise((r) => child.once('exit', r)); } },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.TELLUS_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  });
}

// Opens the app and waits until its first screen has published its twin layer.
// A new page at serverUrl + query, collecting console errors and uncaught exceptions.
export async function openPage(context, serverUrl, query = '') {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(serverUrl + query);
  return { page, problems };
}

// openPage, then waits until the app has drawn its first controls.
export async function openApp(context, serverUrl, query = '') {
  const opened = await openPage(context, serverUrl, query);
  await opened.page.waitForFunction(() => document.querySelectorAll('#twin-controls .twin').length > 0, null, { timeout: 30000 });
  return opened;
}

export const twin = (page, id) => page.locator(`#twin-controls [data-id="${id}"]`);
export const heading = (page) => page.locator('#twin-heading').textContent();

// Waits until the screen has stood still for a moment, as a person reads before tapping: the app
// ignores taps within 400 ms of a screen change (the second tap of a double tap, issue 12).
export async function settle(page) {
  await page.waitForFunction(() => {
    const h = document.getElementById('twin-heading');
    const now = performance.now();
    if (window.__tellusHeading !== h.textContent) { window.__tellusHeading = h.textContent; window.__tellusHeadingAt = now; }
    return now - window.__tellusHeadingAt >= 450;
  }, null, { polling: 50, timeout: 30000 });
}

// A real tap: the pointer goes down and up where the control is drawn (on the canvas; a text
// field's twin lies over its box and takes the tap itself, as on a phone).
export async function tap(page, id) {
  await twin(page, id).waitFor();
  await settle(page);
  // Out of view, the app scrolls to a control that takes focus (as it does for keyboard users).
  let box = await twin(page, id).boundingBox();
  const viewport = page.viewportSize();
  if (box && (box.y < 0 || box.y + box.height > viewport.height)) {
    await twin(page, id).focus();
    await page.waitForTimeout(300);
    box = await twin(page, id).boundingBox();
    if (box && (box.y < 0 || box.y + box.height > viewport.height)) {
      // Still out of view (the page cannot scroll that far): the keyboard user's way, Enter.
      await page.keyboard.press('Enter');
      await page.waitForTimeout(250);
      return;
    }
  }
  if (!box) throw new Error(`${id} is not on the screen`);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForTimeout(250);  // a person's pace: Dear ImGui 1.86 can merge two taps in one frame (issue 12)
}

// Everything this page could leave behind on the device: address, cookies, both storages, every
// IndexedDB record and every Cache Storage entry (the service worker's), as one searchable text.
export async function deviceStorage(page) {
  return page.evaluate(async () => {
    const parts = [location.href, document.cookie, JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage })];
    for (const { name, version } of await indexedDB.databases()) {
      const db = await new Promise((resolve, reject) => {
        const open = indexedDB.open(name, version);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const store of db.objectStoreNames) {
        const all = await new Promise((resolve) => {
          const get = db.transaction(store).objectStore(store).getAll();
          get.onsuccess = () => resolve(get.result);
        });
        parts.push(JSON.stringify(all));
      }
      db.close();
    }
    for (const key of await caches.keys()) {
      const cache = await caches.open(key);
      for (const request of await cache.keys()) {
        parts.push(request.url, JSON.stringify([...request.headers]));
        const response = await cache.match(request);
        if (response) parts.push(await response.text());
      }
    }
    return parts.join('\n');
  });
}

// Acts on a control the way assistive technology does: through its DOM twin.
export async function activate(page, id) {
  await twin(page, id).waitFor();
  await settle(page);
  await twin(page, id).evaluate((el) => el.click());
  await page.waitForTimeout(50);
}
export async function waitForHeading(page, text, timeout = 10000) {
  await page.waitForFunction((t) => document.getElementById('twin-heading').textContent === t, text, { timeout });
}
// Puts a response straight into the device's outbox, as an older app version or another tab would
// have left it; the app picks it up on its next load.
export async function putInOutbox(page, response) {
  await page.evaluate((item) => new Promise((resolve, reject) => {
    const open = indexedDB.open('tellus', 1);
    open.onsuccess = () => {
      const tx = open.result.transaction('outbox', 'readwrite');
      tx.objectStore('outbox').put({ id: item.id, body: JSON.stringify(item), queued_at: Date.now(), attempts: 0 });
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    };
    open.onerror = () => reject(open.error);
  }), response);
}

// Everything saved on this device and not yet acknowledged by the server.
export async function outbox(page) {
  return page.evaluate(() => window.TellusWeb.outbox());
}

// A loopback proxy in front of tellus-serve that misbehaves on purpose: `fault(req)` returns
// 'ok' (forward), 'error500' (answer 500 without forwarding), or 'drop-after' (forward, let the
// server commit, then cut the connection before the app hears back).
export async function startFaultyProxy(targetPort, fault) {
  const port = await freePort();
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const action = fault(req);
      if (action === 'error500') { res.writeHead(500, { 'Content-Type': 'application/json' }); res.end('{"error":"test fault"}'); return; }
      const upstream = http.request({ host: '127.0.0.1', port: targetPort, path: req.url, method: req.method, headers: req.headers }, (up) => {
        const body = [];
        up.on('data', (c) => body.push(c));
        up.on('end', () => {
          if (action === 'drop-after') { res.socket.destroy(); return; }
          res.writeHead(up.statusCode, up.headers);
          res.end(Buffer.concat(body));
        });
      });
      upstream.on('error', () => res.socket.destroy());
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${port}/`, port, close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }) };
}

// Answers the current question (through its twin) and moves on.
export async function answerAndNext(page, questionId, optionId) {
  if (optionId !== undefined) await activate(page, `answer-${questionId}-${optionId}`);
  const next = await page.locator('#twin-controls [data-id="nav-send"]').count() ? 'nav-send' : 'nav-next';
  await activate(page, next);
}

// Completes the default survey from the welcome screen, answering `answers` (question id ->
// option id, or text for free-text questions) and skipping the rest. Returns when "thank you" shows.
export async function completeSurvey(page, lang, answers = {}) {
  const s = survey();
  await activate(page, 'welcome-start');
  for (const q of s.questions) {
    await waitForHeading(page, q.text[lang]);
    const value = answers[q.id];
    if (q.type === 'text' && value !== undefined) {
      const box = twin(page, `answer-${q.id}`);
      await box.focus();
      await page.keyboard.type(value);
      await answerAndNext(page, q.id);
    } else {
      await answerAndNext(page, q.id, value);
    }
  }
  await waitForHeading(page, catalog(lang)['thanks.heading']);
}

// Waits until `check()` is true (polling), or fails with `what`.
export async function eventually(check, what, timeoutMs = 30000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for: ${what}`);
}

// Asserts the canvas shows something: a black (or any one-colour) canvas is what a failed start,
// a lost WebGL context or a wasm that never ran looks like. "Nearly" one colour, because scaling
// blurs a few pixels of a blank screen's edges; real text and controls cover far more than that.
export async function expectNotBlank(page, what = 'the screen', { minShare = 0.005 } = {}) {
  const png = PNG.sync.read(await page.locator('#canvas').screenshot());
  const counts = new Map();
  for (let i = 0; i < png.data.length; i += 4) {
    const rgb = (png.data[i] << 16) | (png.data[i + 1] << 8) | png.data[i + 2];
    counts.set(rgb, (counts.get(rgb) ?? 0) + 1);
  }
  const pixels = png.width * png.height;
  const [dominant, count] = [...counts].reduce((best, entry) => (entry[1] > best[1] ? entry : best));
  const other = (pixels - count) / pixels;
  const hex = `#${dominant.toString(16).padStart(6, '0')}`;
  assert.ok(other >= minShare, `${what} looks blank: ${(100 * (1 - other)).toFixed(2)}% of the canvas is ${hex} ` +
    `(${counts.size} colours in ${png.width}x${png.height})`);
  return { dominant: hex, otherShare: other, colours: counts.size };
}
