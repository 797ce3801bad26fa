// Tellus vs SurveyJS on the same survey, side by side in one run of headless Debian Chromium.
// Prints a table (it never passes or fails on timings) and writes bench/out/app.json.
// See bench/README.md for what each figure means.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';
import { startServers } from './servers.mjs';
import { fileURLToPath } from 'node:url';
import { alternate, median } from './stats.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = process.env.TELLUS_SOURCE_DIR ?? path.resolve(here, '../..');
const nodeModules = path.resolve(here, '../node_modules');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 10000);
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 1000);
const VIEWPORT = { width: 1280, height: 800 };
// A phone on mobile data, really slowed down in the browser (not simulated afterwards): the values
// of Lighthouse's mobile preset when it throttles with DevTools (slow 4G: 150 ms round trip times
// 3.75 per request, 1.6 Mbit/s x 0.9 down, 750 kbit/s x 0.9 up; a 4x slower CPU), on its phone's screen.
const PHONE_RUNS = Number(process.env.BENCH_PHONE_RUNS ?? 3);
const SLOW_4G = { offline: false, latency: 150 * 3.75, downloadThroughput: (1.6 * 1024 * 0.9 * 1024) / 8, uploadThroughput: (750 * 0.9 * 1024) / 8 };
const PHONE = { viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true, cpuSlowdown: 4 };
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

function fail(msg) { console.error(`bench/app: ${msg}`); process.exit(2); }

// ---------- servers (servers.mjs: the survey both ways, tellus-serve, the SurveyJS page) ----------
const { cleanups, cleanup, survey, catalogs, precompressNote, tellusPort, tellusUrl, sjsPort, sjsUrl } = await startServers({ fail });

// ---------- the survey's texts the bench waits for ----------
const firstText = { en: survey.questions[0].text.en, fr: survey.questions[0].text.fr };
const welcomeText = { en: catalogs.en['welcome.heading'], fr: catalogs.fr['welcome.heading'] };
// Every language Tellus ships, for the per-language first visit (issue 13): what a visitor pays.
const tellusLanguages = fs.readdirSync(path.join(repo, 'i18n')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
for (const lang of tellusLanguages) {
  const catalog = JSON.parse(fs.readFileSync(path.join(repo, 'i18n', `${lang}.json`), 'utf8'));
  welcomeText[lang] ??= catalog['welcome.heading'];
  firstText[lang] ??= survey.questions[0].text[lang] ?? survey.questions[0].text.en;
}

// A byte-counting loopback TCP proxy in front of each server, for the transfer visits only: it sees
// every response byte the browser receives (pages, a service worker's precache downloads, anything),
// whatever the browser's own accounting says. Timing visits go to the servers directly.
function countingProxy(targetPort) {
  const counter = { down: 0, up: 0, last: Date.now(), requests: [], requestTimes: [] };
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    client.on('data', (d) => {
      counter.up += d.length; counter.last = Date.now();
      for (const m of d.toString('latin1').matchAll(/^(GET|HEAD|POST|PUT) (\S+) HTTP\/1\.[01]\r$/gm)) {
        counter.requests.push(`${m[1]} ${m[2]}`);
        counter.requestTimes.push(Date.now());
      }
    });
    upstream.on('data', (d) => { counter.down += d.length; counter.last = Date.now(); });
    client.pipe(upstream); upstream.pipe(client);
    client.on('error', () => upstream.destroy()); upstream.on('error', () => client.destroy());
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    cleanups.push(() => new Promise((r) => { server.close(() => r()); setTimeout(r, 500); }));
    resolve({ counter, url: `http://127.0.0.1:${server.address().port}/`, reset() { counter.down = 0; counter.up = 0; counter.last = Date.now(); counter.requests = []; counter.requestTimes = []; } });
  }));
}
const proxies = { tellus: await countingProxy(tellusPort), surveyjs: await countingProxy(sjsPort) };

// ---------- browser ----------
const marker = `--tellus-bench-marker=${process.pid}-${Date.now()}`;  // finds the browser's process tree in /proc
const browser = await chromium.launch({
  executablePath: process.env.TELLUS_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', marker],
});
cleanups.push(() => browser.close());

