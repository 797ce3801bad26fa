// Tellus vs SurveyJS on the same survey, "on a phone on mobile data" (issue 16): Lighthouse's default
// mobile preset (simulated slow 4G, 4x CPU slowdown, a mid-range phone's screen), performance only,
// in headless Debian Chromium. Prints a table of medians (it never passes or fails on them) and writes
// every run's figures to bench/out/lighthouse.json. See bench/README.md.
// Environment: BENCH_LIGHTHOUSE_RUNS (3), TELLUS_CHROMIUM (/usr/bin/chromium), and servers.mjs's
// TELLUS_SERVE, TELLUS_WEB_DIR, TELLUS_SOURCE_DIR.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { startServers, nodeModules, repo } from './servers.mjs';
import { alternate, median } from './stats.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3);
const CHROMIUM = process.env.TELLUS_CHROMIUM ?? '/usr/bin/chromium';
// Headless Debian Chromium as bench.mjs runs it; WebGL on the CPU (SwiftShader: no GPU here).
const CHROME_FLAGS = ['--headless=new', '--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'];
// Lighthouse's default config is the mobile preset; only the flags below are set.
const LH_FLAGS = { output: 'json', logLevel: 'error', onlyCategories: ['performance'] };
const METRICS = [
  ['fcp', 'first-contentful-paint', 'First Contentful Paint'],
  ['lcp', 'largest-contentful-paint', 'Largest Contentful Paint'],
  ['tbt', 'total-blocking-time', 'Total Blocking Time'],
  ['si', 'speed-index', 'Speed Index'],
];

function fail(msg) { console.error(`bench/app/lighthouse: ${msg}`); process.exit(2); }
if (!(RUNS >= 1)) fail(`BENCH_LIGHTHOUSE_RUNS must be at least 1 (got ${process.env.BENCH_LIGHTHOUSE_RUNS})`);
if (!fs.existsSync(CHROMIUM)) fail(`missing Chromium: ${CHROMIUM} (apt-get install chromium, or set TELLUS_CHROMIUM)`);
if (!fs.existsSync(path.join(nodeModules, 'lighthouse/package.json'))) fail('missing lighthouse (run npm ci in bench/)');
const lighthouseVersion = JSON.parse(fs.readFileSync(path.join(nodeModules, 'lighthouse/package.json'), 'utf8')).version;

const { cleanup, tellusUrl, sjsUrl, precompressNote } = await startServers({ fail });
const urls = { tellus: `${tellusUrl}?lang=en&mode=phone`, surveyjs: `${sjsUrl}?lang=en` };

// The DOM nodes an audit's details name (e.g. the element Lighthouse took as the largest paint).
function nodesIn(details) {
  const out = [];
  const walk = (v) => {
    if (!v || typeof v !== 'object') return;
    if (v.type === 'node' && (v.nodeLabel || v.snippet)) { out.push({ label: v.nodeLabel, snippet: v.snippet, selector: v.selector }); return; }
    for (const x of Array.isArray(v) ? v : Object.values(v)) walk(x);
  };
  walk(details);
  return out;
}

// The browser of the run under way: chrome-launcher starts it as its own process group, which
// would outlive this process on an early exit (a failed server, Ctrl-C), so exit ends that group.
let browserPid = null;
process.on('exit', () => { if (browserPid) try { process.kill(-browserPid, 'SIGKILL'); } catch { /* gone */ } });

