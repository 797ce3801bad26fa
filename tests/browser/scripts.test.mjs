// Every script the device can show (issue 13). The app's text is painted by the browser's own text
// engine (shell/tellus-text.js) and drawn by WebGL; these tests look at the canvas itself. For each
// script, the question drawn on the canvas is compared, pixel by pixel, with the browser's own
// rendering of the same string in a DOM element (same font, same size): they must match, Arabic
// must match its joined rendering better than the same letters forced apart, and no script may
// come out as "?" boxes. Typing in a script other than the session's shows what was typed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { launchBrowser, openApp, startServer, twin, waitForHeading, activate, settle } from './harness.mjs';

// One short question per script, so each sits on one line. The syllabics are letters of the
// Canadian syllabary in a row, only to prove they render: not a text in Cree, Oji-Cree or Ojibwe
// (those belong to their communities).
const SCRIPTS = [
  { name: 'Latin with accents', text: 'Ça s’est bien passé? Ñandú, Łódź, Ærø' },
  { name: 'Simplified Chinese', text: '您今天的就诊怎么样？' },
  { name: 'Traditional Chinese', text: '您今天的看診體驗如何？' },
  { name: 'Arabic', text: 'هل استمع إليك الطبيب؟', joined: true },
  { name: 'Urdu', text: 'کیا ڈاکٹر نے آپ کی بات سنی؟', joined: true },
  { name: 'Gurmukhi', text: 'ਕੀ ਡਾਕਟਰ ਨੇ ਤੁਹਾਡੀ ਗੱਲ ਸੁਣੀ?' },
  { name: 'Tamil', text: 'மருத்துவர் கேட்டாரா?' },
  { name: 'Canadian syllabics', text: 'ᐊᐃᐅ ᐸᐱᐳ ᑕᑎᑐ ᑲᑭᑯ ᒪᒥᒧ' },
];
const SURVEY = {
  id: 'scripts', version: 1, locales: ['en'], title: { en: 'Scripts' },
  questions: [
    ...SCRIPTS.map((s, i) => ({ id: `q${i}`, type: 'yes_no_unsure', text: { en: s.text } })),
    { id: 'comment', type: 'text', max_length: 500, text: { en: 'Comment' } },
  ],
};

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

// The app with the test survey, recording what tellus-text.js is asked to paint (text, size, font).
async function openWithScripts(dpr = 1, lang = 'en') {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: dpr, serviceWorkers: 'block' });
  await context.route('**/api/v1/surveys/scripts', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(SURVEY) }));
  await context.addInitScript(() => {
    let real;
    Object.defineProperty(self, 'TellusText', {
      configurable: true,
      get: () => real,
      set: (engine) => {
        const paint = engine.paint;
        self.__painted = [];
        engine.paint = (text, px, rtl) => { self.__painted.push({ text, px, rtl, font: engine.fontOf(px) }); return paint(text, px, rtl); };
        real = engine;
      },
    });
  });
  const { page, problems } = await openApp(context, server.url, `?survey=scripts&lang=${lang}&mode=kiosk`);
  return { context, page, problems };
}

// [SECTION] Pixels

