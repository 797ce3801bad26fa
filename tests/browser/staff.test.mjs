// Staff mode (issues 6, 11): what a clinic's staff rely on, and what a shared device must never keep.
// Real app, real tellus-serve, real IndexedDB, real downloads; the token is checked by the server,
// and typed with real keys into the sign-in field, which is reached with real taps.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { activate, catalog, completeSurvey, deviceStorage, eventually, launchBrowser, MANAGER_TOKEN, openApp, outbox, repo, serveBinary,
  startServer, STAFF_TOKEN, tap, twin, VIEWER_TOKEN, waitForHeading, putInOutbox } from './harness.mjs';

const en = catalog('en');
let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const status = (page) => page.locator('#twin-status').textContent();
async function type(page, id, text) {
  await twin(page, id).fill(text);
  await page.waitForTimeout(50);
}
// Taps the token field, types the token with the keyboard and presses Enter.
async function signIn(page, token) {
  await waitForHeading(page, en['staff.sign_in']);
  await tap(page, 'staff-token');
  await page.keyboard.press('Control+A');
  await page.keyboard.type(token);
  await page.keyboard.press('Enter');
}
// Session secrets the server hands this page (POST /api/v1/session), as they arrive.
function watchSessions(page) {
  const sessions = [];
  page.on('response', async (r) => {
    if (r.request().method() === 'POST' && r.url().endsWith('/api/v1/session') && r.status() === 201) sessions.push((await r.json()).session);
  });
  return sessions;
}
const sessionStatus = async (server, secret) => (await fetch(server.url + 'api/v1/session', { headers: { Authorization: `Bearer ${secret}` } })).status;
async function cornerPress(page) {
  await page.mouse.move(12, 12);
  await page.mouse.down();
  await page.waitForTimeout(3400);
  await page.mouse.up();
}
async function saveDownload(page, twinId, dir) {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15000 }), activate(page, twinId)]);
  const file = path.join(dir, download.suggestedFilename());
  await download.saveAs(file);
  return { name: download.suggestedFilename(), text: readFileSync(file, 'utf8') };
}
function response(id, submittedAt, answers, site = 'north') {
  return { id, survey: { id: 'primary-care-visit', version: 1 }, locale: 'en-CA', channel: 'kiosk', site,
    started_at: submittedAt, submitted_at: submittedAt, answers };
}

test('#staff always asks for the token, typed into a password field with a show toggle; Enter signs in once; nothing of it is kept on the device', async () => {
  const server = await startServer();
  const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
  const { page, problems } = await openApp(context, server.url, '?mode=kiosk&site=north#staff');
  const sessions = watchSessions(page);
  let sessionRequests = 0;
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/api/v1/session')) sessionRequests++; });
  await waitForHeading(page, en['staff.sign_in']);
  assert.equal(await page.evaluate(() => location.hash), '', '#staff is a one-time request: a reload starts the patient screens');
  const field = twin(page, 'staff-token');
  assert.equal(await field.getAttribute('type'), 'password');
  assert.equal(await field.getAttribute('autocomplete'), 'off');
  await tap(page, 'staff-token');
  await page.keyboard.type('not-the-token');
  // "Show" shows what was typed, on the canvas and in the field; a second tap hides it again.
  await tap(page, 'staff-show-token');
  await eventually(async () => (await field.getAttribute('type')) === 'text', 'the token shown');
  assert.equal(await twin(page, 'staff-show-token').getAttribute('aria-checked'), 'true');
  await tap(page, 'staff-show-token');
  await eventually(async () => (await field.getAttribute('type')) === 'password', 'the token hidden again');
  await tap(page, 'staff-token');
  await page.keyboard.press('Enter');
  await page.waitForFunction((t) => document.getElementById('announce').textContent === t, en['staff.token_wrong']);
  assert.equal(await page.locator('#twin-heading').textContent(), en['staff.sign_in']);

  // The right token, and Enter pressed twice and "Sign in" double-tapped: one session.
  await tap(page, 'staff-token');
  await page.keyboard.press('Control+A');
  await page.keyboard.type(STAFF_TOKEN);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter').catch(() => {});
  const signInBox = await twin(page, 'staff-sign-in').boundingBox().catch(() => null);
  if (signInBox) await page.mouse.dblclick(signInBox.x + signInBox.width / 2, signInBox.y + signInBox.height / 2);
  await waitForHeading(page, en['staff.tab_device']);
  await page.waitForTimeout(500);
  assert.equal(sessionRequests, 2, 'one refused sign-in, then one session for the right token');
  assert.equal(sessions.length, 1);
  const panel = await status(page);
  for (const line of ['Signed in: admin (admin)', 'Survey: primary-care-visit', 'Site: north', 'Mode: kiosk', 'Waiting to send: 0'])
    assert.ok(panel.includes(line), `${line} in ${panel}`);
  assert.equal(await sessionStatus(server, sessions[0]), 200, 'the session works on the server');

  // Nowhere on the device: not the token, not the session.
  let kept = await deviceStorage(page);
  assert.ok(!kept.includes(STAFF_TOKEN), 'the token is not kept');
  assert.ok(!kept.includes(sessions[0]), 'the session is not kept');
  assert.equal(await page.locator(`input[value="${STAFF_TOKEN}"]`).count(), 0);

  // Leaving ends the session on the server too, and the corner press asks for the token again.
  await tap(page, 'staff-leave');
  await waitForHeading(page, en['language.choose']);
  await eventually(async () => (await sessionStatus(server, sessions[0])) === 401, 'the session ended on the server');
  await cornerPress(page);
  await waitForHeading(page, en['staff.sign_in']);
  assert.equal(await twin(page, 'staff-tab-device').count(), 0);
  kept = await deviceStorage(page);
  assert.ok(!kept.includes(STAFF_TOKEN) && !kept.includes(sessions[0]));
  assert.deepEqual(problems.filter((p) => !p.includes('401')), []);
  await context.close();
  await server.stop();
});