// One Lighthouse navigation in a browser of its own (a fresh profile: a cold first visit).
async function run(app) {
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: CHROME_FLAGS, logLevel: 'silent' });
  browserPid = chrome.pid;
  const exited = new Promise((r) => { if (chrome.process.exitCode !== null) r(); else chrome.process.once('exit', r); });
  try {
    const version = await fetch(`http://127.0.0.1:${chrome.port}/json/version`).then((r) => r.json()).catch(() => ({}));
    const result = await lighthouse(urls[app], { ...LH_FLAGS, port: chrome.port });
    if (!result) throw new Error('Lighthouse returned no result');
    const { lhr } = result;
    const chromium = (version.Browser ?? lhr.environment?.hostUserAgent ?? '').match(/Chrom(?:e|ium)\/([\d.]+)/)?.[1] ?? null;
    const out = { app, url: urls[app], chromium, fetchTime: lhr.fetchTime,
      runtimeError: lhr.runtimeError ? `${lhr.runtimeError.code}: ${lhr.runtimeError.message}` : null,
      runWarnings: lhr.runWarnings ?? [], benchmarkIndex: lhr.environment?.benchmarkIndex,
      score: lhr.categories.performance?.score == null ? null : Math.round(lhr.categories.performance.score * 100), errors: {} };
    for (const [key, id] of METRICS) {
      const a = lhr.audits[id];
      out[key] = a?.numericValue ?? null;
      if (out[key] == null) out.errors[key] = a?.errorMessage ?? (a ? `no value (${a.scoreDisplayMode})` : 'audit missing');
    }
    out.cls = lhr.audits['cumulative-layout-shift']?.numericValue ?? null;
    out.lcpElement = nodesIn(lhr.audits['largest-contentful-paint-element']?.details);
    // The unthrottled page as it loaded here, before Lighthouse's simulation (the metrics audit).
    const observed = lhr.audits.metrics?.details?.items?.[0] ?? {};
    out.observed = { fcp: observed.observedFirstContentfulPaint ?? null, lcp: observed.observedLargestContentfulPaint ?? null,
      speedIndex: observed.observedSpeedIndex ?? null, load: observed.observedLoad ?? null };
    out.settings = { formFactor: lhr.configSettings.formFactor, throttlingMethod: lhr.configSettings.throttlingMethod,
      throttling: lhr.configSettings.throttling, screenEmulation: lhr.configSettings.screenEmulation };
    return out;
  } finally {
    chrome.kill();  // SIGKILL to the browser's process group, then removes the profile
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    browserPid = null;
  }
}


const started = new Date();
const load0 = os.loadavg();
console.error(`bench/app/lighthouse: Lighthouse ${lighthouseVersion}, mobile preset, ${RUNS} run(s) each; Tellus precompressed files ${precompressNote}`);
const runs = { tellus: [], surveyjs: [] };
const failures = [];
for (let i = 0; i < RUNS; i++) {
  for (const app of alternate(i)) {
    let r;
    try { r = await run(app); } catch (e) { failures.push(`run ${i + 1} ${app}: ${e.message}`); console.error(`  run ${i + 1} ${app}: FAILED ${e.message}`); continue; }
    r.run = i + 1;
    runs[app].push(r);
    const f = (x) => (x == null ? 'n/a' : x.toFixed(0));
    console.error(`  run ${i + 1} ${app.padEnd(8)} score ${f(r.score)}, FCP ${f(r.fcp)} ms, LCP ${f(r.lcp)} ms, TBT ${f(r.tbt)} ms, SI ${f(r.si)} ms${r.runtimeError ? `, ${r.runtimeError}` : ''}`);
  }
}
const load1 = os.loadavg();
for (const app of ['tellus', 'surveyjs']) if (!runs[app].length) fail(`every ${app} run failed:\n${failures.join('\n')}`);

const summary = (app) => {
  const rs = runs[app];
  const s = { runs: rs.length, score: median(rs.map((r) => r.score)) };
  for (const [key] of METRICS) s[key] = median(rs.map((r) => r[key]));
  s.observed = {};
  for (const k of ['fcp', 'lcp', 'speedIndex', 'load']) s.observed[k] = median(rs.map((r) => r.observed[k]));
  return s;
};
const T = summary('tellus');
const S = summary('surveyjs');
const chromiumVersion = [...runs.tellus, ...runs.surveyjs].map((r) => r.chromium).find(Boolean) ?? 'unknown';
const cpuModel = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) ?? [])[1] ?? 'unknown';
const settings = runs.tellus[0]?.settings;
const result = {
  date: started.toISOString(),
  machine: { cpu: cpuModel, cores: os.cpus().length, memGiB: Math.round(os.totalmem() / 2 ** 30), loadavgBefore: load0, loadavgAfter: load1,
    chromium: chromiumVersion, node: process.version },
  settings: { runs: RUNS, lighthouse: lighthouseVersion, flags: LH_FLAGS, config: 'Lighthouse default (mobile preset)', lighthouseSettings: settings,
    chromeFlags: CHROME_FLAGS, urls: { tellus: urls.tellus.replace(tellusUrl, '/'), surveyjs: urls.surveyjs.replace(sjsUrl, '/') },
    tellusPrecompressed: precompressNote },
  medians: { tellus: T, surveyjs: S },
  runs, failures,
};