// Ink per pixel, 0 (background) to 1 (text colour), from a PNG of dark text on a light ground.
function inkOf(png) {
  const lum = (i) => 0.299 * png.data[i] + 0.587 * png.data[i + 1] + 0.114 * png.data[i + 2];
  let light = 0, dark = 255;
  for (let i = 0; i < png.data.length; i += 4) { light = Math.max(light, lum(i)); dark = Math.min(dark, lum(i)); }
  const ink = new Float32Array(png.width * png.height);
  for (let p = 0; p < ink.length; ++p) ink[p] = light > dark ? Math.min(1, Math.max(0, (light - lum(p * 4)) / (light - dark))) : 0;
  return { w: png.width, h: png.height, ink };
}
// The smallest box holding every pixel with some ink.
function cropToInk({ w, h, ink }) {
  let x0 = w, y0 = h, x1 = -1, y1 = -1;
  for (let y = 0; y < h; ++y) for (let x = 0; x < w; ++x) if (ink[y * w + x] > 0.25) {
    x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
  }
  if (x1 < 0) return { w: 0, h: 0, ink: new Float32Array(0) };
  const cw = x1 - x0 + 1, ch = y1 - y0 + 1, out = new Float32Array(cw * ch);
  for (let y = 0; y < ch; ++y) for (let x = 0; x < cw; ++x) out[y * cw + x] = ink[(y + y0) * w + x + x0];
  return { w: cw, h: ch, ink: out };
}
// Weighted Jaccard similarity of two ink crops laid over each other at their top-left corners,
// at the best of a few one-pixel shifts (rounding may move a whole rendering by a pixel).
function similarity(a, b) {
  let best = 0;
  for (let dy = -1; dy <= 1; ++dy) for (let dx = -1; dx <= 1; ++dx) {
    const w = Math.max(a.w, b.w + dx), h = Math.max(a.h, b.h + dy);
    let low = 0, high = 0;
    for (let y = 0; y < h; ++y) for (let x = 0; x < w; ++x) {
      const va = x < a.w && y < a.h ? a.ink[y * a.w + x] : 0;
      const bx = x - dx, by = y - dy;
      const vb = bx >= 0 && by >= 0 && bx < b.w && by < b.h ? b.ink[by * b.w + bx] : 0;
      low += Math.min(va, vb); high += Math.max(va, vb);
    }
    best = Math.max(best, high > 0 ? low / high : 0);
  }
  return best;
}

// An ink crop as a PNG, to look at when a comparison fails (TELLUS_SCRIPTS_DEBUG=folder).
function keep(crop, name) {
  const dir = process.env.TELLUS_SCRIPTS_DEBUG;
  if (!dir || !crop.w) return;
  const png = new PNG({ width: crop.w, height: crop.h });
  for (let p = 0; p < crop.ink.length; ++p) {
    const v = Math.round(255 * (1 - crop.ink[p]));
    png.data.set([v, v, v, 255], p * 4);
  }
  writeFileSync(path.join(dir, `${name.replace(/\W+/g, '-')}.png`), PNG.sync.write(png));
}

// The question as the canvas shows it: the content column, between the line of "Question N of M"
// (whose words reach a little below its bar) and "Read aloud".
async function questionOnCanvas(page) {
  const bar = await twin(page, 'progress').boundingBox();
  const read = await twin(page, 'tool-read-aloud').boundingBox();
  const top = bar.y + bar.height / 2 + 24;
  const clip = { x: read.x - 8, y: top, width: read.width + 16, height: read.y - top - 2 };
  return cropToInk(inkOf(PNG.sync.read(await page.screenshot({ clip }))));
}
// The browser's own rendering of `text` in a DOM element, in the given font and direction.
async function inDom(page, text, font, rtl) {
  await page.evaluate(([text, font, rtl]) => {
    const el = document.createElement('div');
    el.id = 'reference';
    el.textContent = text;
    el.dir = rtl ? 'rtl' : 'ltr';
    Object.assign(el.style, { position: 'fixed', left: '0', top: '0', zIndex: '99', background: '#fff', color: '#000', font,
      whiteSpace: 'pre', padding: '12px', lineHeight: '1.6' });
    document.body.appendChild(el);
  }, [text, font, rtl]);
  // Inside its padding: nothing of the page around it may count as ink.
  const box = await page.locator('#reference').boundingBox();
  const png = PNG.sync.read(await page.screenshot({ clip: { x: box.x + 4, y: box.y + 4, width: box.width - 8, height: box.height - 8 } }));
  await page.evaluate(() => document.getElementById('reference').remove());
  return cropToInk(inkOf(png));
}
async function paintedRun(page, text) {
  const runs = await page.evaluate(() => self.__painted);
  const run = runs.find((r) => r.text === text);
  assert.ok(run, `"${text}" was never painted by the browser's text engine (painted: ${runs.map((r) => r.text).join(' | ')})`);
  return run;
}

