// Accessibility of the patient screens, as the people who rely on it meet them: axe-core (WCAG 2.0
// A/AA) on every screen, the accessibility tree a screen reader reads, the whole survey with a
// keyboard alone, canvas taps landing on the control the twin layer describes, and a focus ring
// that a sighted keyboard user can see.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { PNG } from 'pngjs';
import { activate, catalog, eventually, launchBrowser, openApp, settle, STAFF_TOKEN, startServer, survey, twin, waitForHeading } from './harness.mjs';
import { fileURLToPath } from 'node:url';

// Evaluated rather than added as a <script>: the app's Content Security Policy rightly refuses inline scripts.
const AXE = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'node_modules/axe-core/axe.min.js'), 'utf8');
const s = survey();
const DEFAULT_OPTIONS = { faces: ['very_bad', 'bad', 'okay', 'good', 'very_good'], yes_no_unsure: ['yes', 'no', 'not_sure'] };

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

// [SECTION] Helpers

// The options a question shows, as [option id, accessible name in `lang`].
function optionsOf(q, lang) {
  const c = catalog(lang);
  if (q.type === 'scale') return Array.from({ length: q.max - q.min + 1 }, (_, i) => [String(q.min + i), String(q.min + i)]);
  const options = (q.options ?? DEFAULT_OPTIONS[q.type].map((id) => ({ id }))).map((o) => o.id);
  if (q.about_you) options.push('prefer_not_to_say');
  return options.map((id) => {
    const o = (q.options ?? []).find((x) => x.id === id);
    return [id, o?.label?.[lang] ?? c[`${q.type === 'faces' ? 'faces' : 'choice'}.${id}`]];
  });
}

async function axe(page, screen) {
  if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] }));
  const report = result.violations.map((v) => `  [${v.impact}] ${v.id}: ${v.help}\n` +
    v.nodes.map((n) => `      ${n.target.join(' ')}: ${n.failureSummary.replace(/\n\s*/g, ' / ')}`).join('\n')).join('\n');
  assert.equal(result.violations.length, 0, `axe-core found WCAG 2.0 A/AA violations on ${screen}:\n${report}`);
  assert.ok(result.passes.length > 0, `axe-core checked nothing on ${screen}`);
}

// Playwright's ARIA snapshot of the twin layer, with the lines it must contain (in this order).
async function expectTree(page, screen, lines) {
  const tree = await page.locator('#twins').ariaSnapshot();
  const have = tree.split('\n').map((l) => l.trim().replace(/^- /, ''));
  let at = 0;
  for (const line of lines) {
    const found = have.findIndex((h, i) => i >= at && (line instanceof RegExp ? line.test(h) : h === line));
    assert.ok(found >= 0, `${screen}: the accessibility tree lacks ${line} (after line ${at}):\n${tree}`);
    at = found + 1;
  }
  return tree;
}
const quoted = (name) => JSON.stringify(name);
const heading = (text) => `heading ${quoted(text)} [level=1]`;
const radio = (name, checked) => `radio ${quoted(name)}${checked ? ' [checked]' : ''}`;

