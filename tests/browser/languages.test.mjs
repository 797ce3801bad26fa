// Language packs (issue 13), for real: tellus-serve reads a copy of i18n/ given with --i18n while it
// runs; a catalog dropped in (a test fixture: English under another code and name) or corrected
// there shows on the language screen after a reload, with no rebuild and no restart, through the
// app's service worker; a broken file next to it changes nothing; and twelve languages fit a phone
// and a kiosk. The language buttons are read as a screen reader would: DOM twins, by role and name.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { activate, catalog, eventually, launchBrowser, openApp, repo, startServer, waitForHeading } from './harness.mjs';

let server, browser, i18n;
before(async () => {
  i18n = mkdtempSync(path.join(os.tmpdir(), 'tellus-i18n-'));
  cpSync(path.join(repo, 'i18n'), i18n, { recursive: true });
  server = await startServer({ extraArgs: ['--i18n', i18n] });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (i18n) rmSync(i18n, { recursive: true, force: true });
});

const shipped = readdirSync(path.join(repo, 'i18n')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));

// A fixture catalog: English under another language's code and name, its welcome heading marked.
function dropCatalog(code, name, { reviewed = 'no', direction = 'ltr' } = {}) {
  const c = { ...catalog('en'), 'language.name': name, 'language.direction': direction, 'language.reviewed': reviewed };
  c['welcome.heading'] = `${name}: ${c['welcome.heading']}`;
  writeFileSync(path.join(i18n, `${code}.json`), JSON.stringify(c, null, 2));
  return c;
}
const listed = async () => (await (await fetch(server.url + 'api/v1/languages')).json()).languages;
const languageButton = (page, name) => page.locator('#twin-controls').getByRole('button', { name, exact: true });
const languageIds = (page) => page.$$eval('#twin-controls [data-id^="language-"]', (els) => els.map((e) => e.dataset.id));

async function toLanguageScreen(page) {
  await waitForHeading(page, catalog('en')['language.choose'], 30000);
  // The screen is drawn once the list and the catalogs are in: wait for the shipped languages.
  await eventually(async () => (await languageIds(page)).length >= shipped.length, 'every shipped language on the screen', 20000);
}

test('a catalog dropped into the --i18n folder while the server runs is on the language screen after a reload; a correction too', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 1 });
  const { page, problems } = await openApp(context, server.url, '?mode=phone');
  await toLanguageScreen(page);
  for (const lang of shipped) assert.equal(await languageButton(page, catalog(lang)['language.name']).count(), 1, lang);
  assert.equal(await languageButton(page, 'Soomaali').count(), 0);
  // The service worker in charge, so the reloads below go through it (network first).
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 30000 });

  // Dropped in, with a broken file beside it.
  const somali = dropCatalog('so', 'Soomaali');
  writeFileSync(path.join(i18n, 'de.json'), '{"language.name": "Deutsch", ');
  await eventually(async () => (await listed()).some((l) => l.code === 'so'), 'the server to list the new catalog', 10000);
  assert.ok(!(await listed()).some((l) => l.code === 'de'), 'a broken catalog was listed');
  await page.reload();
  await toLanguageScreen(page);
  await languageButton(page, 'Soomaali').waitFor({ timeout: 20000 });
  const expected = ['en', ...[...shipped.filter((l) => l !== 'en'), 'so'].sort()];
  assert.deepEqual(await languageIds(page), expected.map((l) => `language-${l}`), 'English first, then by code');
  assert.equal(await page.locator('#twin-controls [data-id="language-de"]').count(), 0);
  await activate(page, 'language-so');
  await waitForHeading(page, somali['welcome.heading']);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'so');

  // Corrected: the new name reaches the device on its next start.
  dropCatalog('so', 'Af-Soomaali', { reviewed: 'yes' });
  await eventually(async () => (await listed()).some((l) => l.code === 'so' && l.name === 'Af-Soomaali'), 'the server to list the correction', 10000);
  await page.reload();
  await toLanguageScreen(page);
  await languageButton(page, 'Af-Soomaali').waitFor({ timeout: 20000 });
  assert.equal(await languageButton(page, 'Soomaali').count(), 0, 'the old name is still shown');

  // Offline, the device still offers it, from the copies its service worker kept.
  await context.setOffline(true);
  await page.reload();
  await toLanguageScreen(page);
  await languageButton(page, 'Af-Soomaali').waitFor({ timeout: 20000 });
  await context.setOffline(false);
  assert.deepEqual(problems.filter((p) => !/Failed to load resource|net::ERR_INTERNET_DISCONNECTED/.test(p)), []);
  await context.close();
});

test('twelve languages fit a 360x640 phone and a 1280x800 kiosk: every language button in view, none overlapping', async () => {
  // The shipped catalogs and the fixtures below: twelve or more.
  for (const leftover of ['so', 'de']) rmSync(path.join(i18n, `${leftover}.json`), { force: true });
  const more = [['ar', 'العربية', 'rtl'], ['es', 'Español'], ['fa', 'فارسی', 'rtl'], ['pa', 'ਪੰਜਾਬੀ'], ['pt', 'Português'],
    ['ta', 'தமிழ்'], ['tl', 'Tagalog'], ['ur', 'اردو', 'rtl'], ['zh-Hant', '繁體中文']];
  for (const [code, name, direction] of more) if (!shipped.includes(code)) dropCatalog(code, name, { direction });
  await eventually(async () => { const l = await listed(); return l.length >= 12 && !l.some((x) => x.code === 'so'); },
    'twelve languages listed', 10000);
  const count = (await listed()).length;
  for (const [width, height, mode] of [[360, 640, 'phone'], [1280, 800, 'kiosk']]) {
    const context = await browser.newContext({ viewport: { width, height }, serviceWorkers: 'block' });
    const { page } = await openApp(context, server.url, `?mode=${mode}`);
    await waitForHeading(page, catalog('en')['language.choose'], 30000);
    await eventually(async () => (await languageIds(page)).length === count, `${count} language buttons at ${width}x${height}`, 20000);
    const boxes = await page.$$eval('#twin-controls .twin', (els) => els.filter((e) => e.tagName === 'BUTTON').map((e) => ({
      id: e.dataset.id, x: parseFloat(e.style.left), y: parseFloat(e.style.top), w: parseFloat(e.style.width), h: parseFloat(e.style.height) })));
    for (const b of boxes) {
      assert.ok(b.x >= 0 && b.y >= 0 && b.x + b.w <= width + 1 && b.y + b.h <= height + 1, `${b.id} is out of view at ${width}x${height}: ${JSON.stringify(b)}`);
      for (const o of boxes) {
        if (o === b) continue;
        const overlap = b.x < o.x + o.w - 1 && o.x < b.x + b.w - 1 && b.y < o.y + o.h - 1 && o.y < b.y + b.h - 1;
        assert.ok(!overlap, `${b.id} overlaps ${o.id} at ${width}x${height}`);
      }
    }
    for (const [code, name] of more) assert.equal(await languageButton(page, shipped.includes(code) ? catalog(code)['language.name'] : name).count(), 1, code);
    await context.close();
  }
});