function procStat(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
  } catch { return null; }
}
const browserPid = (() => {
  for (const p of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try { if (fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').includes(marker)) return Number(p); } catch { /* gone */ }
  }
  return null;
})();
// CPU ticks of the browser and all its descendants (renderer, GPU, network, utility processes), per pid.
function treeTicks() {
  if (!browserPid) return null;
  const stats = new Map();
  for (const p of fs.readdirSync('/proc')) if (/^\d+$/.test(p)) { const s = procStat(p); if (s) stats.set(Number(p), s); }
  const inTree = (pid) => { for (let i = 0; i < 10 && pid > 1; i++) { if (pid === browserPid) return true; pid = stats.get(pid)?.ppid ?? 0; } return false; };
  const out = new Map();
  for (const [pid, s] of stats) if (inTree(pid)) out.set(pid, s.ticks);
  return out;
}
function treeDeltaMs(a, b) {
  if (!a || !b) return null;
  let t = 0;
  for (const [pid, ticks] of b) t += ticks - (a.get(pid) ?? 0);  // processes born in the window count from 0
  return (t * 1000) / CLK_TCK;
}

// Records, from inside the page, when the welcome and the first question appear (ms since navigation
// start); for Tellus it presses Start through the twin layer as soon as the welcome is there.
function instrument({ app, welcome, first }) {
  const TAP_GUARD_WAIT_MS = 450;
  const marks = (window.__bench = { raf: 0, timeouts: 0 });
  const now = () => performance.now();
  // Counts the page's own animation-frame and timer requests (a diagnostic for the idle window).
  const raf = window.requestAnimationFrame.bind(window);
  const timeout = window.setTimeout.bind(window);
  window.requestAnimationFrame = (cb) => { marks.raf++; return raf(cb); };
  window.setTimeout = (...a) => { marks.timeouts++; return timeout(...a); };
  const frame = (key) => raf(() => { marks[key] = now(); });
  const check = () => {
    if (app === 'tellus') {
      const h = document.getElementById('twin-heading');
      const start = document.querySelector('#twin-controls [data-id="welcome-start"]');
      if (marks.welcome === undefined && start && h && h.textContent === welcome) {
        marks.welcome = now(); frame('welcomeFrame');
        // The app ignores a tap within 400 ms of a screen change (a double tap's second tap): the
        // bench taps Start after 450 ms, as a person would, and leaves that wait out of the figure.
        timeout(() => { marks.tapWait = now() - marks.welcome; start.click(); }, TAP_GUARD_WAIT_MS);
      }
      if (marks.first === undefined && h && h.textContent === first) {
        marks.first = now() - (marks.tapWait ?? 0);
        raf(() => { marks.firstFrame = now() - (marks.tapWait ?? 0); });
        obs.disconnect();
      }
    } else if (marks.first === undefined && document.body && document.body.textContent.includes(first)) {
      const title = [...document.querySelectorAll('.sd-question__title, h5, [class*="title"]')].find((e) => e.textContent.includes(first));
      marks.first = now(); marks.firstInTitle = !!title; frame('firstFrame'); obs.disconnect();
    }
  };
  const obs = new MutationObserver(check);
  obs.observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
}

// Where the time to the first question goes (issue 16): moments in ms since navigation start, from
// the page's own timeline. Resource timing gives when each file had arrived; Tellus marks the rest
// (shell/tellus-web.js, shell/tellus-text.js, src/platform/web.cpp: "tellus:..." marks).
function startupTimeline() {
  const nav = performance.getEntriesByType('navigation')[0];
  const resources = performance.getEntriesByType('resource');
  const arrived = (pattern) => {
    const times = resources.filter((r) => pattern.test(new URL(r.name).pathname)).map((r) => r.responseEnd);
    return times.length ? Math.max(...times) : null;
  };
  const mark = (name) => performance.getEntriesByName(`tellus:${name}`, 'mark')[0]?.startTime ?? null;
  return {
    html: nav ? nav.responseEnd : null,
    js: arrived(/\.js$/),
    wasm: arrived(/\.wasm$/),
    runtimeReady: mark('runtime-ready'),
    webglReady: mark('webgl-ready'),
    surveyArrived: arrived(/\/api\/v1\/surveys\/|\/survey\.json$/),
    surveyParsed: mark('survey-parsed'),
    catalogParsed: mark('catalog-parsed'),
    textReady: mark('text-ready'),
    firstFrame: mark('first-frame'),
  };
}

const category = (url, type) => {
  const p = new URL(url).pathname;
  if (/\.wasm$/.test(p)) return 'wasm';
  if (/\.(ttf|otf|woff2?)$/.test(p) || type === 'font') return 'fonts';
  if (/\.css$/.test(p) || type === 'stylesheet') return 'css';
  if (/\.m?js$/.test(p) || type === 'script') return 'js';
  if (type === 'document') return 'html';
  return 'data';
};

// One visit in a fresh context (cold cache). Returns timings, transfer and (optionally) idle CPU.
async function visit(app, lang, { idle, proxy, mode = 'kiosk', phoneOnSlow4g = false }) {
  const screen = phoneOnSlow4g ? { viewport: PHONE.viewport, deviceScaleFactor: PHONE.deviceScaleFactor, isMobile: true, hasTouch: true } : { viewport: VIEWPORT };
  const context = await browser.newContext({ ...screen, locale: lang === 'fr' ? 'fr-CA' : 'en-CA' });
  try {
    await context.addInitScript(instrument, { app, welcome: welcomeText[lang], first: firstText[lang] });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    const requests = [];
    const pending = [];
    // Context-wide, so a service worker's own downloads count too; a page request that the service worker
    // answered is recorded but not counted (its bytes came over the network in the worker's request).
    context.on('requestfinished', (req) => pending.push((async () => {
      const url = req.url();
      const resp = await req.response();
      const viaWorker = !!resp?.fromServiceWorker();
      const sizes = await req.sizes();
      let raw = null;
      try { raw = await resp.body(); } catch { /* not kept */ }
      requests.push({ url, viaWorker, category: category(url, req.resourceType()), status: resp?.status(),
        encoding: (await resp?.headerValue('content-encoding')) ?? 'identity',
        encodedBody: sizes.responseBodySize, headers: sizes.responseHeadersSize, decoded: raw ? raw.length : null,
        brotli11: raw ? zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length : null });
    })()));
    context.on('requestfailed', (req) => requests.push({ url: req.url(), failed: req.failure()?.errorText }));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    if (phoneOnSlow4g) {
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: PHONE.cpuSlowdown });
    }
    const base = proxy ? proxy.url : app === 'tellus' ? tellusUrl : sjsUrl;
    const url = app === 'tellus' ? `${base}?lang=${lang}&mode=${mode}` : `${base}?lang=${lang}`;
    if (proxy) proxy.reset();
    await page.goto(url, { waitUntil: 'commit' });
    try {
      await page.waitForFunction(() => window.__bench && window.__bench.firstFrame !== undefined, null, { timeout: 60000, polling: 50 });
    } catch (e) {
      const seen = await page.evaluate(() => ({ marks: window.__bench, heading: document.getElementById('twin-heading')?.textContent,
        twins: [...document.querySelectorAll('#twin-controls [data-id]')].map((t) => t.dataset.id) })).catch(() => null);
      throw new Error(`${app} ${lang}: the first question did not appear within 60 s; page state ${JSON.stringify(seen)}; errors ${JSON.stringify(problems.slice(0, 5))}`);
    }
    const marks = await page.evaluate(() => window.__bench);
    const timeline = await page.evaluate(startupTimeline);
    let cpu = null;
    await page.waitForTimeout(SETTLE_MS);
    if (idle) {
      const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
      const counts = () => page.evaluate(() => ({ raf: window.__bench.raf, timeouts: window.__bench.timeouts }));
      const c0 = await counts();
      const m0 = await metrics(); const t0 = treeTicks(); const w0 = Date.now();
      await new Promise((r) => setTimeout(r, IDLE_MS));
      const m1 = await metrics(); const t1 = treeTicks(); const w1 = Date.now();
      const c1 = await counts();
      const d = (k) => (m1[k] - m0[k]) * 1000;
      cpu = { windowMs: w1 - w0, taskMs: d('TaskDuration'), scriptMs: d('ScriptDuration'), layoutMs: d('LayoutDuration'),
        styleMs: d('RecalcStyleDuration'), processTreeMs: treeDeltaMs(t0, t1),
        animationFrames: c1.raf - c0.raf, timers: c1.timeouts - c0.timeouts };
    }
    let wire = null;
    if (proxy) {
      // Wait until nothing has moved for 2 s (a service worker may still be downloading), at most 20 s.
      const until = Date.now() + 20000;
      while (Date.now() < until && Date.now() - proxy.counter.last < 2000) await new Promise((r) => setTimeout(r, 200));
      wire = { responseBytes: proxy.counter.down, requestBytes: proxy.counter.up, requests: [...proxy.counter.requests] };
    }
    await Promise.all(pending);
    return { app, lang, marks, timeline, cpu, requests, problems, wire };
  } finally {
    await context.close();
  }
}