// Like the harness's `eventually`, polling faster: these waits are for the app's next frame.
async function soon(check, what, timeoutMs = 5000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for: ${what}`);
}

const focusedId = (page) => page.evaluate(() => document.activeElement?.dataset?.id ?? null);
const checked = async (page, id) => (await twin(page, id).getAttribute('aria-checked')) === 'true';

// Counts pointer input, to prove a test used none.
async function countPointers(page) {
  await page.evaluate(() => {
    window.__pointers = 0;
    for (const type of ['pointerdown', 'mousedown', 'touchstart', 'click'])
      window.addEventListener(type, (e) => { if (e.isTrusted && e.detail !== 0) window.__pointers++; }, true);
  });
}

// [SECTION] axe-core and the accessibility tree on every patient screen

for (const lang of ['en', 'fr']) {
  test(`${lang}: axe-core finds no WCAG 2.0 A/AA violation, and the tree shows heading, names and states, on every patient screen`, async () => {
    const c = catalog(lang);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const { page, problems } = await openApp(context, server.url, `?mode=kiosk&site=axe-${lang}`);

    await waitForHeading(page, catalog('en')['language.choose']);
    await axe(page, 'the language screen');
    // Each language is offered in its own name, whatever the screen's language.
    await expectTree(page, 'language', [heading(catalog('en')['language.choose']),
      `button ${quoted(catalog('en')['language.name'])}`, `button ${quoted(catalog('fr')['language.name'])}`]);

    await activate(page, `language-${lang}`);
    await waitForHeading(page, c['welcome.heading']);
    assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
    await axe(page, `the welcome screen (${lang})`);
    await expectTree(page, 'welcome', [heading(c['welcome.heading']), `button ${quoted(c['welcome.start'])}`]);

    await activate(page, 'welcome-start');
    const seen = new Set();
    for (const [i, q] of s.questions.entries()) {
      await waitForHeading(page, q.text[lang]);
      const options = q.type === 'text' ? [] : optionsOf(q, lang);
      const first = !seen.has(q.type);
      seen.add(q.type);
      if (q.type === 'text') {
        await twin(page, `answer-${q.id}`).fill('Accueil chaleureux');
        if (first) {
          await axe(page, `a free-text question (${lang})`);
          await expectTree(page, q.id, [heading(q.text[lang]), `textbox ${quoted(q.text[lang])}: Accueil chaleureux`]);
        }
      } else {
        const [chosen, chosenName] = options[Math.min(1, options.length - 1)];
        await activate(page, `answer-${q.id}-${chosen}`);
        await soon(() => checked(page, `answer-${q.id}-${chosen}`), `${q.id}: ${chosen} to show as chosen`);
        if (first) {
          await axe(page, `a ${q.type} question (${lang})`);
          // The group is named by the question; each answer is a radio with its name and state.
          await expectTree(page, q.id, [heading(q.text[lang]), `radiogroup ${quoted(q.text[lang])}:`,
            ...options.map(([, name]) => radio(name, name === chosenName)),
            ...(i > 0 ? [`button ${quoted(c['nav.back'])}`] : []), `button ${quoted(c['nav.next'])}`]);
        }
      }
      const last = i === s.questions.length - 1;
      if (last) await expectTree(page, 'last question', [`button ${quoted(c['nav.send'])}`]);
      await activate(page, last ? 'nav-send' : 'nav-next');
    }
    for (const type of ['faces', 'yes_no_unsure', 'single', 'scale', 'text']) assert.ok(seen.has(type), `the default survey has no ${type} question`);

    await waitForHeading(page, c['thanks.heading']);
    await axe(page, `the thank-you screen (${lang})`);
    await expectTree(page, 'thanks', [heading(c['thanks.heading']), `button ${quoted(c['thanks.again'])}`]);
    // "Thank you" is announced to screen readers through the polite live region.
    await soon(async () => (await page.locator('#announce').textContent()) === c['thanks.heading'], 'thank you to be announced');
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('the kiosk\'s "Are you still there?" dialog: no axe violation, announced with its countdown, one named button; a key or the button keeps the session', async () => {
  await Promise.all(['en', 'fr'].map(async (lang) => {
    const c = catalog(lang);
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const { page, problems } = await openApp(context, server.url, `?mode=kiosk&lang=${lang}&idle=10&site=idle-${lang}`);
    await waitForHeading(page, c['welcome.heading']);
    await waitForHeading(page, c['kiosk.still_there'], 25000);
    await axe(page, `the "still there" dialog (${lang})`);
    await expectTree(page, 'still there', [heading(c['kiosk.still_there']), `button ${quoted(c['kiosk.continue'])}`]);
    const tree = await page.locator('#twins').ariaSnapshot();
    assert.equal((tree.match(/- button/g) ?? []).length, 1, `only the dialog's button is operable:\n${tree}`);
    // The countdown is spoken, not only drawn.
    const countdown = new RegExp(`^${c['kiosk.still_there'].replace(/[?]/g, '\\?')} ${c['kiosk.countdown'].replace('{seconds}', '\\d+')}$`);
    await eventually(async () => countdown.test(await page.locator('#announce').textContent()), 'the countdown to be announced', 8000);
    if (lang === 'en') {
      // Any key keeps the session (here the Tab a keyboard user would press to reach the button).
      await page.keyboard.press('Tab');
    } else {
      // A screen reader user activates the one button the dialog offers.
      await activate(page, 'kiosk-continue');
    }
    await waitForHeading(page, c['welcome.heading'], 5000);
    assert.deepEqual(problems, []);
    await context.close();
  }));
});

// [SECTION] Keyboard only