async function checkQuestion(page, script, dpr) {
  await waitForHeading(page, script.text);
  await settle(page);
  const run = await paintedRun(page, script.text);
  const canvas = await questionOnCanvas(page);
  // (The DOM element is sized in CSS pixels; the run was painted in device pixels.)
  const font = run.font.replace(/^[\d.]+px/, `${run.px / dpr}px`);
  const reference = await inDom(page, script.text, font, run.rtl);
  const same = similarity(canvas, reference);
  keep(canvas, `${script.name}-${dpr}x-canvas`);
  keep(reference, `${script.name}-${dpr}x-dom`);
  const marks = await inDom(page, script.text.replace(/\S/gu, '?'), font, run.rtl);
  const boxes = await inDom(page, script.text.replace(/\S/gu, '\u25A1'), font, run.rtl);
  const info = `${script.name}: canvas ${canvas.w}x${canvas.h}, DOM ${reference.w}x${reference.h}, similarity ${same.toFixed(3)}, ` +
    `to "?" ${similarity(canvas, marks).toFixed(3)}, to boxes ${similarity(canvas, boxes).toFixed(3)}`;
  assert.ok(canvas.w > 20 && canvas.h > 8, `${info}: nothing drawn`);
  assert.ok(same > 0.8, `${info}: the canvas does not match the browser's own rendering`);
  assert.ok(same > similarity(canvas, marks) + 0.3, `${info}: looks like question marks`);
  assert.ok(same > similarity(canvas, boxes) + 0.3, `${info}: looks like missing-glyph boxes`);
  if (script.joined) {
    // The same letters with a zero-width non-joiner between each pair: the unjoined forms.
    const apart = await inDom(page, [...script.text].join('\u200C'), font, run.rtl);
    const separate = similarity(canvas, apart);
    assert.ok(same > separate + 0.1, `${info}: not closer to the joined rendering (${same.toFixed(3)}) than to letters apart (${separate.toFixed(3)})`);
  }
  return same;
}