// A returning visitor, and a kiosk between two people (issue 16, part 4). In one context (through
// the counting proxy, which sees every request that reaches the network): a first visit, then, once
// the service worker (Tellus) or the HTTP cache (SurveyJS) holds the files, the page again. Counts
// what reached the network before its first question appeared. Then, for Tellus, a kiosk's reset:
// the survey sent and "Start again" tapped, to the next person's first screen (in the page, no
// reload); SurveyJS has no reset, so a kiosk running it reloads: its row is the repeat visit.
async function repeatVisit(app, proxy) {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-CA' });
  try {
    await context.addInitScript(instrument, { app, welcome: welcomeText.en, first: firstText.en });
    const page = await context.newPage();
    const url = app === 'tellus' ? `${proxy.url}?lang=en&mode=kiosk` : `${proxy.url}?lang=en`;
    const firstQuestion = () => page.waitForFunction(() => window.__bench && window.__bench.firstFrame !== undefined, null, { timeout: 60000, polling: 50 });
    await page.goto(url, { waitUntil: 'commit' });
    await firstQuestion();
    if (app === 'tellus') await page.waitForFunction(() => !!navigator.serviceWorker?.controller, null, { timeout: 30000, polling: 100 });
    // Until nothing has moved for 2 s (the worker's precache, the kiosk's catalogs), at most 20 s.
    const until = Date.now() + 20000;
    while (Date.now() < until && Date.now() - proxy.counter.last < 2000) await new Promise((r) => setTimeout(r, 200));
    proxy.reset();
    await page.reload({ waitUntil: 'commit' });
    await firstQuestion();
    const marks = await page.evaluate(() => ({ ...window.__bench, origin: performance.timeOrigin }));
    const firstAt = marks.origin + marks.first + (marks.tapWait ?? 0);  // wall clock, ms
    const repeat = { firstQuestionMs: marks.firstFrame, welcomeMs: marks.welcomeFrame ?? null,
      networkRequests: [...proxy.counter.requests], timeline: await page.evaluate(startupTimeline) };
    repeat.networkBeforeFirstQuestion = proxy.counter.requestTimes.filter((t) => t <= firstAt).length;
    let reset = null;
    if (app === 'tellus') {
      // Through the survey as a person would (Next to the end, Send), then "Start again".
      const twin = (id) => page.locator(`#twin-controls [data-id="${id}"]`);
      for (let i = 0; i < 40; i++) {
        await page.waitForTimeout(450);  // past the tap guard
        if (await twin('nav-send').count()) { await twin('nav-send').dispatchEvent('click'); break; }
        await twin('nav-next').dispatchEvent('click');
      }
      await twin('thanks-again').waitFor({ timeout: 15000 });
      await page.waitForTimeout(450);
      reset = await page.evaluate(() => new Promise((resolve) => {
        const t0 = performance.now();
        const done = () => requestAnimationFrame(() => resolve(performance.now() - t0));
        const obs = new MutationObserver(() => {
          if (document.querySelector('#twin-controls [data-id^="language-"]')) { obs.disconnect(); done(); }
        });
        obs.observe(document.getElementById('twin-controls'), { childList: true, subtree: true });
        document.querySelector('#twin-controls [data-id="thanks-again"]').click();
      }));
    }
    return { app, repeat, resetMs: reset };
  } finally {
    await context.close();
  }
}

