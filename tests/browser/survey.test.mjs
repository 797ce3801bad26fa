// The survey, start to finish, as patients take it: through the real app, on the real server.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { activate, catalog, completeSurvey, eventually, launchBrowser, openApp, outbox, startServer, survey, twin,
  waitForHeading } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

async function storedById(id) {
  return (await server.stored()).filter((r) => r.id === id);
}

test('English on a kiosk: every question type answered, the server stores exactly what was chosen', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, problems } = await openApp(context, server.url, '?lang=en&mode=kiosk&site=north');
  await waitForHeading(page, catalog('en')['welcome.heading']);
  const typed = 'The nurse was kind — très gentille, merci!';
  await completeSurvey(page, 'en', {
    care_when_needed: 'good', listened: 'yes', enough_time: 'not_sure', clear_explanations: 'very_good', involved: 'sometimes',
    respect: 'okay', overall: '9', went_well: typed, home_language: 'french', age_band: 'prefer_not_to_say',
  });
  const saved = await outbox(page);
  const id = saved.length ? JSON.parse(saved[0].body).id : null;
  await eventually(async () => (await outbox(page)).length === 0, 'the outbox to drain');
  const stored = id ? await storedById(id) : (await server.stored()).filter((r) => r.site === 'north');
  assert.equal(stored.length, 1);
  const r = stored[0];
  assert.deepEqual(r.survey, { id: 'primary-care-visit', version: 1 });
  assert.equal(r.locale, 'en-CA');
  assert.equal(r.channel, 'kiosk');
  assert.equal(r.site, 'north');
  assert.deepEqual(r.answers, {
    care_when_needed: 'good', listened: 'yes', enough_time: 'not_sure', clear_explanations: 'very_good', involved: 'sometimes',
    respect: 'okay', overall: 9, went_well: typed, home_language: 'french', age_band: 'prefer_not_to_say',
  });
  assert.ok(Date.parse(r.started_at) <= Date.parse(r.submitted_at));
  assert.deepEqual(problems, []);
  await context.close();
});

test('French on a 360x640 phone at DPR 3: questions can be skipped and the language switched mid-way', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true });
  const { page, problems } = await openApp(context, server.url, '?lang=fr&mode=phone&site=phone-test');
  await waitForHeading(page, catalog('fr')['welcome.heading']);
  // The canvas backing store follows the device pixel ratio, for crisp text.
  const size = await page.evaluate(() => [document.getElementById('canvas').width, innerWidth]);
  assert.equal(size[0], size[1] * 3);
  const s = survey();
  await activate(page, 'welcome-start');
  await waitForHeading(page, s.questions[0].text.fr);
  await activate(page, 'answer-care_when_needed-very_good');
  // Switch to Chinese and back: the answer stays chosen, the question follows the language.
  // The language button names the language in use and opens a picker; nothing changes until a
  // language is chosen there.
  assert.equal(await twin(page, 'tool-language').getAttribute('aria-label'), 'Langue : Français');
  await activate(page, 'tool-language');
  await waitForHeading(page, catalog('fr')['language.choose']);
  await activate(page, 'language-zh');
  await waitForHeading(page, s.questions[0].text.zh);
  assert.equal(await twin(page, 'answer-care_when_needed-very_good').getAttribute('aria-checked'), 'true');
  await activate(page, 'tool-language');
  await activate(page, 'language-close');
  await waitForHeading(page, s.questions[0].text.zh);
  await activate(page, 'tool-language');
  await activate(page, 'language-fr');
  await waitForHeading(page, s.questions[0].text.fr);
  // Skip every other question.
  for (let i = 0; i < s.questions.length; i++) {
    await waitForHeading(page, s.questions[i].text.fr);
    const last = i === s.questions.length - 1;
    const label = await twin(page, last ? 'nav-send' : 'nav-next').getAttribute('aria-label');
    if (i > 0 && !last) assert.equal(label, catalog('fr')['nav.skip']);
    await activate(page, last ? 'nav-send' : 'nav-next');
  }
  await waitForHeading(page, catalog('fr')['thanks.heading']);
  await eventually(async () => (await server.stored()).some((r) => r.site === 'phone-test'), 'the response to arrive');
  const r = (await server.stored()).find((x) => x.site === 'phone-test');
  assert.equal(r.locale, 'fr-CA');
  assert.equal(r.channel, 'phone');
  assert.deepEqual(r.answers, { care_when_needed: 'very_good' });
  assert.deepEqual(problems, []);
  await context.close();
});

test('an idle kiosk asks, then resets to the language screen and keeps nothing of that person', async () => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const { page, problems } = await openApp(context, server.url, '?mode=kiosk&site=idle-test&idle=10');
  await activate(page, 'language-fr');
  await activate(page, 'welcome-start');
  await waitForHeading(page, survey().questions[0].text.fr);
  await activate(page, 'answer-care_when_needed-bad');
  await waitForHeading(page, catalog('fr')['kiosk.still_there'], 20000);
  // Only the "I'm still here" button is operable while the question is asked.
  assert.deepEqual(await page.locator('#twin-controls .twin:not(p)').evaluateAll((els) => els.map((e) => e.dataset.id)), ['kiosk-continue']);
  // The countdown itself is readable text in the twin layer.
  assert.match(await page.locator('#twin-controls p').first().textContent(), /\d/);
  await waitForHeading(page, catalog('en')['language.choose'], 20000);
  assert.equal(await page.locator('[aria-checked="true"]').count(), 0);
  assert.equal((await outbox(page)).length, 0);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  // Starting again shows a fresh first question, nothing chosen.
  await activate(page, 'language-en');
  await activate(page, 'welcome-start');
  await waitForHeading(page, survey().questions[0].text.en);
  assert.equal(await page.locator('[aria-checked="true"]').count(), 0);
  assert.ok(!(await server.stored()).some((r) => r.site === 'idle-test'));
  assert.deepEqual(problems, []);
  await context.close();
});
