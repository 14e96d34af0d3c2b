import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { chromiumPath } from '../../scripts/ensure-chromium';

/** Debian's Chromium through playwright-core (npm test installed it: scripts/ensure-chromium.ts). */
export async function launchChromium(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const executablePath = process.env.CHROMIUM_PATH ?? chromiumPath();
  if (!executablePath) throw new Error('Chromium is not installed: run the browser tests through npm test (it installs it), or set CHROMIUM_PATH.');
  const browser = await chromium.launch({
    executablePath,
    // A closed network: no background connections, no component updates (they fail and slow the start).
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

/** A phone's viewport (360×640, touch), as Company 1's app shows the webview. */
export const PHONE = { viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'ru-RU' };

/** axe-core's serious and critical violations on the page (none expected). */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  // Evaluated through DevTools, so the page's Content-Security-Policy (script-src 'self') stays in force.
  await page.evaluate(`${readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')};0`);
  // Evaluated in the page (a string: this project compiles without the DOM's types).
  const result = await page.evaluate<{ violations: { id: string; impact?: string; help: string; nodes: unknown[] }[] }>('axe.run(document, { resultTypes: ["violations"] })');
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} node(s)`);
}

/** What a phone user would hit: horizontal scroll and touch targets under 44 px. */
export async function mobileProblems(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const problems = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth) problems.push('horizontal scroll: ' + doc.scrollWidth + ' > ' + doc.clientWidth);
    for (const el of document.querySelectorAll('a, button, input:not([type=hidden])')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || getComputedStyle(el).position === 'absolute') continue;
      if (r.height < 44 || r.width < 44) problems.push('small touch target ' + el.tagName + ' "' + el.textContent.trim().slice(0, 30) + '": ' + Math.round(r.width) + 'x' + Math.round(r.height));
    }
    const size = parseFloat(getComputedStyle(document.body).fontSize);
    if (size < 16) problems.push('body text ' + size + 'px');
    return problems;
  })()`);
}

/** Screenshots for docs/ when SCREENSHOTS_DIR is set (npm run webview:screenshots); otherwise none. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOTS_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: false });
}
