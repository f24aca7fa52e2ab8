import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../helpers/server.ts';
import { browserDefaults, closeTestPages, launchBrowser, newTestPage, saveScreenshot, skipBrowser, type TestPage } from './support/browser.ts';
import { widget } from './support/widget.ts';

// On a 360 px phone the launcher must not hide the article's text (issue 13): it steps aside while
// the reader scrolls down through the article, and at the end of the page it sits below the last line.

/** The article's text lines (in <main>) that the launcher covers now, in viewport coordinates; [] when none. */
function linesUnderLauncher(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const launcher = document.querySelector('faq-chat')?.shadowRoot?.querySelector('.launcher');
    if (!launcher) throw new Error('no launcher');
    const box = launcher.getBoundingClientRect();
    const covered: string[] = [];
    if (box.top >= window.innerHeight || box.bottom <= 0 || box.width === 0) return covered;
    const main = document.querySelector('main');
    if (!main) throw new Error('no <main>');
    const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent?.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const line of Array.from(range.getClientRects())) {
        const overlaps = line.left < box.right && line.right > box.left && line.top < box.bottom && line.bottom > box.top;
        if (overlaps) covered.push(node.textContent.trim().slice(0, 40));
      }
    }
    return covered;
  });
}

/** Scrolls the page by `dy` (negative: up) as a reader's finger would, and lets the scroll event be handled. */
async function scrollBy(page: Page, dy: number): Promise<void> {
  await page.evaluate(
    (by) =>
      new Promise<void>((resolve) => {
        window.addEventListener('scroll', () => requestAnimationFrame(() => resolve()), { once: true });
        window.scrollBy(0, by);
      }),
    dy,
  );
}

describe.skipIf(skipBrowser)('the launcher on a 360 px phone', () => {
  let server: RunningServer;
  let browser: Browser;
  const opened: TestPage[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  });

  afterAll(async () => {
    expect(await closeTestPages(opened)).toEqual([]);
    await browser?.close();
    await server?.close();
  });

  it('hides no line of the article while the reader scrolls down, is back on the way up, and sits below the last line at the end', async () => {
    // Reduced motion: the launcher moves at once, so each check sees where it ends up.
    const test = await newTestPage(browser, { viewport: browserDefaults.phone, isMobile: true, hasTouch: true, reducedMotion: 'reduce' });
    opened.push(test);
    const { page } = test;
    await page.goto(server.url);
    const w = widget(page);
    await w.launcher.waitFor();
    const total = await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
    expect(total).toBeGreaterThan(2000);

    for (let y = 0; y < total - 300; y += 300) {
      await scrollBy(page, 300);
      expect(await linesUnderLauncher(page), `at ${y + 300} px`).toEqual([]);
    }
    // Not vacuous: had it stayed, it would sit on lines being read right here.
    await w.launcher.evaluate((el) => el.classList.remove('away'));
    expect((await linesUnderLauncher(page)).length).toBeGreaterThan(0);
    await w.launcher.evaluate((el) => el.classList.add('away'));
    await saveScreenshot(page, 'phone-360-reading');

    // Scrolling up (looking for something): the launcher is there to be found.
    await scrollBy(page, -200);
    expect(await w.launcher.evaluate((el) => el.classList.contains('away'))).toBe(false);
    const box = await w.launcher.boundingBox();
    expect(box && box.y + box.height).toBeLessThanOrEqual(browserDefaults.phone.height);

    // The end of the page: shown, below the last line of the article.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.waitForFunction(() => !document.querySelector('faq-chat')?.shadowRoot?.querySelector('.launcher')?.classList.contains('away'));
    expect(await linesUnderLauncher(page)).toEqual([]);
    expect(await w.launcher.isVisible()).toBe(true);
    await saveScreenshot(page, 'phone-360-end');
  });
});