test('a token an older version kept in localStorage is removed and never used', async () => {
  const server = await startServer();
  const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
  await context.addInitScript((t) => { if (!sessionStorage.getItem('seeded')) { localStorage.setItem('tellus.staffToken', t); sessionStorage.setItem('seeded', '1'); } },
    STAFF_TOKEN);
  const { page } = await openApp(context, server.url, '?mode=kiosk#staff');
  await waitForHeading(page, en['staff.sign_in']);
  await page.waitForTimeout(1000);
  assert.equal(await page.locator('#twin-heading').textContent(), en['staff.sign_in'], 'still asks: the old token opens nothing');
  // Removed once the page has loaded and is idle (shell/tellus-staff.js).
  await page.waitForFunction(() => localStorage.getItem('tellus.staffToken') === null, null, { timeout: 5000 });
  await context.close();
  await server.stop();
});

test('a kiosk left in staff mode goes back to patients at the idle reset, without asking "still there?", and its session ends', async () => {
  const server = await startServer();
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const { page } = await openApp(context, server.url, '?mode=kiosk&idle=10#staff');
  const sessions = watchSessions(page);
  await signIn(page, VIEWER_TOKEN);
  await waitForHeading(page, en['staff.tab_device']);
  const headings = [];
  const timer = setInterval(async () => { headings.push(await page.locator('#twin-heading').textContent().catch(() => '')); }, 500);
  await waitForHeading(page, en['language.choose'], 40000);
  clearInterval(timer);
  assert.ok(!headings.includes(en['kiosk.still_there']), 'nobody walking up can answer "yes, still here" for the staff member');
  await eventually(async () => (await sessionStatus(server, sessions[0])) === 401, 'the session ended on the server');
  assert.ok(!(await deviceStorage(page)).includes(VIEWER_TOKEN));
  await context.close();
  await server.stop();
});

test('a reload in staff mode ends it: the page comes back on the patient screens, and the server forgets the session', async () => {
  // The page says goodbye on the way out (a keep-alive DELETE), which a browser may drop during a
  // reload; the server's idle limit (shortened here to 5 s) ends the session then anyway.
  const server = await startServer({ extraArgs: ['--staff-session-idle', '5'] });
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const { page } = await openApp(context, server.url, '?mode=kiosk#staff');
  const sessions = watchSessions(page);
  await signIn(page, MANAGER_TOKEN);
  await waitForHeading(page, en['staff.tab_device']);
  await page.reload();
  await waitForHeading(page, en['language.choose'], 30000);
  assert.equal(await twin(page, 'staff-tab-device').count(), 0);
  // Checked once, after the idle limit: asking earlier would itself keep a live session alive.
  await page.waitForTimeout(6000);
  assert.equal(await sessionStatus(server, sessions[0]), 401, 'the session ended on the server');
  assert.ok(!(await deviceStorage(page)).includes(MANAGER_TOKEN));
  assert.ok(!(await deviceStorage(page)).includes(sessions[0]));
  await context.close();
  await server.stop();
});

