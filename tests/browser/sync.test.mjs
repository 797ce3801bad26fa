// Offline-first: nothing a patient sends is lost or counted twice, whatever the network does.
// Real app, real tellus-serve, real IndexedDB and service worker; faults come from stopping the
// server or from a loopback proxy that misbehaves on purpose.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { activate, catalog, completeSurvey, eventually, launchBrowser, openApp, outbox, startFaultyProxy, startServer,
  waitForHeading, putInOutbox } from './harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const idsIn = async (page) => (await outbox(page)).map((item) => item.id).sort();

async function nextPerson(page, lang = 'en') {
  await activate(page, 'thanks-again');
  await activate(page, `language-${lang}`);
  await waitForHeading(page, catalog(lang)['welcome.heading']);
}

test('sent with the server down, the page reloaded offline: every response arrives exactly once later', async () => {
  let server = await startServer();
  const { port, dataDir } = server;
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const { page, problems } = await openApp(context, server.url, '?lang=en&mode=kiosk&site=offline');
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null, null, { timeout: 20000 });
  await page.waitForTimeout(500);  // let the worker keep a copy of the survey
  await server.stop({ keepData: true });

  await completeSurvey(page, 'en', { care_when_needed: 'good' });
  await nextPerson(page);
  await completeSurvey(page, 'en', { care_when_needed: 'bad', overall: '3' });
  assert.equal((await outbox(page)).length, 2);

  // Reload with no server at all: the service worker starts the app, the outbox is still there.
  await page.reload();
  await waitForHeading(page, catalog('en')['welcome.heading'], 30000);
  await completeSurvey(page, 'en', { respect: 'very_good' });
  const waiting = await idsIn(page);
  assert.equal(waiting.length, 3);

  server = await startServer({ port, dataDir });
  await eventually(async () => (await outbox(page)).length === 0, 'the outbox to drain once the server is back', 60000);
  const stored = (await server.stored()).filter((r) => r.site === 'offline');
  assert.deepEqual(stored.map((r) => r.id).sort(), waiting);
  assert.deepEqual(problems.filter((p) => !p.includes('Failed to load resource') && !p.includes('ERR_CONNECTION_REFUSED')), []);
  await context.close();
  await server.stop();
});

test('a dropped connection after the server stored a batch, then 500s: still exactly once', async () => {
  const server = await startServer({ extraArgs: [] });
  let posts = 0;
  const proxy = await startFaultyProxy(server.port, (req) => {
    if (req.method !== 'POST') return 'ok';
    posts += 1;
    if (posts === 1) return 'drop-after';   // stored, but the app never hears so
    if (posts <= 3) return 'error500';      // the server is "down" for a while
    return 'ok';
  });
  // The app is served by tellus-serve and uploads to the proxy: a cross-origin deploy, allowed by CORS.
  await server.stop({ keepData: true });
  const restarted = await startServer({ port: server.port, dataDir: server.dataDir,
    extraArgs: ['--cors-origin', `http://127.0.0.1:${server.port},${proxy.url.slice(0, -1)}`] });
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const { page } = await openApp(context, restarted.url, `?lang=fr&mode=kiosk&site=flaky&api=${encodeURIComponent(proxy.url)}`);
  await waitForHeading(page, catalog('fr')['welcome.heading']);
  await completeSurvey(page, 'fr', { listened: 'yes' });
  const ids = await idsIn(page);
  await eventually(async () => (await outbox(page)).length === 0, 'the outbox to drain through the flaky proxy', 90000);
  assert.ok(posts >= 4, `expected retries, saw ${posts} POSTs`);
  const stored = (await restarted.stored()).filter((r) => r.site === 'flaky');
  assert.deepEqual(stored.map((r) => r.id), ids);
  await context.close();
  await proxy.close();
  await restarted.stop();
});

test('two tabs on one device: each response arrives once', async () => {
  const server = await startServer();
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const one = await openApp(context, server.url, '?lang=en&mode=phone&site=tabs');
  const two = await openApp(context, server.url, '?lang=en&mode=phone&site=tabs');
  await Promise.all([completeSurvey(one.page, 'en', { listened: 'no' }), completeSurvey(two.page, 'en', { listened: 'yes' })]);
  await eventually(async () => (await outbox(one.page)).length === 0, 'the shared outbox to drain', 60000);
  await one.page.waitForTimeout(3000);  // give a second tab the chance to send twice, if it would
  const stored = (await server.stored()).filter((r) => r.site === 'tabs');
  assert.equal(stored.length, 2);
  assert.deepEqual(stored.map((r) => r.answers.listened).sort(), ['no', 'yes']);
  await context.close();
  await server.stop();
});

