// Layout of the patient screens at the sizes patients meet them: phones upright and sideways,
// tablets, kiosks and desktop screens; each of the three text sizes; English, French and Chinese.
// On every screen of the default survey (the language screen, welcome, each question answered,
// thank you), read from the twin layer (each control's rectangle, in CSS px), it checks that:
//   - every control lies inside the viewport horizontally: nothing is cut off at the sides;
//   - every control can be seen whole: inside the viewport, or brought into it by scrolling
//     with the mouse wheel over the canvas (a control taller than the viewport: shown as much as fits);
//   - no two controls overlap (1 px allowed for rounding).
// Paragraphs (role text) and the progress bar are not controls and are not checked.
// One test per combination, one summary line each; a failure lists every violation.
// TELLUS_SCREENSHOT_DIR=folder keeps a screenshot of every screen, for people to look at.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { catalog, launchBrowser, openApp, settle, startServer, survey } from './harness.mjs';

const VIEWPORTS = [[360, 640], [390, 844], [844, 390], [800, 1280], [1024, 768], [1280, 800], [1920, 1080]];
const TEXT_SIZES = [0, 1, 2];  // presses of the "text size" tool from the normal size: normal, large, largest
const LANGUAGES = ['en', 'fr', 'zh', 'ar', 'ta'];  // Arabic mirrors; Tamil has the longest words
// The README's test command walks a share of the matrix that keeps CI under its time budget
// (each walk costs about 14 s of software rendering): every size in English at the normal and
// largest text, and French, Chinese, Arabic (mirrored) and Tamil at the largest text on the
// smallest phone, French on a 1024x768 kiosk and Arabic on a 1280x800 one. TELLUS_LAYOUT_FULL=1
// walks all 105.
const FULL = process.env.TELLUS_LAYOUT_FULL === '1';
const inCiShare = (size, textSize, lang) => (lang === 'en' ? textSize !== 1
  : textSize === 2 && (size === '360x640' || (size === '1024x768' && lang === 'fr') || (size === '1280x800' && lang === 'ar')));
const SCREENSHOTS = process.env.TELLUS_SCREENSHOT_DIR;
// TELLUS_LAYOUT_ONLY=pattern runs only the combinations whose name matches, e.g. "360x640.*fr".
const ONLY = process.env.TELLUS_LAYOUT_ONLY ? new RegExp(process.env.TELLUS_LAYOUT_ONLY) : null;
const SLACK = 1;  // px: rectangles are rounded to pixels on the way to the DOM

// Combinations that fail today because of the layout in src/ui/app.cpp (being reworked by the
// lead engineer), not because of this test: marked todo so CI stays green while they are fixed.
// Remove an entry once its combination passes (node --test reports a passing todo as such).
const KNOWN_APP_LAYOUT_BUGS = new Map([
]);

// [SECTION] Reading the screen

const CONTROL_ROLES = new Set(['button', 'radio', 'checkbox', 'textbox', 'slider']);

// The controls of the twin layer, as drawn in the current frame (canvas-relative CSS px).
const readControls = (page) => page.$$eval('#twin-controls .twin', (elements) => elements.map((el) => ({
  id: el.dataset.id, role: el.dataset.role,
  x: parseFloat(el.style.left), y: parseFloat(el.style.top), w: parseFloat(el.style.width), h: parseFloat(el.style.height),
}))).then((all) => all.filter((t) => CONTROL_ROLES.has(t.role)));

// No need to wait for the screen to settle: a frame publishes all its twins at once, so once its
// heading (or a moved twin) shows, the whole layer is that frame's.

const headingOf = (page) => page.$eval('#twin-heading', (h) => h.textContent);

async function waitFor(page, what, predicate, arg) {
  try {
    await page.waitForFunction(predicate, arg, { timeout: 15000, polling: 'raf' });
  } catch (e) {
    throw new Error(`timed out waiting for ${what} (heading now: ${await headingOf(page)})`);
  }
}
const waitForTwin = (page, id) => waitFor(page, `twin ${id}`, (i) => !!document.querySelector(`#twin-controls [data-id="${i}"]`), id);