// The body the server sends for a URL to a client that accepts what Chromium accepts: bytes as served.
function servedBytes(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { headers: { 'Accept-Encoding': 'gzip, deflate, br, zstd' } }, (res) => {
      let n = 0;
      res.on('data', (d) => { n += d.length; });
      res.on('end', () => resolve({ bytes: n, encoding: res.headers['content-encoding'] ?? 'identity' }));
    });
    req.on('error', () => resolve(null));
  });
}
// One copy of each file the first visit asked for, as served; plus what the browser reported.
async function sumTransfer(requests) {
  const by = { html: 0, js: 0, wasm: 0, css: 0, fonts: 0, data: 0 };
  let served = 0, brotli11 = 0, decoded = 0;
  const files = [];
  const seen = new Set();
  for (const r of requests) {
    if (r.failed || seen.has(r.url)) continue;
    seen.add(r.url);
    const s = await servedBytes(r.url);
    const bytes = s?.bytes ?? 0;
    by[r.category] += bytes; served += bytes; decoded += r.decoded ?? 0; brotli11 += r.brotli11 ?? 0;
    files.push({ path: new URL(r.url).pathname + new URL(r.url).search, category: r.category, status: r.status, served: bytes,
      servedEncoding: s?.encoding, browserEncodedBody: r.encodedBody, answeredByServiceWorker: r.viaWorker, decoded: r.decoded, brotli11: r.brotli11 });
  }
  return { served, byCategory: by, decoded, brotli11, files: files.length,
    failed: requests.filter((r) => r.failed).map((r) => `${r.url} (${r.failed})`), perFile: files };
}

