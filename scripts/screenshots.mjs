// Makes docs/screenshots/*.png from the real build: starts tellus-serve, opens the app in
// headless Chromium and photographs the screens people see, on a kiosk and on a phone.
// usage: node scripts/screenshots.mjs [patient|languages|staff]   (after scripts/build.sh; all by default)
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(path.join(repo, 'tests/browser'));
const { activate, launchBrowser, openApp, startServer, waitForHeading, catalog, survey, tap, MANAGER_TOKEN } = await import(path.join(repo, 'tests/browser/harness.mjs'));

const out = path.join(repo, 'docs/screenshots');
const s = survey();
const server = await startServer();
const browser = await launchBrowser();
const only = process.argv[2];
const DEVICES = [
  ['kiosk', 'en', { width: 1024, height: 768 }],
  ['phone', 'fr', { width: 390, height: 844 }],
  ['phone-landscape', 'en', { width: 844, height: 390 }],
];
try {
  for (const [device, lang, viewport] of only && only !== 'patient' ? [] : DEVICES) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 2 });
    const { page } = await openApp(context, server.url, `?lang=${lang}&mode=${device === 'kiosk' ? 'kiosk' : 'phone'}`);
    const shot = async (name) => {
      await page.waitForTimeout(400);
      await page.screenshot({ path: path.join(out, `${name}-${lang}-${device}.png`) });
      console.log(`wrote docs/screenshots/${name}-${lang}-${device}.png`);
    };
    await waitForHeading(page, catalog(lang)['welcome.heading']);
    await shot('welcome');
    await activate(page, 'welcome-start');
    for (const [i, q] of s.questions.entries()) {
      await waitForHeading(page, q.text[lang]);
      if (i === 0) await shot('question');
      if (q.type === 'scale') {
        await activate(page, `answer-${q.id}-8`);
        await shot('scale');
      }
      if (i < s.questions.length - 1) await activate(page, 'nav-next');
    }
    await activate(page, 'nav-send');
    await waitForHeading(page, catalog(lang)['thanks.heading']);
    await shot('thanks');
    await context.close();
  }
  // The first question in every shipped language, on a kiosk and on a phone (issue 13), and the
  // right-to-left ones at the largest text size too.
  const languages = readdirSync(path.join(repo, 'i18n')).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
  for (const lang of only && only !== 'languages' ? [] : languages) {
    const rtl = catalog(lang)['language.direction'] === 'rtl';
    const shots = [['kiosk', { width: 1024, height: 768 }, 0], ['phone', { width: 390, height: 844 }, 0]];
    if (rtl) shots.push(['phone-largest-text', { width: 360, height: 640 }, 2]);
    for (const [device, viewport, textSizePresses] of shots) {
      const context = await browser.newContext({ viewport, deviceScaleFactor: 2 });
      const { page } = await openApp(context, server.url, `?lang=${lang}&mode=${device === 'kiosk' ? 'kiosk' : 'phone'}`);
      await waitForHeading(page, catalog(lang)['welcome.heading']);
      for (let i = 0; i < textSizePresses; ++i) await activate(page, 'tool-text-size');
      await activate(page, 'welcome-start');
      await waitForHeading(page, s.questions[0].text[lang] ?? s.questions[0].text.en);
      await page.waitForTimeout(400);
      const name = `language-${lang}-${device}.png`;
      await page.screenshot({ path: path.join(out, name) });
      console.log(`wrote docs/screenshots/${name}`);
      await context.close();
    }
  }
  if (!only || only === 'staff') await staffScreens();
} finally {
  await browser.close();
  await server.stop();
}

