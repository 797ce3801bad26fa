// Makes docs/screenshots/*.png from the real build: starts tellus-serve, opens the app in
// headless Chromium and photographs the screens people see first.
// usage: node scripts/screenshots.mjs   (after scripts/build.sh)
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(repo, 'tests/browser/package.json'));
process.chdir(path.join(repo, 'tests/browser'));
const { activate, launchBrowser, openApp, startServer, waitForHeading, catalog } = await import(path.join(repo, 'tests/browser/harness.mjs'));
void require;

const out = path.join(repo, 'docs/screenshots');
const server = await startServer();
const browser = await launchBrowser();
try {
  for (const [name, query, viewport] of [
    ['welcome-en-kiosk', '?lang=en&mode=kiosk', { width: 1024, height: 768 }],
    ['welcome-fr-phone', '?lang=fr&mode=phone', { width: 390, height: 780 }],
  ]) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 2 });
    const { page } = await openApp(context, server.url, query);
    const lang = query.includes('fr') ? 'fr' : 'en';
    await waitForHeading(page, catalog(lang)['welcome.heading']);
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(out, `${name}.png`) });
    if (name === 'welcome-en-kiosk') {
      await activate(page, 'welcome-start');
      await page.waitForTimeout(500);
      await page.screenshot({ path: path.join(out, 'question-en-kiosk.png') });
    }
    await context.close();
    console.log(`wrote docs/screenshots/${name}.png`);
  }
} finally {
  await browser.close();
  await server.stop();
}
