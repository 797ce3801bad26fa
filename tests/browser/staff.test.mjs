// Staff mode (issue 6): what a clinic's staff rely on. Real app, real tellus-serve, real IndexedDB,
// real downloads; the token is checked by the server.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { activate, catalog, completeSurvey, eventually, launchBrowser, openApp, outbox, repo, serveBinary, startServer, STAFF_TOKEN,
  twin, waitForHeading, putInOutbox } from './harness.mjs';

const en = catalog('en');
let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const status = (page) => page.locator('#twin-status').textContent();
const storedToken = (page) => page.evaluate(() => localStorage.getItem('tellus.staffToken'));
async function type(page, id, text) {
  await twin(page, id).fill(text);
  await page.waitForTimeout(50);
}
async function signIn(page, token) {
  await waitForHeading(page, en['staff.sign_in']);
  await type(page, 'staff-token', token);
  await activate(page, 'staff-sign-in');
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

test('#staff asks for the token; a wrong one is refused plainly and not kept, the right one opens the device panel and is remembered', async () => {
  const server = await startServer();
  const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
  const { page, problems } = await openApp(context, server.url, '?mode=kiosk&site=north#staff');
  await signIn(page, 'not-the-token');
  await page.waitForFunction((t) => document.getElementById('announce').textContent === t, en['staff.token_wrong']);
  assert.equal(await storedToken(page), null);
  assert.equal(await page.locator('#twin-heading').textContent(), en['staff.sign_in']);

  await signIn(page, STAFF_TOKEN);
  await waitForHeading(page, en['staff.tab_device']);
  assert.equal(await storedToken(page), STAFF_TOKEN);
  const panel = await status(page);
  for (const line of ['Survey: primary-care-visit', 'Site: north', 'Mode: kiosk', 'Waiting to send: 0', 'Held (refused by the server): 0'])
    assert.ok(panel.includes(line), `${line} in ${panel}`);

  // Leaving returns to the language screen, and the address no longer opens staff mode.
  await activate(page, 'staff-leave');
  await waitForHeading(page, en['language.choose']);
  assert.equal(await page.evaluate(() => location.hash), '');

  // Next time on this device: straight in with the remembered token; "Forget token" removes it.
  await page.goto(server.url + '?mode=kiosk&site=north#staff');
  await waitForHeading(page, en['staff.tab_device'], 30000);
  await activate(page, 'staff-forget-token');
  await waitForHeading(page, en['staff.sign_in']);
  assert.equal(await storedToken(page), null);
  assert.deepEqual(problems.filter((p) => !p.includes('401')), []);
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
  await page.mouse.down();
  await page.waitForTimeout(3400);
  await page.mouse.up();
  await waitForHeading(page, en['staff.sign_in']);
  await context.close();
  await server.stop();
});

test('offline kiosk: held items show the server\'s reasons, and the downloaded file imports with no duplicates', async () => {
  let server = await startServer();
  const { port, dataDir } = server;
  const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
  const { page } = await openApp(context, server.url, '?lang=en&mode=kiosk&site=offline');
  await page.evaluate((t) => localStorage.setItem('tellus.staffToken', t), STAFF_TOKEN);
  // One response the server refuses (an answer to a question the survey does not have): held.
  const bad = response('0b6f1c7e-3a2d-4e8f-9b1a-2c3d4e5f6a7b', '2026-11-20T10:01:00-05:00', { favourite_colour: 'blue' }, 'offline');
  await putInOutbox(page, bad);
  await page.reload();
  await eventually(async () => (await page.evaluate(() => window.TellusWeb.held())).length === 1, 'the bad item to be held');

  // The network goes; two patients answer; their responses wait on the device.
  await server.stop({ keepData: true });
  await waitForHeading(page, en['welcome.heading'], 30000);
  await completeSurvey(page, 'en', { care_when_needed: 'good', do_better: 'Call me at 416-555-1234 please' });
  const waiting = (await outbox(page)).map((r) => r.id);
  assert.equal(waiting.length, 1);

  await page.evaluate(() => { location.hash = 'staff'; });
  await activate(page, 'thanks-again');
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
  server = await startServer({ port, dataDir });
  await activate(page, 'staff-sync-now');
  await eventually(async () => (await outbox(page)).length === 0, 'the outbox to drain', 60000);
  const stored = (await server.stored()).filter((r) => r.site === 'offline');
  assert.deepEqual(stored.map((r) => r.id), waiting);
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
  assert.ok(panel.includes('Bad: fewer than 5 (hidden)'), panel);
  assert.ok(panel.includes('Very good: fewer than 5 (hidden)'), 'the next smallest is hidden too, so the total gives nothing away');
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
  assert.ok(panel.includes('English · 7 responses'), panel);
  assert.ok(panel.includes('Chinese · fewer than 5 (hidden) responses'), panel);
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
