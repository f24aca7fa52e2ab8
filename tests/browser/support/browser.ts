import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from 'playwright-core';

/** True when the browser tests must skip themselves (scripts/test.mjs sets it when Chromium is missing). */
export const skipBrowser = process.env.FAQ_CHAT_SKIP_BROWSER === '1';

/** How the tests drive Chromium: Debian's package, headless, nothing that phones home. */
export const browserDefaults = Object.freeze({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
  desktop: { width: 1280, height: 800 },
  phone: { width: 360, height: 740 },
});

const screenshotDir = fileURLToPath(new URL('../../../artifacts/screenshots/', import.meta.url));

/** Launches Chromium headless with the project's flags. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: browserDefaults.executablePath, headless: true, args: [...browserDefaults.args] });
}

/** A page in a fresh context, with page errors collected so a test can assert there were none. */
export interface TestPage {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly errors: string[];
}

/** Opens a page in its own context (desktop size unless `options` say otherwise). */
export async function newTestPage(browser: Browser, options: BrowserContextOptions = {}): Promise<TestPage> {
  const context = await browser.newContext({ viewport: browserDefaults.desktop, ...options });
  // Well under vitest's 30 s, so a missing element fails with Playwright's message, not a test timeout.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { context, page, errors };
}

/** Closes every page opened (emptying the list) and returns the page errors they collected. */
export async function closeTestPages(opened: TestPage[]): Promise<string[]> {
  const errors: string[] = [];
  for (const page of opened.splice(0)) {
    await page.context.close();
    errors.push(...page.errors);
  }
  return errors;
}

/** Saves a screenshot to artifacts/screenshots/<name>.png (git-ignored) for people to look at. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: `${screenshotDir}${name}.png` });
}
