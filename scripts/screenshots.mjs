// Makes docs/screenshots/*.png from the real build: starts tellus-serve, opens the app in
// headless Chromium and photographs the screens people see, on a kiosk and on a phone.
// usage: node scripts/screenshots.mjs   (after scripts/build.sh)
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(path.join(repo, 'tests/browser'));
const { activate, launchBrowser, openApp, startServer, waitForHeading, catalog, survey } = await import(path.join(repo, 'tests/browser/harness.mjs'));

const out = path.join(repo, 'docs/screenshots');
const s = survey();
const server = await startServer();
const browser = await launchBrowser();
const DEVICES = [
  ['kiosk', 'en', { width: 1024, height: 768 }],
  ['phone', 'fr', { width: 390, height: 844 }],
  ['phone-landscape', 'en', { width: 844, height: 390 }],
];
try {
  for (const [device, lang, viewport] of DEVICES) {
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
  for (const lang of languages) {
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
} finally {
  await browser.close();
  await server.stop();
}
