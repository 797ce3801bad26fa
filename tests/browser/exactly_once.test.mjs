// A hurried patient and a Wi-Fi login page (issue 12): every double tap makes one response and
// moves one step, and no start ends on a blank screen.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { activate, catalog, eventually, expectNotBlank, launchBrowser, openApp, outbox, startServer, survey, twin,
  waitForHeading } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const s = survey();
const SURVEY_URL = '**/api/v1/surveys/primary-care-visit';
const PORTAL = '<!DOCTYPE html><html><body><h1>Clinic guest Wi-Fi</h1><p>Accept the terms to continue.</p></body></html>';

// Answers every question with its first answer (a comment for text) through the twins, and stops
// on the last question, where the button is "Send my answers".
async function toLastQuestion(page, lang = 'en') {
  await activate(page, 'welcome-start');
  for (const [i, q] of s.questions.entries()) {
    await waitForHeading(page, q.text[lang]);
    if (q.type === 'text') {
      await twin(page, `answer-${q.id}`).focus();
      await page.keyboard.type('Fine.');
    } else {
      const first = q.type === 'scale' ? q.min : q.type === 'faces' ? 'very_bad' : q.type === 'yes_no_unsure' ? 'yes' : q.options[0].id;
      await activate(page, `answer-${q.id}-${first}`);
    }
    if (i < s.questions.length - 1) await activate(page, 'nav-next');
  }
  await twin(page, 'nav-send').waitFor();
}

async function centreOf(page, id) {
  const box = await twin(page, id).boundingBox();
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

// Waits for the response of `site` to arrive, then long enough for any second one to follow.
async function storedFor(site) {
  await eventually(async () => (await server.stored()).some((r) => r.site === site), `the response from ${site} to arrive`);
  await new Promise((r) => setTimeout(r, 2500));
  return (await server.stored()).filter((r) => r.site === site);
}

const DOUBLE_SENDS = [
  ['two mouse clicks 30 ms apart', {}, async (page) => {
    const at = await centreOf(page, 'nav-send');
    await page.mouse.click(at.x, at.y);
    await page.waitForTimeout(30);
    await page.mouse.click(at.x, at.y);
  }],
  ['two touch taps 40 ms apart', { hasTouch: true, isMobile: true }, async (page) => {
    const at = await centreOf(page, 'nav-send');
    await page.touchscreen.tap(at.x, at.y);
    await page.waitForTimeout(40);
    await page.touchscreen.tap(at.x, at.y);
  }],
  ['Enter pressed twice', {}, async (page) => {
    await twin(page, 'nav-send').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
  }],
  ['three clicks and an Enter', {}, async (page) => {
    const at = await centreOf(page, 'nav-send');
    for (let i = 0; i < 3; i++) await page.mouse.click(at.x, at.y);
    await twin(page, 'nav-send').focus().catch(() => {});
    await page.keyboard.press('Enter');
  }],
];

for (const [name, device, press] of DOUBLE_SENDS) {
  test(`Send: ${name} store one response`, async () => {
    const site = `double-${name.replace(/\W+/g, '-')}`;
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, ...device });
    const { page, problems } = await openApp(context, server.url, `?lang=en&mode=kiosk&site=${site}`);
    await toLastQuestion(page);
    await new Promise((r) => setTimeout(r, 500));  // a person reads the last question first
    await press(page);
    await waitForHeading(page, catalog('en')['thanks.heading']);
    const stored = await storedFor(site);
    assert.equal(stored.length, 1, 'one response on the server');
    assert.equal((await outbox(page)).length, 0, 'nothing left waiting on the device');
    assert.deepEqual(problems, []);
    await context.close();
  });
}

for (const gap of [150, 300]) {
  test(`Next: a double tap ${gap} ms apart moves one question and skips nothing`, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true });
    const { page } = await openApp(context, server.url, `?lang=en&mode=kiosk&site=next-${gap}`);
    await activate(page, 'welcome-start');
    await waitForHeading(page, s.questions[0].text.en);
    await activate(page, `answer-${s.questions[0].id}-good`);
    await new Promise((r) => setTimeout(r, 500));
    const at = await centreOf(page, 'nav-next');
    await page.touchscreen.tap(at.x, at.y);
    await page.waitForTimeout(gap);
    await page.touchscreen.tap(at.x, at.y);  // lands where the next question's Skip is drawn
    await waitForHeading(page, s.questions[1].text.en);
    await page.waitForTimeout(800);
    assert.equal(await page.locator('#twin-heading').textContent(), s.questions[1].text.en, 'still on the second question');
    await context.close();
  });
}

test('a captive portal in place of the survey: the front-desk screen with words, staff mode, and a retry that works', async () => {
  // A first visit behind the portal: no service worker, so the device holds no copy (the worker's
  // own requests would also bypass this route; captive.test.mjs covers the worker).
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, serviceWorkers: 'block' });
  await context.route(SURVEY_URL, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: PORTAL }));
  const { page } = await openApp(context, server.url, '?mode=phone');
  await waitForHeading(page, catalog('en')['error.survey_unavailable']);
  await expectNotBlank(page);
  const status = await page.locator('#twin-controls').textContent();
  assert.match(status, /not JSON/, 'staff are told what came instead of the survey');
  // Staff mode opens here too: a kiosk with no survey is exactly when staff need it.
  await page.evaluate(() => { location.hash = 'staff'; });
  await waitForHeading(page, catalog('en')['staff.sign_in']);
  await activate(page, 'staff-leave');
  await waitForHeading(page, catalog('en')['error.survey_unavailable']);
  // The portal is passed: "Try again" loads the survey.
  await context.unroute(SURVEY_URL);
  await activate(page, 'problem-retry');
  await waitForHeading(page, catalog('en')['language.choose']);
  await expectNotBlank(page);
  await context.close();
});

test('a survey file with a syntax error, and a survey that never answers, both end on the front-desk screen', async () => {
  for (const answer of ['broken', 'silent']) {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, serviceWorkers: 'block' });
    await context.route(SURVEY_URL, (route) => {
      if (answer === 'broken') route.fulfill({ status: 200, contentType: 'application/json', body: '{"id": "primary-care-visit", "questions": [' });
      // 'silent': never fulfilled, like a request a proxy holds open.
    });
    await context.route('**/i18n/fr.json', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: PORTAL }));
    const started = Date.now();
    const page = await context.newPage();
    await page.goto(server.url + '?mode=kiosk');
    if (answer === 'silent') {
      // "Loading…" shows, in words, while the survey is awaited.
      await waitForHeading(page, catalog('en')['app.loading'], 5000);
      await expectNotBlank(page);
    }
    await waitForHeading(page, catalog('en')['error.survey_unavailable'], 15000);
    if (answer === 'silent') assert.ok(Date.now() - started >= 10000, 'the app waited 10 s for the survey before giving up');
    await expectNotBlank(page);
    // The French catalog is a portal's page. French is still offered (the server's list names it
    // in itself); chosen, its catalog is asked again, and the words stay English, never raw keys.
    await activate(page, 'tool-language');
    await twin(page, 'language-fr').waitFor();
    assert.equal(await twin(page, 'language-zh').count(), 1);
    await activate(page, 'language-fr');
    await page.waitForFunction(() => !document.querySelector('#twin-controls [data-id="language-close"]'), null, { timeout: 15000 });
    await waitForHeading(page, catalog('en')['error.survey_unavailable']);
    assert.equal(await twin(page, 'problem-retry').getAttribute('aria-label'), catalog('en')['error.retry']);
    await context.close();
  }
});
