// The service worker keeps only good copies (shell/sw.js). A kiosk on clinic Wi-Fi meets captive
// portals (a sign-in page answering every address with 200 text/html), broken survey files and
// links that hang; none of them may replace the copy that lets the kiosk start offline.
// Real app, real tellus-serve, real service worker; the portal is faked by routing requests,
// including the worker's own (Playwright routes those only with this flag, set before launch).
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { catalog, eventually, launchBrowser, openApp, startServer, survey, waitForHeading } from './harness.mjs';

const SURVEY_URL = 'api/v1/surveys/primary-care-visit';
const PORTAL_PAGE = '<!doctype html><html><body><h1>Clinic guest Wi-Fi</h1><form>Accept the terms to continue</form></body></html>';
const portal = (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: PORTAL_PAGE });

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

// [SECTION] Reading what the worker keeps, from the page

// The runtime cache's copy of the survey: { type, text } or null.
const cachedSurvey = (page) => page.evaluate(async (url) => {
  const response = await (await caches.open('tellus-runtime')).match(url);
  return response ? { type: response.headers.get('Content-Type'), text: await response.text() } : null;
}, SURVEY_URL);

// What the page's own fetch of the survey gets (through the worker), as the app would.
const fetchedSurvey = (page) => page.evaluate(async (url) => {
  const response = await fetch(url, { cache: 'no-cache' });
  return { status: response.status, type: response.headers.get('Content-Type'), text: await response.text() };
}, SURVEY_URL);

// Every entry of every cache, with its media type and first bytes: a portal page must be in none.
const cacheEntries = (page) => page.evaluate(async () => {
  const entries = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      const bytes = new Uint8Array(await response.arrayBuffer()).slice(0, 64);
      entries.push({ cache: name, url: request.url, type: response.headers.get('Content-Type'), head: [...bytes] });
    }
  }
  return entries;
});
const isPortal = (entry) => String.fromCharCode(...entry.head).includes('<!doctype html><html><body><h1>Clinic');

function assertGoodSurvey(copy, where) {
  assert.ok(copy, `${where}: no copy of the survey`);
  assert.match(copy.type ?? '', /^application\/json/, `${where}: ${copy.type}`);
  assert.deepEqual(JSON.parse(copy.text), survey(), `${where}: not the survey the server holds`);
}

async function onlineVisit(context, query = '?lang=en&mode=kiosk') {
  const opened = await openApp(context, server.url, query);
  await opened.page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 20000 });
  await eventually(async () => (await cachedSurvey(opened.page)) !== null, 'the worker to keep a copy of the survey', 15000);
  return opened;
}

// [SECTION] Tests

test('behind a captive portal the good survey stays cached, and an offline start gets it', async () => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const { page } = await onlineVisit(context);
  assertGoodSurvey(await cachedSurvey(page), 'after the online visit');

  // The Wi-Fi now wants a sign-in: the survey and the catalogs come back as its page.
  let portalAnswers = 0;
  const signIn = (route) => { portalAnswers += 1; return portal(route); };
  await context.route(`**/${SURVEY_URL}*`, signIn);
  await context.route('**/i18n/*.json', signIn);
  await page.reload();
  await waitForHeading(page, catalog('en')['welcome.heading'], 30000);
  const duringPortal = await fetchedSurvey(page);
  assert.ok(portalAnswers > 0, 'the portal never answered: the test routed nothing');
  assertGoodSurvey(await cachedSurvey(page), 'behind the portal, the cache');
  assert.equal(duringPortal.status, 200);
  assertGoodSurvey(duringPortal, 'behind the portal, the page\'s fetch');
  assert.deepEqual((await cacheEntries(page)).filter(isPortal).map((e) => e.url), [], 'the portal page entered a cache');

  // Then no network at all: the kiosk still starts, with the good copy.
  await context.unrouteAll({ behavior: 'ignoreErrors' });
  await context.setOffline(true);
  await page.reload();
  await waitForHeading(page, catalog('en')['welcome.heading'], 30000);
  assertGoodSurvey(await cachedSurvey(page), 'offline, the cache');
  assertGoodSurvey(await fetchedSurvey(page), 'offline, the page\'s fetch');
  await context.close();
});

