// The two servers the app benchmarks measure, started the same way for each of them (bench.mjs,
// lighthouse.mjs): Tellus from tellus-serve on a snapshot of build/wasm/web with its precompressed
// siblings, and SurveyJS from static-server.mjs with only the files its page loads, both on free
// loopback ports, both showing assets/surveys/primary-care-visit.json (SurveyJS's through convert.mjs).
// Environment: TELLUS_SOURCE_DIR (the repository), TELLUS_SERVE (build/native/serve/tellus-serve),
// TELLUS_WEB_DIR (build/wasm/web).
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { convertFile } from './convert.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = process.env.TELLUS_SOURCE_DIR ?? path.resolve(here, '../..');
export const serveBinary = process.env.TELLUS_SERVE ?? path.join(repo, 'build/native/serve/tellus-serve');
export const builtWeb = process.env.TELLUS_WEB_DIR ?? path.join(repo, 'build/wasm/web');
export const nodeModules = path.resolve(here, '../node_modules');

function defaultFail(msg) { console.error(`bench/app: ${msg}`); process.exit(2); }

// Starts both servers; returns their URLs and ports, the survey both ways, the temporary directory
// (removed on exit) and `cleanup()`, which runs `cleanups` (callers may push their own) in reverse
// order, stops the servers and removes the directory. `fail(msg)` must not return.
export async function startServers({ fail = defaultFail } = {}) {
  for (const [what, p] of [['tellus-serve', serveBinary], ['the wasm app', path.join(builtWeb, 'tellus.wasm')],
    ['survey-core (run npm ci in bench/)', path.join(nodeModules, 'survey-core/survey.core.min.js')],
    ['survey-js-ui (run npm ci in bench/)', path.join(nodeModules, 'survey-js-ui/survey-js-ui.min.js')]]) {
    if (!fs.existsSync(p)) fail(`missing ${what}: ${p}`);
  }

  const children = [];
  process.on('exit', () => { for (const c of children) if (c.exitCode === null) c.kill('SIGTERM'); });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tellus-bench-app-'));
  const cleanups = [];
  async function cleanup() { for (const c of cleanups.reverse()) { try { await c(); } catch { /* best effort */ } } fs.rmSync(tmp, { recursive: true, force: true }); }
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { fs.rmSync(tmp, { recursive: true, force: true }); process.exit(130); });
  process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));

  // ---------- the survey, both ways ----------
  const { survey, catalogs, surveyjs } = convertFile(repo);
  fs.writeFileSync(path.join(tmp, 'survey.json'), JSON.stringify(surveyjs));

  // ---------- Tellus web dir, with precompressed siblings as scripts/build.sh makes them ----------
  // scripts/build.sh writes X.gz (gzip -9) and X.br (brotli -q 11) next to *.wasm, *.js, fonts/*, i18n/*.json.
  // The bench serves a snapshot of build/wasm/web (others may rebuild it during a run); when it lacks
  // fresh siblings (e.g. built with cmake alone), the bench makes them in the snapshot with the same
  // commands, so Tellus is measured as scripts/build.sh leaves it and tellus-serve sends it.
  function precompressTargets(dir) {
    const out = [];
    for (const f of fs.readdirSync(dir)) if (/\.(wasm|js)$/.test(f)) out.push(path.join(dir, f));
    for (const sub of ['fonts', 'i18n']) {
      const d = path.join(dir, sub);
      if (!fs.existsSync(d)) continue;
      for (const f of fs.readdirSync(d)) if (!/\.(gz|br)$/.test(f) && (sub === 'fonts' || f.endsWith('.json'))) out.push(path.join(d, f));
    }
    return out;
  }
  const fresh = (f, ext) => fs.existsSync(f + ext) && fs.statSync(f + ext).mtimeMs >= fs.statSync(f).mtimeMs;
  const webDir = path.join(tmp, 'web');
  fs.cpSync(builtWeb, webDir, { recursive: true, preserveTimestamps: true });
  let precompressNote = 'as built by scripts/build.sh';
  const missing = precompressTargets(webDir).filter((f) => !fresh(f, '.gz') || !fresh(f, '.br'));
  for (const f of missing) {
    execFileSync('gzip', ['-9', '-k', '-f', f]);
    execFileSync('brotli', ['-q', '11', '-f', '-o', `${f}.br`, f]);
  }
  if (missing.length) precompressNote = `made by the bench with scripts/build.sh's commands (gzip -9, brotli -q 11): ${missing.length} file(s) in build/wasm/web had no fresh .gz/.br`;

  // ---------- servers ----------
  function freePort() {
    return new Promise((resolve, reject) => {
      const s = net.createServer();
      s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
      s.on('error', reject);
    });
  }
  async function waitUp(url, child, output) {
    for (let i = 0; i < 150; i++) {
      if (child.exitCode !== null) fail(`server exited: ${output()}`);
      try { if ((await fetch(url)).ok) return; } catch { /* not up yet */ }
      await new Promise((r) => setTimeout(r, 100));
    }
    fail(`server did not come up at ${url}: ${output()}`);
  }
  function startChild(cmd, args) {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    cleanups.push(async () => { if (child.exitCode === null) { child.kill('SIGTERM'); await new Promise((r) => child.once('exit', r)); } });
    return { child, output: () => out };
  }
  const tellusPort = await freePort();
  const tellus = startChild(serveBinary, ['--host', '127.0.0.1', '--port', String(tellusPort), '--db', path.join(tmp, 'bench.sqlite3'),
    '--web', webDir, '--surveys', path.join(repo, 'assets/surveys')]);
  const tellusUrl = `http://127.0.0.1:${tellusPort}/`;
  await waitUp(tellusUrl + 'healthz', tellus.child, tellus.output);

  const sjsPort = await freePort();
  const sjs = startChild(process.execPath, [path.join(here, 'static-server.mjs'), String(sjsPort),
    `/index.html=${path.join(here, 'surveyjs/index.html')}`, `/survey.json=${path.join(tmp, 'survey.json')}`,
    // Only the files the page loads are mounted (anything else it asked for would show as a failed request).
    ...['survey-core/survey.core.min.js', 'survey-core/survey-core.fontless.min.css', 'survey-core/i18n/french.min.js',
      'survey-js-ui/survey-js-ui.min.js'].map((f) => `/${f}=${path.join(nodeModules, f)}`)]);
  const sjsUrl = `http://127.0.0.1:${sjsPort}/`;
  await waitUp(sjsUrl, sjs.child, sjs.output);

  return { tmp, webDir, cleanups, cleanup, survey, catalogs, surveyjs, precompressNote, tellusPort, tellusUrl, sjsPort, sjsUrl };
}