test('a response the server rejects is held on the device with the reason, not dropped', async () => {
  const server = await startServer();
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const { page } = await openApp(context, server.url, '?lang=en&mode=kiosk&site=held');
  // A response from an older app that answers a question this survey does not have.
  const bad = { id: '0b6f1c7e-3a2d-4e8f-9b1a-2c3d4e5f6a7b', survey: { id: 'primary-care-visit', version: 1 }, locale: 'en-CA',
    channel: 'kiosk', site: 'held', started_at: '2026-11-20T10:00:00-05:00', submitted_at: '2026-11-20T10:01:00-05:00',
    answers: { favourite_colour: 'blue' } };
  await putInOutbox(page, bad);
  await page.reload();
  await eventually(async () => (await page.evaluate(() => window.TellusWeb.held())).length === 1, 'the item to be held', 30000);
  const [held] = await page.evaluate(() => window.TellusWeb.held());
  assert.equal(held.id, bad.id);
  assert.ok(JSON.stringify(held.errors).includes('answers.favourite_colour'), JSON.stringify(held.errors));
  assert.equal((await outbox(page)).length, 0);
  assert.equal((await server.stored()).filter((r) => r.site === 'held').length, 0);
  await context.close();
  await server.stop();
});

test('when the device refuses storage (private browsing), the patient is told plainly and the answers are still sent', async () => {
  const server = await startServer();
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  // What Safari's and Firefox's private modes do: IndexedDB refuses to open.
  await context.addInitScript(() => {
    indexedDB.open = () => { throw new DOMException('The user denied permission to access the database.', 'SecurityError'); };
  });
  const { page } = await openApp(context, server.url, '?lang=fr&mode=kiosk&site=no-storage');
  await waitForHeading(page, catalog('fr')['welcome.heading']);
  await completeSurvey(page, 'fr', { respect: 'good' });
  // The thank-you screen says plainly that this device kept no copy, in words a screen reader reads too.
  const paragraphs = await page.locator('#twin-controls p').allTextContents();
  assert.ok(paragraphs.includes(catalog('fr')['error.storage']), JSON.stringify(paragraphs));
  await eventually(async () => (await server.stored()).some((r) => r.site === 'no-storage'), 'the answers to arrive from memory');
  const stored = (await server.stored()).filter((r) => r.site === 'no-storage');
  assert.equal(stored.length, 1);
  assert.deepEqual(stored[0].answers, { respect: 'good' });
  await context.close();
  await server.stop();
});

test('the app asks the server for its upload limits (api/v1/limits) and keeps its batches within them', async () => {
  const server = await startServer();
  // No service worker: every request of the page passes through these routes.
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, serviceWorkers: 'block' });
  let limitsServed = false;
  await context.route('**/api/v1/limits', (route) => {
    limitsServed = true;
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ upload: { max_bytes: 1048576, max_responses: 3 } }) });
  });
  // The first upload, and any before the limits went out, gets a 503 (which backs off a second or
  // two and keeps everything), so the outbox loading first cannot race the limits; from then on each
  // batch is counted. One 503 never splits a batch, so only the limits can make it smaller.
  const batches = [];
  let refused = false;
  await context.route('**/api/v1/responses', (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    if (!limitsServed || !refused) {
      refused = true;
      return route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":"not yet"}' });
    }
    batches.push(JSON.parse(route.request().postData()).responses.length);
    return route.continue();
  });
  const { page, problems } = await openApp(context, server.url, '?lang=en&mode=kiosk&site=limits');
  // Five responses left on the device by an earlier session: the next start sends them.
  const ids = ['1', '2', '3', '4', '5'].map((n) => `5f0c2a1e-7b3d-4c8e-9a1f-00000000000${n}`);
  for (const id of ids) {
    await putInOutbox(page, { id, survey: { id: 'primary-care-visit', version: 1 }, locale: 'en-CA', channel: 'kiosk', site: 'limits',
      started_at: '2026-11-20T10:00:00-05:00', submitted_at: '2026-11-20T10:01:00-05:00', answers: { care_when_needed: 'good' } });
  }
  limitsServed = false;  // the reloaded page must ask again
  await page.reload();
  await eventually(async () => (await outbox(page)).length === 0, 'the outbox to drain', 60000);
  assert.ok(limitsServed, 'the app never asked for api/v1/limits');
  assert.deepEqual(batches, [3, 2]);  // the app's own limit is 100 a batch
  assert.deepEqual((await server.stored()).filter((r) => r.site === 'limits').map((r) => r.id).sort(), ids);
  assert.deepEqual(problems.filter((p) => !p.includes('Failed to load resource')), []);
  await context.close();
  await server.stop();
});