// ---------- runs ----------
const started = new Date();
const load0 = os.loadavg();
console.error(`bench/app: ${RUNS} runs each, ${IDLE_MS / 1000} s idle window; Tellus precompressed files ${precompressNote}`);
const runs = { tellus: [], surveyjs: [] };
const failures = [];
for (let i = 0; i < RUNS; i++) {
  for (const app of alternate(i)) {
    let r;
    try { r = await visit(app, 'en', { idle: true }); } catch (e) { failures.push(e.message); console.error(`  run ${i + 1} ${app}: FAILED ${e.message}`); continue; }
    runs[app].push(r);
    console.error(`  run ${i + 1} ${app.padEnd(8)} first question ${r.marks.firstFrame.toFixed(0)} ms, idle task ${r.cpu.taskMs.toFixed(1)} ms, tree ${r.cpu.processTreeMs} ms`);
  }
}
const fr = {};
for (const app of ['tellus', 'surveyjs']) {
  try { fr[app] = await visit(app, 'fr', { idle: false, proxy: proxies[app] }); } catch (e) { failures.push(e.message); console.error(`  French visit ${app}: FAILED ${e.message}`); }
}
const en = {};
for (const app of ['tellus', 'surveyjs']) {
  try { en[app] = await visit(app, 'en', { idle: false, proxy: proxies[app] }); } catch (e) { failures.push(e.message); console.error(`  English transfer visit ${app}: FAILED ${e.message}`); }
}
for (const app of ['tellus', 'surveyjs']) if (!runs[app].length || !fr[app] || !en[app]) fail(`every ${app} visit failed:\n${failures.join('\n')}`);
// Tellus in every language it ships, as a patient's phone: one cold first visit each, to the first
// question. (A kiosk fetches every catalog as it starts, to offer them all offline: the rows above.)
const perLanguage = {};
for (const lang of process.env.BENCH_PER_LANGUAGE === '0' ? [] : tellusLanguages) {
  try {
    const v = await visit('tellus', lang, { idle: false, proxy: proxies.tellus, mode: 'phone' });
    const t = await sumTransfer(v.requests);
    perLanguage[lang] = { wire: v.wire.responseBytes, requests: v.wire.requests.length, byCategory: t.byCategory,
      firstQuestionMs: v.marks.firstFrame };
  } catch (e) { failures.push(e.message); console.error(`  ${lang} visit tellus: FAILED ${e.message}`); }
}
// A patient's phone on slow mobile data: cold first visits, throttled (see SLOW_4G), alternating.
const onSlow4g = { tellus: [], surveyjs: [] };
for (let i = 0; i < PHONE_RUNS; i++) {
  for (const app of alternate(i)) {
    try {
      const r = await visit(app, 'en', { idle: false, mode: 'phone', phoneOnSlow4g: true });
      onSlow4g[app].push({ firstQuestionMs: r.marks.firstFrame, welcomeMs: r.marks.welcomeFrame ?? null, timeline: r.timeline });
    } catch (e) { failures.push(e.message); console.error(`  slow 4G visit ${app}: FAILED ${e.message}`); }
  }
}
const returning = {};
for (const app of ['tellus', 'surveyjs']) {
  try { returning[app] = await repeatVisit(app, proxies[app]); } catch (e) { failures.push(e.message); console.error(`  repeat visit ${app}: FAILED ${e.message}`); }
}
const load1 = os.loadavg();