// The staff screens (issues 11, 12 and 15), signed in as a manager, with this month's results for
// a clinic of forty responses broken down by language: at every size the layout checks use, at the
// largest text size, and in a right-to-left language.
async function staffScreens() {
  const now = new Date();
  const month = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
  const faces = ['very_good', 'good', 'good', 'okay', 'bad'], languages = ['english', 'english', 'french', 'chinese', 'other'];
  const responses = Array.from({ length: 40 }, (_, i) => ({
    id: `7f2e8c3a-0000-4000-8000-${String(100000000000 + i)}`, survey: { id: s.id, version: s.version }, locale: 'en-CA',
    channel: 'kiosk', site: 'north', started_at: `${month}-01T09:00:00-05:00`, submitted_at: `${month}-01T09:${String(10 + i).padStart(2, '0')}:00-05:00`,
    answers: { care_when_needed: faces[i % 5], listened: i % 3 ? 'yes' : 'not_sure', overall: 5 + (i % 6), home_language: languages[i % 5],
      ...(i % 4 === 0 ? { went_well: i === 0 ? 'Call me at 613-555-0199, the nurse was kind' : `The nurse listened (${i})` } : {}) },
  }));
  const posted = await fetch(server.url + 'api/v1/responses', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ responses }) });
  const seeded = posted.status === 200 ? (await posted.json()).results : [];
  if (seeded.length !== responses.length || seeded.some((r) => r.status !== 'accepted'))
    throw new Error(`seeding the staff screens: ${posted.status} ${JSON.stringify(seeded.find((r) => r.status !== 'accepted'))}`);
  const sizes = [['360x640', 360, 640], ['390x844', 390, 844], ['844x390', 844, 390], ['800x1280', 800, 1280],
    ['1024x768', 1024, 768], ['1280x800', 1280, 800], ['1920x1080', 1920, 1080]];
  let shots = [...sizes.map(([name, width, height]) => [name, { width, height }, 'en', 0]),
    ['360x640-largest-text', { width: 360, height: 640 }, 'en', 2], ['390x844', { width: 390, height: 844 }, 'ar', 0]];
  // TELLUS_SHOTS_ONLY=ar-390x844 (a part of "lang-size") remakes just those.
  if (process.env.TELLUS_SHOTS_ONLY) shots = shots.filter(([name, , lang]) => `${lang}-${name}`.includes(process.env.TELLUS_SHOTS_ONLY));
  for (const [name, viewport, lang, textSizePresses] of shots) {
    // A browser of its own per size: one browser through all nine, each scrolled end to end at
    // twice the pixels, was once closed under us half-way (not seen with one page at a time).
    const own = await launchBrowser();
    const context = await own.newContext({ viewport, deviceScaleFactor: 2 });
    const mode = viewport.width >= 800 ? 'kiosk' : 'phone';
    const { page } = await openApp(context, server.url, `?lang=${lang}&mode=${mode}&site=north`);
    const words = catalog(lang);
    await waitForHeading(page, words['welcome.heading']);
    for (let i = 0; i < textSizePresses; ++i) await activate(page, 'tool-text-size');
    await page.evaluate(() => { location.hash = 'staff'; });
    await waitForHeading(page, words['staff.sign_in']);
    const file = (screen) => path.join(out, `staff-${screen}-${lang}-${name}.png`);
    if (lang === 'en' && textSizePresses === 0 && (name === '360x640' || name === '1024x768')) {
      await page.waitForTimeout(400);
      await page.screenshot({ path: file('sign-in') });
    }
    await tap(page, 'staff-token');
    await page.keyboard.type(MANAGER_TOKEN);
    await page.keyboard.press('Enter');
    await waitForHeading(page, words['staff.tab_device']);
    await tap(page, 'staff-tab-results');
    await waitForHeading(page, words['staff.tab_results']);
    await activate(page, 'staff-by-home_language');
    // Time for the breakdown to come on a busy machine (1.5 s was once not enough in Arabic).
    await page.waitForTimeout(4000);
    await page.screenshot({ path: file('results') });
    // Further down, as staff scroll: the counts, then the breakdown and the comments at the end.
    await page.mouse.move(viewport.width / 2, viewport.height / 2);
    // The app scrolls a step per wheel event, whatever its size, as SDL reports notches.
    const scroll = async (notches) => {
      for (let i = 0; i < notches; ++i) {
        await page.mouse.wheel(0, 120);
        await page.waitForTimeout(30);
      }
      await page.waitForTimeout(600);
    };
    await scroll(Math.round(viewport.height / 80));
    await page.screenshot({ path: file('results-counts') });
    await scroll(400);
    await page.screenshot({ path: file('results-end') });
    console.log(`wrote ${path.relative(repo, file('results'))} and -counts, -end`);
    await context.close();
    await own.close();
  }
}