// Moves focus to twin `id` with Tab or Shift+Tab (whichever way it lies in the page), and inside
// its radio group with arrow keys when the group is one tab stop.
async function focusByKeys(page, id, { back } = {}) {
  for (let i = 0; i < 40; i++) {
    const at = await page.evaluate((target) => {
      const el = document.activeElement;
      const to = document.querySelector(`#twin-controls [data-id="${target}"]`);
      const groupOf = (e) => (e?.getAttribute('role') === 'radio' ? e.parentElement.dataset.group : null);
      return { id: el?.dataset?.id ?? null, sameGroup: !!groupOf(el) && groupOf(el) === groupOf(to),
        before: !!el?.dataset?.id && !!(to.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) };
    }, id);
    if (at.id === id) return;
    if (at.sameGroup) {
      await page.keyboard.press(at.before ? 'ArrowUp' : 'ArrowDown');
      const now = await focusedId(page);
      if (now !== at.id) {
        // Arrows move within the group and choose, as with native radio buttons.
        await soon(() => checked(page, now), `an arrow key to choose ${now}`);
        continue;
      }
    }
    await page.keyboard.press((back ?? at.before) ? 'Shift+Tab' : 'Tab');
  }
  assert.fail(`could not reach "${id}" with the keyboard; focus is on ${await focusedId(page)}`);
}
async function chooseByKeys(page, id) {
  await settle(page);
  await focusByKeys(page, id);
  if (!(await checked(page, id))) await page.keyboard.press('Space');
  await soon(() => checked(page, id), `${id} to be chosen with the keyboard`);
}
async function pressByKeys(page, id, key = 'Enter') {
  await settle(page);
  await focusByKeys(page, id);
  await page.keyboard.press(key);
}

const KEYBOARD_ANSWERS = {
  en: { care_when_needed: 'very_good', listened: 'yes', enough_time: 'not_sure', clear_explanations: 'good', involved: 'not_needed',
    respect: 'very_bad', overall: 7, went_well: 'Quick and kind.', do_better: 'More chairs',
    home_language: 'other', age_band: '65_plus' },
  fr: { care_when_needed: 'okay', listened: 'no', enough_time: 'yes', clear_explanations: 'very_good', involved: 'sometimes',
    respect: 'good', overall: 10, went_well: 'Très gentille, merci!', do_better: 'Attente longue',
    home_language: 'french', age_band: 'prefer_not_to_say' },
};