// Acts on controls through their twins, as assistive technology does: fast, and independent of
// where the controls are drawn (this test measures the layout, it must not depend on it). Several
// actions in one go reach the app in one frame, in order (each frame is costly in software GL).
// `typed` puts text into a text box first.
async function press(page, ids, typed) {
  await waitForTwin(page, ids[0]);
  await settle(page);  // the app ignores taps within 400 ms of a new screen
  await page.evaluate(([list, text]) => {
    for (const [i, id] of list.entries()) {
      const el = document.querySelector(`#twin-controls [data-id="${id}"]`);
      if (i === 0 && text !== null) {
        el.value = text;
        el.dispatchEvent(new Event('input', { bubbles: true }));
      } else {
        el.click();
      }
    }
  }, [ids, typed ?? null]);
}

// [SECTION] The rules

const overlaps = (a, b) => Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x) > SLACK &&
  Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y) > SLACK;
const visibleHeight = (t, height) => Math.max(0, Math.min(t.y + t.h, height) - Math.max(t.y, 0));
const shownWhole = (t, height) => visibleHeight(t, height) >= Math.min(t.h, height) - SLACK;

// Checks the current screen; returns its violations as text. The screen starts at the top.
async function checkScreen(page, [width, height]) {
  const problems = [];
  const controls = await readControls(page);
  for (let i = 0; i < controls.length; i++) {
    const t = controls[i];
    if (t.x < -SLACK || t.x + t.w > width + SLACK)
      problems.push(`${t.id} sticks out at the ${t.x < 0 ? 'left' : 'right'} (x ${t.x.toFixed(0)} to ${(t.x + t.w).toFixed(0)}, viewport ${width})`);
    for (let j = i + 1; j < controls.length; j++)
      if (overlaps(t, controls[j])) problems.push(`${t.id} overlaps ${controls[j].id}`);
  }
  // Below the fold: the wheel scrolls the screen as far as it goes, and the distance it went says
  // which controls can be seen whole on the way (scrolling is continuous: by wheel or by dragging).
  const unseen = controls.filter((t) => !shownWhole(t, height));
  if (!unseen.length) return problems;
  const reference = controls[0];
  // Each turn of the wheel scrolls one step (ImGui: at most two thirds of the screen); enough turns
  // for the furthest control, sent at once, then wait until the screen has stopped moving.
  const furthest = Math.max(...unseen.map((t) => t.y + t.h)) - height;
  const scrollToEnd = async () => {
    const start = await page.$eval(`#twin-controls [data-id="${reference.id}"]`, (el) => parseFloat(el.style.top));
    for (let i = 0; i < Math.ceil(furthest / 100) + 1; i++) await page.mouse.wheel(0, 100);
    const end = await page.evaluate(([id, from]) => new Promise((resolve) => {
      const read = () => parseFloat(document.querySelector(`#twin-controls [data-id="${id}"]`)?.style.top);
      const began = performance.now();
      let last = read(), since = began;
      const tick = () => {
        const y = read(), now = performance.now();
        if (y !== last) { last = y; since = now; }
        if ((last !== from && now - since > 200) || now - began > 1000) resolve(last); else requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    }), [reference.id, start]);
    return reference.y - end;
  };
  await page.mouse.move(width / 2, height / 2);
  let scrolled = await scrollToEnd();
  // Seen whole at some scroll position s in [0, scrolled]: top at y - s >= 0, bottom at y + h - s <= height
  // (a control taller than the screen: it fills the screen at some s).
  const reachable = (t) => {
    const [from, to] = t.h <= height ? [t.y + t.h - height, t.y] : [t.y, t.y + t.h - height];
    return Math.max(from, 0) <= Math.min(to, scrolled) + SLACK;
  };
  if (!unseen.every(reachable)) scrolled = await scrollToEnd();  // to be sure: the wheel went as far as it goes
  for (const t of unseen.filter((c) => !reachable(c)))
    problems.push(`${t.id} cannot be brought into view (y ${t.y.toFixed(0)} to ${(t.y + t.h).toFixed(0)} at the top, ` +
      `viewport ${height}, the screen scrolls ${scrolled.toFixed(0)} px)`);
  return problems;
}

// [SECTION] Walking the survey

const s = survey();
function answerOf(q) {
  if (q.type === 'faces') return 'good';
  if (q.type === 'yes_no_unsure') return 'yes';
  if (q.type === 'scale') return String(q.max);  // two digits: the widest label
  if (q.type === 'text') return null;
  return q.options[0].id;
}

const heightOf = (page, id) => page.$eval(`#twin-controls [data-id="${id}"]`, (el) => el.style.height);
const waitForHeading = (page, text, what) =>
  waitFor(page, what, (h) => document.getElementById('twin-heading').textContent === h, text);

// Walks one person through the survey from the language screen, checking each screen as it
// appears (`check(screenName)`), then answering it and moving on.
async function walk(page, textSize, lang, check) {
  await waitForTwin(page, 'language-en');
  for (let i = 0; i < textSize; i++) {
    // One press per frame (a second press in the same frame is not seen): wait for the bigger text.
    const before = await heightOf(page, 'tool-text-size');
    await press(page, ['tool-text-size']);
    await waitFor(page, 'the text to grow', ([id, h]) =>
      document.querySelector(`#twin-controls [data-id="${id}"]`)?.style.height !== h, ['tool-text-size', before]);
  }
  if (lang === 'en') await check('language');  // the same screen for everyone: checked once per size
  await press(page, [`language-${lang}`]);
  await waitForHeading(page, catalog(lang)['welcome.heading'], 'the welcome screen');
  await check('welcome');
  await press(page, ['welcome-start']);
  for (const [index, q] of s.questions.entries()) {
    await waitForHeading(page, q.text[lang] ?? q.text.en, `question ${q.id}`);
    await check(`q${index + 1}-${q.id}`);
    const next = index === s.questions.length - 1 ? 'nav-send' : 'nav-next';
    if (q.type === 'text') await press(page, [`answer-${q.id}`, next], lang === 'zh' ? '护士很友善。' : 'The nurse was kind.');
    else await press(page, [`answer-${q.id}-${answerOf(q)}`, next]);
  }
  await waitForHeading(page, catalog(lang)['thanks.heading'], 'thank you');
  await check('thanks');
  await press(page, ['thanks-again']);  // back to the language screen, at the normal text size
}

// [SECTION] Tests

let server, browser;
const summary = [];
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  if (SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  await server?.stop();
  console.log(`\nLayout summary (${summary.length} combinations):\n${summary.join('\n')}`);
});

