// Throwaway: screenshots of the staff screens for review (not part of the suite).
import path from 'node:path';
import { twin, activate, catalog, launchBrowser, openApp, startServer, tap, waitForHeading, MANAGER_TOKEN, VIEWER_TOKEN } from './harness.mjs';
const out = process.env.SHOTS ?? '/tmp/i11/shots';
const which = process.argv[2] ?? 'signin';
const keepAlive = setInterval(() => {}, 1000);
const server = await startServer();
const browser = await launchBrowser();
const sizes = [['phone', 360, 640], ['landscape', 844, 390], ['tablet', 1024, 768], ['laptop', 1280, 800], ['portrait', 800, 1280]];
try {
  for (const [name, width, height] of sizes) {
    for (const [lang, big] of [['en', false], ['fr', true], ['zh', false]]) {
      if (name !== 'phone' && lang === 'zh') continue;
      const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
      const mode = width < 700 || height < 500 ? 'phone' : 'kiosk';
      const { page } = await openApp(context, server.url, `?lang=${lang}&mode=${mode}&site=north#staff`);
      const c = catalog(lang);
      await waitForHeading(page, c['staff.sign_in']);
      if (big) { await activate(page, 'tool-text-size'); await page.waitForTimeout(300); await activate(page, 'tool-text-size'); }
      if (which !== 'signin') {
        await twin(page, 'staff-token').focus();
        await page.keyboard.type(which === 'viewer' ? VIEWER_TOKEN : MANAGER_TOKEN);
        await page.keyboard.press('Enter');
        await waitForHeading(page, c['staff.tab_device']);
        if (process.argv[3] === 'results') { await activate(page, 'staff-tab-results'); await waitForHeading(page, c['staff.tab_results']); }
      } else {
        await twin(page, 'staff-token').focus();
        await page.keyboard.type('abc-secret');
      }
      await page.waitForTimeout(700);
      const file = path.join(out, `${which}${process.argv[3] ?? ''}-${name}-${lang}${big ? '-big' : ''}.png`);
      await page.screenshot({ path: file });
      console.log(file);
      await context.close();
    }
  }
} finally { await browser.close(); await server.stop(); clearInterval(keepAlive); }