test('what each role sees: a viewer gets results by fixed periods only; a manager also downloads, and the download is in the audit trail', async () => {
  const server = await startServer();
  const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
  const { page } = await openApp(context, server.url, '?mode=kiosk&site=north#staff');
  await signIn(page, VIEWER_TOKEN);
  await waitForHeading(page, en['staff.tab_device']);
  assert.ok((await status(page)).includes('Signed in: QI lead (viewer)'));
  assert.equal(await twin(page, 'staff-download-device').count(), 0);
  assert.ok((await status(page)).includes(en['staff.downloads_need_manager']));
  await tap(page, 'staff-tab-results');
  await waitForHeading(page, en['staff.tab_results']);
  await eventually(async () => (await status(page)).includes('0 responses'), 'this month\'s summary');
  const month = await page.evaluate(() => { const d = new Date(); return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`; });
  assert.ok((await status(page)).includes(`Period: ${month}`));
  for (const id of ['staff-from', 'staff-to', 'staff-download-csv', 'staff-download-json', 'staff-download-fhir'])
    assert.equal(await twin(page, id).count(), 0, `${id} is for managers`);
  await tap(page, 'staff-period-quarter');
  await eventually(async () => /Period: \d{4}-Q[1-4]/.test(await status(page)), 'the quarter');
  const quarter = (await status(page)).match(/Period: (\d{4}-Q[1-4])/)[1];
  await tap(page, 'staff-period-earlier');
  await eventually(async () => { const m = (await status(page)).match(/Period: (\d{4}-Q[1-4])/); return m && m[1] !== quarter; }, 'the quarter before');
  await tap(page, 'staff-leave');
  await waitForHeading(page, en['language.choose']);

  await page.goto(server.url + '?mode=kiosk&site=north#staff');
  await signIn(page, MANAGER_TOKEN);
  await waitForHeading(page, en['staff.tab_device']);
  const { name } = await saveDownload(page, 'staff-download-device', server.dataDir);
  assert.match(name, /^tellus-primary-care-visit-device-north-\d{4}-\d{2}-\d{2}\.json$/);
  const audit = await (await fetch(server.url + 'api/v1/audit', { headers: { Authorization: `Bearer ${STAFF_TOKEN}` } })).json();
  const entry = audit.entries.find((e) => e.action === 'device_download');
  assert.ok(entry, JSON.stringify(audit));
  assert.equal(entry.name, 'Office manager');
  assert.equal(entry.role, 'manager');
  assert.ok(audit.entries.some((e) => e.action === 'summary' && e.name === 'QI lead'), 'the viewer\'s summaries are recorded too');
  assert.ok(!JSON.stringify(audit).includes('127.0.0.1'), 'never an address');
  await context.close();
  await server.stop();
});

test('a viewer reads this month\'s masked comments a page at a time: More comments shows the rest, each once', async () => {
  const server = await startServer();
  // Thirty comments this month (local time), one with an email the server masks before storing.
  const now = new Date();
  const month = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
  const items = Array.from({ length: 30 }, (_, i) => response(`6e1d7b2f-0000-4000-8000-0000000000${String(10 + i)}`,
    `${month}-01T${String(8 + Math.floor(i / 6)).padStart(2, '0')}:${String(10 * (i % 6)).padStart(2, '0')}:00-05:00`,
    { went_well: i === 29 ? 'Write to ann@example.com' : `Comment number ${i}` }));
  const post = await fetch(server.url + 'api/v1/responses', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ responses: items }) });
  assert.equal(post.status, 200);
  const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
  const { page } = await openApp(context, server.url, '?mode=kiosk&site=north#staff');
  await signIn(page, VIEWER_TOKEN);
  await waitForHeading(page, en['staff.tab_device']);
  await tap(page, 'staff-tab-results');
  await eventually(async () => (await status(page)).includes('Comments, newest first (25)'), 'the first page of comments');
  let panel = await status(page);
  assert.ok(panel.includes('Write to [email removed]'), 'the newest, masked');
  assert.ok(!panel.includes('ann@example.com'), panel);
  assert.ok(!panel.includes('Comment number 4 '), 'the oldest wait for the next page');
  await twin(page, 'staff-more-comments').scrollIntoViewIfNeeded();
  await tap(page, 'staff-more-comments');
  await eventually(async () => (await status(page)).includes('Comments, newest first (30)'), 'the second page');
  panel = await status(page);
  for (let i = 0; i < 29; ++i)
    assert.equal(panel.match(new RegExp(`Comment number ${i}(?!\\d)`, 'g'))?.length, 1, `comment ${i} shown once`);
  assert.equal(await twin(page, 'staff-more-comments').count(), 0, 'nothing more to load');
  const audit = await (await fetch(server.url + 'api/v1/audit', { headers: { Authorization: `Bearer ${STAFF_TOKEN}` } })).json();
  assert.equal(audit.entries.filter((e) => e.action === 'comments' && e.name === 'QI lead').length, 2, 'each page read is recorded');
  await context.close();
  await server.stop();
});

test('a 3-second press in the top-left corner of the language screen opens staff mode; a short one does not', async () => {
  const server = await startServer();
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const { page } = await openApp(context, server.url, '?mode=kiosk');
  await waitForHeading(page, en['language.choose']);
  await page.mouse.move(12, 12);
  await page.mouse.down();
  await page.waitForTimeout(1000);
  await page.mouse.up();
  await page.waitForTimeout(2500);
  assert.equal(await page.locator('#twin-heading').textContent(), en['language.choose']);
  await cornerPress(page);
  await waitForHeading(page, en['staff.sign_in']);
  await context.close();
  await server.stop();
});

test('uploads failing: held items show the server\'s reasons, and the downloaded file imports with no duplicates', async () => {
  const server = await startServer();
  const { dataDir } = server;
  const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
  const { page } = await openApp(context, server.url, '?lang=en&mode=kiosk&site=offline');
  // One response the server refuses (an answer to a question the survey does not have): held.
  const bad = response('0b6f1c7e-3a2d-4e8f-9b1a-2c3d4e5f6a7b', '2026-11-20T10:01:00-05:00', { favourite_colour: 'blue' }, 'offline');
  await putInOutbox(page, bad);
  await page.reload();
  await eventually(async () => (await page.evaluate(() => window.TellusWeb.held())).length === 1, 'the bad item to be held');

  // Uploads stop getting through (a broken proxy on the clinic's network); a patient answers; the
  // response waits on the device. Staff can still sign in: the server itself is there.
  await page.route('**/api/v1/responses', (route) => route.abort('connectionfailed'));
  await waitForHeading(page, en['welcome.heading'], 30000);
  await completeSurvey(page, 'en', { care_when_needed: 'good', do_better: 'Call me at 416-555-1234 please' });
  const waiting = (await outbox(page)).map((r) => r.id);
  assert.equal(waiting.length, 1);

  await page.evaluate(() => { location.hash = 'staff'; });
  await activate(page, 'thanks-again');
  await signIn(page, MANAGER_TOKEN);
  await waitForHeading(page, en['staff.tab_device'], 20000);
  await eventually(async () => (await status(page)).includes(bad.id), 'the held item listed');
  const panel = await status(page);
  assert.ok(panel.includes('Waiting to send: 1'), panel);
  assert.ok(panel.includes('Held (refused by the server): 1'), panel);
  assert.ok(panel.includes('answers.favourite_colour'), `the server's reason is shown: ${panel}`);

  const { name, text } = await saveDownload(page, 'staff-download-device', dataDir);
  assert.match(name, /^tellus-primary-care-visit-device-offline-\d{4}-\d{2}-\d{2}\.json$/);
  const file = JSON.parse(text);
  assert.deepEqual(file.responses.map((r) => r.id).sort(), [...waiting, bad.id].sort());
  const patient = file.responses.find((r) => r.id === waiting[0]);
  assert.equal(patient.answers.do_better, 'Call me at [phone number removed] please', 'masked before it was saved');

  // Staff import the file on the server: the good one is stored, the held one is refused again.
  const importFile = path.join(dataDir, name);
  const args = ['import', importFile, '--db', path.join(dataDir, 'tellus.sqlite3'), '--surveys', path.join(repo, 'assets/surveys')];
  const first = spawnSync(serveBinary, args, { encoding: 'utf8' });
  assert.match(first.stdout, /1 accepted, 0 duplicate, 1 rejected/, first.stdout + first.stderr);
  const again = spawnSync(serveBinary, args, { encoding: 'utf8' });
  assert.match(again.stdout, /0 accepted, 1 duplicate, 1 rejected/, again.stdout + again.stderr);

  // The network comes back and the kiosk sends the same response: counted once.
  await page.unroute('**/api/v1/responses');
  await activate(page, 'staff-sync-now');
  await eventually(async () => (await outbox(page)).length === 0, 'the outbox to drain', 60000);
  const stored = (await server.stored()).filter((r) => r.site === 'offline');
  assert.deepEqual(stored.map((r) => r.id), waiting);
  await context.close();
  await server.stop();
});

test('storage refused and uploads failing: the device download still has the response kept only in memory', async () => {
  const server = await startServer();
  // No service worker: once one controls the page, its uploads pass through the worker, where
  // page.route cannot fail them (Playwright's documented limit), and the test would race it.
  const context = await browser.newContext({ viewport: { width: 1024, height: 900 }, serviceWorkers: 'block' });
  // What Safari's and Firefox's private modes do: IndexedDB refuses to open. The sync engine keeps
  // the response in memory, and the rescue download must take it from there.
  await context.addInitScript(() => {
    indexedDB.open = () => { throw new DOMException('The user denied permission to access the database.', 'SecurityError'); };
  });
  const { page } = await openApp(context, server.url, '?lang=en&mode=kiosk&site=no-storage');
  await page.route('**/api/v1/responses', (route) => route.abort('connectionfailed'));
  await waitForHeading(page, en['welcome.heading']);
  await completeSurvey(page, 'en', { respect: 'good' });
  await page.evaluate(() => { location.hash = 'staff'; });
  await activate(page, 'thanks-again');
  await signIn(page, MANAGER_TOKEN);
  await waitForHeading(page, en['staff.tab_device'], 20000);
  assert.ok((await status(page)).includes('Waiting to send: 1'), await status(page));
  const { name, text } = await saveDownload(page, 'staff-download-device', server.dataDir);
  assert.match(name, /^tellus-primary-care-visit-device-no-storage-\d{4}-\d{2}-\d{2}\.json$/);
  const file = JSON.parse(text);
  assert.equal(file.responses.length, 1);
  assert.deepEqual(file.responses[0].answers, { respect: 'good' });
  assert.equal(file.responses[0].site, 'no-storage');
  await context.close();
  await server.stop();
});

test('results: counts with suppression, a one-month filter, and CSV/JSON/FHIR downloads with clear names that parse back', async () => {
  const server = await startServer();
  // Fourteen responses in November, one on December 1st just after midnight (outside the month).
  const languages = [...Array(7).fill('english'), ...Array(5).fill('french'), 'chinese', 'chinese'];
  const care = [...Array(7).fill('good'), ...Array(4).fill('very_good'), 'bad'];
  const items = languages.map((language, i) => response(`5d0c6a1e-0000-4000-8000-0000000000${String(10 + i)}`,
    `2026-11-${10 + i}T10:00:00-05:00`,
    { listened: 'yes', home_language: language, went_well: i === 13 ? 'Écrivez-moi : ann@example.com' : 'Le café, très bien',
      ...(care[i] ? { care_when_needed: care[i] } : {}) }));
  items.push(response('5d0c6a1e-0000-4000-8000-000000000099', '2026-12-01T00:30:00-05:00', { care_when_needed: 'good' }));
  const post = await fetch(server.url + 'api/v1/responses', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ responses: items }) });
  assert.equal(post.status, 200);

  const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
  const { page } = await openApp(context, server.url, '?mode=kiosk&site=north#staff');
  await signIn(page, STAFF_TOKEN);
  await waitForHeading(page, en['staff.tab_device']);
  await activate(page, 'staff-tab-results');
  await waitForHeading(page, en['staff.tab_results']);
  await type(page, 'staff-from', '2026-11-01');
  await type(page, 'staff-to', '2026-11-30');
  await activate(page, 'staff-apply');
  await eventually(async () => (await status(page)).includes('14 responses'), 'the November summary');
  let panel = await status(page);
  assert.ok(panel.includes('Good: 7'), panel);
  assert.ok(panel.includes(`Bad: ${en['staff.suppressed']}`), panel);
  assert.ok(panel.includes(`Very good: ${en['staff.suppressed']}`), 'the next smallest is hidden too, so the total gives nothing away');
  assert.ok(!panel.includes('Bad: 1'), 'a count under 5 is never shown');
  assert.ok(panel.includes('14 answered · 100% positive'), panel);
  // Comments, newest first, with personal details masked (the server masked them before storing).
  assert.ok(panel.includes('Comments, newest first (14)'), panel);
  assert.ok(panel.includes('2026-11-23 · What went well? Écrivez-moi : [email removed]'), panel);
  assert.ok(!panel.includes('ann@example.com'), panel);
  assert.ok(panel.indexOf('2026-11-23 ·') < panel.indexOf('2026-11-10 ·'), 'newest first');

  await activate(page, 'staff-by-home_language');
  await eventually(async () => (await status(page)).includes('By: '), 'the breakdown');
  panel = await status(page);
  // Two Chinese-speaking patients: hidden, and so is enough else (here the English 7, since 14
  // minus 7 English minus 5 French would leave them) that no subtraction gives them away.
  assert.ok(panel.includes(`Chinese · ${en['staff.suppressed']} responses`), panel);
  assert.ok(!/English · 7 responses/.test(panel) || !/French · 5 responses/.test(panel), panel);
  assert.ok(!panel.includes('Chinese · 2'), panel);

  const dir = server.dataDir;
  const csv = await saveDownload(page, 'staff-download-csv', dir);
  assert.equal(csv.name, 'tellus-primary-care-visit-north-2026-11-01-to-2026-11-30.csv');
  const rows = csv.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  assert.equal(rows.length, 1 + 14, 'a header and the fourteen November responses (December 1st excluded)');
  assert.ok(csv.text.includes('Le café, très bien'), 'accents intact');

  const json = await saveDownload(page, 'staff-download-json', dir);
  assert.equal(json.name, 'tellus-primary-care-visit-north-2026-11-01-to-2026-11-30.json');
  assert.deepEqual(JSON.parse(json.text).map((r) => r.id).sort(), items.slice(0, 14).map((r) => r.id).sort());
  const stored = JSON.parse(json.text).find((r) => r.id === items[13].id);
  assert.equal(stored.answers.went_well, 'Écrivez-moi : [email removed]', 'the server masked the comment before storing it');

  const fhir = await saveDownload(page, 'staff-download-fhir', dir);
  assert.equal(fhir.name, 'tellus-primary-care-visit-north-2026-11-01-to-2026-11-30.fhir.json');
  const bundle = JSON.parse(fhir.text);
  assert.equal(bundle.resourceType, 'Bundle');
  assert.equal(bundle.entry.length, 14);
  await context.close();
  await server.stop();
});