describe('layout', () => {
  for (const viewport of VIEWPORTS) {
    const [width, height] = viewport;
    const size = `${width}x${height}`;
    if (ONLY && !ONLY.test(size)) continue;
    describe(`layout at ${size}`, { concurrency: 1 }, () => {
      let context, page;
      before(async () => {
        context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
        // No ?lang: every walk starts at the language screen; no "are you still there?" on the way.
        ({ page } = await openApp(context, server.url, '?idle=3600'));
      });
      after(async () => { await context?.close(); });

      for (const textSize of TEXT_SIZES) {
        for (const lang of LANGUAGES) {
          if (!FULL && !inCiShare(size, textSize, lang)) continue;
          const combination = `${size} text size ${textSize} ${lang}`;
          const todo = KNOWN_APP_LAYOUT_BUGS.get(`${size}/${textSize}/${lang}`) ?? false;
          test(combination, { todo }, async (t) => {
            const violations = [];
            let screens = 0;
            try {
              await walk(page, textSize, lang, async (screen) => {
                screens += 1;
                if (SCREENSHOTS)
                  await page.screenshot({ path: path.join(SCREENSHOTS, `${size}-text${textSize}-${lang}-${screen}.png`) });
                for (const problem of await checkScreen(page, viewport)) violations.push(`${screen}: ${problem}`);
              });
            } catch (e) {
              // Stuck part-way: the next combination starts from a fresh page, at the language screen.
              await page.goto(server.url + '?idle=3600');
              throw e;
            }
            const line = `${combination}: ${screens} screens, ${violations.length ? `${violations.length} violation(s)` : 'ok'}`;
            summary.push(line);
            t.diagnostic(line);
            assert.deepEqual(violations, [], `${combination}:\n  ${violations.join('\n  ')}`);
          });
        }
      }
    });
  }
});
