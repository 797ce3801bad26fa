// The first screen, for real: the wasm build served by tellus-serve, drawn by headless Chromium.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PNG } from 'pngjs';
import { activate, catalog, heading, launchBrowser, openApp, openPage, startServer, waitForHeading } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

// Distinct colours in a screenshot of the canvas: a blank canvas has one.
async function canvasColours(page) {
  const png = PNG.sync.read(await page.locator('#canvas').screenshot());
  const colours = new Set();
  for (let i = 0; i < png.data.length; i += 4 * 7) colours.add((png.data[i] << 16) | (png.data[i + 1] << 8) | png.data[i + 2]);
  return { count: colours.size, png };
}

test('the welcome screen draws English text on the canvas with no console errors', async () => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const { page, problems } = await openApp(context, server.url, '?lang=en');
  const en = catalog('en');
  await waitForHeading(page, en['welcome.heading']);
  assert.equal(await page.title(), en['app.title']);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await page.waitForTimeout(300);
  const { count } = await canvasColours(page);
  assert.ok(count > 20, `the canvas looks blank (${count} colours)`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('before the app has drawn, the page already says what it is, in English and French; the words go once it draws', async () => {
  // The wasm held back, as on slow mobile data: the page must not sit blank (or black).
  const context = await browser.newContext({ viewport: { width: 360, height: 640 }, serviceWorkers: 'block' });
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await context.route('**/tellus.wasm', async (route) => { await held; await route.continue(); });
  const { page, problems } = await openPage(context, server.url, '?lang=en&mode=phone');
  const starting = page.locator('#starting');
  await starting.waitFor({ state: 'visible' });
  const words = await starting.innerText();
  for (const [lang, key] of [['en', 'welcome.heading'], ['fr', 'welcome.heading'], ['en', 'app.loading'], ['fr', 'app.loading']])
    assert.ok(words.includes(catalog(lang)[key]), `"${catalog(lang)[key]}" (${lang}) in ${JSON.stringify(words)}`);
  assert.equal(await starting.locator('p[lang="fr"]').count(), 1, 'the French words are marked as French for screen readers');
  const box = await starting.boundingBox();
  assert.ok(box.width >= 360 && box.height >= 640, 'it covers the screen (no black canvas shows)');
  release();
  await waitForHeading(page, catalog('en')['welcome.heading'], 20000);
  await page.waitForFunction(() => !document.getElementById('starting'));
  const { count } = await canvasColours(page);
  assert.ok(count > 20, `the canvas looks blank (${count} colours)`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a browser that cannot start the app says so in words, not "Loading" for ever; without JavaScript it says it needs it', async () => {
  // No WebGL 2 (an old tablet, or a browser that turned it off).
  const context = await browser.newContext({ viewport: { width: 360, height: 640 }, serviceWorkers: 'block' });
  await context.addInitScript(() => {
    const getContext = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (type, ...rest) { return type === 'webgl2' ? null : getContext.call(this, type, ...rest); };
  });
  const page = await context.newPage();
  await page.goto(server.url + '?lang=en&mode=phone');
  await page.locator('#starting-failed').waitFor({ state: 'visible', timeout: 20000 });
  const words = await page.locator('#starting').innerText();
  for (const lang of ['en', 'fr']) assert.ok(words.includes(catalog(lang)['error.survey_unavailable']), words);
  assert.ok(!words.includes(catalog('en')['app.loading']), `still says it is loading: ${words}`);
  await context.close();
  // JavaScript off: the page says it needs it, in both languages, and does not pretend to load.
  const noScript = await browser.newContext({ viewport: { width: 360, height: 640 }, javaScriptEnabled: false });
  const plain = await noScript.newPage();
  await plain.goto(server.url + '?lang=en');
  const text = await plain.locator('#starting').innerText();
  assert.match(text, /needs JavaScript/);
  assert.match(text, /a besoin de JavaScript/);
  assert.ok(!text.includes(catalog('en')['app.loading']), `says it is loading without JavaScript: ${text}`);
  await noScript.close();
});

test('?lang=fr shows the French welcome screen, title and language', async () => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const fr = catalog('fr');
  const en = await openApp(context, server.url, '?lang=en');
  await waitForHeading(en.page, catalog('en')['welcome.heading']);
  await en.page.waitForTimeout(300);
  const english = (await canvasColours(en.page)).png;

  const { page, problems } = await openApp(context, server.url, '?lang=fr');
  await waitForHeading(page, fr['welcome.heading']);
  assert.equal(await page.title(), fr['app.title']);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
  // The controls speak French too.
  const start = page.locator('#twin-controls [data-id="welcome-start"]');
  assert.equal(await start.getAttribute('aria-label'), fr['welcome.start']);
  await page.waitForTimeout(300);
  const french = (await canvasColours(page)).png;
  assert.notDeepEqual(french.data, english.data, 'the French canvas should differ from the English one');
  assert.deepEqual(problems, []);
  await context.close();
});

test('without ?lang the app starts on the language screen, each language named in itself', async () => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const { page, problems } = await openApp(context, server.url);
  assert.equal(await heading(page), catalog('en')['language.choose']);
  for (const lang of ['en', 'fr', 'zh']) {
    const name = await page.locator(`#twin-controls [data-id="language-${lang}"]`).getAttribute('aria-label');
    assert.equal(name, catalog(lang)['language.name']);
  }
  await activate(page, 'language-fr');
  await waitForHeading(page, catalog('fr')['welcome.heading']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('no font is downloaded for any language (the device\'s own fonts paint the text), and the app speaks Chinese', async () => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const fonts = [];
  context.on('request', (r) => { if (/\.(ttf|otf|woff2?)$/.test(new URL(r.url()).pathname)) fonts.push(new URL(r.url()).pathname); });
  const { page, problems } = await openApp(context, server.url);
  await activate(page, 'language-zh');
  await waitForHeading(page, catalog('zh')['welcome.heading']);
  assert.deepEqual(fonts, []);
  assert.equal(await page.title(), catalog('zh')['app.title']);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a survey the server does not have shows staff a clear screen, not a blank canvas', async () => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const { page } = await openApp(context, server.url, '?lang=fr&survey=no-such-survey');
  await waitForHeading(page, catalog('fr')['error.survey_unavailable']);
  await page.waitForTimeout(300);
  assert.ok((await canvasColours(page)).count > 20, 'the problem screen should be drawn');
  await context.close();
});