async function summary(app) {
  const rs = runs[app];
  const pick = (f) => rs.map(f);
  const stats = (xs) => ({ median: median(xs), min: Math.min(...xs.filter((x) => x != null)), max: Math.max(...xs.filter((x) => x != null)), all: xs });
  return {
    wireEn: en[app].wire, wireFr: fr[app].wire,
    transferEn: await sumTransfer(en[app].requests),
    transferFr: await sumTransfer(fr[app].requests),
    welcomeMs: app === 'tellus' ? stats(pick((r) => r.marks.welcomeFrame)) : null,
    firstQuestionMs: stats(pick((r) => r.marks.firstFrame)),
    firstQuestionDomMs: stats(pick((r) => r.marks.first)),
    timeline: Object.fromEntries(Object.keys(rs[0].timeline).map((k) => [k, median(pick((r) => r.timeline[k]))])),
    timelines: pick((r) => r.timeline),
    idle: {
      taskMs: stats(pick((r) => r.cpu.taskMs)), scriptMs: stats(pick((r) => r.cpu.scriptMs)),
      layoutMs: stats(pick((r) => r.cpu.layoutMs)), styleMs: stats(pick((r) => r.cpu.styleMs)),
      processTreeMs: stats(pick((r) => r.cpu.processTreeMs)),
      animationFrames: stats(pick((r) => r.cpu.animationFrames)), timers: stats(pick((r) => r.cpu.timers)),
    },
    problems: [...new Set([...rs.flatMap((r) => r.problems), ...fr[app].problems])],
  };
}
const T = await summary('tellus');
const S = await summary('surveyjs');
const cpuModel = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) ?? [])[1] ?? 'unknown';
const result = {
  date: started.toISOString(),
  machine: { cpu: cpuModel, cores: os.cpus().length, memGiB: Math.round(os.totalmem() / 2 ** 30), loadavgBefore: load0, loadavgAfter: load1,
    chromium: browser.version(), node: process.version },
  settings: { runs: RUNS, idleMs: IDLE_MS, settleMs: SETTLE_MS, viewport: VIEWPORT, tellusPrecompressed: precompressNote,
    surveyjs: { 'survey-core': JSON.parse(fs.readFileSync(path.join(nodeModules, 'survey-core/package.json'))).version,
      'survey-js-ui': JSON.parse(fs.readFileSync(path.join(nodeModules, 'survey-js-ui/package.json'))).version,
      stylesheet: 'survey-core.fontless.min.css', served: 'local node server, brotli q11 / gzip -9 precompressed' } },
  tellus: T, surveyjs: S, tellusPerLanguage: perLanguage, returning, phoneOnSlow4g: { settings: { ...SLOW_4G, ...PHONE, runs: PHONE_RUNS }, runs: onSlow4g }, failures,
};

