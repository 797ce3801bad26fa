// Shared helpers for browser tests: a real tellus-serve on a free loopback port, a real headless
// Chromium, and ways to act on the app through its accessible twin layer or the canvas.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const repo = process.env.TELLUS_SOURCE_DIR ?? path.resolve(import.meta.dirname, '../..');
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

// Starts tellus-serve with a fresh SQLite file; returns { url, stop, dataDir }.
export async function startServer({ extraArgs = [], dataDir } = {}) {
  const dir = dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'tellus-browser-'));
  const port = await freePort();
  const child = spawn(serveBinary, ['--host', '127.0.0.1', '--port', String(port), '--db', path.join(dir, 'tellus.sqlite3'),
    '--web', webDir, '--surveys', path.join(repo, 'assets/surveys'), ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
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
export async function openApp(context, serverUrl, query = '') {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(serverUrl + query);
  await page.waitForFunction(() => document.querySelectorAll('#twin-controls .twin').length > 0, null, { timeout: 30000 });
  return { page, problems };
}

export const twin = (page, id) => page.locator(`#twin-controls [data-id="${id}"]`);
export const heading = (page) => page.locator('#twin-heading').textContent();

// Acts on a control the way assistive technology does: through its DOM twin.
export async function activate(page, id) {
  await twin(page, id).evaluate((el) => el.click());
  await page.waitForTimeout(50);
}
export async function waitForHeading(page, text) {
  await page.waitForFunction((t) => document.getElementById('twin-heading').textContent === t, text, { timeout: 10000 });
}
// Everything saved on this device and not yet acknowledged by the server.
export async function outbox(page) {
  return page.evaluate(() => window.TellusWeb.outbox());
}