test('the phone poster, in English and French, has a QR code that decodes to the phone link for this site', async () => {
  const server = await startServer();
  const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
  const { page } = await openApp(context, server.url, '?mode=kiosk&site=north#staff');
  await signIn(page, STAFF_TOKEN);
  await waitForHeading(page, en['staff.tab_device']);
  const [poster] = await Promise.all([context.waitForEvent('page'), activate(page, 'staff-poster')]);
  await poster.waitForSelector('#qr svg');
  const text = await poster.locator('main').innerText();
  assert.match(text, /Tell us about your visit/);
  assert.match(text, /Parlez-nous de votre visite/);
  const png = PNG.sync.read(await poster.locator('#qr').screenshot());
  const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  assert.ok(code, 'a QR code is found in the poster');
  assert.equal(code.data, `${server.url}?mode=phone&site=north`);
  // Printed, the code still reads (print styles hide the button, not the code).
  await poster.emulateMedia({ media: 'print' });
  assert.equal(await poster.locator('#print').isVisible(), false);
  const printed = PNG.sync.read(await poster.locator('#qr').screenshot());
  assert.equal(jsQR(new Uint8ClampedArray(printed.data), printed.width, printed.height)?.data, code.data);
  // The link opens the survey in phone mode.
  const phone = await context.newPage();
  await phone.goto(code.data);
  await waitForHeading(phone, en['language.choose'], 30000);
  await context.close();
  await server.stop();
});