// ---------- table ----------
const kb = (b) => (b / 1024).toFixed(1) + ' KiB';
const ms = (x) => (x == null ? 'n/a' : x.toFixed(x < 100 ? 1 : 0) + ' ms');
const ratio = (a, b) => (a == null || b == null ? 'n/a' : b === 0 ? (a === 0 ? '1.00' : 'inf') : (a / b).toFixed(2));
const rows = [];
const row = (name, t, s, fmt) => rows.push([name, fmt(t), fmt(s), ratio(t, s)]);
const ks = (x) => (x == null ? 'n/a' : kb(x));
row('First visit EN, bytes over the wire', T.wireEn.responseBytes, S.wireEn.responseBytes, ks);
row('First visit FR, bytes over the wire', T.wireFr.responseBytes, S.wireFr.responseBytes, ks);
row('  HTTP requests on the wire, EN', T.wireEn.requests.length, S.wireEn.requests.length, (x) => String(x));
row('EN, one copy of each file as served', T.transferEn.served, S.transferEn.served, ks);
for (const c of ['html', 'js', 'wasm', 'css', 'fonts', 'data']) row(`  of which ${c}`, T.transferEn.byCategory[c], S.transferEn.byCategory[c], ks);
row('FR, one copy of each file as served', T.transferFr.served, S.transferFr.served, ks);
row('EN, same files all brotli -q 11', T.transferEn.brotli11, S.transferEn.brotli11, ks);
row('FR, same files all brotli -q 11', T.transferFr.brotli11, S.transferFr.brotli11, ks);
row('EN, same files uncompressed', T.transferEn.decoded, S.transferEn.decoded, ks);
row('Welcome visible (median)', T.welcomeMs.median, null, ms);
row('First question visible (median)', T.firstQuestionMs.median, S.firstQuestionMs.median, ms);
row('  min .. max', null, null, () => '');
rows[rows.length - 1] = ['  min .. max', `${ms(T.firstQuestionMs.min)} .. ${ms(T.firstQuestionMs.max)}`, `${ms(S.firstQuestionMs.min)} .. ${ms(S.firstQuestionMs.max)}`, ''];
const slow = (app, key) => median(onSlow4g[app].map((r) => r[key]));
row('Phone on slow 4G, 4x CPU: first question (median)', slow('tellus', 'firstQuestionMs'), slow('surveyjs', 'firstQuestionMs'), ms);
row('  Tellus welcome visible', slow('tellus', 'welcomeMs'), null, ms);
const R = (app, f) => (returning[app] ? f(returning[app]) : null);
row('Repeat visit: first question visible', R('tellus', (x) => x.repeat.firstQuestionMs), R('surveyjs', (x) => x.repeat.firstQuestionMs), ms);
row('  requests to the network before it', R('tellus', (x) => x.repeat.networkBeforeFirstQuestion), R('surveyjs', (x) => x.repeat.networkBeforeFirstQuestion), (x) => (x == null ? 'n/a' : String(x)));
row('Kiosk reset: next person\'s first screen', R('tellus', (x) => x.resetMs), R('surveyjs', (x) => x.repeat.firstQuestionMs), ms);
row(`Idle ${IDLE_MS / 1000} s: renderer main-thread tasks`, T.idle.taskMs.median, S.idle.taskMs.median, ms);
row(`Idle ${IDLE_MS / 1000} s: of which script`, T.idle.scriptMs.median, S.idle.scriptMs.median, ms);
row(`Idle ${IDLE_MS / 1000} s: CPU, all browser processes`, T.idle.processTreeMs.median, S.idle.processTreeMs.median, ms);
row(`Idle ${IDLE_MS / 1000} s: animation frames requested`, T.idle.animationFrames.median, S.idle.animationFrames.median, (x) => (x == null ? 'n/a' : String(x)));
const widths = [0, 1, 2, 3].map((i) => Math.max(...[['Figure', 'Tellus', 'SurveyJS', 'Tellus/SurveyJS'], ...rows].map((r) => String(r[i]).length)));
const line = (r) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
console.log(`Tellus vs SurveyJS ${result.settings.surveyjs['survey-core']} (same survey, headless Chromium ${result.machine.chromium}), ${started.toISOString()}`);
console.log(`${RUNS} runs each, fresh browser context per run; medians; machine: ${cpuModel}, ${os.cpus().length} cores, load ${load0.map((x) => x.toFixed(2)).join(' ')}`);
console.log(line(['Figure', 'Tellus', 'SurveyJS', 'Tellus/SurveyJS']));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const r of rows) console.log(line(r));
console.log('');
// The start-up breakdown: medians of the same runs, ms since navigation start (one file's arrival
// can follow a later stage's start: they overlap).
console.log('Where the time to the first question goes (median ms since navigation start; same runs)');
const welcomeRow = (t) => (t === T ? T.welcomeMs.median : null);
const stages = [
  ['HTML arrived', (x) => x.timeline.html],
  ['all JS arrived', (x) => x.timeline.js],
  ['wasm arrived', (x) => x.timeline.wasm],
  ['wasm compiled and started (runtime ready)', (x) => x.timeline.runtimeReady],
  ['WebGL context and Dear ImGui ready', (x) => x.timeline.webglReady],
  ['survey arrived', (x) => x.timeline.surveyArrived],
  ['survey parsed', (x) => x.timeline.surveyParsed],
  ['first catalog parsed', (x) => x.timeline.catalogParsed],
  ['first text painted', (x) => x.timeline.textReady],
  ['first frame drawn', (x) => x.timeline.firstFrame],
  ['welcome visible', welcomeRow],
  ['first question visible (tap wait left out)', (x) => x.firstQuestionMs.median],
];
const stageRows = stages.map(([name, f]) => [name, ms(f(T)), ms(f(S)), '']);
const sw = [0, 1, 2].map((i) => Math.max(...[['Moment', 'Tellus', 'SurveyJS'], ...stageRows].map((r) => String(r[i]).length)));
const sline = (r) => r.slice(0, 3).map((c, i) => (i === 0 ? String(c).padEnd(sw[i]) : String(c).padStart(sw[i]))).join('  ');
console.log(sline(['Moment', 'Tellus', 'SurveyJS']));
console.log(sline(sw.map((w) => '-'.repeat(w))));
for (const r of stageRows) console.log(sline(r));
console.log('');
console.log('Tellus on a phone, first visit per language (cold cache, to the first question; SurveyJS EN for comparison)');
const langRows = [['Language', 'Over the wire', 'of which data', 'of which fonts', 'vs SurveyJS EN']];
for (const [lang, v] of Object.entries(perLanguage))
  langRows.push([lang, kb(v.wire), kb(v.byCategory.data), kb(v.byCategory.fonts), ratio(v.wire, S.wireEn.responseBytes)]);