test('every script is drawn on the canvas as the browser itself renders it: shaped, joined, no "?" and no boxes', async () => {
  const { context, page, problems } = await openWithScripts(1);
  await activate(page, 'welcome-start');
  for (const script of SCRIPTS) {
    await checkQuestion(page, script, 1);
    await activate(page, 'nav-next');
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('text stays crisp at device pixel ratios 2 and 3: painted at the device\'s own resolution', async () => {
  for (const dpr of [2, 3]) {
    const { context, page } = await openWithScripts(dpr);
    await activate(page, 'welcome-start');
    await checkQuestion(page, SCRIPTS[0], dpr);
    for (let k = 0; k < 3; ++k) await activate(page, 'nav-next');
    await checkQuestion(page, SCRIPTS[3], dpr);
    // Painted at the device's resolution, not scaled up from a 1x copy.
    const run = await paintedRun(page, SCRIPTS[3].text);
    const oneX = (await paintedRun(page, SCRIPTS[0].text)).px / dpr;
    assert.ok(Math.abs(run.px / dpr - oneX) < 0.01 && run.px >= 20 * dpr, `painted at ${run.px} px for ratio ${dpr}`);
    await context.close();
  }
});

test('typing Arabic, Gurmukhi and Chinese into a comment in an English session shows what is typed', async () => {
  const { context, page, problems } = await openWithScripts(1);
  await activate(page, 'welcome-start');
  for (let i = 0; i < SCRIPTS.length; ++i) await activate(page, 'nav-next');
  await waitForHeading(page, 'Comment');
  await settle(page);
  const box = twin(page, 'answer-comment');
  for (const typed of ['شكراً للطبيب', 'ਧੰਨਵਾਦ ਜੀ', '医生很好']) {
    await box.fill('');
    await box.focus();
    await page.keyboard.insertText(typed);
    await page.waitForFunction((t) => (self.__painted || []).some((r) => r.text === t), typed);
    const run = await paintedRun(page, typed);
    await page.evaluate(() => document.activeElement.blur());  // (no caret in the picture)
    await page.waitForTimeout(200);
    const rect = await box.boundingBox();
    // The comment box on the canvas, above its twin's own (transparent) text.
    const png = PNG.sync.read(await page.screenshot({ clip: { x: rect.x + 4, y: rect.y + 4, width: rect.width - 8, height: rect.height - 8 } }));
    const canvas = cropToInk(inkOf(png));
    const font = run.font;
    const reference = await inDom(page, typed, font, run.rtl);
    const same = similarity(canvas, reference);
    keep(canvas, `typed-${typed}-canvas`);
    keep(reference, `typed-${typed}-dom`);
    assert.ok(same > 0.6, `typed "${typed}": the box shows something else (similarity ${same.toFixed(3)}, ${canvas.w}x${canvas.h} vs ${reference.w}x${reference.h})`);
    assert.ok(same > similarity(canvas, await inDom(page, typed.replace(/\S/gu, '?'), font, run.rtl)) + 0.3, `typed "${typed}" shows as "?"`);
    // Arabic typed in an English session reads right to left: it is painted as right-to-left text.
    assert.equal(run.rtl, /[\u0600-\u06FF]/u.test(typed), `direction of "${typed}"`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('in Arabic the whole layout mirrors: the question starts at the right, Next is on the left, the scales run right to left', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, problems } = await openApp(context, server.url, '?lang=ar&mode=kiosk');
  assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ar');
  await activate(page, 'welcome-start');
  await settle(page);
  // The question: its ink ends at the column's right edge (the column is 820 px, centred).
  const bar = await twin(page, 'progress').boundingBox();
  const read = await twin(page, 'tool-read-aloud').boundingBox();
  const top = bar.y + bar.height / 2 + 24;
  const clip = { x: read.x - 8, y: top, width: read.width + 16, height: read.y - top - 2 };
  const { w, h, ink } = inkOf(PNG.sync.read(await page.screenshot({ clip })));
  let left = w, right = -1;
  for (let y = 0; y < h; ++y) for (let x = 0; x < w; ++x) if (ink[y * w + x] > 0.25) { left = Math.min(left, x); right = Math.max(right, x); }
  left += clip.x;
  right += clip.x;
  const columnRight = (1280 + 820) / 2;
  assert.ok(right > columnRight - 12 && right <= columnRight + 2, `the question ends at ${right}, not at the column's right edge ${columnRight}`);
  assert.ok(left > 230 + 40, `the question starts at the left (${left}): not right-aligned`);
  // The faces run from "very bad" at the right to "very good" at the left.
  const first = await twin(page, 'answer-care_when_needed-very_bad').boundingBox();
  const last = await twin(page, 'answer-care_when_needed-very_good').boundingBox();
  assert.ok(first.x > last.x, `very bad at ${first.x}, very good at ${last.x}`);
  // "Question 1 of 11" at the right, its bar to its left, filled from the right.
  assert.ok(bar.x + bar.width < columnRight - 50, `the progress bar should leave the right for its words (${bar.x}+${bar.width})`);
  const barPng = PNG.sync.read(await page.screenshot({ clip: { x: bar.x, y: bar.y + bar.height / 2, width: bar.width, height: 1 } }));
  const at = (x) => Array.from(barPng.data.slice(x * 4, x * 4 + 3));
  assert.notDeepEqual(at(barPng.width - 6), at(5), 'the bar is filled from one end');
  const accentAtRight = at(barPng.width - 6)[2] > at(barPng.width - 6)[0];  // the accent is blue
  assert.ok(accentAtRight, `the filled part is not at the right: right ${at(barPng.width - 6)}, left ${at(5)}`);
  // Next is where a right-to-left reader ends a line: on the left.
  await activate(page, 'answer-care_when_needed-good');
  const next = await twin(page, 'nav-next').boundingBox();
  assert.ok(next.x + next.width / 2 < 640, `Next at ${next.x}`);
  await activate(page, 'nav-next');
  await settle(page);
  const back = await twin(page, 'nav-back').boundingBox();
  const next2 = await twin(page, 'nav-next').boundingBox();
  assert.ok(back.x > next2.x, `Back (${back.x}) should be right of Next (${next2.x})`);
  // A tap on the canvas (the twins let taps through) lands on the control drawn there: taps are
  // mirrored like the frame.
  const yes = await twin(page, 'answer-listened-yes').boundingBox();
  await page.mouse.click(yes.x + yes.width / 2, yes.y + yes.height / 2);
  await page.waitForFunction(() => document.querySelector('[data-id="answer-listened-yes"]')?.getAttribute('aria-checked') === 'true');
  assert.deepEqual(problems, []);
  await context.close();
});