test('a survey that is JSON but not a survey (an error object, a cut-off file) never replaces the good copy', async () => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const { page } = await onlineVisit(context);
  const broken = [
    { contentType: 'application/json', body: '{"error":"upstream timed out"}' },
    { contentType: 'application/json', body: JSON.stringify(survey()).slice(0, 500) },
    { contentType: 'application/json', body: JSON.stringify({ ...survey(), version: 'two' }) },
    { contentType: 'text/plain', body: JSON.stringify(survey()) },
  ];
  for (const answer of broken) {
    const what = `answered ${answer.contentType} ${answer.body.slice(0, 40)}…`;
    await context.route(`**/${SURVEY_URL}*`, (route) => route.fulfill({ status: 200, ...answer }));
    assertGoodSurvey(await fetchedSurvey(page), `${what}, the page's fetch`);
    assertGoodSurvey(await cachedSurvey(page), `${what}, the cache`);
    await context.unrouteAll({ behavior: 'ignoreErrors' });
  }
  await context.close();
});

test('with no good copy yet, a portal answer passes through so the app can say what is wrong', async () => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const { page } = await onlineVisit(context);
  await page.evaluate((url) => caches.open('tellus-runtime').then((c) => c.delete(url)), SURVEY_URL);
  await context.route(`**/${SURVEY_URL}*`, portal);
  const fetched = await fetchedSurvey(page);
  assert.equal(fetched.status, 200);
  assert.match(fetched.type, /^text\/html/);
  assert.equal(await cachedSurvey(page), null, 'the portal page was cached as the survey');
  await context.close();
});

test("a survey fetch that hangs falls back to the good copy after 7 seconds, within the app's own 10", async () => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const { page } = await onlineVisit(context);
  const hanging = [];
  await context.route(`**/${SURVEY_URL}*`, (route) => { hanging.push(route); });  // never answered
  const started = Date.now();
  const fetched = await fetchedSurvey(page);
  const waited = Date.now() - started;
  assert.ok(hanging.length > 0, 'the hanging route was never hit');
  assertGoodSurvey(fetched, 'after the time-out, the page\'s fetch');
  assert.ok(waited >= 6000 && waited < 10000, `answered after ${waited} ms, expected about 7 s`);
  await context.unrouteAll({ behavior: 'ignoreErrors' });
  await context.close();
});

test('an app file answered by a portal never enters the cache; the install waits for the real files', async () => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const page = await context.newPage();
  // First visit through a portal that lets the page itself through but answers some of the app's
  // files (as the page and the worker's install fetch them) with its sign-in page.
  await context.route(/\/(tellus\.wasm|tellus\.js|i18n\/en\.json)(\?.*)?$/, portal);
  await page.goto(server.url + '?lang=en');
  // How the worker's first install ends: "redundant" (failed) or "activated".
  const installed = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.register('sw.js');
    const worker = registration.installing || registration.waiting || registration.active;
    if (worker.state === 'activated' || worker.state === 'redundant') return worker.state;
    return new Promise((resolve) => worker.addEventListener('statechange', () => {
      if (worker.state === 'activated' || worker.state === 'redundant') resolve(worker.state);
    }));
  });
  assert.equal(installed, 'redundant', 'a worker went live with a portal page as the app');
  assert.deepEqual((await cacheEntries(page)).filter(isPortal).map((e) => e.url), [], 'the portal page entered a cache');

  // The portal lets everything through: the next visit installs the real files.
  await context.unrouteAll({ behavior: 'ignoreErrors' });
  await page.goto(server.url + '?lang=en');
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 30000 });
  await waitForHeading(page, catalog('en')['welcome.heading'], 30000);
  const entries = await cacheEntries(page);
  const wasm = entries.find((e) => e.cache.startsWith('tellus-app-') && e.url.endsWith('/tellus.wasm'));
  assert.ok(wasm, `tellus.wasm is not in the app cache: ${entries.map((e) => e.url).join(', ')}`);
  assert.deepEqual(wasm.head.slice(0, 4), [0x00, 0x61, 0x73, 0x6d], 'the cached tellus.wasm is not WebAssembly');
  assert.deepEqual(entries.filter(isPortal).map((e) => e.url), []);
  await context.close();
});