// Why a figure is missing, in Lighthouse's words, with what its code means where it is known.
function explain(key, r) {
  if (key === 'score') {
    if (r.runtimeError) return r.runtimeError;
    const failed = METRICS.filter(([k]) => r[k] == null).map(([, , name]) => name);
    return `Lighthouse gives no score when a metric has none${failed.length ? ` (here: ${failed.join(', ')})` : ''}`;
  }
  const e = r.errors[key];
  if (e === 'NO_LCP' && key === 'lcp') return 'NO_LCP (Chromium reported no largest-contentful-paint candidate for the page)';
  if (e === 'NO_LCP') return 'NO_LCP (the simulated figure ends at Time to Interactive, which Lighthouse computes from the LCP)';
  return e;
}

// ---------- table ----------
const ms = (x) => (x == null ? 'n/a' : x.toFixed(x < 100 ? 1 : 0) + ' ms');
const score = (x) => (x == null ? 'n/a' : Number.isInteger(x) ? String(x) : x.toFixed(1));
const ratio = (a, b) => (a == null || b == null ? 'n/a' : b === 0 ? (a === 0 ? '1.00' : 'inf') : (a / b).toFixed(2));
const rows = [];
const row = (name, t, s, fmt) => rows.push([name, fmt(t), fmt(s), ratio(t, s)]);
row('Performance score (0-100, higher is better)', T.score, S.score, score);
for (const [key, , name] of METRICS) row(name, T[key], S[key], ms);
const widths = [0, 1, 2, 3].map((i) => Math.max(...[['Figure', 'Tellus', 'SurveyJS', 'Tellus/SurveyJS'], ...rows].map((r) => String(r[i]).length)));
const line = (r) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
const thr = settings?.throttling;
console.log(`Lighthouse ${lighthouseVersion}, mobile preset (${settings?.throttlingMethod ?? '?'} throttling: ${thr ? `${thr.rttMs} ms RTT, ${(thr.throughputKbps / 1024).toFixed(1)} Mbit/s, ${thr.cpuSlowdownMultiplier}x CPU slowdown` : '?'}), headless Chromium ${chromiumVersion}, ${started.toISOString()}`);
console.log(`Tellus ${result.settings.urls.tellus} vs SurveyJS ${result.settings.urls.surveyjs} (same survey); ${RUNS} runs each, fresh browser profile per run; medians; machine: ${cpuModel}, ${os.cpus().length} cores, load ${load0.map((x) => x.toFixed(2)).join(' ')}`);
console.log(line(['Figure', 'Tellus', 'SurveyJS', 'Tellus/SurveyJS']));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const r of rows) console.log(line(r));
// Anything a median leaves out: metrics Lighthouse could not give, and why; where the largest paint was.
for (const [app, name] of [['tellus', 'Tellus'], ['surveyjs', 'SurveyJS']]) {
  const rs = runs[app];
  for (const [key, , label] of [['score', , 'Performance score'], ...METRICS]) {
    const missing = rs.filter((r) => r[key] == null);
    if (!missing.length) continue;
    const why = [...new Set(missing.map((r) => explain(key, r)))].join(' | ');
    console.log(`${name}: ${label} n/a in ${missing.length} of ${rs.length} run(s): ${why}`);
  }
  const elements = [...new Set(rs.flatMap((r) => r.lcpElement.map((n) => n.snippet ?? n.label)))];
  console.log(`${name}: largest contentful paint element: ${elements.length ? elements.join(' | ') : 'none reported'}`);
  const warnings = [...new Set(rs.flatMap((r) => r.runWarnings))];
  for (const w of warnings) console.log(`${name}: Lighthouse warning: ${w}`);
}
if (failures.length) console.log(`Failed runs (left out of the medians): ${failures.join('; ')}`);
fs.mkdirSync(path.resolve(here, '../out'), { recursive: true });
const outFile = path.resolve(here, '../out/lighthouse.json');
fs.writeFileSync(outFile, JSON.stringify(result, null, 2) + '\n');
console.log(`JSON: ${path.relative(repo, outFile)}`);
await cleanup();