for (const lang of ['fr', 'en']) {
  test(`${lang}: the whole survey with the keyboard alone, from the language screen to "thank you"; the server stores exactly the chosen answers`, async () => {
    const c = catalog(lang);
    const answers = KEYBOARD_ANSWERS[lang];
    const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
    const { page, problems } = await openApp(context, server.url, `?mode=kiosk&site=keyboard-${lang}`);
    await countPointers(page);
    await waitForHeading(page, catalog('en')['language.choose']);
    assert.equal(await focusedId(page), null, 'nothing is focused before the first Tab');

    await pressByKeys(page, `language-${lang}`);
    await waitForHeading(page, c['welcome.heading']);
    await pressByKeys(page, 'welcome-start', 'Space');
    for (const [i, q] of s.questions.entries()) {
      await waitForHeading(page, q.text[lang]);
      const value = answers[q.id];
      if (q.type === 'text') {
        await focusByKeys(page, `answer-${q.id}`);
        await page.keyboard.type(value);
        await soon(async () => (await twin(page, `answer-${q.id}`).inputValue()) === value, 'the text to be typed');
      } else {
        await chooseByKeys(page, `answer-${q.id}-${value}`);
      }
      if (i === 2) {
        // Shift+Tab back to "Back": the previous answer is still chosen; then on again.
        await focusByKeys(page, 'nav-next');
        await focusByKeys(page, 'nav-back', { back: true });
        await page.keyboard.press('Enter');
        await waitForHeading(page, s.questions[1].text[lang]);
        assert.ok(await checked(page, `answer-${s.questions[1].id}-${answers[s.questions[1].id]}`));
        await pressByKeys(page, 'nav-next');
        await waitForHeading(page, q.text[lang]);
        assert.ok(await checked(page, `answer-${q.id}-${value}`));
      }
      const last = i === s.questions.length - 1;
      if (!last) {
        await soon(async () => (await twin(page, 'nav-next').getAttribute('aria-label')) === c['nav.next'],
          `${q.id}: "${c['nav.next']}" (not "${c['nav.skip']}") once answered`);
      }
      await pressByKeys(page, last ? 'nav-send' : 'nav-next');
    }
    await waitForHeading(page, c['thanks.heading']);
    assert.equal(await page.evaluate(() => window.__pointers), 0, 'no pointer input was used');

    await eventually(async () => (await server.stored()).some((r) => r.site === `keyboard-${lang}`), 'the response to reach the server');
    const stored = (await server.stored()).filter((r) => r.site === `keyboard-${lang}`);
    assert.equal(stored.length, 1);
    assert.equal(stored[0].locale, `${lang}-CA`);
    assert.deepEqual(stored[0].answers, answers);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

// [SECTION] Canvas taps land on the control the twin describes

async function rectOf(page, id) {
  const r = await twin(page, id).boundingBox();
  assert.ok(r && r.width > 0 && r.height > 0, `${id} has an empty rectangle`);
  const view = page.viewportSize();
  assert.ok(r.x >= 0 && r.y >= 0 && r.x + r.width <= view.width && r.y + r.height <= view.height,
    `${id} lies outside the ${view.width}x${view.height} screen: ${JSON.stringify(r)}`);
  return r;
}
async function tap(page, id) {
  await twin(page, id).waitFor();
  await settle(page);
  // Below the fold, a person scrolls first: focusing the twin scrolls the app to it.
  const box = await twin(page, id).boundingBox();
  if (box && box.y + box.height > page.viewportSize().height) {
    await twin(page, id).focus();
    await page.waitForTimeout(300);
  }
  const r = await rectOf(page, id);
  await page.mouse.click(r.x + r.width / 2, r.y + r.height / 2);
}
async function pixels(page, clip) {
  return PNG.sync.read(await page.screenshot({ clip }));
}
function differingPixels(a, b) {
  let n = 0;
  for (let i = 0; i < a.data.length; i += 4)
    if (Math.abs(a.data[i] - b.data[i]) + Math.abs(a.data[i + 1] - b.data[i + 1]) + Math.abs(a.data[i + 2] - b.data[i + 2]) > 30) n++;
  return n;
}

test('tapping the canvas at a twin\'s rectangle works the control that twin describes, on every question', async () => {
  const lang = 'en';
  const c = catalog(lang);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, problems } = await openApp(context, server.url, `?mode=kiosk&lang=${lang}&site=taps`);
  await waitForHeading(page, c['welcome.heading']);
  await tap(page, 'welcome-start');
  const expected = {};
  for (const [i, q] of s.questions.entries()) {
    await waitForHeading(page, q.text[lang]);
    const ids = await page.locator('#twin-controls .twin').evaluateAll((els) => els.map((e) => e.dataset.id));
    for (const id of ids) {
      const role = await twin(page, id).evaluate((el) => el.getAttribute('role') ?? el.localName);
      if (role === 'radio' || role === 'checkbox') {
        await tap(page, id);
        await soon(() => checked(page, id), `a tap on ${id} to choose it`);
        const others = await page.locator(`#twin-controls [data-group="${q.id}"] [aria-checked="true"]`).count();
        if (role === 'radio') assert.equal(others, 1, `${id}: only the tapped answer is chosen`);
        expected[q.id] = q.type === 'scale' ? Number(id.slice(`answer-${q.id}-`.length)) : id.slice(`answer-${q.id}-`.length);
      } else if (role === 'textarea') {
        await tap(page, id);
        assert.equal(await focusedId(page), id, 'a tap on the text box gives it the keyboard');
        await page.keyboard.type('Tapped and typed');
        expected[q.id] = 'Tapped and typed';
      }
    }
    if (i === 0) {
      // The tools: each tap on the canvas acts on the tool the twin names.
      for (const lang of ['fr', 'zh', 'en']) {
        await tap(page, 'tool-language');
        await tap(page, `language-${lang}`);
        await waitForHeading(page, q.text[lang]);
        if (lang === 'fr') assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
      }
      const answer = `answer-${q.id}-${expected[q.id]}`;
      const before = (await rectOf(page, answer)).height;
      await tap(page, 'tool-text-size');
      await soon(async () => (await twin(page, answer).boundingBox()).height > before, 'a tap on "Text size" to enlarge the answers');
      // Taps paced like a person's: two taps within one frame can merge in Dear ImGui 1.86 (issue 12).
      await tap(page, 'tool-text-size');
      await page.waitForTimeout(250);
      await tap(page, 'tool-text-size');  // three sizes: back to the first
      await soon(async () => (await twin(page, answer).boundingBox()).height === before, 'text size to cycle back');
      // Above the read-aloud button: its label changes by itself when the device's voices load.
      const view = { x: 0, y: 0, width: page.viewportSize().width, height: Math.floor((await rectOf(page, 'tool-read-aloud')).y) };
      const plain = await pixels(page, view);
      await tap(page, 'tool-contrast');
      await soon(async () => differingPixels(plain, await pixels(page, view)) > 1000, 'a tap on "Contrast" to redraw in high contrast');
      await tap(page, 'tool-contrast');
      await soon(async () => differingPixels(plain, await pixels(page, view)) < 50, 'contrast to go back');
      if (ids.includes('tool-read-aloud')) {
        // Stand in for the device's voices: the tap must read this question in this language.
        await page.evaluate(() => {
          window.__spoken = [];
          Object.assign(window.TellusWeb, { speechAvailable: () => true, speak: (text, l) => window.__spoken.push([text, l]),
            isSpeaking: () => false, stopSpeaking: () => {} });
        });
        await page.keyboard.press('Shift');  // wakes the loop so the button is redrawn as available
        await soon(async () => (await twin(page, 'tool-read-aloud').getAttribute('aria-disabled')) !== 'true', 'read aloud to be available');
        await tap(page, 'tool-read-aloud');
        await soon(async () => (await page.evaluate(() => window.__spoken.length)) > 0, 'a tap on "Read aloud" to speak');
        const [[text, l]] = await page.evaluate(() => window.__spoken);
        assert.ok(text.includes(q.text.en), `read aloud reads the question: ${text}`);
        assert.match(l, /^en/);
      }
    }
    if (i === 1) {
      await tap(page, 'nav-back');
      await waitForHeading(page, s.questions[0].text[lang]);
      await tap(page, 'nav-next');
      await waitForHeading(page, q.text[lang]);
    }
    await tap(page, i === s.questions.length - 1 ? 'nav-send' : 'nav-next');
  }
  await waitForHeading(page, c['thanks.heading']);
  await eventually(async () => (await server.stored()).some((r) => r.site === 'taps'), 'the response to reach the server');
  assert.deepEqual((await server.stored()).find((r) => r.site === 'taps').answers, expected);
  assert.deepEqual(problems, []);
  await context.close();
});

// [SECTION] The focus ring on the canvas follows keyboard focus

test('a keyboard user sees where focus is: the canvas draws a ring around the focused control, and only that one', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, problems } = await openApp(context, server.url, '?mode=kiosk&lang=en&site=focus');
  await waitForHeading(page, catalog('en')['welcome.heading']);
  await activate(page, 'welcome-start');
  await waitForHeading(page, s.questions[0].text.en);
  await page.evaluate(() => document.activeElement?.blur());
  await page.waitForTimeout(200);
  // Reached by Tab alone (no arrow key, which would also choose an answer and change the drawing).
  const ids = ['tool-text-size', 'answer-care_when_needed-very_bad', 'nav-next'];
  const area = async (id) => {
    const r = await rectOf(page, id);
    return { x: Math.max(0, r.x - 8), y: Math.max(0, r.y - 8), width: r.width + 16, height: r.height + 16 };
  };
  const clips = Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await area(id)])));
  const unfocused = Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await pixels(page, clips[id])])));
  for (const id of ids) {
    await focusByKeys(page, id);
    // A ring, not a speck: at least a 2 px line most of the way round the control.
    const r = clips[id];
    const ring = 2 * (r.width + r.height - 32) * 2 * 0.6;
    await eventually(async () => differingPixels(unfocused[id], await pixels(page, clips[id])) > ring,
      `a focus ring around ${id}`);
    for (const other of ids.filter((x) => x !== id))
      assert.ok(differingPixels(unfocused[other], await pixels(page, clips[other])) < 20, `no ring left around ${other} when ${id} has focus`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('the staff screens pass axe-core too: sign-in, device panel and results, in English and French', async () => {
  for (const lang of ['en', 'fr']) {
    const c = catalog(lang);
    const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
    const { page, problems } = await openApp(context, server.url, `?mode=kiosk&lang=${lang}&site=north#staff`);
    await waitForHeading(page, c['staff.sign_in']);
    await axe(page, `${lang} staff sign-in`);
    await twin(page, 'staff-token').fill(STAFF_TOKEN);
    await activate(page, 'staff-sign-in');
    await waitForHeading(page, c['staff.tab_device']);
    await axe(page, `${lang} staff device panel`);
    await activate(page, 'staff-tab-results');
    await waitForHeading(page, c['staff.tab_results']);
    await page.waitForTimeout(500);  // the summary arrives from the server
    await axe(page, `${lang} staff results`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});