const lw = [0, 1, 2, 3, 4].map((i) => Math.max(...langRows.map((r) => String(r[i]).length)));
for (const r of langRows) console.log(r.map((c, i) => (i === 0 ? String(c).padEnd(lw[i]) : String(c).padStart(lw[i]))).join('  '));
for (const [name, s] of [['Tellus', T], ['SurveyJS', S]]) {
  if (s.transferEn.failed.length || s.transferFr.failed.length) console.log(`${name}: failed requests (not counted): ${[...s.transferEn.failed, ...s.transferFr.failed].join(', ')}`);
  if (s.problems.length) console.log(`${name}: page errors: ${s.problems.slice(0, 5).join(' | ')}`);
}
if (failures.length) console.log(`Failed visits (left out of the medians): ${failures.length}; see failures in the JSON`);
if (!S.firstQuestionMs.all.length || runs.surveyjs.some((r) => !r.marks.firstInTitle)) console.log('SurveyJS: the first question text was found outside a title element in some run');
fs.mkdirSync(path.resolve(here, '../out'), { recursive: true });
const outFile = path.resolve(here, '../out/app.json');
fs.writeFileSync(outFile, JSON.stringify(result, null, 2) + '\n');
console.log(`JSON: ${path.relative(repo, outFile)}`);
await cleanup();
